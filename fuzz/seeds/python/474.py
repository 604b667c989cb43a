# Negative: connections owned by an ExitStack through closing(); `with conn:` then only scopes the transaction.
import sqlite3
from contextlib import ExitStack, closing


def merge_databases(target_path, source_paths):
    with ExitStack() as stack:
        target = stack.enter_context(closing(sqlite3.connect(target_path)))
        for path in source_paths:
            source = stack.enter_context(closing(sqlite3.connect(path)))
            rows = source.execute("SELECT key, value FROM kv").fetchall()
            with target:
                target.executemany("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", rows)
