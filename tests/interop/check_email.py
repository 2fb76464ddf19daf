#!/usr/bin/env python3
"""Read the activation messages `softpass issue --eml` writes with Python's standard `email`
package, and open their attachment with python-pskc using only what the message says.

Usage: check_email.py ISSUE_JSON [TO FROM]
ISSUE_JSON is the output of `softpass --json issue --eml ...`; TO and FROM the addresses given to
`--email` and `--mail-from` (without them: no To header, From softpass@localhost). For each token the .eml must parse
as RFC 5322/MIME (no defects), carry From, Subject, Date, Message-ID (and To when one was given),
be multipart/mixed with a text/plain body and exactly one attachment: the seed file, byte for
byte, under its file name and media type. The Activation Key, Application PIN and Token Serial
are taken from the body's fact lines (docs/email.md §4) - not from the JSON - and python-pskc must
open the PSKC attachment with that key and find the JSON's secret, the serial and the PIN.
"""
import base64
import email
import email.policy
import email.utils
import json
import re
import sys
import tempfile
import urllib.parse

import pskc

MEDIA = {"pskc": "application/pskc+xml", "xml": "application/xml", "csv": "text/csv"}


def fact(text, label):
    """The value of the `LABEL: value` line, by the rule docs/email.md §4 gives."""
    found = []
    for line in text.splitlines():
        head, sep, value = line.partition(":")
        if sep and " ".join(head.split()).lower() == label.lower():
            found.append(value.strip())
    assert len(set(found)) <= 1, (label, found)
    return found[0] if found else None


def check(token, to, sender):
    with open(token["eml"], "rb") as f:
        raw = f.read()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line endings"
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert not msg.defects, msg.defects
    serial = token["serial"]
    assert msg["Subject"] == f"Your software token {serial} is ready to activate", msg["Subject"]
    assert msg["From"].addresses[0].addr_spec == sender, msg["From"]
    if to is None:
        assert msg["To"] is None, msg["To"]
    else:
        assert msg["To"].addresses[0].addr_spec == to, msg["To"]
    assert email.utils.parsedate_to_datetime(msg["Date"]) is not None
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", msg["Message-ID"]), msg["Message-ID"]
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "multipart/mixed"
    for part in msg.walk():
        assert not part.defects, (part.get_content_type(), part.defects)

    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content_charset() == "utf-8"
    text = body.get_content()
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1, [a.get_filename() for a in attachments]
    att = attachments[0]
    name = att.get_filename()
    ext = name.rsplit(".", 1)[1]
    assert name == f"{serial}.{ext}" and att.get_content_type() == MEDIA[ext], (name, att)
    assert att.get_content_disposition() == "attachment"
    data = att.get_payload(decode=True)
    with open(token["seed_file"], "rb") as f:
        assert data == f.read(), "the attachment is the seed file"

    assert fact(text, "Token Serial") == serial
    assert fact(text, "Seed File") == f"{name} (attached)"
    pin = fact(text, "Application PIN")
    assert pin == token["application_pin"], pin
    key = fact(text, "Activation Key")
    if ext != "pskc":
        assert key is None and token["activation_key"] is None
        return name
    assert key == token["activation_key"]
    with tempfile.NamedTemporaryFile(suffix=".pskc") as tmp:
        tmp.write(data)
        tmp.flush()
        doc = pskc.PSKC(tmp.name)
        doc.encryption.derive_key(key)
        otp = [k for k in doc.keys if not k.algorithm.endswith(":pin")]
        assert len(otp) == 1, [k.algorithm for k in doc.keys]
        query = urllib.parse.parse_qs(urllib.parse.urlparse(token["otpauth"]).query)
        b32 = query["secret"][0]
        assert otp[0].secret == base64.b32decode(b32 + "=" * (-len(b32) % 8))
        assert otp[0].serial == serial
        assert otp[0].policy.pin == pin
    return name


def main():
    with open(sys.argv[1]) as f:
        tokens = json.load(f)["tokens"]
    to = sys.argv[2] if len(sys.argv) > 2 else None
    sender = sys.argv[3] if len(sys.argv) > 3 else "softpass@localhost"
    for token in tokens:
        name = check(token, to, sender)
        print(f"python email + python-pskc read {token['eml']} ({name}) with the key and PIN of its text")


if __name__ == "__main__":
    main()
