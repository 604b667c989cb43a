"""No imports at all: the import goes after the docstring."""


def load(path):
	import sqlite3
	with sqlite3.connect(path) as conn:
		return conn.execute("SELECT 1").fetchone()
