CREATE TABLE docs (id INTEGER, meta TEXT, tags TEXT, note TEXT);
INSERT INTO docs VALUES
	(1, '{"b": 2, "a": [0.1, 1.50, true, null, "x"]}', '["red", "green"]', '{"kept": "as text"}'),
	(2, '  "just a string"  ', '[]', 'x'),
	(3, NULL, '42', NULL),
	(4, '{"nested": {"deep": [1e2, -0.0, 9223372036854775807]}}', 'false', ''),
	(5, 7, 'null', 'y');
