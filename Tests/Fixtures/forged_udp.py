#!/usr/bin/env python3
"""Sends one UDP datagram with a forged source, through a raw socket (IP_HDRINCL).

Usage: forged_udp.py SOURCE_ADDRESS SOURCE_PORT DESTINATION_ADDRESS DESTINATION_PORT PAYLOAD_HEX

IPv4 only; the UDP checksum is left 0 (none), which IPv4 allows.
"""
import socket
import struct
import sys

source, source_port, destination, destination_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
payload = bytes.fromhex(sys.argv[5])
udp = struct.pack("!HHHH", source_port, destination_port, 8 + len(payload), 0) + payload
header = struct.pack(
    "!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
    socket.inet_aton(source), socket.inet_aton(destination))
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
raw.sendto(header + udp, (destination, 0))
