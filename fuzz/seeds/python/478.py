# Negative: `with self.conn:` and `with DB:` on long-lived connections (an attribute, a module global): transactions by design.
import sqlite3

DB = sqlite3.connect("/var/lib/agent/state.db", check_same_thread=False)


class Inbox:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def push(self, message):
        with self.conn:
            self.conn.execute("INSERT INTO inbox (body) VALUES (?)", (message,))

    def close(self):
        self.conn.close()


def remember(key, value):
    with DB:
        DB.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))
