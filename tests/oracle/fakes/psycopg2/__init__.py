"""Fake psycopg2 (2.9): `with conn:` commits or rolls back and does NOT close;
`closed` is an int (0 open, 1 closed); using a closed connection or cursor
raises InterfaceError; `with cur:` closes the cursor."""

from _oracle_ledger import LEDGER, OracleFault, Pending, dbapi_errors, sql_text, stub_fallback, write_of
from _oracle_rows import result_for

__oracle_fake__ = True
__version__ = "2.9.9 (dt dec pq3 ext lo64) [oracle fake]"
apilevel = "2.0"
threadsafety = 2
paramstyle = "pyformat"
DRIVER = "psycopg2"


(
    Warning,  # noqa: A001 - the DB-API name
    Error,
    InterfaceError,
    DatabaseError,
    DataError,
    OperationalError,
    IntegrityError,
    InternalError,
    ProgrammingError,
    NotSupportedError,
) = dbapi_errors(__name__, pgcode=None, pgerror=None, cursor=None, diag=None)


class InjectedFault(OperationalError, OracleFault):
    """The oracle's fault: what a dropped server connection looks like."""


def _op(name):
    LEDGER.op(name, InjectedFault)


class ConnectionInfo:
    def __init__(self, conn):
        self._conn = conn

    @property
    def transaction_status(self):
        return 4 if self._conn._closed else self._conn._status

    @property
    def dbname(self):
        return "oracle"

    @property
    def backend_pid(self):
        return 1

    @property
    def server_version(self):
        return 160000

    def parameter_status(self, name):
        return None


class cursor:  # noqa: N801 - psycopg2's name
    def __init__(self, conn, name=None, *args, **kwargs):
        self.connection = conn
        self.name = name
        self._closed = False
        self.description = None
        self.rowcount = -1
        self._rows = None
        self._pos = 0
        self.arraysize = 1
        self.itersize = 2000
        self.query = None
        self.statusmessage = None
        self.lastrowid = 0
        self.rownumber = 0
        self.scrollable = None
        self.withhold = False
        self.tzinfo_factory = None

    @property
    def closed(self):
        return self._closed or bool(self.connection._closed)

    def _check(self):
        if self.closed:
            raise InterfaceError("cursor already closed")

    def _make_row(self, values):
        return values

    def _load(self, query, many=1):
        kind, desc, rows, rowcount = result_for(query, many)
        self.description = desc
        self._rows = None if rows is None else [self._make_row(r) for r in rows]
        self.rowcount = rowcount
        self._pos = 0
        self.rownumber = 0
        self.query = sql_text(query).encode()
        self.statusmessage = f"{kind} {max(rowcount, 0)}"
        self.connection._touch()
        self.connection._pending.add(write_of(query), self.connection.autocommit)

    def execute(self, query, vars=None):
        self._check()
        _op("execute")
        self._load(query)

    def executemany(self, query, vars_list):
        self._check()
        _op("executemany")
        n = len(list(vars_list))
        self._load(query, n)
        self._rows = None  # executemany discards results

    def callproc(self, procname, parameters=None):
        self._check()
        _op("callproc")
        self._load("SELECT 1")
        return parameters

    def mogrify(self, query, vars=None):
        self._check()
        return sql_text(query).encode()

    def _fetch_check(self):
        self._check()
        if self._rows is None:
            raise ProgrammingError("no results to fetch")

    def fetchone(self):
        self._check()
        _op("fetchone")
        self._fetch_check()
        if self._pos < len(self._rows):
            self._pos += 1
            self.rownumber = self._pos
            return self._rows[self._pos - 1]
        return None

    def fetchmany(self, size=None):
        self._check()
        _op("fetchmany")
        self._fetch_check()
        size = self.arraysize if size is None else size
        out = self._rows[self._pos : self._pos + size]
        self._pos += len(out)
        self.rownumber = self._pos
        return out

    def fetchall(self):
        self._check()
        _op("fetchall")
        self._fetch_check()
        out = self._rows[self._pos :]
        self._pos = len(self._rows)
        self.rownumber = self._pos
        return out

    def __iter__(self):
        self._check()
        _op("fetch")
        self._fetch_check()
        while self._pos < len(self._rows):
            self._pos += 1
            yield self._rows[self._pos - 1]

    def scroll(self, value, mode="relative"):
        self._fetch_check()
        self._pos = value if mode == "absolute" else self._pos + value

    def copy_expert(self, sql, file, size=8192):
        self._check()
        _op("copy")

    def copy_from(self, file, table, sep="\t", null="\\N", size=8192, columns=None):
        self._check()
        _op("copy")

    def copy_to(self, file, table, sep="\t", null="\\N", columns=None):
        self._check()
        _op("copy")

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    def _oracle_norm(self, norm):
        try:
            rows = self.fetchall()
        except Exception as e:  # what the caller would get
            return f"<psycopg2 cursor: fetchall() raised {type(e).__module__}.{type(e).__qualname__}>"
        return f"<psycopg2 cursor: rows {norm(rows)}>"


