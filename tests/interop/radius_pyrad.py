#!/usr/bin/env python3
"""pyrad 2.6.0 as an independent RADIUS client of `softpass serve --radius` (driven by
tests/server/radius_peers.rs). PAP with the Message-Authenticator as the first attribute; replies
must carry a valid one (enforce_ma).

  python3 radius_pyrad.py HOST PORT SECRET login USER PASSWORD [ANSWER]
      One Access-Request; an Access-Challenge is answered with ANSWER (a new request with the
      State copied) when given. One line per reply: "<Code-Name> <Reply-Message> state=<hex|->".
  python3 radius_pyrad.py HOST PORT SECRET duplicate USER PASSWORD
      One Access-Request sent twice from one socket (same source port, Identifier and Request
      Authenticator, RFC 5080 2.2.2): prints "<Code-Name> <Reply-Message>" and "identical" when
      both replies are the same bytes, else "different".
Exit: 0 Access-Accept, 1 Access-Reject, 2 Access-Challenge left unanswered, 3 no valid reply.
"""
import os
import socket
import sys

from pyrad import client, dictionary, packet

NAMES = {packet.AccessAccept: "Access-Accept", packet.AccessReject: "Access-Reject",
         packet.AccessChallenge: "Access-Challenge"}
EXIT = {packet.AccessAccept: 0, packet.AccessReject: 1, packet.AccessChallenge: 2}
DICT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "radius-dictionary")


def request(c, user, password, state=None):
    req = c.CreateAuthPacket(code=packet.AccessRequest, User_Name=user, NAS_Identifier="pyrad-peer")
    req.add_message_authenticator()          # first attribute (BlastRADIUS order)
    req["User-Password"] = req.PwCrypt(password)
    if state is not None:
        req["State"] = state                 # copied unmodified into the new request
    return req


def describe(rep):
    msg = "".join(rep.get("Reply-Message", [])) or "-"
    return "%s %s" % (NAMES.get(rep.code, rep.code), msg)


def login(c, user, password, answer):
    state = None
    for pw in [password] + ([answer] if answer is not None else []):
        try:
            rep = c.SendPacket(request(c, user, pw, state))
        except client.Timeout:
            print("no reply")
            return 3
        st = rep.get("State", [None])[0]
        print("%s state=%s" % (describe(rep), st.hex() if st else "-"))
        if rep.code != packet.AccessChallenge:
            return EXIT[rep.code]
        state = st
    return 2


def duplicate(c, host, port, user, password):
    req = request(c, user, password)
    raw = req.RequestPacket()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.connect((host, port))
    replies = []
    for _ in range(2):
        s.send(raw)
        try:
            replies.append(s.recv(4097))
        except socket.timeout:
            print("no reply")
            return 3
    rep = c.CreatePacket(packet=replies[0])
    if not req.VerifyReply(rep, replies[0], enforce_ma=True):
        print("reply does not verify")
        return 3
    print(describe(rep))
    print("identical" if replies[0] == replies[1] else "different")
    return EXIT[rep.code]


def main():
    host, port, secret, mode, user, password = sys.argv[1:7]
    c = client.Client(server=host, authport=int(port), secret=secret.encode(),
                      dict=dictionary.Dictionary(DICT), retries=2, timeout=1, enforce_ma=True)
    if mode == "duplicate":
        return duplicate(c, host, int(port), user, password)
    return login(c, user, password, sys.argv[7] if len(sys.argv) > 7 else None)


if __name__ == "__main__":
    sys.exit(main())
