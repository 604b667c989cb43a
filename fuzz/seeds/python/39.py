"""No imports at all: the import goes after the docstring."""
from contextlib import closing


def load(path):
	import sqlite3
	with closing(sqlite3.connect(path)) as conn, conn:
		return conn.execute("SELECT 1").fetchone()
