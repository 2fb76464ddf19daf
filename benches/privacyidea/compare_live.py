#!/usr/bin/env python3
"""compare_live.py PI_URL PI_ADMIN_PASSWORD SOFTPASS_URL SOFTPASS_ADMIN_KEY FIXTURE_DIR

Replays the recorded exchanges in FIXTURE_DIR (tests/testdata/privacyidea: one request per
file) against a live privacyIDEA 3.14 and a live softpass serve, side by side, and compares the
answers field by field (HTTP status, result.status/value/authentication, error code and
message, detail.message/serial/type/otplen, the token list's count/failcount/maxfail).

Both servers must start fresh: privacyIDEA with users user1..user100 in its default realm
(tests/interop/privacyidea/pi-setup.sh makes that), softpass with the same users (--users). softpass
has no realms, so `@testrealm` / `realm=testrealm` are removed from what it is sent, and from
privacyIDEA's messages; privacyIDEA's `otponly` login (048) is sent to softpass with the PIN.
Loopback only. Prints one line per difference and a summary; exit 1 if any differ.
"""
import http.client
import json
import os
import sys
import urllib.parse

pi_url, pi_pw, sp_url, sp_key, fixtures = sys.argv[1:6]


def conn(url):
    u = urllib.parse.urlparse(url)
    assert u.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    return u.hostname, u.port


def call(url, method, path, headers, body):
    c = http.client.HTTPConnection(*conn(url), timeout=120)
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    try:
        return r.status, json.loads(data)
    except ValueError:
        return r.status, None


s, d = call(pi_url, "POST", "/auth", {"Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"username": "admin", "password": pi_pw}))
assert s == 200, d
pi_jwt = d["result"]["value"]["token"]


def parse(text):
    req = [l[4:] if l.startswith(">>> ") else "" for l in text.splitlines() if l.startswith(">>>")]
    method, path = req[0].split(" ", 1)
    headers, body, in_body = {}, None, False
    for l in req[1:]:
        if in_body:
            body = l
        elif l == "":
            in_body = True
        elif l.startswith("Content-Type: "):
            headers["Content-Type"] = l[len("Content-Type: "):]
    return method, path, headers, body


def norm(v):
    return v.replace("@testrealm", "") if isinstance(v, str) else v


def fields(v):
    if not isinstance(v, dict):
        return {}
    r = v.get("result", {})
    out = {"result.status": r.get("status"), "result.authentication": r.get("authentication"),
           "error.code": (r.get("error") or {}).get("code"),
           "error.message": norm((r.get("error") or {}).get("message"))}
    val = r.get("value")
    if isinstance(val, dict) and "tokens" in val:
        out["value.count"] = val["count"]
        t = val["tokens"][0] if val["tokens"] else {}
        for k in ("serial", "tokentype", "count", "failcount", "maxfail", "username", "active"):
            out["tokens[0]." + k] = t.get(k)
    elif not isinstance(val, dict):
        out["result.value"] = val
    det = v.get("detail") or {}
    for k in ("message", "serial", "type", "otplen"):
        out["detail." + k] = det.get(k)
    return out


diffs = 0
names = sorted(os.listdir(fixtures))
for name in names:
    method, path, headers, body = parse(open(os.path.join(fixtures, name)).read())
    sp_path = path.replace("%40testrealm", "").replace("@testrealm", "").replace("&realm=testrealm", "")
    if name.startswith("048_"):
        sp_path = sp_path.replace("&otponly=1&pass=", "&pass=1234")
    ps, pv = call(pi_url, method, path, dict(headers, Authorization=pi_jwt), body)
    ss, sv = call(sp_url, method, sp_path, dict(headers, Authorization="Bearer " + sp_key), body)
    if ps != ss:
        diffs += 1
        print(f"{name}: HTTP softpass {ss}, privacyIDEA {ps}")
    pf, sf = fields(pv), fields(sv)
    for k in pf:
        if name.startswith("048_") and k.startswith("detail."):
            continue
        if pf[k] != sf.get(k):
            diffs += 1
            print(f"{name}: {k} softpass {sf.get(k)!r}, privacyIDEA {pf[k]!r}")
print(json.dumps({"label": "compare-live", "exchanges": len(names), "differences": diffs}))
sys.exit(1 if diffs else 0)
