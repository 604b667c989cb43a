"""Fake psycopg2.sql: composable SQL whose text the fakes can read."""

from _oracle_ledger import sql_text

__oracle_fake__ = True


class Composable:
    def __init__(self, wrapped):
        self._wrapped = wrapped

    @property
    def _oracle_sql(self):
        return self._text()

    def _text(self):
        return str(self._wrapped)

    def as_string(self, context=None):
        return self._text()

    def __add__(self, other):
        return Composed([self, other])

    def __mul__(self, n):
        return Composed([self] * n)

    def __eq__(self, other):
        return type(self) is type(other) and self._text() == other._text()

    def __hash__(self):
        return hash(self._text())

    def __repr__(self):
        return f"{type(self).__name__}({self._wrapped!r})"


class SQL(Composable):
    @property
    def string(self):
        return self._wrapped

    def format(self, *args, **kwargs):
        text = self._wrapped
        for a in args:
            text = text.replace("{}", _part(a), 1)
        for k, v in kwargs.items():
            text = text.replace("{%s}" % k, _part(v))
        return Composed([SQL(text)])

    def join(self, seq):
        return Composed([SQL(self._wrapped.join(_part(x) for x in seq))])


class Identifier(Composable):
    def __init__(self, *strings):
        super().__init__(strings)

    def _text(self):
        return ".".join('"%s"' % s for s in self._wrapped)


class Literal(Composable):
    def _text(self):
        return repr(self._wrapped)


class Placeholder(Composable):
    def __init__(self, name=None):
        super().__init__(name)

    def _text(self):
        return "%s" if self._wrapped is None else "%%(%s)s" % self._wrapped


class Composed(Composable):
    def __init__(self, seq):
        super().__init__(list(seq))

    def _text(self):
        return "".join(_part(x) for x in self._wrapped)

    def join(self, joiner):
        j = joiner if isinstance(joiner, str) else _part(joiner)
        return Composed([SQL(j.join(_part(x) for x in self._wrapped))])


def _part(x):
    return x._text() if isinstance(x, Composable) else sql_text(x) if isinstance(x, (str, bytes)) else str(x)


NULL = SQL("NULL")
DEFAULT = SQL("DEFAULT")
