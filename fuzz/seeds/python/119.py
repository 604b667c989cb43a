# Negative: `conn.close()` on connections that never came from a database pool (HTTP, a socket).
import http.client
import socket


def health_status(host):
    conn = http.client.HTTPSConnection(host, timeout=5)
    try:
        conn.request("HEAD", "/healthz")
        return conn.getresponse().status
    finally:
        conn.close()


def port_open(host, port):
    try:
        conn = socket.create_connection((host, port), timeout=2)
    except OSError:
        return False
    conn.close()
    return True
