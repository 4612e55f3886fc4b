-- The peer of dp's core job, dp-load-json --type PROPERTY | dp-enrich |
-- dp-to-parquet --partition-by entity_type,state_normalized --compression
-- zstd, in DuckDB: load the generated array, compute every field of the
-- unified schema of dp(7) in its order (the chunk, embed and search
-- fields null, as dp-enrich leaves them), keep the source record with the
-- loader's envelope as JSON text in raw_data, and write Parquet (zstd)
-- Hive-partitioned by entity_type and state_normalized. scripts/bench
-- replaces @INPUT@ (the array) and @OUTPUT@ (the dataset directory).
--
-- The same values as dp-enrich(1) (correlation_uuid is the same UUID
-- version 5), but for the times and two stand-ins: DuckDB has no XXH3-128,
-- so content_hash is two of its own 64-bit hashes of content (32 hex
-- digits, cheaper than XXH3), and raw_data has DuckDB's text of a number
-- read as a double (2.0 where the source has 2).
COPY (
  WITH src AS (
    SELECT p, now() AS t,
      p.address.city AS city, p.address.state AS state,
      trim(p.address.city) AS city_t, trim(p.address.state) AS state_t,
      p.property_details AS d
    FROM read_json('@INPUT@') AS p
  ), norm AS (
    SELECT *,
      coalesce(MAP {'SF': 'San Francisco', 'PC': 'Park City',
        'NYC': 'New York City', 'LA': 'Los Angeles', 'SLC': 'Salt Lake City',
        'LV': 'Las Vegas'}[upper(city_t)], city_t) AS city_normalized,
      coalesce(MAP {'AL': 'Alabama', 'AK': 'Alaska', 'AZ': 'Arizona',
        'AR': 'Arkansas', 'CA': 'California', 'CO': 'Colorado',
        'CT': 'Connecticut', 'DE': 'Delaware', 'DC': 'District of Columbia',
        'FL': 'Florida', 'GA': 'Georgia', 'HI': 'Hawaii', 'ID': 'Idaho',
        'IL': 'Illinois', 'IN': 'Indiana', 'IA': 'Iowa', 'KS': 'Kansas',
        'KY': 'Kentucky', 'LA': 'Louisiana', 'ME': 'Maine', 'MD': 'Maryland',
        'MA': 'Massachusetts', 'MI': 'Michigan', 'MN': 'Minnesota',
        'MS': 'Mississippi', 'MO': 'Missouri', 'MT': 'Montana',
        'NE': 'Nebraska', 'NV': 'Nevada', 'NH': 'New Hampshire',
        'NJ': 'New Jersey', 'NM': 'New Mexico', 'NY': 'New York',
        'NC': 'North Carolina', 'ND': 'North Dakota', 'OH': 'Ohio',
        'OK': 'Oklahoma', 'OR': 'Oregon', 'PA': 'Pennsylvania',
        'RI': 'Rhode Island', 'SC': 'South Carolina', 'SD': 'South Dakota',
        'TN': 'Tennessee', 'TX': 'Texas', 'UT': 'Utah', 'VT': 'Vermont',
        'VA': 'Virginia', 'WA': 'Washington', 'WV': 'West Virginia',
        'WI': 'Wisconsin', 'WY': 'Wyoming'}[upper(state_t)], state_t)
        AS state_normalized,
      sha1(unhex('057b1c567d615d90a39d52baad24ac8a') ||
        encode('PROPERTY:' || p.listing_id)) AS h
    FROM src
  ), u AS (
    SELECT
      p.listing_id AS entity_id,
      'PROPERTY' AS entity_type,
      h[1:8] || '-' || h[9:12] || '-5' || h[14:16] || '-' ||
        '89ab'[(position(h[17] IN '0123456789abcdef') - 1) % 4 + 1] ||
        h[18:20] || '-' || h[21:32] AS correlation_uuid,
      city, state, city_normalized, state_normalized,
      p.coordinates.latitude::DOUBLE AS latitude,
      p.coordinates.longitude::DOUBLE AS longitude,
      d.property_type AS property_type,
      CASE WHEN d.property_type IS NULL THEN 'unknown'
        ELSE CASE lower(trim(d.property_type))
          WHEN 'single-family' THEN 'single_family'
          WHEN 'single_family' THEN 'single_family'
          WHEN 'single family' THEN 'single_family'
          WHEN 'sfh' THEN 'single_family'
          WHEN 'condo' THEN 'condo' WHEN 'condominium' THEN 'condo'
          WHEN 'townhouse' THEN 'townhome' WHEN 'townhome' THEN 'townhome'
          WHEN 'town_house' THEN 'townhome'
          WHEN 'multi-family' THEN 'multi_family'
          WHEN 'multi_family' THEN 'multi_family'
          WHEN 'multifamily' THEN 'multi_family'
          WHEN 'mfh' THEN 'multi_family'
          ELSE 'other' END END AS property_type_normalized,
      CAST(p.listing_price AS DECIMAL(12, 2)) AS price,
      d.bedrooms::INTEGER AS bedrooms,
      d.bathrooms::DOUBLE AS bathrooms,
      d.square_feet::INTEGER AS square_feet,
      CASE WHEN p.listing_price > 0 AND d.square_feet > 0
        THEN CAST(p.listing_price / d.square_feet AS DECIMAL(10, 4))
        END AS price_per_sqft,
      d.year_built::INTEGER AS year_built,
      d.lot_size::DOUBLE AS lot_size,
      p.address.street AS title,
      p.description AS description,
      p.features AS features,
      list_sort(list_distinct(list_filter(
        list_transform(p.features, f -> lower(trim(f))), f -> f <> '')))
        AS features_normalized,
      p.description AS content,
      NULL::VARCHAR AS summary,
      NULL::VARCHAR AS url,
      concat_ws(' | ',
        'Property Type: ' || lower(d.property_type),
        d.bedrooms || ' bedrooms',
        CASE WHEN d.bathrooms = trunc(d.bathrooms)
          THEN d.bathrooms::BIGINT::VARCHAR ELSE d.bathrooms::VARCHAR END
          || ' bathrooms',
        d.square_feet || ' square feet',
        'Located in ' || concat_ws(', ', city_normalized, state_normalized),
        CASE WHEN len(p.features) > 0
          THEN 'Features: ' || array_to_string(p.features, ', ') END,
        p.description) AS embedding_text,
      NULL::FLOAT[] AS embedding,
      NULL::VARCHAR AS embedding_model,
      NULL::INTEGER AS embedding_dimension,
      NULL::BIGINT AS chunk_index,
      NULL::INTEGER AS chunk_count,
      NULL::VARCHAR AS chunk_id,
      NULL::VARCHAR AS parent_id,
      NULL::INTEGER AS chunk_start,
      NULL::INTEGER AS chunk_end,
      lpad(to_hex(hash(p.description)), 16, '0') ||
        lpad(to_hex(hash(p.description, 'content_hash')), 16, '0')
        AS content_hash,
      round(0.1 * ((p.listing_id IS NOT NULL)::INTEGER + 1 +
        (city IS NOT NULL)::INTEGER + (state IS NOT NULL)::INTEGER +
        (p.address.street IS NOT NULL)::INTEGER +
        (p.listing_price IS NOT NULL)::INTEGER +
        (d.bedrooms IS NOT NULL)::INTEGER +
        (d.square_feet IS NOT NULL)::INTEGER) +
        0.2 * (coalesce(p.description, '') <> '')::INTEGER, 2)::DOUBLE
        AS data_quality_score,
      CASE WHEN data_quality_score >= 0.7 THEN 'validated'
        ELSE 'low_quality' END AS validation_status,
      NULL::DOUBLE AS confidence_score,
      to_json(struct_insert(p, entity_type := 'PROPERTY',
        source_file := '@INPUT@', source_type := 'json',
        ingested_at := strftime(t AT TIME ZONE 'UTC',
          '%Y-%m-%dT%H:%M:%S.%fZ')))::VARCHAR AS raw_data,
      '@INPUT@' AS source_file,
      'json' AS source_type,
      t AS ingested_at,
      t AS processed_at,
      NULL::TIMESTAMPTZ AS embedding_generated_at,
      p.address.zip AS zip_code,
      p.address.county AS county,
      p.neighborhood_id AS neighborhood_id,
      NULL::VARCHAR AS neighborhood,
      p.listing_date::VARCHAR AS listing_date,
      p.days_on_market::INTEGER AS days_on_market,
      NULL::VARCHAR[] AS key_topics,
      NULL::VARCHAR[] AS categories,
      NULL::DOUBLE AS relevance_score,
      NULL::DOUBLE AS score
    FROM norm
  )
  SELECT * FROM u
) TO '@OUTPUT@' (FORMAT parquet, COMPRESSION zstd,
  PARTITION_BY (entity_type, state_normalized));
