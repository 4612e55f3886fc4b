/* SPDX-License-Identifier: MIT */
/* dp-load-csv's loader (csv_load.c). */
#ifndef DP_CSV_LOAD_H
#define DP_CSV_LOAD_H

#include "dp.h"

struct dp_csv_options {
	unsigned char delim;	/* field delimiter */
	int header;		/* the first row names the columns */
	int typed;		/* --types auto: numbers, booleans, null */
	const char *type;	/* entity_type, or NULL: from the file name */
	long long limit;	/* stop after this many records; -1: no limit */
};

struct dp_csv_loader;

/* A loader writing records with dp_out_record and bad rows through
 * dp_reject; ingested_at is taken now. */
struct dp_csv_loader *dp_csv_new(const struct dp_csv_options *o);
/* Load the file at path ("-" is stdin); an unreadable file exits 3.
 * Returns 0, or -1 when its header is bad (the message is printed and
 * the file skipped; the caller exits 1). */
int dp_csv_load_file(struct dp_csv_loader *ld, const char *path);
/* Load n bytes held in memory, called `name` in messages; as above. */
int dp_csv_load_bytes(struct dp_csv_loader *ld, const char *name,
		       const char *p, size_t n);
/* Has the record limit been reached? */
int dp_csv_done(const struct dp_csv_loader *ld);
void dp_csv_free(struct dp_csv_loader *ld);

#endif
