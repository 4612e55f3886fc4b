/* SPDX-License-Identifier: MIT */
/* API keys: read from a file or the environment, wiped after use, and
 * scrubbed from any text that is printed (see embed.h). A key never
 * comes from the command line, where `ps` shows it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "provider.h"

/* See embed.h. */
char *
dp_embed_key_load(const struct embed_provider *p, const char *file)
{
	struct dp_buf b = { 0 };

	if (file) {
		FILE *f = fopen(file, "r");
		int c;
		if (!f)
			dp_die(DP_EXIT_IO, "%s:", file);
		while ((c = getc(f)) != EOF && c != '\n') {
			if (b.len == 65536)	/* /dev/zero is not a key */
				dp_die(DP_EXIT_USAGE, "%s: the first line is "
				       "longer than 64 KB: not an API key",
				       file);
			dp_buf_addc(&b, (char)c);
		}
		if (ferror(f))
			dp_die(DP_EXIT_IO, "%s:", file);
		fclose(f);
	} else {
		for (int i = 0; p->key_env[i]; i++) {
			const char *v = getenv(p->key_env[i]);
			if (v && *v) {
				dp_buf_adds(&b, v);
				break;
			}
		}
	}
	while (b.len > 0 && isspace((unsigned char)b.data[b.len - 1]))
		b.len--;
	size_t skip = 0;
	while (skip < b.len && isspace((unsigned char)b.data[skip]))
		skip++;
	if (b.len - skip == 0) {
		if (b.data)
			explicit_bzero(b.data, b.cap);
		dp_buf_free(&b);
		return NULL;
	}
	for (size_t i = skip; i < b.len; i++)	/* a NUL too: no cut key */
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			dp_die(DP_EXIT_USAGE, "the %s API key has a control "
			       "character", p->name);
	char *key = dp_xmalloc(b.len - skip + 1);
	memcpy(key, b.data + skip, b.len - skip);
	key[b.len - skip] = 0;
	explicit_bzero(b.data, b.cap);
	dp_buf_free(&b);
	return key;
}

/* See embed.h. */
void
dp_embed_key_free(char *key)
{
	if (key) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
}

/* Is c a character of a key's body? */
static int
key_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Length of a key-like run at s: a known prefix and enough key
 * characters after it; 0 when s does not start one. */
static size_t
key_like(const char *s, size_t n)
{
	static const struct { const char *prefix; size_t min; } kinds[] = {
		{ "sk-", 16 }, { "AIza", 20 }, { "pa-", 16 }
	};

	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		size_t pl = strlen(kinds[k].prefix), i = pl;
		if (n < pl || memcmp(s, kinds[k].prefix, pl) != 0)
			continue;
		while (i < n && key_char(s[i]))
			i++;
		if (i - pl >= kinds[k].min)
			return i;
	}
	return 0;
}

/* See embed.h. */
void
dp_embed_scrub(struct dp_buf *b, const char *key)
{
	struct dp_buf out = { 0 };
	size_t kl = key ? strlen(key) : 0, i = 0, m;

	if (!b->len)
		return;
	while (i < b->len) {
		if (kl >= 4 && b->len - i >= kl &&
		    memcmp(b->data + i, key, kl) == 0) {
			dp_buf_adds(&out, "[REDACTED]");
			i += kl;
		} else if ((i == 0 || !key_char(b->data[i - 1])) &&
			   (m = key_like(b->data + i, b->len - i))) {
			dp_buf_adds(&out, "[REDACTED]");
			i += m;
		} else {
			dp_buf_addc(&out, b->data[i++]);
		}
	}
	explicit_bzero(b->data, b->len);
	b->len = 0;
	dp_buf_add(b, out.data, out.len);
	dp_buf_free(&out);
	dp_buf_cstr(b);
}
