#!/usr/bin/env python3
"""Activation e-mails as another tool writes them: Python's standard `email` package, not softpass.

Writes the fixtures of tests/cli/import_email.rs next to this script (see README.md here), or into
OUT_DIR, from the demo token of seeds/ (activation key YZQHoczZWw3cBCNo, application PIN 4089):
    python3 tests/testdata/email/make_email_fixtures.py [OUT_DIR]
The output is deterministic (fixed dates, Message-IDs and boundaries)."""
import email.policy
import sys
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
SEED = (HERE / "../../../seeds/4F214C507612A26A.pskc").resolve().read_bytes()
KEY, PIN, SERIAL = "YZQHoczZWw3cBCNo", "4089", "4F214C507612A26A"

# Facts laid out differently from softpass: other case, spacing, tabs; an umlaut makes
# quoted-printable necessary.
TEXT = f"""Grüß Gott,

your new software token is ready.

ACTIVATION KEY :   {KEY}
application pin:{PIN}
\tToken   Serial:\t{SERIAL}

Import the attached file with the activation key.
"""
HTML = f"<html><body><p>Activation Key: <b>{KEY}</b></p><p>Application PIN: {PIN}</p></body></html>"


def base(subject, ident):
    m = EmailMessage()
    m["From"] = "OTP Service <otp@example.com>"
    m["To"] = "Bob <bob@example.com>"
    m["Subject"] = subject
    m["Date"] = "Tue, 05 May 2026 09:30:00 +0200"
    m["Message-ID"] = f"<{ident}@example.com>"
    return m


def alternative(text=TEXT, html=HTML):
    """multipart/alternative [text/plain (QP), text/html]; mixed once a file is attached."""
    m = base("Ihr Software-Token", "python-demo")
    m.set_content(text, cte="quoted-printable")
    m.add_alternative(html, subtype="html")
    return m


def attach(m, name, data=SEED, maintype="application", subtype="octet-stream"):
    m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)


def write(name, m, policy=email.policy.default):
    # Fixed boundaries: the output does not change between runs.
    for i, part in enumerate(p for p in m.walk() if p.is_multipart()):
        part.set_boundary(f"=={name}=={i}==")
    (OUT / name).write_bytes(m.as_bytes(policy=policy))


def main():
    # 1. LF line endings, text/plain in multipart/alternative (quoted-printable), HTML beside it,
    #    the seed file as application/octet-stream (base64).
    m = alternative()
    attach(m, f"{SERIAL}.pskc")
    write("python-demo.eml", m)

    # 2. CRLF line endings (the SMTP policy), a base64 text/plain body, the seed file as text/xml.
    m = base("Your token", "python-demo-crlf")
    m.set_content(TEXT, cte="base64")
    m.add_attachment(SEED.decode(), subtype="xml", filename="token.xml")
    write("python-demo-crlf.eml", m, email.policy.SMTP)

    # The negative kit: each must be refused with the vault left as it was.
    m = alternative()
    m.make_mixed()
    write("no-attachment.eml", m)

    m = alternative()
    attach(m, "a.pskc")
    attach(m, "b.pskc")
    write("two-attachments.eml", m)

    m = alternative(TEXT.replace(f"ACTIVATION KEY :   {KEY}\n", ""), "<p>no key here</p>")
    attach(m, f"{SERIAL}.pskc")
    write("no-key.eml", m)

    m = alternative(TEXT.replace(KEY, "AAAAAAAAAAAAAAAA"), "<p>the wrong key</p>")
    attach(m, f"{SERIAL}.pskc")
    write("wrong-key.eml", m)


if __name__ == "__main__":
    main()
