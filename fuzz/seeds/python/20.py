from contextlib import contextmanager, suppress
import sqlite3


def vacuum(path):
    with sqlite3.connect(path) as db:  # the block only commits
        db.execute("VACUUM")
    with suppress(FileNotFoundError):
        pass


@contextmanager
def nothing():
    yield
