CREATE TABLE docs (id INTEGER, meta TEXT);
INSERT INTO docs VALUES
	(1, '{"ok": true}'),
	(2, '{"broken": '),
	(3, 'nope'),
	(4, '{"big": 99999999999999999999}'),
	(5, '{"ok": 5}');
