#!/usr/bin/env python3
"""The activation e-mail `softpass serve` sent on an enrolment, as an SMTP server received it,
read with Python's standard `email` package and python-pskc using only what the message says;
then the token it carries is used: Python's own HOTP (hmac, RFC 4226) of the decrypted secret
at counter 0, after the OTP PIN chosen at enrolment, must be accepted by the server.

Usage: check_server_email.py EML ENVELOPE_JSON TO FROM SERVER_URL USER OTP_PIN
"""
import email
import email.policy
import email.utils
import hashlib
import hmac
import json
import re
import struct
import sys
import tempfile
import urllib.parse
import urllib.request

import pskc

eml, envelope, to, sender, url, user, otp_pin = sys.argv[1:8]


def fact(text, label):
    """The value of the `LABEL: value` line (docs/email.md §4)."""
    found = [v.strip() for h, s, v in (l.partition(":") for l in text.splitlines())
             if s and " ".join(h.split()).lower() == label.lower()]
    assert len(set(found)) == 1, (label, found)
    return found[0]


def hotp(secret, counter, digits=6):
    mac = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return str(code).zfill(digits)


raw = open(eml, "rb").read()
env = json.load(open(envelope))
assert env["rcpt_tos"] == [to] and env["mail_from"] == sender, env
msg = email.message_from_bytes(raw, policy=email.policy.default)
assert not msg.defects, msg.defects
for part in msg.walk():
    assert not part.defects, (part.get_content_type(), part.defects)
assert msg["To"].addresses[0].addr_spec == to, msg["To"]
assert msg["From"].addresses[0].addr_spec == sender, msg["From"]
assert email.utils.parsedate_to_datetime(msg["Date"]) is not None
assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", msg["Message-ID"]), msg["Message-ID"]
text = msg.get_body(preferencelist=("plain",)).get_content()
serial, key, pin = fact(text, "Token Serial"), fact(text, "Activation Key"), fact(text, "Application PIN")
assert msg["Subject"] == f"Your software token {serial} is ready to activate", msg["Subject"]
attachments = list(msg.iter_attachments())
assert len(attachments) == 1, [a.get_filename() for a in attachments]
att = attachments[0]
assert att.get_filename() == f"{serial}.pskc" and att.get_content_type() == "application/pskc+xml"
with tempfile.NamedTemporaryFile(suffix=".pskc") as tmp:
    tmp.write(att.get_payload(decode=True))
    tmp.flush()
    doc = pskc.PSKC(tmp.name)
    doc.encryption.derive_key(key)
    otp = [k for k in doc.keys if not k.algorithm.endswith(":pin")]
    assert len(otp) == 1 and otp[0].serial == serial and otp[0].policy.pin == pin
    secret = otp[0].secret
    assert otp[0].algorithm.endswith(":hotp"), otp[0].algorithm
body = urllib.parse.urlencode({"user": user, "pass": otp_pin + hotp(secret, 0)}).encode()
answer = json.load(urllib.request.urlopen(url + "/validate/check", body))
assert answer["result"]["authentication"] == "ACCEPT", answer
print(f"python email + python-pskc read the enrolment e-mail of {serial}; Python's HOTP of its "
      f"secret was accepted: {answer['detail']['message']}")
