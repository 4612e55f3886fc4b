-- dp sample Wikipedia database: build with
--   sqlite3 out/wikipedia_sample.db < examples/data/wikipedia_sample.sql
--
-- The tables have the columns of the seed project's knowledge-graph
-- database (locations, articles, page_summaries); the rows are ours:
-- short summaries written for this sample, page ids invented. Oddities
-- kept on purpose, for dp-load-sqlite --preset wikipedia to handle:
--   * "Heber Valley Railroad" has an empty long_summary (left out);
--   * page id 500111 has two article rows (collapsed to the more
--     relevant one);
--   * key_topics is a JSON array string in some rows, a comma list in
--     others; categories is a JSON array string, NULL in one row.

PRAGMA foreign_keys = ON;
BEGIN;

CREATE TABLE locations (
	location_id INTEGER PRIMARY KEY AUTOINCREMENT,
	country TEXT NOT NULL DEFAULT 'United States',
	state TEXT NOT NULL,
	county TEXT NOT NULL,
	location TEXT,
	location_type TEXT,
	location_type_category TEXT,
	llm_suggested_type TEXT,
	confidence REAL DEFAULT 0.0,
	needs_review INTEGER DEFAULT 0,
	created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
	updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE articles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	pageid INTEGER NOT NULL,
	location_id INTEGER NOT NULL REFERENCES locations (location_id),
	title TEXT NOT NULL,
	url TEXT,
	extract TEXT,
	categories TEXT,
	latitude REAL,
	longitude REAL,
	relevance_score REAL,
	depth INTEGER,
	crawled_at TIMESTAMP,
	html_file TEXT,
	file_hash TEXT,
	image_url TEXT,
	links_count INTEGER,
	infobox_data TEXT,
	UNIQUE (pageid, location_id)
);

