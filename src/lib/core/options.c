/* SPDX-License-Identifier: MIT */
/* The shared options' defaults, usage errors, and option values parsed
 * with bounds (the option tables and --help: driver.c, help.c). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* Defaults: stop at the first bad record, no reject limit. */
void
dp_common_init(struct dp_common *c)
{
	c->keep_going = 0;
	c->rejects = NULL;
	c->max_rejects = -1;
	c->unbuffered = 0;
	c->progress = 0;
}

/* A command-line mistake: the message, a pointer to --help, exit 2. */
void
dp_usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		dp_vsay(fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n",
		dp_progname());
	exit(DP_EXIT_USAGE);
}

/* See dp.h. */
void
dp_option_error(const char *option, const char *what, const char *arg)
{
	size_t n = strlen(arg);

	if (n > 40)
		dp_usage_error("%s: not %s: '%.32s...' (%zu bytes)", option,
			       what, arg, n);
	dp_usage_error("%s: not %s: '%s'", option, what, arg);
}

/* See dp.h. */
int
dp_parse_int(const char *s, long long *v)
{
	int neg = *s == '-';
	unsigned long long u = 0,
		lim = (unsigned long long)LLONG_MAX + (unsigned)neg;
	const char *p = s + neg;

	if (!*p)
		return -1;
	for (; *p; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (*p < '0' || *p > '9' || u > (lim - d) / 10)
			return -1;
		u = u * 10 + d;
	}
	if (!neg)
		*v = (long long)u;
	else if (u > (unsigned long long)LLONG_MAX)
		*v = LLONG_MIN;
	else
		*v = -(long long)u;
	return 0;
}

/* See dp.h. */
long long
dp_parse_int_option(const char *option, const char *arg, long long min,
		    long long max)
{
	char what[80];
	long long v;

	if (dp_parse_int(arg, &v) != 0 || v < min || v > max) {
		snprintf(what, sizeof what, "an integer from %lld to %lld", min,
			 max);
		dp_option_error(option, what, arg);
	}
	return v;
}

/* See dp.h. */
long long
dp_parse_size_option(const char *option, const char *arg, long long min,
		     long long max)
{
	size_t n = strspn(arg, "0123456789");
	char *num = dp_xstrdup(arg), what[80];
	const char *end = arg + n;
	long long v;
	int shift = 0;

	num[n] = '\0';
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (shift && (*end == 'i' || *end == 'I'))
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || dp_parse_int(num, &v) != 0 || v > (LLONG_MAX >> shift) ||
	    v << shift < min || v << shift > max) {
		snprintf(what, sizeof what, "a size from %lld to %lld bytes",
			 min, max);
		dp_option_error(option, what, arg);
	}
	free(num);
	return v << shift;
}

/* Skip the decimal digits at p; *n counts them. */
static const char *
digits(const char *p, int *n)
{
	while (*p >= '0' && *p <= '9') {
		p++;
		(*n)++;
	}
	return p;
}

/* See dp.h. */
double
dp_parse_double_option(const char *option, const char *arg, double min,
		       double max)
{
	const char *p = arg + (*arg == '-');
	char what[80];
	int n = 0, e = 1;
	double v = 0;

	p = digits(p, &n);
	if (*p == '.')
		p = digits(p + 1, &n);
	if (n && (*p == 'e' || *p == 'E')) {
		e = 0;
		p += 1 + (p[1] == '+' || p[1] == '-');
		p = digits(p, &e);
	}
	if (n && e && !*p) {
		errno = 0;
		v = strtod(arg, NULL);
	}
	if (!n || !e || *p || errno == ERANGE || !isfinite(v) || v < min ||
	    v > max) {
		snprintf(what, sizeof what, "a number from %g to %g", min, max);
		dp_option_error(option, what, arg);
	}
	return v;
}
