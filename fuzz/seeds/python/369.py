# Negative: a one-off script's `__main__` block may open its own connection.
import sys
from contextlib import closing

import psycopg2


def main(dsn):
    print(dsn)


if __name__ == "__main__":
    with closing(psycopg2.connect(sys.argv[1])) as conn:
        main(conn.dsn)
