# gen-data.awk: the record generator behind scripts/gen-data.
# Variables: n (count), seed, format (array|ndjson), kind
# (properties|neighborhoods|articles), dbytes (the least length of a
# property's description; 0 leaves it as drawn).

# sql(s): s as an SQL string literal.
function sql(s) { gsub(/'/, "''", s); return "'" s "'" }

# Neighborhood records, compact, one per line (inside [ ] for an array).
function neighborhoods(    i, c, name, k, j, r, am, amen, nam, tags) {
	nam = split("Fillmore Street shopping|Alta Plaza Park|Fine dining|Art galleries|Farmers market|Ski lifts|Hiking trails|Coffee shops|Live music|Bike paths|Community garden|Public library", amen, "|")
	if (pretty) printf "[\n"
	for (i = 0; i < n; i++) {
		split(pick(cities), c, ",")
		name = pick(adjs) " " pick(streets) " " pick("Heights|Village|Park|Hills|Commons|District")
		k = 3 + rnd(5)
		r = rnd(nam)
		for (j = 1; j <= k; j++) am[j] = amen[(r + j * 5) % nam + 1]
		tags = "[" q(tolower(pick(adjs))) "," q(pick("family-friendly|urban|outdoors|nightlife|quiet")) "]"
		if (pretty && i > 0) printf ",\n"
		printf "{\"neighborhood_id\":%s,\"name\":%s,\"city\":%s,\"county\":%s,\"state\":%s,", q(c[4] "-n" i), q(name), q(c[1]), q(c[3]), q(c[2])
		printf "\"coordinates\":{\"latitude\":%.4f,\"longitude\":%.4f},", (c[2] == "CA" ? 37 : 40) + rnd(10000) / 10000, (c[2] == "CA" ? -122.5 : -111.6) + rnd(10000) / 10000
		printf "\"description\":%s,", q(name " is a " tolower(pick(adjs)) " neighborhood of " c[1] " known for " tolower(am[1]) " and " tolower(am[k]) ". " pick(closers))
		printf "\"characteristics\":{\"walkability_score\":%d,\"transit_score\":%d,\"school_rating\":%d,\"safety_rating\":%d,\"nightlife_score\":%d,\"family_friendly_score\":%d},", rnd(11), rnd(11), rnd(11), rnd(11), rnd(11), rnd(11)
		printf "\"amenities\":["
		for (j = 1; j <= k; j++) printf "%s%s", (j > 1 ? "," : ""), q(am[j])
		printf "],\"lifestyle_tags\":%s,\"median_home_price\":%d,\"price_trend\":%s,", tags, 400000 + rnd(4000000), q(pick("rising|stable|cooling"))
		printf "\"demographics\":{\"primary_age_group\":%s,\"vibe\":%s},", q(pick("25-34|35-44|45-54")), q(pick("lively|relaxed|upscale|artsy"))
		printf "\"wikipedia_correlations\":{\"primary_wiki_article\":{\"page_id\":%d,\"title\":%s,\"url\":%s,\"confidence\":%.2f},", 1000 + rnd(900000), q(c[1]), q("https://en.wikipedia.org/wiki/" c[1]), 0.5 + rnd(50) / 100
		printf "\"related_wiki_articles\":[],\"parent_geography\":{\"city_wiki\":{\"page_id\":%d,\"title\":%s}},", 1000 + rnd(900000), q(c[1])
		printf "\"generated_by\":\"gen-data\",\"generated_at\":\"2025-08-21T10:00:00Z\",\"source\":\"generated\"}}"
		if (!pretty) printf "\n"
	}
	if (pretty) printf "\n]\n"
}

# An SQL script: the seed's schema and n articles with their summaries.
function articles(    i, c, t, k, long, state_name) {
	print "BEGIN;"
	print "CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY AUTOINCREMENT, pageid INTEGER NOT NULL, location_id INTEGER NOT NULL, title TEXT NOT NULL, url TEXT, extract TEXT, categories TEXT, latitude REAL, longitude REAL, relevance_score REAL, depth INTEGER, crawled_at TIMESTAMP, html_file TEXT, file_hash TEXT, image_url TEXT, links_count INTEGER, infobox_data TEXT);"
	print "CREATE TABLE IF NOT EXISTS page_summaries (page_id INTEGER PRIMARY KEY, article_id INTEGER, title TEXT, short_summary TEXT NOT NULL, long_summary TEXT NOT NULL, key_topics TEXT, best_city TEXT, best_county TEXT, best_state TEXT, overall_confidence REAL, processed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
	for (i = 1; i <= n; i++) {
		split(pick(cities), c, ",")
		state_name = c[2] == "CA" ? "California" : "Utah"
		t = pick(adjs) " " pick(streets) " " pick("Park|Museum|Trail|Reservoir|Historic District|Lake|Canyon|Bridge")
		k = pick("History, Geography, Recreation|Architecture, Tourism|[\"Parks\", \"Wildlife\", \"Hiking\"]|Economy, Transportation, Demographics")
		long = t " is a " tolower(pick(adjs)) " landmark near " c[1] ", " state_name ". It was established in " (1850 + rnd(170)) " and draws visitors for its " pick("scenic views|quiet trails|historic buildings|family outings") " and " tolower(feats[rnd(nfeat) + 1]) ". The area around " c[1] " offers " tolower(feats[rnd(nfeat) + 1]) " and " tolower(feats[rnd(nfeat) + 1]) ". " pick(closers)
		printf "INSERT INTO articles (id, pageid, location_id, title, url, extract, categories, latitude, longitude, relevance_score, depth) VALUES (%d, %d, 1, %s, %s, %s, %s, %.5f, %.5f, %.4f, %d);\n", i, 100000 + i, sql(t), sql("https://en.wikipedia.org/wiki/" t), sql(long), sql("[\"" tolower(c[1]) "\", \"park\"]"), (c[2] == "CA" ? 37 : 40) + rnd(10000) / 10000, (c[2] == "CA" ? -122.5 : -111.6) + rnd(10000) / 10000, rnd(10000) / 10000, rnd(3)
		printf "INSERT INTO page_summaries (page_id, article_id, title, short_summary, long_summary, key_topics, best_city, best_county, best_state, overall_confidence) VALUES (%d, %d, %s, %s, %s, %s, %s, %s, %s, %.4f);\n", 100000 + i, i, sql(t), sql(t " near " c[1] "."), sql(long), sql(k), sql(c[1]), sql(c[3] " County"), sql(state_name), rnd(10000) / 10000
	}
	print "COMMIT;"
}

function rnd(k) { state = (state * 16807) % 2147483647; return state % k }
function pick(list,    a, c) { c = split(list, a, "|"); return a[rnd(c) + 1] }
function q(s) { return "\"" s "\"" }
function strlist(items, cnt, ind,    i, s) {
	if (cnt == 0) return "[]"
	s = "["
	for (i = 1; i <= cnt; i++)
		s = s (i > 1 ? "," : "") nl ind "  " q(items[i])
	return s nl ind "]"
}
BEGIN {
	state = seed % 2147483646 + 1
	pretty = format == "array"
	nl = pretty ? "\n" : ""
	sp = pretty ? " " : ""
	cities = "San Francisco,CA,San Francisco,sf,94|Oakland,CA,Alameda,oak,94|" \
		"San Jose,CA,Santa Clara,sj,95|Salinas,CA,Monterey,sal,93|" \
		"Park City,UT,Summit,pc,84|Heber City,UT,Wasatch,heb,84|" \
		"Kamas,UT,Summit,kam,84|Coalville,UT,Summit,coal,84"
	hoods = "Temescal|Rockridge|Mission|Noe Valley|Old Town|Deer Valley|Willow Glen|Creekbridge|Downtown|Summit Park"
	streets = "Telegraph|Miles|Oak|Pine|Main|Park|Valley|Summit|Canyon|Lake|Mission|Market|Elm|Cedar|Aspen"
	kinds = "Street|Avenue|Court|Drive|Lane|Way|Place"
	types = "condo|single-family|townhome|single_family|townhouse"
	adjs = "Pristine|Contemporary|Charming|Spacious|Renovated|Sunny|Elegant|Modern|Classic|Bright"
	hooks = "Great opportunity!|Welcome home.|Just listed.|A rare find.|Move-in ready."
	closers = "Priced to sell in today's market.|Ideal for those seeking low-maintenance luxury.|Close to parks, shops and transit.|Perfect for entertaining.|Walk to cafés and restaurants."
	nmore = split("The kitchen was remodeled with quartz counters, a gas range and a walk-in pantry.|" \
		"Sunlight fills the open living room through tall south-facing windows.|" \
		"The primary suite has a soaking tub, a double vanity and a large closet.|" \
		"Hardwood floors run through the main level, with new carpet upstairs.|" \
		"A private patio opens off the dining area for meals outdoors.|" \
		"The home was repainted inside and out last spring.|" \
		"Schools, parks and the weekly farmers market are a short walk away.|" \
		"Commuters will appreciate quick access to the freeway and the train.|" \
		"The laundry room has a utility sink and extra cabinets.|" \
		"Dual-pane windows and a new furnace keep energy bills low.|" \
		"The backyard is fenced, landscaped and watered by a drip system.|" \
		"A bonus room downstairs works as a den, a gym or a guest room.|" \
		"HOA dues cover water, trash, insurance and exterior maintenance.|" \
		"Seller has replaced the roof and the water heater within five years.|" \
		"The garage has built-in shelving and room for a workbench.|" \
		"Vaulted ceilings and a gas fireplace anchor the family room.|" \
		"Trails, lakes and ski resorts are within a half hour drive.|" \
		"Open houses are held Saturday and Sunday from one to four.|" \
		"The quiet street sees little traffic and has mature shade trees.|" \
		"A finished basement adds a media room and a second full bath.|" \
		"Recent upgrades include smart thermostats, LED lighting and new fixtures.|" \
		"Buyers should verify square footage, schools and permits.", more, "|")
	nfeat = split("Community pool|City views|Gym|Floating stairs|Storage|Transit nearby|Bike storage|Pet-friendly|Concierge|Walk to restaurants|Rooftop access|Hardwood floors|Fireplace|Mountain views|Ski-in/ski-out|Hot tub|Solar panels|EV charging|Garden|Home office", feats, "|")
	if (kind == "neighborhoods") { neighborhoods(); exit }
	if (kind == "articles") { articles(); exit }
	if (pretty) printf "["
	for (i = 0; i < n; i++) {
		split(pick(cities), c, ",")
		hood = pick(hoods)
		type = pick(types)
		sqft = 600 + rnd(4200)
		beds = 1 + rnd(5)
		baths = (1 + rnd(4)) + (rnd(2) ? 0.5 : 0)
		price = sqft * (250 + rnd(1200)) + rnd(1000)
		id = "prop-" c[4] "-" i
		k = 1 + rnd(8)
		r = rnd(nfeat)	# a step of 7 over 20 features: no repeats
		for (j = 1; j <= k; j++) f[j] = feats[(r + j * 7) % nfeat + 1]
		desc = pick(hooks) " " pick(adjs) " " type " in " hood " with " \
			tolower(f[1]) " and " tolower(f[k]) ". " beds \
			" bedrooms, " baths " baths and " sqft " square feet on a " \
			pick(adjs) " " pick(streets) " block. " pick(closers)
		if (dbytes > 0)
			while (length(desc) < dbytes)
				desc = desc " " more[rnd(nmore) + 1]
		d1 = sprintf("2025-%02d-%02d", 1 + rnd(12), 1 + rnd(28))
		ind = pretty ? "  " : ""
		i2 = pretty ? "    " : ""
		i3 = pretty ? "      " : ""
		if (pretty && i > 0) printf ","
		printf "%s%s{", nl, ind
		printf "%s%s\"listing_id\":%s%s,", nl, i2, sp, q(id)
		printf "%s%s\"neighborhood_id\":%s%s,", nl, i2, sp, q(c[4] "-" tolower(substr(hood, 1, 4)) "-" sprintf("%03d", 1 + rnd(12)))
		printf "%s%s\"address\":%s{", nl, i2, sp
		printf "%s%s\"street\":%s%s,", nl, i3, sp, q((100 + rnd(9800)) " " pick(streets) " " pick(kinds))
		printf "%s%s\"city\":%s%s,", nl, i3, sp, q(c[1])
		printf "%s%s\"county\":%s%s,", nl, i3, sp, q(c[3])
		printf "%s%s\"state\":%s%s,", nl, i3, sp, q(c[2])
		printf "%s%s\"zip\":%s\"%s%03d\"%s%s},", nl, i3, sp, c[5], rnd(1000), nl, i2
		printf "%s%s\"coordinates\":%s{%s%s\"latitude\":%s%.4f,%s%s\"longitude\":%s%.4f%s%s},", nl, i2, sp, nl, i3, sp, (c[2] == "CA" ? 37 : 40) + rnd(10000) / 10000, nl, i3, sp, (c[2] == "CA" ? -122.5 : -111.6) + rnd(10000) / 10000, nl, i2
		printf "%s%s\"property_details\":%s{", nl, i2, sp
		printf "%s%s\"square_feet\":%s%d,", nl, i3, sp, sqft
		printf "%s%s\"bedrooms\":%s%d,", nl, i3, sp, beds
		printf "%s%s\"bathrooms\":%s%s,", nl, i3, sp, baths
		printf "%s%s\"property_type\":%s%s,", nl, i3, sp, q(type)
		printf "%s%s\"year_built\":%s%d,", nl, i3, sp, 1900 + rnd(125)
		printf "%s%s\"lot_size\":%s%s,", nl, i3, sp, (1 + rnd(300)) / 100
		printf "%s%s\"stories\":%s%d,", nl, i3, sp, 1 + rnd(3)
		printf "%s%s\"garage_spaces\":%s%d%s%s},", nl, i3, sp, rnd(4), nl, i2
		printf "%s%s\"listing_price\":%s%d,", nl, i2, sp, price
		printf "%s%s\"price_per_sqft\":%s%d,", nl, i2, sp, int(price / sqft)
		printf "%s%s\"description\":%s%s,", nl, i2, sp, q(desc)
		printf "%s%s\"features\":%s%s,", nl, i2, sp, strlist(f, k, i2)
		printf "%s%s\"listing_date\":%s%s,", nl, i2, sp, q(d1)
		printf "%s%s\"days_on_market\":%s%d,", nl, i2, sp, rnd(180)
		printf "%s%s\"virtual_tour_url\":%s%s,", nl, i2, sp, q("https://example.com/tours/" id)
		img[1] = "https://example.com/images/" id "-1.jpg"
		printf "%s%s\"images\":%s%s,", nl, i2, sp, strlist(img, 1, i2)
		printf "%s%s\"price_history\":%s[{\"date\":%s%s,%s\"price\":%s%d,%s\"event\":%s\"listed\"}]", nl, i2, sp, sp, q(d1), sp, sp, price, sp, sp
		printf "%s%s}", nl, ind
		if (!pretty) printf "\n"
	}
	if (pretty) printf "\n]\n"
}
