"""The canonical shape nested in a method and an `if`: the fix keeps the indentation."""
import sqlite3


class Archive:
    def __init__(self, path):
        self.path = path

    def prune(self, days, dry_run=False):
        if not dry_run:
            db = sqlite3.connect(self.path)
            try:
                db.execute("DELETE FROM events WHERE age > ?", (days,))
                db.commit()
            finally:
                db.close()
        return days

    def count(self):
        def inner():
            db = sqlite3.connect(self.path)
            try:
                return db.execute("SELECT count(*) FROM events").fetchone()[0]
            finally:
                db.close()

        return inner()
