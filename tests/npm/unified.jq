# Loader records (dp-load-json on the real-estate files, or scripts/gen-data
# output) flattened to the unified schema dp-enrich(1) writes, roughly as dp-enrich
# does: test and benchmark input for dp-to-parquet.
def states: {"CA": "California", "UT": "Utah"};
def norm: if . == null then null else [.[] | ascii_downcase | ltrimstr(" ") | rtrimstr(" ") | select(. != "")] | unique end;
def ts: (.ingested_at // "2026-11-25T11:42:30.123456Z");
. as $src
| if has("listing_id") then {
    entity_id: .listing_id,
    entity_type: "PROPERTY",
    correlation_uuid: ("00000000-0000-5000-8000-" + ((.listing_id | explode | add) * 7919 | tostring | .[0:12] | ("000000000000" + .) | .[-12:])),
    city: .address.city,
    state: .address.state,
    city_normalized: .address.city,
    state_normalized: (states[.address.state] // .address.state),
    latitude: .coordinates.latitude,
    longitude: .coordinates.longitude,
    property_type: .property_details.property_type,
    property_type_normalized: (.property_details.property_type | gsub("-"; "_")),
    price: .listing_price,
    bedrooms: .property_details.bedrooms,
    bathrooms: .property_details.bathrooms,
    square_feet: .property_details.square_feet,
    price_per_sqft: (if (.listing_price // 0) > 0 and (.property_details.square_feet // 0) > 0
                     then .listing_price / .property_details.square_feet else null end),
    year_built: .property_details.year_built,
    lot_size: .property_details.lot_size,
    title: .address.street,
    description: .description,
    features: .features,
    features_normalized: (.features | norm),
    content: .description,
    embedding_text: ([.property_details.property_type, .description] | map(select(. != null)) | join(" | ")),
    chunk_index: 0,
    chunk_count: 1,
    content_hash: ((.listing_id | explode | map(. * 31) | add | tostring) + "0123456789abcdef0123456789abcdef" | .[0:32]),
    data_quality_score: 1.0,
    validation_status: "validated",
    raw_data: ($src | del(.entity_type, .source_file, .source_type, .ingested_at) | tojson),
    source_file: .source_file,
    source_type: .source_type,
    ingested_at: ts,
    processed_at: "2026-11-25T11:42:31Z",
    zip_code: .address.zip,
    county: .address.county,
    neighborhood_id: .neighborhood_id,
    listing_date: .listing_date,
    days_on_market: .days_on_market
  } else {
    entity_id: .neighborhood_id,
    entity_type: "NEIGHBORHOOD",
    city: .city,
    state: .state,
    city_normalized: .city,
    state_normalized: (states[.state] // .state),
    latitude: .coordinates.latitude,
    longitude: .coordinates.longitude,
    title: .name,
    description: .description,
    features: .amenities,
    features_normalized: (.amenities | norm),
    content: .description,
    embedding_text: ([.name, .description] | map(select(. != null)) | join(" | ")),
    content_hash: ((.neighborhood_id | explode | map(. * 17) | add | tostring) + "fedcba9876543210fedcba9876543210" | .[0:32]),
    raw_data: ($src | del(.entity_type, .source_file, .source_type, .ingested_at) | tojson),
    source_file: .source_file,
    source_type: .source_type,
    ingested_at: ts,
    county: .county
  } end
| with_entries(select(.value != null))
