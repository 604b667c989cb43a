import sqlite3
from contextlib import closing


def size(path):
	with closing(sqlite3.connect(path)) as conn:
		return conn.execute("SELECT count(*) FROM t").fetchone()[0]
