# Negative: a maintenance script that builds its engine in the `if __name__ == "__main__":` block.
import argparse

from sqlalchemy import create_engine, text


def vacuum_tables(engine, tables):
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            conn.execute(text(f"VACUUM ANALYZE {table}"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args()
    engine = create_engine(args.url, pool_size=1)
    vacuum_tables(engine, args.tables)
    engine.dispose()
