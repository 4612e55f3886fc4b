CREATE TABLE t (id INTEGER, j TEXT);
INSERT INTO t VALUES (1, '[1]'), (2, 'not json'), (3, '{}'), (4, '[]');
CREATE TABLE articles (id INTEGER, pageid INTEGER, title TEXT, url TEXT,
	categories TEXT, latitude REAL, longitude REAL, relevance_score REAL);
CREATE TABLE page_summaries (page_id INTEGER, short_summary TEXT,
	long_summary TEXT, key_topics TEXT, best_city TEXT, best_county TEXT,
	best_state TEXT, overall_confidence REAL);
INSERT INTO articles VALUES (1, 10, 'A', NULL, 'x', NULL, NULL, 0.9),
	(2, 11, 'B', NULL, 'y', NULL, NULL, 0.5);
INSERT INTO page_summaries VALUES (10, 's', 'long', 'k', NULL, NULL, NULL, 1),
	(11, 's', 'long', 'k', NULL, NULL, NULL, 1);
