-- REALs that JSON cannot hold, in a table and in the preset's tables
-- (key_topics has no type, so that a REAL stays a REAL there).
CREATE TABLE t (id INTEGER, r REAL, s TEXT);
INSERT INTO t VALUES
	(1, 1.5, 'good'),
	(2, 9e999, 'infinity'),
	(3, -9e999, 'minus infinity'),
	(4, 9e999 - 9e999, 'NaN: SQLite stores NULL'),
	(5, 2.5, 'good');
CREATE TABLE articles (id INTEGER PRIMARY KEY, pageid INTEGER, title TEXT,
	url TEXT, categories TEXT, latitude REAL, longitude REAL,
	relevance_score REAL);
CREATE TABLE page_summaries (page_id INTEGER PRIMARY KEY,
	short_summary TEXT, long_summary TEXT, key_topics,
	best_city TEXT, best_county TEXT, best_state TEXT,
	overall_confidence REAL);
INSERT INTO articles VALUES
	(1, 10, 'Good', 'u1', '["a"]', 37.5, -122.25, 0.9),
	(2, 20, 'Infinite latitude', 'u2', '["b"]', 9e999, 1.0, 0.8),
	(3, 30, 'Infinite list', 'u3', '["c"]', 1.0, 1.0, 0.7);
INSERT INTO page_summaries VALUES
	(10, 's', 'long', 'x, y', 'C', 'K', 'S', 0.5),
	(20, 's', 'long', 'x', 'C', 'K', 'S', 0.5),
	(30, 's', 'long', -9e999, 'C', 'K', 'S', 0.5);
