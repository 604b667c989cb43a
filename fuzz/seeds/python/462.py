# A repository keeps a `threading.local()` on `self` and caches a connection on it.
import threading

import psycopg2


class OrderRepository:
    def __init__(self, dsn):
        self.dsn = dsn
        self._local = threading.local()

    def connection(self):
        if not hasattr(self._local, "conn"):
            self._local.conn = psycopg2.connect(self.dsn)  # expect: CL204
        return self._local.conn

    def remember_tenant(self, tenant):
        self._local.tenant = tenant
