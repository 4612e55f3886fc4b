/* SPDX-License-Identifier: MIT */
/*
 * A Parquet file's metadata as a reader needs it: the footer's
 * FileMetaData (schema, row groups, column chunks, key/value metadata)
 * and page headers (parquet-format's parquet.thrift, decoded with
 * thrift_read.h). Only what dp reads is kept; other fields are skipped.
 * Everything is checked for consistency a hostile file could break:
 * counts, offsets and lengths within the file, the schema tree's child
 * counts, one column chunk per leaf in every row group.
 */
#ifndef PARQUET_FOOTER_H
#define PARQUET_FOOTER_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "schema.h"

/* Physical types: enum pq_physical of schema.h. */

/* What a leaf's values mean, from its ConvertedType and LogicalType
 * (LogicalType wins where both are present). */
enum pq_meaning {
	PQ_M_NONE,		/* by the physical type alone */
	PQ_M_STRING,		/* UTF8, STRING, ENUM, JSON */
	PQ_M_DECIMAL,		/* scale, precision */
	PQ_M_DATE,		/* INT32 days since 1970-01-01 */
	PQ_M_TIMESTAMP,		/* unit; INT64 */
	PQ_M_TIME,		/* unit; INT32 (ms) or INT64 */
	PQ_M_INT,		/* INT(bits, signed) / INT_8.. UINT_64 */
	PQ_M_UUID,		/* FIXED[16] */
	PQ_M_FLOAT16,		/* FIXED[2] */
	PQ_M_INTERVAL,		/* FIXED[12]: months, days, milliseconds */
	PQ_M_OTHER		/* BSON, ...: bytes */
};

enum pq_unit { PQ_MILLIS = 1, PQ_MICROS = 2, PQ_NANOS = 3 };

/* A leaf column of the schema. */
struct pq_leaf {
	char *path;		/* dotted path from the root, e.g. "a.list.element" */
	enum pq_physical type;
	int type_length;	/* FIXED */
	enum pq_meaning meaning;
	int scale, precision;	/* DECIMAL */
	enum pq_unit unit;	/* TIMESTAMP, TIME */
	int utc;		/* TIMESTAMP isAdjustedToUTC (1 for the
				 * converted TIMESTAMP_MILLIS/MICROS) */
	int bits, is_signed;	/* INT */
	int max_def, max_rep;
	int field;		/* its top-level field in pq_footer.fields */
};

/* How a top-level field maps to leaves. */
enum pq_shape {
	PQ_SHAPE_VALUE,		/* a primitive: one leaf, max_rep 0 */
	PQ_SHAPE_LIST,		/* a list of primitives (the 3-level LIST
				 * structure, or the legacy 2-level or bare
				 * repeated forms): one leaf, max_rep 1 */
	PQ_SHAPE_NESTED		/* structs, maps, lists of lists: not read */
};

struct pq_topfield {
	char *name;
	enum pq_shape shape;
	int leaf;		/* first leaf */
	int nleaves;
	int optional;		/* the field itself may be null */
	int elem_optional;	/* LIST: an element may be null */
};

struct pq_chunkmeta {
	int codec;		/* CompressionCodec: 0 none, 1 snappy, 2 gzip,
				 * 6 zstd (others are read as an error) */
	int64_t num_values;
	int64_t start;		/* the dictionary page's offset if any,
				 * else the first data page's */
	int64_t length;		/* total_compressed_size */
};

struct pq_rowgroup {
	int64_t num_rows;
	struct pq_chunkmeta *chunks;	/* one per leaf */
};

struct pq_footer {
	struct pq_leaf *leaves;
	int nleaves;
	struct pq_topfield *fields;
	int nfields;
	struct pq_rowgroup *rowgroups;
	int nrowgroups;
	int64_t num_rows;
	char *created_by;	/* NULL if absent */
	char **kv_keys, **kv_values;	/* key_value_metadata (a value may
					 * be NULL) */
	int nkv;
};

/* Does the file open on fd start with the Parquet magic, "PAR1"? 1 if
 * it does, 0 if not, -1 if its first 4 bytes could not be read (errno
 * set; 0 when the file is shorter). The one check of the magic at the
 * start, for pq_footer_read and pq_is_parquet. */
int pq_starts_with_magic(int fd);
/* Read the footer of the file open on fd, of file_size bytes: magic at
 * both ends, the FileMetaData, every chunk within the file. 0, or -1
 * with the reason in *err ("not a Parquet file (no PAR1 at the end)",
 * "footer length 123456789 past the start of the file", ...). */
int pq_footer_read(struct pq_footer *f, int fd, uint64_t file_size,
		   struct dp_buf *err);
/* Decode FileMetaData from p[0..n) (the part pq_footer_read reads);
 * file_size bounds the chunks' offsets. 0, or -1 with *err. */
int pq_footer_parse(struct pq_footer *f, const void *p, size_t n,
		    uint64_t file_size, struct dp_buf *err);
void pq_footer_free(struct pq_footer *f);

/* parquet.thrift's PageType. */
enum { PQ_PAGE_DATA = 0, PQ_PAGE_INDEX = 1, PQ_PAGE_DICT = 2,
       PQ_PAGE_DATA_V2 = 3 };

struct pq_pagehdr {
	int type;
	int32_t uncompressed_size, compressed_size;
	int32_t num_values;	/* data (v1, v2) and dictionary pages */
	int encoding;		/* of the values */
	int def_encoding, rep_encoding;	/* v1: RLE (3) or BIT_PACKED (4) */
	int32_t num_nulls, num_rows;	/* v2 */
	int32_t def_length, rep_length;	/* v2: level bytes, never compressed */
	int is_compressed;		/* v2 (default 1) */
};

/* Decode a PageHeader at p[0..n): its length in bytes, or -1 with *err.
 * Sizes are checked to be >= 0; v2 level lengths within the page. */
long pq_pagehdr_parse(struct pq_pagehdr *h, const void *p, size_t n,
		      struct dp_buf *err);

#endif
