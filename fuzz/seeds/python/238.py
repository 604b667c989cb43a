# Negative for CL102: connections handed to the object (attributes on `self`) with only logging in between.
import logging
import sqlite3

import psycopg2

logger = logging.getLogger(__name__)


class Warehouse:
    def __init__(self, dsn, cache_path):
        self.dsn = dsn
        self.cache_path = cache_path
        self.conn = None
        self._cache = None

    def connect(self):
        conn = psycopg2.connect(self.dsn)
        logger.info("connected to %s", self.dsn)
        self.conn = conn

    def open_cache(self):
        cache = sqlite3.connect(self.cache_path)
        self._cache = cache

    def close(self):
        self.conn.close()
        self._cache.close()
