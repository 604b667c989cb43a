from asyncpg import Pool, PoolAcquireContext, create_pool  # noqa: F401

__oracle_fake__ = True
