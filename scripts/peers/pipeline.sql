-- The peer of dp's whole pipeline in DuckDB: load the generated array,
-- flatten it to the unified fields and write Parquet (zstd). It does no
-- chunking and no embedding. @INPUT@ and @OUTPUT@ are replaced by
-- scripts/bench.
COPY (
  SELECT
    p.listing_id AS entity_id,
    'PROPERTY' AS entity_type,
    p.address.city AS city,
    p.address.state AS state,
    CASE upper(trim(p.address.city)) WHEN 'SF' THEN 'San Francisco'
      WHEN 'PC' THEN 'Park City' ELSE trim(p.address.city) END AS city_normalized,
    CASE upper(trim(p.address.state)) WHEN 'CA' THEN 'California'
      WHEN 'UT' THEN 'Utah' ELSE trim(p.address.state) END AS state_normalized,
    p.coordinates.latitude AS latitude,
    p.coordinates.longitude AS longitude,
    p.property_details.property_type AS property_type,
    CAST(p.listing_price AS DECIMAL(12, 2)) AS price,
    p.property_details.bedrooms AS bedrooms,
    p.property_details.bathrooms AS bathrooms,
    p.property_details.square_feet AS square_feet,
    CAST(p.listing_price / p.property_details.square_feet AS DECIMAL(10, 4)) AS price_per_sqft,
    p.property_details.year_built AS year_built,
    p.property_details.lot_size AS lot_size,
    p.address.street AS title,
    p.description AS description,
    p.features AS features,
    list_sort(list_distinct(list_transform(p.features, f -> lower(trim(f))))) AS features_normalized,
    p.description AS content,
    concat_ws(' | ', 'Property Type: ' || lower(p.property_details.property_type),
      p.property_details.bedrooms || ' bedrooms',
      p.property_details.bathrooms || ' bathrooms',
      p.property_details.square_feet || ' square feet',
      'Located in ' || p.address.city || ', ' || p.address.state,
      'Features: ' || array_to_string(p.features, ', '),
      p.description) AS embedding_text,
    p.address.zip AS zip_code,
    p.address.county AS county,
    p.neighborhood_id AS neighborhood_id,
    p.listing_date AS listing_date,
    p.days_on_market AS days_on_market,
    to_json(p) AS raw_data,
    now() AS processed_at
  FROM read_json('@INPUT@') AS p
) TO '@OUTPUT@' (FORMAT parquet, COMPRESSION zstd);
