"""Self-test (honesty): what cannot be run is reported and counted, not dropped."""
import sqlite3


class Broken:
    def __init__(self, path):
        raise RuntimeError("cannot be built")

    def size(self):
        return 0


def size(path):
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM t").fetchone()[0]
