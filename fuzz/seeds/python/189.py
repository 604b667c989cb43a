# asyncpg pools with literal bounds that cannot work: min_size above max_size, and max_size=0.
import os

import asyncpg


async def create_pools():
    reader = await asyncpg.create_pool(os.environ["READER_URL"], min_size=20, max_size=10)  # expect: CL203
    writer = await asyncpg.create_pool(os.environ["WRITER_URL"], min_size=0, max_size=0)  # expect: CL203
    return reader, writer
