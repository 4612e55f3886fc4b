/* SPDX-License-Identifier: MIT */
/*
 * The unified schema (dp(7), UNIFIED SCHEMA) in one table: every field's
 * name, type, whether it is required, and the stage that adds it. The
 * table's order is the column order dp-to-parquet writes; dp-enrich
 * writes its fields in the same order, the lineage fields last; dp-chunk
 * and dp-embed add theirs in it too. Included by dp.h.
 *
 * Everything here is generated from DP_UNIFIED_FIELDS, so a field is
 * added, renamed or retyped in one place: the table below.
 */
#ifndef DP_UNIFIED_H
#define DP_UNIFIED_H

/* A field's type, as the schema file of dp-to-parquet(1) spells it. */
enum dp_type {
	DP_TYPE_STRING,
	DP_TYPE_INT32,
	DP_TYPE_INT64,
	DP_TYPE_DOUBLE,
	DP_TYPE_DECIMAL,	/* decimal(precision, scale) */
	DP_TYPE_TIMESTAMP,	/* RFC 3339 UTC text, microseconds */
	DP_TYPE_STRING_LIST,	/* list<string> */
	DP_TYPE_VECTOR		/* list<float not null>: an embedding */
};

/* Who adds a field to the record stream. */
enum dp_stage {
	DP_STAGE_ENRICH,	/* dp-enrich, in the table's order */
	DP_STAGE_LINEAGE,	/* dp-enrich too, after all its others: where
				 * the record came from and when */
	DP_STAGE_CHUNK,		/* dp-chunk */
	DP_STAGE_EMBED,		/* dp-embed */
	DP_STAGE_SEARCH		/* dp-search */
};

/*
 * X(name, type, precision, scale, required, stage): type and stage
 * without their DP_TYPE_ and DP_STAGE_ prefixes; precision and scale
 * are those of a DECIMAL, 0 otherwise; required is 1 when the field may
 * not be null or missing.
 */
#define DP_UNIFIED_FIELDS(X) \
	X(entity_id,                STRING,      0,  0, 1, ENRICH)  \
	X(entity_type,              STRING,      0,  0, 1, ENRICH)  \
	X(correlation_uuid,         STRING,      0,  0, 0, ENRICH)  \
	X(city,                     STRING,      0,  0, 0, ENRICH)  \
	X(state,                    STRING,      0,  0, 0, ENRICH)  \
	X(city_normalized,          STRING,      0,  0, 0, ENRICH)  \
	X(state_normalized,         STRING,      0,  0, 0, ENRICH)  \
	X(latitude,                 DOUBLE,      0,  0, 0, ENRICH)  \
	X(longitude,                DOUBLE,      0,  0, 0, ENRICH)  \
	X(property_type,            STRING,      0,  0, 0, ENRICH)  \
	X(property_type_normalized, STRING,      0,  0, 0, ENRICH)  \
	X(price,                    DECIMAL,    12,  2, 0, ENRICH)  \
	X(bedrooms,                 INT32,       0,  0, 0, ENRICH)  \
	X(bathrooms,                DOUBLE,      0,  0, 0, ENRICH)  \
	X(square_feet,              INT32,       0,  0, 0, ENRICH)  \
	X(price_per_sqft,           DECIMAL,    10,  4, 0, ENRICH)  \
	X(year_built,               INT32,       0,  0, 0, ENRICH)  \
	X(lot_size,                 DOUBLE,      0,  0, 0, ENRICH)  \
	X(title,                    STRING,      0,  0, 0, ENRICH)  \
	X(description,              STRING,      0,  0, 0, ENRICH)  \
	X(features,                 STRING_LIST, 0,  0, 0, ENRICH)  \
	X(features_normalized,      STRING_LIST, 0,  0, 0, ENRICH)  \
	X(content,                  STRING,      0,  0, 0, ENRICH)  \
	X(summary,                  STRING,      0,  0, 0, ENRICH)  \
	X(url,                      STRING,      0,  0, 0, ENRICH)  \
	X(embedding_text,           STRING,      0,  0, 0, ENRICH)  \
	X(embedding,                VECTOR,      0,  0, 0, EMBED)   \
	X(embedding_model,          STRING,      0,  0, 0, EMBED)   \
	X(embedding_dimension,      INT32,       0,  0, 0, EMBED)   \
	X(chunk_index,              INT64,       0,  0, 0, CHUNK)   \
	X(chunk_count,              INT32,       0,  0, 0, CHUNK)   \
	X(chunk_id,                 STRING,      0,  0, 0, CHUNK)   \
	X(parent_id,                STRING,      0,  0, 0, CHUNK)   \
	X(chunk_start,              INT32,       0,  0, 0, CHUNK)   \
	X(chunk_end,                INT32,       0,  0, 0, CHUNK)   \
	X(content_hash,             STRING,      0,  0, 1, ENRICH)  \
	X(data_quality_score,       DOUBLE,      0,  0, 0, ENRICH)  \
	X(validation_status,        STRING,      0,  0, 0, ENRICH)  \
	X(confidence_score,         DOUBLE,      0,  0, 0, ENRICH)  \
	X(raw_data,                 STRING,      0,  0, 0, LINEAGE) \
	X(source_file,              STRING,      0,  0, 0, LINEAGE) \
	X(source_type,              STRING,      0,  0, 0, LINEAGE) \
	X(ingested_at,              TIMESTAMP,   0,  0, 1, LINEAGE) \
	X(processed_at,             TIMESTAMP,   0,  0, 0, LINEAGE) \
	X(embedding_generated_at,   TIMESTAMP,   0,  0, 0, EMBED)   \
	X(zip_code,                 STRING,      0,  0, 0, ENRICH)  \
	X(county,                   STRING,      0,  0, 0, ENRICH)  \
	X(neighborhood_id,          STRING,      0,  0, 0, ENRICH)  \
	X(neighborhood,             STRING,      0,  0, 0, ENRICH)  \
	X(listing_date,             STRING,      0,  0, 0, ENRICH)  \
	X(days_on_market,           INT32,       0,  0, 0, ENRICH)  \
	X(key_topics,               STRING_LIST, 0,  0, 0, ENRICH)  \
	X(categories,               STRING_LIST, 0,  0, 0, ENRICH)  \
	X(relevance_score,          DOUBLE,      0,  0, 0, ENRICH)  \
	X(score,                    DOUBLE,      0,  0, 0, SEARCH)

/* Each field's index in the table: DP_F_entity_id, DP_F_entity_type,
 * ...; DP_NFIELDS fields in all. */
#define DP_UNIFIED_ENUM(name, type, precision, scale, required, stage) \
	DP_F_##name,
enum dp_field {
	DP_UNIFIED_FIELDS(DP_UNIFIED_ENUM)
	DP_NFIELDS
};
#undef DP_UNIFIED_ENUM

/* Each field's name as a constant: dp_name_entity_id is "entity_id". */
#define DP_UNIFIED_NAME(name, type, precision, scale, required, stage) \
	extern const char dp_name_##name[];
DP_UNIFIED_FIELDS(DP_UNIFIED_NAME)
#undef DP_UNIFIED_NAME

struct dp_field_def {
	const char *name;
	enum dp_type type;
	int precision, scale;	/* DP_TYPE_DECIMAL */
	int required;		/* may not be null or missing */
	enum dp_stage stage;
};

/* The table, indexed by enum dp_field. */
extern const struct dp_field_def dp_unified[DP_NFIELDS];

#endif
