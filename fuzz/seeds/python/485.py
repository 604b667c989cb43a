# A settings store whose methods use `with sqlite3.connect(self.path) as conn:`: one handle left open per call.
import json
import sqlite3


class SettingsStore:
    def __init__(self, path):
        self.path = path

    def get(self, key, default=None):
        with sqlite3.connect(self.path) as conn:  # expect: CL105
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key, value):
        with sqlite3.connect(self.path) as conn:  # expect: CL105
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
