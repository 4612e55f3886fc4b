/* SPDX-License-Identifier: MIT */
/* --help text laid out from a program's option tables (dp_program_help
 * in dp.h), so that every program's help has the same shape. */
#include <string.h>

#include "dp.h"

/* Text lines are at most this wide. */
#define HELP_WIDTH 79
/* An option whose "  -x, --name=ARG" is wider than this has its help on
 * the next line. */
#define HELP_MAX_LEFT 28

/* The "  -x, --name=ARG" part of option o into b (b emptied first). */
static void
left_part(struct dp_buf *b, const struct dp_option *o)
{
	b->len = 0;
	if (o->letter)
		dp_buf_printf(b, "  -%c, --%s", o->letter, o->name);
	else
		dp_buf_printf(b, "      --%s", o->name);
	if (o->arg)
		dp_buf_printf(b, "=%s", o->arg);
}

/* Call fn for each option of p, the shared ones last. */
static void
each_option(const struct dp_program *p,
	    void (*fn)(void *acc, const struct dp_option *o), void *acc)
{
	for (size_t g = 0; g < sizeof p->groups / sizeof p->groups[0]; g++)
		for (const struct dp_option *o = p->groups[g].options;
		     o && o->name; o++)
			fn(acc, o);
	for (const struct dp_option *o = dp_common_options; o->name; o++)
		fn(acc, o);
}

/* Widen *acc (a size_t) to o's left part, if that fits HELP_MAX_LEFT. */
static void
widest(void *acc, const struct dp_option *o)
{
	struct dp_buf b = { 0 };
	size_t *w = acc;

	left_part(&b, o);
	if (b.len <= HELP_MAX_LEFT && b.len > *w)
		*w = b.len;
	dp_buf_free(&b);
}

/* Print text from column col to HELP_WIDTH, wrapped at blanks; the first
 * line continues the current one, which has reached column `at`. */
static void
print_wrapped(const char *text, size_t col, size_t at)
{
	const char *p = text;

	while (*p) {
		size_t room = HELP_WIDTH - col, n = strlen(p);

		if (at < col)
			printf("%*s", (int)(col - at), "");
		if (n > room) {
			size_t cut = room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			n = cut ? cut : strcspn(p, " ");
		}
		printf("%.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
		at = 0;
	}
}

struct layout {
	size_t col;
	struct dp_buf left;
};

/* Print one option's line(s). */
static void
print_option(void *acc, const struct dp_option *o)
{
	struct layout *l = acc;

	left_part(&l->left, o);
	fputs(dp_buf_cstr(&l->left), stdout);
	if (l->left.len + 2 > l->col) {
		putchar('\n');
		print_wrapped(o->help, l->col, 0);
	} else {
		print_wrapped(o->help, l->col, l->left.len);
	}
}

/* See dp.h. */
void
dp_program_help(const struct dp_program *p)
{
	struct layout l = { 0 };

	for (const char *s = p->synopsis, *nl; *s; s = nl + (*nl != 0)) {
		nl = s + strcspn(s, "\n");
		printf("%s %s %.*s\n", s == p->synopsis ? "Usage:" : "  or: ",
		       dp_progname(), (int)(nl - s), s);
	}
	printf("%s\n", p->about);
	each_option(p, widest, &l.col);
	l.col += 2;
	each_option(p, print_option, &l);
	if (p->epilog)
		printf("\n%s", p->epilog);
	dp_buf_free(&l.left);
}
