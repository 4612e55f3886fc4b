/*
 * yajl-pass: the floor scripts/bench puts beside each stage's MB/s: one
 * yajl SAX pass over standard input (any number of JSON values, as
 * NDJSON has) with no callbacks, so yajl tokenises and validates every
 * byte (structure, UTF-8, numbers) and builds and writes nothing.
 * dp-load-json reads its input with yajl. Exit 0 when the input is JSON,
 * 1 (with yajl's message) when it is not, 3 on a read error.
 *
 *   cc -O2 -o yajl-pass scripts/peers/yajl-pass.c -lyajl
 */
#include <stdio.h>
#include <yajl/yajl_parse.h>

/* Report yajl's error for the bytes last given to it and return 1. */
static int
fail(yajl_handle h, const unsigned char *buf, size_t len)
{
	unsigned char *msg = yajl_get_error(h, 0, buf, len);

	fprintf(stderr, "yajl-pass: %s", (const char *)msg);
	yajl_free_error(h, msg);
	return 1;
}

int
main(void)
{
	static unsigned char buf[1 << 16];
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	size_t len;
	int status = 0;

	if (h == NULL)
		return 5;
	yajl_config(h, yajl_allow_multiple_values, 1);
	while (status == 0 && (len = fread(buf, 1, sizeof buf, stdin)) > 0)
		if (yajl_parse(h, buf, len) != yajl_status_ok)
			status = fail(h, buf, len);
	if (status == 0 && ferror(stdin)) {
		perror("yajl-pass: stdin");
		status = 3;
	}
	if (status == 0 && yajl_complete_parse(h) != yajl_status_ok)
		status = fail(h, NULL, 0);
	yajl_free(h);
	return status;
}
