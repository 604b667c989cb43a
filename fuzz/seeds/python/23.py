"""The canonical shape nested in a method and an `if`: the fix keeps the indentation."""
import sqlite3
from contextlib import closing


class Archive:
    def __init__(self, path):
        self.path = path

    def prune(self, days, dry_run=False):
        if not dry_run:
            with closing(sqlite3.connect(self.path)) as db:
                db.execute("DELETE FROM events WHERE age > ?", (days,))
                db.commit()
        return days

    def count(self):
        def inner():
            with closing(sqlite3.connect(self.path)) as db:
                return db.execute("SELECT count(*) FROM events").fetchone()[0]

        return inner()
