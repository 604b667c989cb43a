import sqlite3


def size(path):
	conn = sqlite3.connect(path)
	try:
		return conn.execute("SELECT count(*) FROM t").fetchone()[0]
	finally:
		conn.close()
