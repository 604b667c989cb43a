from psycopg2.sql import SQL, Composable, Composed, Identifier, Literal, Placeholder  # noqa: F401

__oracle_fake__ = True
