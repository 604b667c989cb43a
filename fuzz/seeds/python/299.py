# Negative: calls named like acquisitions that are not database connections.
import socket

import redis
import requests
import websockets


def probe(host):
    sock = socket.socket()
    sock.connect((host, 5432))
    sock.close()


def fetch(url):
    session = requests.Session()
    return session.get(url).json()


def cache():
    client = redis.Redis()
    conn = client.connection_pool.get_connection("GET")
    return conn


async def stream(uri):
    ws = await websockets.connect(uri)
    await ws.send("hi")


def connect(host):
    return {"host": host}


def use():
    cfg = connect("db")
    pool = {}
    pool.get("x")
    return cfg
