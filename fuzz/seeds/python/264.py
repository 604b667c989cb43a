# Negative for CL103: a connection opened in each iteration and closed in that iteration, with a `for`/`else`.
import logging
import sqlite3

logger = logging.getLogger(__name__)


def merge_archives(paths):
    totals = {}
    for path in paths:
        src = sqlite3.connect(path)  # expect: CL101
        try:
            for day, total in src.execute("SELECT day, total FROM daily"):
                totals[day] = totals.get(day, 0) + total
        finally:
            src.close()
    return totals


def find_archive(paths, day):
    for path in paths:
        src = sqlite3.connect(path)  # expect: CL101
        try:
            row = src.execute("SELECT total FROM daily WHERE day = ?", (day,)).fetchone()
        finally:
            src.close()
        if row is not None:
            break
    else:
        logger.info("no archive has %s", day)
        return None
    return path