class connection:  # noqa: N801 - psycopg2's name
    def __init__(self, dsn=None, *args, **kwargs):
        self.dsn = dsn
        self._closed = 0
        self.autocommit = False
        self.cursor_factory = None
        self._status = 0
        self.isolation_level = None
        self.readonly = None
        self.deferrable = None
        self.notices = []
        self.notifies = []
        self.encoding = "UTF8"
        self.server_version = 160000
        self.protocol_version = 3
        self.async_ = 0
        self.status = 1
        self.info = ConnectionInfo(self)
        self._pending = Pending()
        self._oracle_res = LEDGER.open("connection", DRIVER)
        self._oracle_slot = None

    @property
    def closed(self):
        return self._closed

    def _check(self):
        if self._closed:
            raise InterfaceError("connection already closed")

    def _touch(self):
        if not self.autocommit:
            self._status = 2

    def cursor(self, name=None, cursor_factory=None, scrollable=None, withhold=False):
        self._check()
        _op("cursor")
        factory = cursor_factory or self.cursor_factory or self._default_cursor()
        cur = factory(self, name)
        cur.scrollable = scrollable
        cur.withhold = withhold
        return cur

    def _default_cursor(self):
        return cursor

    def commit(self):
        self._check()
        _op("commit")
        self._status = 0
        self._pending.commit()

    def rollback(self):
        self._check()
        _op("rollback")
        self._status = 0
        self._pending.discard()

    def close(self):
        self._pending.discard()
        if not self._closed:
            self._closed = 1
            if self._oracle_res is not None:
                self._oracle_res.close()

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, exc_type, exc, tb):
        # Commits or rolls back; the connection stays open (psycopg2 docs,
        # "with statement": "the connection is not closed by the context").
        self._check()
        self._status = 0  # commit (success) or rollback (exception): never a fault point
        if exc_type is None:
            self._pending.commit()
        else:
            self._pending.discard()
        return False

    def set_session(self, isolation_level=None, readonly=None, deferrable=None, autocommit=None):
        self._check()
        _op("set_session")
        if autocommit is not None:
            self.autocommit = autocommit
        if isolation_level is not None:
            self.isolation_level = isolation_level

    def set_isolation_level(self, level):
        self._check()
        self.isolation_level = level
        self.autocommit = level == 0

    def set_client_encoding(self, encoding):
        self._check()
        self.encoding = encoding

    def get_transaction_status(self):
        return self.info.transaction_status

    def get_backend_pid(self):
        self._check()
        return 1

    def get_parameter_status(self, parameter):
        return None

    def get_dsn_parameters(self):
        self._check()
        return {"dbname": "oracle"}

    def cancel(self):
        self._check()

    def reset(self):
        self._check()
        self._status = 0

    def _oracle_resources(self):
        return [r for r in (self._oracle_res, self._oracle_slot) if r is not None]

    def _oracle_norm(self, norm):
        return f"<psycopg2 connection {'closed' if self._closed else 'open'}>"


# libpq's connection keywords (and psycopg2's alias `database`): anything else
# in connect(**kwargs) is rejected, as libpq does.
_LIBPQ_KEYWORDS = {
    "host", "hostaddr", "port", "dbname", "database", "user", "password", "passfile", "channel_binding",
    "connect_timeout", "client_encoding", "options", "application_name", "fallback_application_name",
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
    "replication", "gssencmode", "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey", "sslpassword",
    "sslcertmode", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
    "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs",
    "load_balance_hosts", "sslnegotiation", "require_auth", "async", "async_",
}


def connect(dsn=None, connection_factory=None, cursor_factory=None, **kwargs):
    _op("connect")
    for k in kwargs:
        if k not in _LIBPQ_KEYWORDS:
            raise ProgrammingError(f'invalid dsn: invalid connection option "{k}"\n')
    conn = (connection_factory or connection)(dsn if dsn is not None else "", **({} if connection_factory else kwargs))
    if cursor_factory is not None:
        conn.cursor_factory = cursor_factory
    return conn


Binary = bytes
STRING = "STRING"
BINARY = "BINARY"
NUMBER = "NUMBER"
DATETIME = "DATETIME"
ROWID = "ROWID"

from . import errors, extensions, extras, pool, sql  # noqa: E402 - after the classes they use


def __getattr__(name):
    return stub_fallback(__name__, name)
