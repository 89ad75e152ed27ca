"""CPU per request when the program pauses between requests.

Not part of make bench's tables: it shows a cost that the Go runtime adds
to every call from C, measured for the README. After a call into the
library returns, the calling thread keeps its P (the runtime's right to
run Go code) in the system-call state so that the next call starts
quickly, and while a P is in that state the runtime's monitor thread
(sysmon) wakes every 20 µs at first, backing off to 10 ms, for up to
10 ms. A program that makes a request, then does something else for a
few milliseconds, pays for those wake-ups in the process's other threads.

Usage: python3 bench/idle_gaps.py PORT [ROUNDS]
(PORT: a running bench/server; PYTHONPATH=build/python.) For each pause
(0, 1, 5, 20 and 100 ms) it makes 40 small GETs on one kept-alive
connection with http.client, then with gohttp.client, pausing after each,
and prints the CPU per request of the calling thread and of the process's
other threads (from /proc's schedstat), the median over ROUNDS rounds
(default 3).
"""

import http.client
import os
import statistics
import sys
import threading
import time

import gohttp.client

PAUSES_MS = (0, 1, 5, 20, 100)
REQUESTS = 40


def cpu_us():
    """(this thread's CPU, the other threads' CPU) in µs."""
    me = threading.get_native_id()
    own = other = 0
    for tid in os.listdir("/proc/self/task"):
        try:
            with open("/proc/self/task/%s/schedstat" % tid) as f:
                ns = int(f.read().split()[0])
        except OSError:  # a thread that has just ended
            continue
        if int(tid) == me:
            own += ns
        else:
            other += ns
    return own / 1e3, other / 1e3


def measure(mod, port, pause):
    conn = mod.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    conn.getresponse().read()
    time.sleep(0.05)
    a = cpu_us()
    for _ in range(REQUESTS):
        conn.request("GET", "/")
        conn.getresponse().read()
        if pause:
            time.sleep(pause / 1000)
    b = cpu_us()
    conn.close()
    return (b[0] - a[0]) / REQUESTS, (b[1] - a[1]) / REQUESTS


def main():
    port = int(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print("| pause after each request | http.client, µs CPU per request | "
          "gohttp.client: calling thread | gohttp.client: other threads |")
    print("| ---: | ---: | ---: | ---: |")
    for pause in PAUSES_MS:
        std, own, other = [], [], []
        for _ in range(rounds):
            std.append(sum(measure(http.client, port, pause)))
            o, t = measure(gohttp.client, port, pause)
            own.append(o)
            other.append(t)
        print("| %d ms | %.0f | %.0f | %.0f |" % (
            pause, statistics.median(std), statistics.median(own),
            statistics.median(other)))


if __name__ == "__main__":
    main()
