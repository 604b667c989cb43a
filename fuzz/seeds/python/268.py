# Negative for CL103: an acquirer that may return None, checked with `if not conn`, `is None`, `is not None` and `and`.
import logging

import psycopg2

logger = logging.getLogger(__name__)


def try_connect(dsn):
    try:
        return psycopg2.connect(dsn, connect_timeout=3)
    except psycopg2.OperationalError:
        logger.warning("database unavailable")
        return None


def record_heartbeat(dsn, node):
    conn = try_connect(dsn)  # expect: CL101
    if not conn:
        return False
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO heartbeats (node) VALUES (%s)", (node,))
        conn.commit()
    finally:
        conn.close()
    return True


def record_metric(dsn, name, value):
    conn = try_connect(dsn)  # expect: CL101
    if conn is None:
        return
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO metrics (name, value) VALUES (%s, %s)", (name, value))
        conn.commit()
    finally:
        conn.close()


def last_heartbeat(dsn, node):
    conn = None
    try:
        conn = try_connect(dsn)  # expect: CL101
        if conn is None:
            return None
        with conn.cursor() as cur:
            cur.execute("SELECT max(ts) FROM heartbeats WHERE node = %s", (node,))
            return cur.fetchone()[0]
    finally:
        conn and conn.close()


def node_count(dsn):
    conn = try_connect(dsn)  # expect: CL101
    count = 0
    if conn is not None:
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(DISTINCT node) FROM heartbeats")
                count = cur.fetchone()[0]
        finally:
            conn.close()
    return count
