#!/usr/bin/env python3
"""Floods a netagent serve-echo with valid requests (netagent/echo.h) from one address.

Usage: echo_flood.py BIND_ADDRESS DESTINATION_ADDRESS DESTINATION_PORT PACKETS_PER_SECOND SECONDS

Sends 100-byte requests at the given rate for the given time, then waits 0.5 s for the last
replies, and prints {"sent": N, "answered": M} as JSON.
"""
import json
import socket
import sys
import time

bind, destination, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
rate, seconds = float(sys.argv[4]), float(sys.argv[5])
request = b"NAEC\x01\x00\x00\x00" + bytes(92)
flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flood.bind((bind, 0))
flood.setblocking(False)
sent = answered = 0
start = time.monotonic()
end = start + seconds
while True:
    now = time.monotonic()
    if now >= end + 0.5:
        break
    while now < end and sent < (now - start) * rate:
        flood.sendto(request, (destination, port))
        sent += 1
    try:
        while True:
            reply = flood.recv(2048)
            answered += reply[5] & 1 == 1
    except BlockingIOError:
        pass
    time.sleep(0.0005)
print(json.dumps({"sent": sent, "answered": answered}))
