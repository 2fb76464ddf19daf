#!/usr/bin/env python3
"""pi-bench.py URL ADMIN_PASSWORD [--requests N] [--concurrency C] [--users U] [--max-seconds S]

Closed-loop /validate/check benchmark against a local privacyIDEA (or any
server with the same API, e.g. softpass serve). Stdlib only.

Setup: (re)enrolls U HOTP tokens BENCH0001.. for users user{51..50+U} with a
random 20-byte key each, PIN "1234", otplen 6 (deleting earlier BENCH tokens),
so every run starts at counter 0.
Run: C client threads; thread t owns the users with index = t (mod C) and
sends GET /validate/check?user=..&pass=1234<hotp(key,counter)> for its users
round-robin, counter+1 per request, so every code is distinct and valid and
no two in-flight requests touch the same token. A new TCP connection per
request (gunicorn's sync worker closes every connection anyway).
First 2*C requests are warm-up (not measured). Stops after N measured
requests or S seconds. Reports logins/s, p50/p90/p99/max latency and any
non-ACCEPT answer. Loopback only.
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import statistics
import struct
import sys
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("url")
ap.add_argument("adminpw")
ap.add_argument("--requests", type=int, default=400)
ap.add_argument("--concurrency", type=int, default=8)
ap.add_argument("--users", type=int, default=32)
ap.add_argument("--max-seconds", type=float, default=300)
ap.add_argument("--label", default="")
ap.add_argument("--wait-quiet", type=float, default=0,
                help="before measuring, wait up to this many seconds for a 5 s window in which the machine "
                     "uses < 0.3 cores")
ap.add_argument("--pidfile", default=None, help="gunicorn master pid file: report server CPU per login")
a = ap.parse_args()
u = urllib.parse.urlparse(a.url)
assert u.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"


def req(method, path, params=None, jwt=None):
    h = {}
    body = None
    if jwt:
        h["Authorization"] = jwt
    if params and method == "POST":
        body = urllib.parse.urlencode(params)
        h["Content-Type"] = "application/x-www-form-urlencoded"
    elif params:
        path += "?" + urllib.parse.urlencode(params)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    d = r.read()
    c.close()
    return r.status, d


def hotp(key, counter):
    d = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = d[-1] & 0x0F
    return str((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1000000).zfill(6)


# ---- setup
s, d = req("POST", "/auth", {"username": "admin", "password": a.adminpw})
jwt = json.loads(d)["result"]["value"]["token"]
t0 = time.time()
users = []
for i in range(a.users):
    serial = f"BENCH{i + 1:04d}"
    user = f"user{51 + i}"
    key = os.urandom(20)
    req("DELETE", f"/token/{serial}", jwt=jwt)
    s, d = req("POST", "/token/init", {"type": "hotp", "serial": serial, "user": user, "pin": "1234",
                                       "otpkey": key.hex(), "otplen": "6"}, jwt=jwt)
    assert s == 200, d
    users.append({"user": user, "key": key, "counter": 0})
setup_s = time.time() - t0

# ---- run
lock = threading.Lock()
lat, bad = [], []
sent = [0]
warm = 2 * a.concurrency
deadline = [None]
start = [None]


def worker(t):
    mine = users[t::a.concurrency]
    k = 0
    while True:
        with lock:
            if sent[0] >= a.requests + warm or (deadline[0] and time.time() > deadline[0]):
                return
            sent[0] += 1
            n = sent[0]
            if n == warm + 1:
                start[0] = time.time()
                deadline[0] = start[0] + a.max_seconds
        usr = mine[k % len(mine)]
        k += 1
        code = hotp(usr["key"], usr["counter"])
        usr["counter"] += 1
        q0 = time.perf_counter()
        s, d = req("GET", "/validate/check", {"user": usr["user"], "pass": "1234" + code})
        dt = time.perf_counter() - q0
        ok = s == 200 and json.loads(d).get("result", {}).get("authentication") == "ACCEPT"
        with lock:
            if n > warm:
                lat.append(dt)
                if not ok:
                    bad.append((s, d[:200]))


TCK = os.sysconf("SC_CLK_TCK")


def server_cpu():
    """utime+stime (s) of the gunicorn master and its children, or None."""
    if not a.pidfile:
        return None
    master = open(a.pidfile).read().strip()
    tot = 0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if p == master or f[1] == master:
            tot += int(f[11]) + int(f[12])
    return tot / TCK


def machine_busy():
    """total busy CPU seconds of the whole machine (all cores)."""
    f = open("/proc/stat").readline().split()[1:]
    v = list(map(int, f))
    return (sum(v) - v[3] - v[4]) / TCK


waited = 0.0
if a.wait_quiet:
    w0 = time.time()
    while time.time() - w0 < a.wait_quiet:
        b0 = machine_busy()
        time.sleep(5)
        if (machine_busy() - b0) / 5 < 0.3:
            break
    waited = time.time() - w0

cpu0 = os.times()
t_run0 = time.time()
srv0, mb0, load0 = server_cpu(), machine_busy(), open("/proc/loadavg").read().split()[0]
ths = [threading.Thread(target=worker, args=(t,)) for t in range(a.concurrency)]
[t.start() for t in ths]
[t.join() for t in ths]
end = time.time()
cpu1 = os.times()
srv1, mb1, load1 = server_cpu(), machine_busy(), open("/proc/loadavg").read().split()[0]
el = end - start[0]
lat.sort()


def pct(p):
    return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000


res = {
    "label": a.label, "requests": len(lat), "concurrency": a.concurrency, "users": a.users,
    "seconds": round(el, 2), "logins_per_s": round(len(lat) / el, 2),
    "p50_ms": round(pct(50), 1), "p90_ms": round(pct(90), 1), "p99_ms": round(pct(99), 1),
    "max_ms": round(lat[-1] * 1000, 1), "mean_ms": round(statistics.mean(lat) * 1000, 1),
    "not_accepted": len(bad), "client_cpu_s": round((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system), 2),
    "setup_s": round(setup_s, 1),
    "loadavg_start_end": [load0, load1],
}
client_cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
if srv0 is not None:
    # server CPU per measured login includes the warm-up requests' share, negligible for N >> 2C
    res["server_cpu_ms_per_login"] = round((srv1 - srv0) / (sent[0]) * 1000, 1)
    res["other_cpu_s"] = round((mb1 - mb0) - (srv1 - srv0) - client_cpu, 1)
res["waited_for_quiet_s"] = round(waited, 1)
if "other_cpu_s" in res:
    # other processes used more than 0.2 of a core on average during the run
    res["noisy"] = res["other_cpu_s"] > 0.2 * (end - t_run0)
res["machine_cpu_util"] = round((mb1 - mb0) / ((end - t_run0) * os.cpu_count()), 2)
print(json.dumps(res))
for b in bad[:5]:
    print("NOT ACCEPTED:", b, file=sys.stderr)
