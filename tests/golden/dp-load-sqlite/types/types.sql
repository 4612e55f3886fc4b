-- Every storage class, and the edges of INTEGER and REAL.
CREATE TABLE types (name TEXT, v);
INSERT INTO types VALUES
	('int', 42),
	('int negative', -7),
	('int64 max', 9223372036854775807),
	('int64 min', -9223372036854775808),
	('real 0.1', 0.1),
	('real whole', 3.0),
	('real big', 1e300),
	('real small', 1.5e-7),
	('real infinite', 9e999),
	('text', 'héllo "wörld" \ back'),
	('text controls', 'tab' || char(9) || 'nl' || char(10) || 'nul' || char(0) || 'end'),
	('text empty', ''),
	('text numeric', '007'),
	('blob 3', x'000102'),
	('blob 2', x'fffe'),
	('blob 1', x'41'),
	('blob empty', x''),
	('null', NULL);
