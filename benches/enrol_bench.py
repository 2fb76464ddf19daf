#!/usr/bin/env python3
"""POST /enroll for N users with the admin credential, C requests in flight (stdlib threads,
one keep-alive HTTP/1.1 connection each). Prints one JSON line: users, concurrency, seconds,
enrolments/s, p50/p99 latency (ms), failures.

  enrol_bench.py URL ADMIN_KEY_FILE N C
Users are u00001..uN (the users file the bench script wrote); each gets email uNNNNN@example.org
and OTP PIN 1234.
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

url, key_file, n, c = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
key = open(key_file).read().strip()
work = queue.Queue()
for i in range(1, n + 1):
    work.put("u%05d" % i)
lat, bad, lock = [], [], threading.Lock()


def worker():
    conn = http.client.HTTPConnection(host, port, timeout=60)
    while True:
        try:
            user = work.get_nowait()
        except queue.Empty:
            return
        body = urllib.parse.urlencode({"user": user, "email": user + "@example.org", "otp_pin": "1234"})
        t = time.perf_counter()
        conn.request("POST", "/enroll", body, {"Authorization": "Bearer " + key,
                                                "Content-Type": "application/x-www-form-urlencoded"})
        r = conn.getresponse()
        data = r.read()
        dt = time.perf_counter() - t
        with lock:
            lat.append(dt)
            if r.status != 200 or not json.loads(data)["result"]["status"]:
                bad.append((user, r.status, data[:200].decode(errors="replace")))


start = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(c)]
for t in threads:
    t.start()
for t in threads:
    t.join()
secs = time.perf_counter() - start
lat.sort()
print(json.dumps({"users": n, "concurrency": c, "seconds": round(secs, 2),
                  "per_s": round(n / secs, 1),
                  "p50_ms": round(lat[len(lat) // 2] * 1000, 1),
                  "p99_ms": round(lat[int(len(lat) * 0.99) - 1] * 1000, 1),
                  "failures": len(bad), "first_failure": bad[0] if bad else None}))
sys.exit(1 if bad else 0)
