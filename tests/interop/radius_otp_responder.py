#!/usr/bin/env python3
"""A small RADIUS OTP server on pyrad 2.6.0 (an implementation independent of softpass's codec),
the peer for `softpass login --radius` and `softpass simulate --radius`.

  python3 radius_otp_responder.py --secret-file F --users USERS.json --ready-file F [--port 0]
          [--drop-first]

USERS.json: {"alice": {"key": "<hex>", "pin": "1234", "counter": 0}, ...}. privacyIDEA's HOTP
rules (window 10, PIN prepended, fail counter 10) and messages: "matching 1 tokens",
"wrong otp pin", "wrong otp value", "wrong otp value. previous otp used again",
"Failcounter exceeded". User "enrol" gets an Access-Challenge "enrollment required" with a State.
Requires a Message-Authenticator on requests; replies carry one first (pyrad's CreateReply).
--drop-first: ignore the first datagram of each request (tests the client's retransmission).
RFC 5080 duplicate cache: a retransmission gets the cached reply bytes.
Writes the bound port to --ready-file; stops on SIGTERM.
"""
import argparse
import hashlib
import hmac
import json
import os
import socket
import struct

from pyrad import dictionary, packet

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--secret-file", required=True)
ap.add_argument("--users", required=True)
ap.add_argument("--ready-file", required=True)
ap.add_argument("--drop-first", action="store_true")
a = ap.parse_args()

SECRET = open(a.secret_file, "rb").read().splitlines()[0]
USERS = json.load(open(a.users))
for u in USERS.values():
    u.setdefault("counter", 0)
    u["fail"] = 0
DICT = dictionary.Dictionary(os.path.join(os.path.dirname(os.path.abspath(__file__)), "radius-dictionary"))


def hotp(key, c):
    d = hmac.new(key, struct.pack(">Q", c), hashlib.sha1).digest()
    o = d[-1] & 15
    return "%06d" % ((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def check(user, pw):
    """privacyIDEA's single-token rules; returns (code, message)."""
    u = USERS.get(user)
    if u is None:
        return packet.AccessReject, "User <%s> does not exist." % user
    if u["fail"] >= 10:
        return packet.AccessReject, "Failcounter exceeded"
    pin, otp = pw[:-6], pw[-6:]
    if len(pw) < 6 or pin != u["pin"]:
        u["fail"] += 1
        return packet.AccessReject, "wrong otp pin"
    key = bytes.fromhex(u["key"])
    for c in range(u["counter"], u["counter"] + 10):
        if hmac.compare_digest(hotp(key, c), otp):
            u["counter"] = c + 1
            u["fail"] = 0
            return packet.AccessAccept, "matching 1 tokens"
    u["fail"] += 1
    if u["counter"] > 0 and hotp(key, u["counter"] - 1) == otp:
        return packet.AccessReject, "wrong otp value. previous otp used again"
    return packet.AccessReject, "wrong otp value"


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", a.port))
    tmp = a.ready_file + ".tmp"
    open(tmp, "w").write(str(sock.getsockname()[1]))
    os.rename(tmp, a.ready_file)
    cache = {}
    seen = set()
    while True:
        data, peer = sock.recvfrom(4097)
        try:
            req = packet.AuthPacket(packet=data, secret=SECRET, dict=DICT)
        except Exception:
            continue
        if req.code != packet.AccessRequest or "Message-Authenticator" not in req:
            continue
        if not req.verify_message_authenticator():
            continue
        key = (peer, req.id, req.authenticator)
        if key in cache:
            sock.sendto(cache[key], peer)
            continue
        if a.drop_first and key not in seen:
            seen.add(key)
            continue
        user = req["User-Name"][0]
        pw = req.PwDecrypt(req["User-Password"][0])
        reply = req.CreateReply()
        if user == "enrol":
            reply.code = packet.AccessChallenge
            reply["State"] = os.urandom(16)
            reply["Reply-Message"] = "enrollment required"
        else:
            reply.code, msg = check(user, pw)
            reply["Reply-Message"] = msg
        raw = reply.ReplyPacket()
        cache[key] = raw
        sock.sendto(raw, peer)


if __name__ == "__main__":
    main()
