__oracle_fake__ = True
from sqlalchemy.ext import asyncio  # noqa: E402,F401
