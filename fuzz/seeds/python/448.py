# Negative: a `threading.local` subclass holding per-thread configuration (DSN, timeouts), not connections.
import os
import threading


class DatabaseSettings(threading.local):
    def __init__(self):
        self.dsn = os.environ["DATABASE_URL"]
        self.statement_timeout_ms = 5000
        self.read_only = False


settings = DatabaseSettings()


def use_replica():
    settings.dsn = os.environ["REPLICA_URL"]
    settings.read_only = True
