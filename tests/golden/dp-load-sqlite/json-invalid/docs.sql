CREATE TABLE docs (id INTEGER, meta TEXT);
INSERT INTO docs VALUES
	(1, '{"ok": true}'),
	(2, '{"broken": '),
	(3, '{"ok": 3}');
