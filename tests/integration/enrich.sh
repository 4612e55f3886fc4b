# dp-enrich on the real data: counts, validation, the embedding_text of
# three known records (one per source; dp-enrich(1), "Derived fields"),
# every unified field filled where the source has it, and
# byte-identical output under GNU parallel.
. "$DP_TOP/tests/lib.sh"

need_shared "enrich real data" || exit 0
re=$DP_SHARED_DATA/real_estate
{ dp-load-json "$re"/properties_*.json "$re"/neighborhoods_*.json
  dp-load-sqlite "$DP_SHARED_DATA/wikipedia/wikipedia.db" --preset wikipedia 2>/dev/null; } >"$T/loaded"
enrich() {
	dp-enrich --locations "$re/locations.json" \
		--neighborhoods "$re/neighborhoods_sf.json" \
		--neighborhoods "$re/neighborhoods_pc.json" "$@"
}
enrich <"$T/loaded" >"$T/out" 2>"$T/err"
expect_eq "exit 0, nothing on stderr" "$?:$(cat "$T/err")" "0:"
expect_eq "counts and validation" \
	"$(jq -r '[.entity_type, .validation_status] | join(" ")' "$T/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
	" 21 NEIGHBORHOOD validated; 440 PROPERTY validated; 50 WIKIPEDIA_ARTICLE validated;"

text() { jq -r --arg id "$1" 'select(.entity_id == $id) | .embedding_text' "$T/out"; }
expect_eq "worked example prop-oak-125" "$(text prop-oak-125)" \
	"Property Type: townhome | 4 bedrooms | 3.5 bathrooms | 1685 square feet | Located in Oakland, California | Features: Community pool, City views, Gym, Floating stairs, Storage | Great opportunity! Contemporary townhome offering community pool. Located in Temescal's most sought-after community. Priced to sell in today's market."
desc=$(jq -r '.[] | select(.neighborhood_id == "sf-pac-heights-001") | .description' "$re/neighborhoods_sf.json")
expect_eq "worked example sf-pac-heights-001" "$(text sf-pac-heights-001)" \
	"Pacific Heights neighborhood | Located in San Francisco, California | $desc"
expect_eq "worked example Deer Creek" \
	"$(jq -r 'select(.title == "Deer Creek State Park (Utah)") | .embedding_text == "Deer Creek State Park (Utah) | Charleston, Utah | " + (.raw_data | fromjson | .long_summary)' "$T/out")" true
expect_eq "prop-oak-125 price_per_sqft half-up" \
	"$(jq -c 'select(.entity_id == "prop-oak-125") | [.price, .price_per_sqft, .neighborhood, .county]' "$T/out")" \
	'[492540,292.3086,"Temescal","Alameda"]'

# Every unified field is filled where the source has the value.
missing=$(jq -r '
  def need($u; $src): if ($src != null) and (.[$u] == null) then $u else empty end;
  (.raw_data | fromjson) as $s |
  if .entity_type == "PROPERTY" then
    need("entity_id"; $s.listing_id), need("city"; $s.address.city),
    need("state"; $s.address.state), need("county"; $s.address.county),
    need("zip_code"; $s.address.zip), need("title"; $s.address.street),
    need("latitude"; $s.coordinates.latitude), need("longitude"; $s.coordinates.longitude),
    need("property_type"; $s.property_details.property_type),
    need("bedrooms"; $s.property_details.bedrooms), need("bathrooms"; $s.property_details.bathrooms),
    need("square_feet"; $s.property_details.square_feet), need("year_built"; $s.property_details.year_built),
    need("lot_size"; $s.property_details.lot_size), need("price"; $s.listing_price),
    need("price_per_sqft"; $s.listing_price), need("description"; $s.description),
    need("content"; $s.description), need("features"; $s.features),
    need("features_normalized"; $s.features), need("neighborhood_id"; $s.neighborhood_id),
    need("neighborhood"; $s.neighborhood_id), need("listing_date"; $s.listing_date),
    need("days_on_market"; $s.days_on_market)
  elif .entity_type == "NEIGHBORHOOD" then
    need("entity_id"; $s.neighborhood_id), need("title"; $s.name), need("city"; $s.city),
    need("state"; $s.state), need("county"; $s.county), need("latitude"; $s.coordinates.latitude),
    need("longitude"; $s.coordinates.longitude), need("description"; $s.description),
    need("features"; $s.amenities)
  else
    need("entity_id"; $s.page_id), need("title"; $s.title), need("url"; $s.url),
    need("summary"; $s.short_summary), need("content"; $s.long_summary),
    need("city"; $s.best_city), need("state"; $s.best_state), need("county"; $s.best_county),
    need("latitude"; $s.latitude), need("longitude"; $s.longitude),
    need("key_topics"; $s.key_topics), need("features"; $s.key_topics),
    need("categories"; $s.categories), need("relevance_score"; $s.relevance_score),
    need("confidence_score"; $s.overall_confidence)
  end | "\(.)"' "$T/out" | sort | uniq -c)
expect_eq "every unified field filled where the source has it" "$missing" ""
expect_eq "always set: uuid, hash, embedding_text, normalised places" \
	"$(jq -r 'select(.correlation_uuid == null or .content_hash == null or .embedding_text == null or (.state != null and .state_normalized == null)) | .entity_id' "$T/out")" ""
expect_eq "raw_data is the source record" \
	"$(jq -c '.raw_data | fromjson' "$T/out" | cmp -s - <(jq -c . "$T/loaded") && echo same)" same
expect_eq "correlation_uuid is UUID v5 of type:id (one checked)" \
	"$(jq -r 'select(.entity_id == "prop-oak-125") | .correlation_uuid' "$T/out")" \
	"9c4d85ad-cdb8-51b3-b353-d95e46eb8945"

# Stateless: GNU parallel over small blocks gives the same bytes.
if command -v parallel >/dev/null; then
	enrich <"$T/loaded" >"$T/serial"
	parallel --will-cite --pipe -k --block 50k \
		dp-enrich --locations "$re/locations.json" \
		--neighborhoods "$re/neighborhoods_sf.json" \
		--neighborhoods "$re/neighborhoods_pc.json" <"$T/loaded" >"$T/parallel"
	jobs=$(parallel --will-cite --pipe --block 50k wc -l <"$T/loaded" | wc -l)
	if [ "$jobs" -gt 3 ] && cmp -s "$T/serial" "$T/parallel"; then
		ok "parallel --pipe -k ($jobs jobs) gives byte-identical output"
	else
		fail "parallel --pipe -k gives byte-identical output" "$jobs jobs; differs"
	fi
else
	skip "parallel equivalence" "GNU parallel not installed"
fi
