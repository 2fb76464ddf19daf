#!/usr/bin/env python3
"""Loopback SMTP sink for tests (aiosmtpd). Each accepted message -> DIR/<n>.eml (raw DATA bytes,
CRLF line ends as received, dot-unstuffed) + DIR/<n>.json (envelope). Both are in place (written
to a .tmp name, then renamed) BEFORE the client gets "250", so a test may read them as soon as
its SMTP call returns.

  python3 smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0] [--ready-file FILE]
--port 0 picks a free port; the bound port is printed as "PORT <n>" on stdout (flushed) and,
with --ready-file, written to that file (atomically) once the server is accepting.
Stops on SIGTERM/SIGINT (exit 0).
"""
import argparse
import asyncio
import itertools
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--ready-file")
a = ap.parse_args()
os.makedirs(a.dir, exist_ok=True)
seq = itertools.count(1)


def put(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Save:
    async def handle_DATA(self, server, session, envelope):
        n = "%04d" % next(seq)
        put(os.path.join(a.dir, n + ".json"), json.dumps({
            "peer": list(session.peer), "helo": session.host_name,
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options}).encode())
        put(os.path.join(a.dir, n + ".eml"), envelope.original_content or envelope.content)
        return "250 2.0.0 Ok: saved as " + n


def main():
    # port 0: bind ourselves to learn the port, then hand the socket to aiosmtpd
    import socket
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((a.host, a.port))
    port = sock.getsockname()[1]
    loop = asyncio.new_event_loop()
    srv = loop.run_until_complete(loop.create_server(
        lambda: SMTP(Save(), hostname="sink.test", ident="softpass-test-sink"), sock=sock))
    print("PORT %d" % port, flush=True)
    if a.ready_file:
        put(a.ready_file, str(port).encode())
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    srv.close()
    loop.run_until_complete(srv.wait_closed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
