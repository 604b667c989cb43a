from contextlib import contextmanager, suppress, closing
import sqlite3


def vacuum(path):
    with closing(sqlite3.connect(path)) as db, db:  # the block only commits
        db.execute("VACUUM")
    with suppress(FileNotFoundError):
        pass


@contextmanager
def nothing():
    yield
