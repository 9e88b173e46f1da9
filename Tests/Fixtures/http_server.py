#!/usr/bin/python3
"""A local HTTP(S) server for the http probe's tests: answers every GET after a fixed delay.

Usage: http_server.py DELAY_MS [CERT_FILE KEY_FILE]
Listens on 127.0.0.1 on a port the kernel picks, prints that port on one line, and serves
(HTTP/1.1 with keep-alive, TLS when a certificate is given) until it is killed.
"""
import http.server
import ssl
import sys
import time

DELAY = int(sys.argv[1]) / 1000
BODY = b"netagent http probe test\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        time.sleep(DELAY)
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *arguments):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
