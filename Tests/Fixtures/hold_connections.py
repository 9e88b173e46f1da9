#!/usr/bin/env python3
"""Opens many TCP connections to a server and holds them, as a local user starving it would.

Usage: hold_connections.py ADDRESS PORT COUNT SECONDS [idle|partial]

The connections are opened at once (non-blocking) and stay idle, or ("partial") each sends the
start of a request header and never its end. For SECONDS it watches them and prints, as JSON:
"established", how many connected; "open", how many the server had not closed at the end; and
"closed_after_s", for each connection the server closed, the seconds from its connecting to its
closing.
"""
import json
import resource
import select
import socket
import sys
import time

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
address, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
partial = len(sys.argv) > 5 and sys.argv[5] == "partial"
connections = {}
poller = select.poll()
for _ in range(count):
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    connection.setblocking(False)
    connection.connect_ex((address, port))
    connections[connection.fileno()] = {"socket": connection, "established": None}
    poller.register(connection.fileno(), select.POLLOUT)
closed_after = []
end = time.monotonic() + seconds
while connections and time.monotonic() < end:
    for fd, events in poller.poll(50):
        entry = connections[fd]
        now = time.monotonic()
        if entry["established"] is None:
            if entry["socket"].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                poller.unregister(fd)
                del connections[fd]
                continue
            entry["established"] = now
            if partial:
                entry["socket"].send(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
            poller.modify(fd, select.POLLIN)
            continue
        try:
            data = entry["socket"].recv(4096)
        except BlockingIOError:
            continue
        except (ConnectionResetError, ConnectionRefusedError):
            data = b""
        if not data:
            closed_after.append(round(now - entry["established"], 3))
            poller.unregister(fd)
            del connections[fd]
established = len(closed_after) + sum(1 for entry in connections.values() if entry["established"] is not None)
print(json.dumps({"established": established, "open": established - len(closed_after), "closed_after_s": closed_after}))
