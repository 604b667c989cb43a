# Jobs that call the acquirer of a sibling module imported without its package prefix.
from storage import open_db


def purge():
    db = open_db()  # expect: CL101 CL102 "`service.storage.open_db` returns a new sqlite3 connection"
    db.execute("DELETE FROM events WHERE ts < date('now', '-30 day')")
    db.commit()
    db.close()
