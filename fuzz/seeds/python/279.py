# Sockets, declared in connlint.toml: the same rules as for connections.
import socket


def ping(host):
    s = socket.create_connection((host, 80))  # expect: CL101
    try:
        s.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
        return s.recv(100)
    finally:
        s.close()


def banner(host):
    s = socket.create_connection((host, 25))  # expect: CL101 CL103 "`return` on line 18"
    line = s.recv(512)
    if not line:
        return None
    s.close()
    return line


def probe(host):
    with socket.create_connection((host, 22)) as s:
        return s.recv(64)
