# Negative: connections kept in containers, module-level shared connections, and `global` caches.
import sqlite3

import psycopg2

_replicas = []
shared = sqlite3.connect(":memory:")
_conn = None


def add_replica(dsn):
    _replicas.append(psycopg2.connect(dsn))


def connect_all(dsns):
    conns = {name: psycopg2.connect(dsn) for name, dsn in dsns.items()}
    return conns


def cached_connection(dsn):
    global _conn
    if _conn is None:
        _conn = psycopg2.connect(dsn)
    return _conn


def query(sql):
    return shared.execute(sql).fetchall()
