"""Fake psycopg.rows: row factories take the cursor and return a maker of rows."""

import collections

__oracle_fake__ = True


def _names(cursor):
    return [d[0] for d in (cursor.description or [])]


def tuple_row(cursor):
    return tuple


def dict_row(cursor):
    names = _names(cursor)
    return lambda values: dict(zip(names, values))


def namedtuple_row(cursor):
    names = [n if n.isidentifier() else f"f{i}" for i, n in enumerate(_names(cursor))]
    nt = collections.namedtuple("Row", names)
    return lambda values: nt(*values)


def class_row(cls):
    def factory(cursor):
        names = _names(cursor)
        return lambda values: cls(**dict(zip(names, values)))

    return factory


def args_row(func):
    return lambda cursor: (lambda values: func(*values))


def kwargs_row(func):
    def factory(cursor):
        names = _names(cursor)
        return lambda values: func(**dict(zip(names, values)))

    return factory


def scalar_row(cursor):
    return lambda values: values[0]


TupleRow = tuple
DictRow = dict
