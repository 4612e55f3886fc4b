CREATE TABLE people (name TEXT, age INTEGER, zip TEXT, score REAL);
INSERT INTO people VALUES
	('Ann', 34, '02134', 1.5),
	('Bob', 51, '94110', 2.25),
	('Cy', 28, '02134', NULL),
	('Dee', 62, '2134', 0.5);
