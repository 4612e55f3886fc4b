CREATE TABLE articles (id INTEGER PRIMARY KEY, pageid INTEGER NOT NULL,
    title TEXT NOT NULL, url TEXT, categories TEXT, latitude REAL,
    longitude REAL, relevance_score REAL);
CREATE TABLE page_summaries (page_id INTEGER PRIMARY KEY,
    short_summary TEXT NOT NULL, long_summary TEXT NOT NULL, key_topics TEXT,
    best_city TEXT, best_county TEXT, best_state TEXT, overall_confidence REAL);
INSERT INTO articles VALUES
    (1, 10, 'Good', 'u1', '["a"]', 1.0, 2.0, 0.9),
    (2, 20, 'Numbers', 'u2', '[1, 2]', 1.0, 2.0, 0.8),
    (3, 30, 'Broken', 'u3', '["a", ', 1.0, 2.0, 0.7),
    (4, 40, 'Object', 'u4', '["a"]', 1.0, 2.0, 0.6);
INSERT INTO page_summaries VALUES
    (10, 's', 'l', 'x, y', 'c', 'c', 's', 0.5),
    (20, 's', 'l', 'x', 'c', 'c', 's', 0.5),
    (30, 's', 'l', 'x', 'c', 'c', 's', 0.5),
    (40, 's', 'l', '[{"a": 1}]', 'c', 'c', 's', 0.5);
