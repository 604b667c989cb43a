from asyncpg import Connection, connect  # noqa: F401

__oracle_fake__ = True
