# The flattening dp-enrich does, written for jq: the peer program that
# make bench runs beside dp-enrich (properties only; same fields and
# embedding text, no UUID v5 or XXH3 since jq has neither).
def states: {"CA": "California", "UT": "Utah", "NY": "New York",
  "TX": "Texas", "NV": "Nevada", "CO": "Colorado"};
def cities: {"SF": "San Francisco", "PC": "Park City", "NYC": "New York City",
  "LA": "Los Angeles", "SLC": "Salt Lake City", "LV": "Las Vegas"};
def norm($table): if . == null then null
  else (gsub("^\\s+|\\s+$"; "")) as $t | ($table[$t | ascii_upcase] // $t) end;
def ptype: if . == null then "unknown" else
  (ascii_downcase | gsub("^\\s+|\\s+$"; "")) as $t |
  if ($t | IN("single-family", "single_family", "single family", "sfh")) then "single_family"
  elif ($t | IN("condo", "condominium")) then "condo"
  elif ($t | IN("townhouse", "townhome", "town_house")) then "townhome"
  elif ($t | IN("multi-family", "multi_family", "multifamily", "mfh")) then "multi_family"
  else "other" end end;
def round_to($p): (. * pow(10; $p) + 0.5 | floor) / pow(10; $p);
. as $s
| ($s.address.city | norm(cities)) as $city
| ($s.address.state | norm(states)) as $state
| $s.property_details as $d
| {
  entity_id: $s.listing_id, entity_type: $s.entity_type,
  city: $s.address.city, state: $s.address.state,
  city_normalized: $city, state_normalized: $state,
  latitude: $s.coordinates.latitude, longitude: $s.coordinates.longitude,
  property_type: $d.property_type, property_type_normalized: ($d.property_type | ptype),
  price: $s.listing_price, bedrooms: $d.bedrooms, bathrooms: $d.bathrooms,
  square_feet: $d.square_feet,
  price_per_sqft: (if ($s.listing_price // 0) > 0 and ($d.square_feet // 0) > 0
    then $s.listing_price / $d.square_feet | round_to(4) else null end),
  year_built: $d.year_built, lot_size: $d.lot_size,
  title: $s.address.street, description: $s.description,
  features: $s.features,
  features_normalized: ($s.features // [] | map(gsub("^\\s+|\\s+$"; "") | ascii_downcase | select(. != "")) | unique),
  content: $s.description,
  embedding_text: ([
    (if $d.property_type then "Property Type: \($d.property_type | ascii_downcase)" else empty end),
    (if $d.bedrooms then "\($d.bedrooms) bedrooms" else empty end),
    (if $d.bathrooms then "\($d.bathrooms) bathrooms" else empty end),
    (if $d.square_feet then "\($d.square_feet) square feet" else empty end),
    "Located in \([$city, $state] | map(select(. != null)) | join(", "))",
    (if ($s.features // []) | length > 0 then "Features: \($s.features | join(", "))" else empty end),
    ($s.description // empty)] | join(" | ")),
  data_quality_score: (([$s.listing_id, $s.entity_type, $s.address.city, $s.address.state, $s.address.street]
    | map(if . != null then 0.1 else 0 end) | add)
    + (if ($s.description // "") != "" then 0.2 else 0 end)
    + ([$s.listing_price, $d.bedrooms, $d.square_feet] | map(if . != null then 0.1 else 0 end) | add)),
  zip_code: $s.address.zip, county: $s.address.county,
  neighborhood_id: $s.neighborhood_id, listing_date: $s.listing_date,
  days_on_market: $s.days_on_market,
  raw_data: ($s | tojson),
  source_file: $s.source_file, source_type: $s.source_type, ingested_at: $s.ingested_at
}
| .validation_status = (if .data_quality_score >= 0.7 then "validated" else "low_quality" end)