-- page_id refers to articles.pageid, which is not unique (one page can
-- be crawled from two locations), so it cannot be a declared foreign key
-- that SQLite would enforce.
CREATE TABLE page_summaries (
	page_id INTEGER PRIMARY KEY,
	article_id INTEGER UNIQUE REFERENCES articles (id),
	title TEXT,
	short_summary TEXT NOT NULL,
	long_summary TEXT NOT NULL,
	key_topics TEXT,
	best_city TEXT,
	best_county TEXT,
	best_state TEXT,
	overall_confidence REAL,
	processed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO locations (location_id, state, county, location, location_type,
	confidence, created_at, updated_at) VALUES
(1, 'California', 'Alameda County', 'Oakland', 'city', 0.95, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(2, 'California', 'San Francisco County', 'San Francisco', 'city', 0.97, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(3, 'California', 'Alameda County', NULL, 'county', 0.9, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(4, 'Utah', 'Summit County', 'Park City', 'city', 0.96, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(5, 'Utah', 'Wasatch County', 'Heber City', 'city', 0.93, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(6, 'Utah', 'Wasatch County', NULL, 'county', 0.88, '2025-08-30 10:00:00', '2025-08-30 10:00:00'),
(7, 'Utah', 'Summit County', NULL, 'county', 0.88, '2025-08-30 10:00:00', '2025-08-30 10:00:00');

INSERT INTO articles (id, pageid, location_id, title, url, extract, categories,
	latitude, longitude, relevance_score, depth, crawled_at, html_file,
	links_count) VALUES
(1, 500101, 1, 'Oakland, California', 'https://en.wikipedia.org/wiki/Oakland,_California',
 'Oakland is a port city on the east shore of San Francisco Bay and the seat of Alameda County.',
 '["city", "county seat", "port", "california"]', 37.8044, -122.2712, 0.93, 0, '2025-08-30 10:05:00', '500101.html', 412),
(2, 500102, 1, 'Temescal, Oakland, California', 'https://en.wikipedia.org/wiki/Temescal,_Oakland,_California',
 'Temescal is a neighborhood of North Oakland along Telegraph Avenue.',
 '["neighborhood", "oakland", "california"]', 37.8335, -122.2626, 0.88, 1, '2025-08-30 10:05:12', '500102.html', 57),
(3, 500103, 1, 'Lake Merritt', 'https://en.wikipedia.org/wiki/Lake_Merritt',
 'Lake Merritt is a tidal lagoon in the center of Oakland.',
 '["lake", "park", "landmark", "wildlife refuge", "oakland"]', 37.8024, -122.2582, 0.81, 1, '2025-08-30 10:05:30', '500103.html', 133),
(4, 500104, 3, 'Alameda County, California', 'https://en.wikipedia.org/wiki/Alameda_County,_California',
 'Alameda County is a county on the east side of San Francisco Bay.',
 '["county", "california"]', 37.65, -121.92, 0.77, 0, '2025-08-30 10:06:02', '500104.html', 298),
(5, 500105, 2, 'Mission District, San Francisco', 'https://en.wikipedia.org/wiki/Mission_District,_San_Francisco',
 'The Mission District is a neighborhood in San Francisco named after Mission San Francisco de Asís.',
 '["neighborhood", "historical", "murals", "san francisco"]', 37.7599, -122.4148, 0.9, 1, '2025-08-30 10:06:40', '500105.html', 245),
(6, 500106, 2, 'Noe Valley, San Francisco', 'https://en.wikipedia.org/wiki/Noe_Valley,_San_Francisco',
 'Noe Valley is a residential neighborhood in central San Francisco.',
 NULL, 37.7502, -122.4337, 0.86, 1, '2025-08-30 10:07:03', '500106.html', 74),
(7, 500107, 2, 'Mission Dolores Park', 'https://en.wikipedia.org/wiki/Mission_Dolores_Park',
 'Mission Dolores Park is a city park at the western edge of the Mission District.',
 '["park", "landmark", "san francisco"]', 37.7596, -122.4269, 0.79, 2, '2025-08-30 10:07:21', '500107.html', 48),
(8, 500108, 4, 'Park City, Utah', 'https://en.wikipedia.org/wiki/Park_City,_Utah',
 'Park City is a mountain resort town in Summit County, Utah.',
 '["city", "ski resort", "mining", "utah"]', 40.6461, -111.498, 0.95, 0, '2025-08-30 10:08:00', '500108.html', 356),
(9, 500109, 4, 'Deer Valley', 'https://en.wikipedia.org/wiki/Deer_Valley',
 'Deer Valley is a ski resort next to Park City, Utah.',
 '["ski resort", "olympic venue", "utah"]', 40.6374, -111.4783, 0.89, 1, '2025-08-30 10:08:25', '500109.html', 96),
(10, 500110, 5, 'Heber City, Utah', 'https://en.wikipedia.org/wiki/Heber_City,_Utah',
 'Heber City is a city in the Heber Valley and the seat of Wasatch County, Utah.',
 '["city", "county seat", "utah"]', 40.5069, -111.4133, 0.91, 0, '2025-08-30 10:09:10', '500110.html', 121),
(11, 500111, 6, 'Jordanelle State Park', 'https://en.wikipedia.org/wiki/Jordanelle_State_Park',
 'Jordanelle State Park is a state park on the Jordanelle Reservoir north of Heber City.',
 '["park", "reservoir", "recreation", "utah"]', 40.6, -111.42, 0.87, 1, '2025-08-30 10:09:40', '500111.html', 39),
(12, 500111, 7, 'Jordanelle State Park', 'https://en.wikipedia.org/wiki/Jordanelle_State_Park',
 'Jordanelle State Park is a state park on the Jordanelle Reservoir north of Heber City.',
 '["park", "reservoir", "recreation", "utah"]', 40.6, -111.42, 0.64, 2, '2025-08-30 10:11:02', '500111.html', 39),
(13, 500112, 5, 'Heber Valley Railroad', 'https://en.wikipedia.org/wiki/Heber_Valley_Railroad',
 'The Heber Valley Railroad is a heritage railroad based in Heber City, Utah.',
 '["railroad", "heritage", "tourism", "utah"]', 40.5036, -111.4208, 0.72, 1, '2025-08-30 10:10:15', '500112.html', 27);

INSERT INTO page_summaries (page_id, article_id, title, short_summary,
	long_summary, key_topics, best_city, best_county, best_state,
	overall_confidence, processed_at) VALUES
(500101, 1, 'Oakland, California',
 'Oakland is the largest city in Alameda County and a major port on San Francisco Bay.',
 'Oakland is a port city on the east shore of San Francisco Bay and the seat of Alameda County. Its neighborhoods run from the flatlands near the waterfront to wooded hills, and the city is known for Lake Merritt, one of the busiest container ports on the West Coast, and a lively arts and restaurant scene. BART and ferries link it to San Francisco.',
 'Geography, Port, Neighborhoods, Transportation, Arts', 'Oakland', 'Alameda County', 'California', 0.93, '2025-08-31 08:00:00'),
(500102, 2, 'Temescal, Oakland, California',
 'Temescal is a North Oakland neighborhood centered on Telegraph Avenue.',
 'Temescal is a neighborhood in North Oakland that grew up along a streetcar line on Telegraph Avenue. It takes its name from Temescal Creek. Today it is known for early 20th-century houses, a dense strip of restaurants and small shops, and a weekly farmers'' market, with MacArthur BART nearby.',
 '["Neighborhoods", "Streetcar history", "Restaurants", "Farmers market"]', 'Oakland', 'Alameda County', 'California', 0.88, '2025-08-31 08:00:05'),
(500103, 3, 'Lake Merritt',
 'Lake Merritt is a tidal lagoon in central Oakland ringed by parks and a walking path.',
 'Lake Merritt is a tidal lagoon connected to San Francisco Bay, in the middle of Oakland. A path of about three miles circles the water and is used by walkers, runners and cyclists. The lake was declared a wildlife refuge in 1870, which makes it one of the oldest in the United States, and it is still a stop for migrating birds.',
 '["Lakes", "Parks", "Wildlife refuge", "Recreation"]', 'Oakland', 'Alameda County', 'California', 0.81, '2025-08-31 08:00:09'),
(500104, 4, 'Alameda County, California',
 'Alameda County lies on the east side of San Francisco Bay; Oakland is its seat.',
 'Alameda County is a county on the eastern shore of San Francisco Bay, reaching from the bay inland to the Livermore Valley. Oakland is the county seat, and Berkeley, Fremont and Hayward are among its other cities. The county mixes dense urban areas, suburbs and vineyards.',
 'Counties, Geography, Cities, Wine country', '', 'Alameda County', 'California', 0.77, '2025-08-31 08:00:14'),
(500105, 5, 'Mission District, San Francisco',
 'The Mission District is one of San Francisco''s oldest neighborhoods, known for murals and Latino culture.',
 'The Mission District is a neighborhood in San Francisco named after Mission San Francisco de Asís, known as Mission Dolores, founded in 1776. It is known for its warm, sunny weather, its murals, and a long-standing Latino community. Valencia and Mission streets are its main commercial corridors, and two BART stations serve the area.',
 'History, Murals, Latino culture, Neighborhoods, Transit', 'San Francisco', 'San Francisco County', 'California', 0.9, '2025-08-31 08:00:20'),
(500106, 6, 'Noe Valley, San Francisco',
 'Noe Valley is a residential San Francisco neighborhood south of the Castro.',
 'Noe Valley is a mostly residential neighborhood in San Francisco, south of the Castro and west of the Mission District. It is named after José de Jesús Noé, the last Mexican alcalde of Yerba Buena, whose rancho covered the area. Its streets are lined with Victorian and Edwardian houses, and 24th Street is its small commercial center.',
 '["Neighborhoods", "Victorian architecture", "Mexican era", "Families"]', 'San Francisco', 'San Francisco County', 'California', 0.86, '2025-08-31 08:00:24'),
(500107, 7, 'Mission Dolores Park',
 'Dolores Park is a popular hillside park in the Mission District.',
 'Mission Dolores Park is a city park at the western edge of the Mission District, on land that once held Jewish cemeteries. Its sloping lawns look out over downtown San Francisco and the bay, and on sunny weekends the park is one of the busiest gathering places in the city.',
 'Parks, Recreation, History, Views', 'San Francisco', 'San Francisco County', 'California', 0.79, '2025-08-31 08:00:28'),
(500108, 8, 'Park City, Utah',
 'Park City is a former silver-mining town in Summit County, now a year-round mountain resort.',
 'Park City is a city in Summit County, Utah, in the Wasatch Range east of Salt Lake City. It began as a silver-mining camp in the 1870s and became a ski town after the mines closed. It hosted events of the 2002 Winter Olympics and is home to large ski areas and the Sundance Film Festival, and its historic Main Street is lined with restaurants, shops and galleries.',
 '["Mining history", "Skiing", "Film festival", "Olympics", "Tourism"]', 'Park City', 'Summit County', 'Utah', 0.95, '2025-08-31 08:00:33'),
(500109, 9, 'Deer Valley',
 'Deer Valley is a ski resort beside Park City that allows skiers only.',
 'Deer Valley is a ski resort in the Wasatch Range next to Park City, Utah. It opened in 1981 and is known for carefully groomed runs, a high level of service and for being one of the few American resorts where snowboarding is not allowed. It hosted freestyle skiing events at the 2002 Winter Olympics.',
 'Skiing, Resorts, Olympics, Luxury travel', 'Park City', 'Summit County', 'Utah', 0.89, '2025-08-31 08:00:37'),
(500110, 10, 'Heber City, Utah',
 'Heber City is the county seat of Wasatch County, in the Heber Valley.',
 'Heber City is the county seat of Wasatch County, Utah, in the Heber Valley south of Park City. Settled by Mormon pioneers in 1859, it grew as a farming and ranching town. The city is now growing quickly, with residents drawn by the nearby reservoirs, mountain trails and the short drive to Park City and Provo.',
 'Pioneer history, Ranching, Recreation, Growth', 'Heber City', 'Wasatch County', 'Utah', 0.91, '2025-08-31 08:00:41'),
(500111, 11, 'Jordanelle State Park',
 'Jordanelle State Park is a reservoir park for boating, fishing and camping near Heber City.',
 'Jordanelle State Park is a state park on the shores of the Jordanelle Reservoir, formed by a dam on the Provo River north of Heber City and completed in the 1990s. It offers boat ramps, beaches, campgrounds and trails, and is a popular summer destination for residents of Park City and the Wasatch Front.',
 '["Reservoirs", "Boating", "Camping", "State parks"]', NULL, 'Wasatch County', 'Utah', 0.87, '2025-08-31 08:00:45'),
(500112, 13, 'Heber Valley Railroad',
 'A heritage railroad running excursion trains from Heber City through Provo Canyon.',
 '',
 'Railroads, Tourism', 'Heber City', 'Wasatch County', 'Utah', 0.72, '2025-08-31 08:00:50');

COMMIT;
