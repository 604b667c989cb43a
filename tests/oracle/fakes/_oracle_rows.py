"""Rows shared by the fake drivers: one row of 1s per query, one 1 per column."""

from _oracle_ledger import shape


class Column(tuple):
    """A DB-API description entry (name, type_code, ...), with `.name` as in psycopg."""

    def __new__(cls, name):
        return super().__new__(cls, (name, 23, None, None, None, None, None))

    @property
    def name(self):
        return self[0]

    @property
    def type_code(self):
        return self[1]


def result_for(query, many=1):
    """(kind, description or None, list of value tuples, rowcount) for one execute."""
    kind, cols = shape(query)
    if cols is None:
        return kind, None, None, max(many, 1) if kind in ("INSERT", "UPDATE", "DELETE") else -1
    return kind, [Column(c) for c in cols], [tuple(1 for _ in cols)], 1
