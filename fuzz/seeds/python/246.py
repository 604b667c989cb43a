# The connection is opened inside the loop and closed after it: each iteration overwrites a connection that is still open.
import sqlite3


def merge_archives(paths):
    totals = {}
    for path in paths:
        src = sqlite3.connect(path)  # expect: CL101 CL103
        for day, total in src.execute("SELECT day, total FROM daily"):
            totals[day] = totals.get(day, 0) + total
    src.close()
    return totals
