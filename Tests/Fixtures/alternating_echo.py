#!/usr/bin/env python3
"""A UDP echo server whose replies alternate between prompt and 10 ms late.

Usage: alternating_echo.py ADDRESS PORT

Every second datagram is held for 10 ms before it goes back, so a stream paced at 20 ms sees
round trips alternate between t and t + 10 ms: RFC 3550 jitter converges on 10 ms. Like
netagent serve-echo, it answers with the echo header's reply flag set (netagent/echo.h).
"""
import socket
import sys
import time

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind((sys.argv[1], int(sys.argv[2])))
count = 0
while True:
    data, sender = server.recvfrom(2048)
    if count % 2 == 1:
        time.sleep(0.010)
    server.sendto(data[:5] + bytes([data[5] | 1]) + data[6:], sender)
    count += 1
