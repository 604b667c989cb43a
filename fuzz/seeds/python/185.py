# Nightly script: a connection taken with `getconn()` stays open (before `putconn`) while `urlopen` downloads each exchange rate.
import json
import os
import urllib.request
from urllib.request import urlopen

from psycopg2.pool import SimpleConnectionPool

pool = SimpleConnectionPool(1, 4, dsn=os.environ["DATABASE_URL"])
RATES_URL = "https://rates.example.com/latest?base={}"


def refresh_rates(currencies):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            for code in currencies:
                with urllib.request.urlopen(RATES_URL.format(code), timeout=30) as resp:  # expect: CL302
                    rates = json.load(resp)["rates"]
                cur.executemany(
                    "INSERT INTO fx_rates (base, quote, rate) VALUES (%s, %s, %s)",
                    [(code, quote, rate) for quote, rate in rates.items()],
                )
        conn.commit()
    finally:
        pool.putconn(conn)


def refresh_holidays(country):
    conn = pool.getconn()  # expect: CL101
    try:
        payload = json.load(urlopen(f"https://holidays.example.com/{country}", timeout=30))  # expect: CL302
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO holidays (country, day) VALUES (%s, %s)", [(country, d) for d in payload])
        conn.commit()
    finally:
        pool.putconn(conn)


if __name__ == "__main__":
    refresh_rates(["EUR", "USD", "GBP"])
    refresh_holidays("DE")
