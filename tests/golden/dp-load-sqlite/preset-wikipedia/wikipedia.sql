-- A small Wikipedia database in the seed's schema (create_schema.sql),
-- except that page_summaries.long_summary may be NULL here.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pageid INTEGER NOT NULL,
    location_id INTEGER NOT NULL,
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
    infobox_data TEXT
);
CREATE TABLE page_summaries (
    page_id INTEGER PRIMARY KEY,
    article_id INTEGER,
    title TEXT,
    short_summary TEXT NOT NULL,
    long_summary TEXT,
    key_topics TEXT,
    best_city TEXT,
    best_county TEXT,
    best_state TEXT,
    overall_confidence REAL,
    processed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO articles (id, pageid, location_id, title, url, extract, categories,
    latitude, longitude, relevance_score) VALUES
    -- page 100 twice: the more relevant row (id 2) wins
    (1, 100, 1, 'Alpha (less relevant)', 'https://en.wikipedia.org/wiki/Alpha_old',
     'x', '["old"]', 1.0, 2.0, 0.5),
    (2, 100, 2, 'Alpha', 'https://en.wikipedia.org/wiki/Alpha',
     'x', '["city", "california"]', 37.75, -122.5, 0.9),
    -- page 200 twice with equal relevance: the lower id (3) wins
    (3, 200, 1, 'Bravo', 'https://en.wikipedia.org/wiki/Bravo',
     'x', NULL, 40.5, -111.25, 0.7),
    (4, 200, 2, 'Bravo (higher id)', 'https://en.wikipedia.org/wiki/Bravo_2',
     'x', '["dup"]', 0.0, 0.0, 0.7),
    -- no long summary: left out
    (5, 300, 1, 'Charlie (NULL long summary)', NULL, 'x', NULL, NULL, NULL, 0.95),
    (6, 350, 1, 'Charlie (blank long summary)', NULL, 'x', NULL, NULL, NULL, 0.8),
    -- ties Bravo on relevance: ordered after it by page id
    (7, 400, 3, 'Delta', 'https://en.wikipedia.org/wiki/Delta',
     'x', '[]', 40.6461, -111.498, 0.7),
    -- NULLs stay null; no relevance sorts last
    (8, 500, 3, 'Echo', NULL, NULL, '', NULL, NULL, NULL),
    -- no summary row at all: left out
    (9, 600, 3, 'Foxtrot (no summary)', NULL, 'x', '["park"]', 1.0, 1.0, 0.99);
INSERT INTO page_summaries (page_id, article_id, title, short_summary,
    long_summary, key_topics, best_city, best_county, best_state,
    overall_confidence) VALUES
    (100, 2, 'Alpha', 'Alpha, short.', 'Alpha, long: a "quoted" word.',
     '["Transit", "Parks"]', 'Alpha City', 'Alpha County', 'California', 0.85),
    (200, 3, 'Bravo', 'Bravo, short.', 'Bravo, long.',
     ' History, Geography ,, Demographics ,', 'Bravo', NULL, 'Utah', 0.5),
    (300, 5, 'Charlie', 'Charlie, short.', NULL, 'a, b', 'C', 'C', 'Utah', 0.9),
    (350, 6, 'Charlie', 'Charlie, short.', ' ' || char(10, 9) || ' ', 'a', 'C', 'C', 'Utah', 0.9),
    (400, 7, 'Delta', 'Delta, short.', 'Delta, long.',
     '  ["Skiing", "Mining history"] ', 'Park City', 'Summit', 'Utah', 1),
    (500, 8, 'Echo', '', 'Echo, long.', NULL, NULL, NULL, NULL, NULL);
