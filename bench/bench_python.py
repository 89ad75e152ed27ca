"""Benchmarks http.client against gohttp.client in one process.

    PYTHONPATH=build/python python3 bench/bench_python.py \
        --fast FAST_PORTS.json [--testsrv TESTSRV_PORTS.json] \
        [--rounds 5] [--scale 1.0] [--json out.json] [--markdown out.md]

FAST_PORTS.json is written by bench/server (the minimal canned-response
server), TESTSRV_PORTS.json by build/bin/testsrv; each names its "http"
port. Every benchmark runs a fixed number of iterations per round; in each
round both clients run back to back, the one going first alternating from
round to round, so that both see the same machine noise. Reported: the
median over the rounds of each client, and the median, lowest and highest
of the per-round ratios (pairing the clients round by round cancels the
slow drifts of a shared machine).

CPU time is time.process_time(): every thread of this process (the Go
runtime's included), not the server's, which is another process. On a
shared, noisy machine it is the steadiest number: wall time also counts
the server and the neighbours.
"""

import argparse
import gc
import http.client
import json
import os
import platform
import statistics
import sys
import threading
import time

import gohttp.client

CLIENTS = (("http.client", http.client), ("gohttp.client", gohttp.client))
MiB = 1 << 20


def load_port(path):
    with open(path) as f:
        return json.load(f)["http"]


# -- the benchmarks ----------------------------------------------------------
#
# Each benchmark is a class: setup(mod) makes what the timed part needs and
# does one untimed warm-up, run(state) is timed, teardown(state) cleans up.
# ops is the number of operations (requests) per round; nbytes, when set,
# the bytes moved per operation, for MB/s.


class Bench:
    name = ""
    server = "fast"
    ops = 0
    nbytes = 0
    unit = "req/s"

    def __init__(self, port, scale):
        self.port = port
        self.ops = max(1, int(self.ops * scale))

    def setup(self, mod):
        conn = mod.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.one(conn)  # connect and warm up
        return conn

    def teardown(self, conn):
        conn.close()

    def run(self, conn):
        one = self.one
        for _ in range(self.ops):
            one(conn)

    def get(self, conn, path, expect=None):
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200 or (expect is not None and len(body) != expect):
            raise RuntimeError("%s: status %d, %d bytes" % (path, r.status, len(body)))
        return body


class SmallGet(Bench):
    """(a) keep-alive GET / (26-byte body): request + getresponse + read."""
    name = "small GET, keep-alive"
    ops = 4000

    def one(self, conn):
        self.get(conn, "/", 26)


class SmallGetTestsrv(SmallGet):
    name = "small GET, keep-alive"
    server = "testsrv"


class Download(Bench):
    """(b) GET /bytes?n=SIZE on a kept-alive connection, body read whole."""
    unit = "MB/s"

    def one(self, conn):
        self.get(conn, "/bytes?n=%d" % self.nbytes, self.nbytes)


class Download1M(Download):
    name = "download 1 MiB"
    nbytes = MiB
    ops = 120


class Download16M(Download):
    name = "download 16 MiB"
    nbytes = 16 * MiB
    ops = 8


class Chunked(Bench):
    """(c) GET /chunked?n=1000: 1000 chunks of ~10 bytes (9.9 KB)."""
    name = "chunked, 1000 chunks"
    ops = 300

    def one(self, conn):
        self.get(conn, "/chunked?n=1000")


class Post1M(Bench):
    """(d) POST of a 1 MiB bytes body (Content-Length), small answer."""
    name = "POST 1 MiB"
    nbytes = MiB
    ops = 120
    unit = "MB/s"
    body = b"x" * MiB

    def one(self, conn):
        conn.request("POST", "/upload", body=self.body)
        r = conn.getresponse()
        if r.read() != b"1048576\n":
            raise RuntimeError("POST: bad answer")


class Threads(Bench):
    """(e) 4 threads, each with its own keep-alive connection, GET /."""
    name = "small GET, 4 threads"
    threads = 4
    ops = 4000  # in all, ops/threads per thread
    path = "/"
    wait_s = 0

    def __init__(self, port, scale):
        super().__init__(port, scale)
        self.ops = max(1, self.ops // self.threads) * self.threads

    def setup(self, mod):
        conns = [mod.HTTPConnection("127.0.0.1", self.port, timeout=30)
                 for _ in range(self.threads)]
        for c in conns:
            self.get(c, "/", 26)
        return conns

    def teardown(self, conns):
        for c in conns:
            c.close()

    def run(self, conns):
        per = self.ops // self.threads
        start = threading.Barrier(self.threads + 1)
        errors = []

        def worker(conn):
            start.wait()
            try:
                for _ in range(per):
                    self.get(conn, self.path, 26)
            except BaseException as e:  # reported after the join
                errors.append(e)

        ts = [threading.Thread(target=worker, args=(c,)) for c in conns]
        for t in ts:
            t.start()
        start.wait()
        for t in ts:
            t.join()
        if errors:
            raise errors[0]


class ThreadsWaiting(Threads):
    """(e') 4 threads as above, but the server waits 10 ms before each
    answer: when the client releases the GIL while it waits, the four
    waits overlap and the concurrency (ops x 10 ms / wall time) nears 4;
    a client that held the GIL would stay near 1."""
    name = "4 threads, server waits 10 ms"
    ops = 120
    path = "/slow?ms=10"
    wait_s = 0.010


class NewConn(Bench):
    """(f) a new connection for each GET /: connect, request, read, close."""
    name = "new connection per GET"
    ops = 600

    def setup(self, mod):
        self.mod = mod
        self.run_one()
        return mod

    def teardown(self, mod):
        pass

    def run_one(self):
        conn = self.mod.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.get(conn, "/", 26)
        conn.close()

    def run(self, mod):
        self.mod = mod
        for _ in range(self.ops):
            self.run_one()


class NewConnTestsrv(NewConn):
    server = "testsrv"


BENCHES = [SmallGet, SmallGetTestsrv, Download1M, Download16M, Chunked,
           Post1M, Threads, ThreadsWaiting, NewConn, NewConnTestsrv]


def measure(bench, mod):
    state = bench.setup(mod)
    try:
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        bench.run(state)
        w1, c1 = time.perf_counter(), time.process_time()
    finally:
        bench.teardown(state)
    return w1 - w0, c1 - c0


def fmt_num(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fast", required=True, help="ports file of bench/server")
    ap.add_argument("--testsrv", help="ports file of testsrv (optional)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every iteration count by this")
    ap.add_argument("--only", help="comma-separated substrings of benchmark names")
    ap.add_argument("--json", help="write the results as JSON here")
    ap.add_argument("--markdown", help="write the Markdown table here (default: stdout)")
    args = ap.parse_args()

    ports = {"fast": load_port(args.fast)}
    if args.testsrv:
        ports["testsrv"] = load_port(args.testsrv)
    only = args.only.split(",") if args.only else None

    results = []
    t_start = time.perf_counter()
    for cls in BENCHES:
        if cls.server not in ports:
            continue
        if only and not any(o in cls.name for o in only):
            continue
        bench = cls(ports[cls.server], args.scale)
        samples = {name: [] for name, _ in CLIENTS}
        for rnd in range(args.rounds):
            order = CLIENTS if rnd % 2 == 0 else CLIENTS[::-1]
            for name, mod in order:
                samples[name].append(measure(bench, mod))
        res = {"name": bench.name, "server": bench.server, "ops": bench.ops,
               "rounds": args.rounds, "nbytes": bench.nbytes, "unit": bench.unit,
               "wait_s": getattr(bench, "wait_s", 0),
               "doc": (cls.__doc__ or "").strip()}
        for name, _ in CLIENTS:
            walls = [w for w, _ in samples[name]]
            cpus = [c for _, c in samples[name]]
            res[name] = {"wall_s": walls, "cpu_s": cpus,
                         "wall_median_s": statistics.median(walls),
                         "cpu_median_s": statistics.median(cpus)}
        h, g = samples["http.client"], samples["gohttp.client"]
        res["wall_ratios"] = [hw / gw for (hw, _), (gw, _) in zip(h, g)]  # >1: gohttp faster
        res["cpu_ratios"] = [hc / gc_ for (_, hc), (_, gc_) in zip(h, g)]  # >1: gohttp cheaper
        results.append(res)
        print("  %-28s %-8s done (%.1f s so far)" % (bench.name, bench.server,
              time.perf_counter() - t_start), file=sys.stderr)

    total = time.perf_counter() - t_start
    md = table(results, args.rounds, total)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    else:
        sys.stdout.write(md)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"python": sys.version, "implementation": platform.python_implementation(),
                       "rounds": args.rounds, "scale": args.scale, "seconds": total,
                       "results": results}, f, indent=1)


def table(results, rounds, total):
    rows = ["| benchmark | server | metric | http.client | gohttp.client | gohttp vs http.client: median of the per-round ratios (lowest–highest) |",
            "|---|---|---|---:|---:|---|"]

    def verdict(better_word, worse_word, ratios):
        r, lo, hi = statistics.median(ratios), min(ratios), max(ratios)
        if lo < 1 < hi:  # the rounds disagree: no clear winner
            return "%.2f× %s (%.2f–%.2f), within noise" % (
                r if r >= 1 else 1 / r, better_word if r >= 1 else worse_word, lo, hi)
        if r >= 1:
            return "**%.2f× %s** (%.2f–%.2f)" % (r, better_word, lo, hi)
        return "%.2f× %s (%.2f–%.2f)" % (1 / r, worse_word, lo, hi)

    for res in results:
        h, g = res["http.client"], res["gohttp.client"]
        hw, gw = h["wall_median_s"], g["wall_median_s"]
        hc, gc_ = h["cpu_median_s"], g["cpu_median_s"]
        ops = res["ops"]
        label = "%s (×%d)" % (res["name"], ops)
        if res["unit"] == "MB/s":
            mb = res["nbytes"] * ops / 1e6
            rows.append("| %s | %s | MB/s (wall) | %s | %s | %s |" % (
                label, res["server"], fmt_num(mb / hw), fmt_num(mb / gw),
                verdict("faster", "slower", res["wall_ratios"])))
            rows.append("| | | CPU ms per MiB | %s | %s | %s |" % (
                fmt_num(hc * 1e3 / (mb / 1.048576)), fmt_num(gc_ * 1e3 / (mb / 1.048576)),
                verdict("less CPU", "more CPU", res["cpu_ratios"])))
        else:
            rows.append("| %s | %s | req/s (wall) | %s | %s | %s |" % (
                label, res["server"], fmt_num(ops / hw), fmt_num(ops / gw),
                verdict("faster", "slower", res["wall_ratios"])))
            rows.append("| | | CPU µs per request | %s | %s | %s |" % (
                fmt_num(hc * 1e6 / ops), fmt_num(gc_ * 1e6 / ops),
                verdict("less CPU", "more CPU", res["cpu_ratios"])))
        if res["wait_s"]:
            busy = ops * res["wait_s"]
            rows.append("| | | concurrency (ops × wait ÷ wall; 4 = all waits overlap) | %.2f | %.2f | |" % (
                busy / hw, busy / gw))
    rows.append("")
    rows.append("Medians of %d rounds; in each round the two clients ran back to back, the "
                "first to run alternating. The last column pairs the clients round by round: "
                "the median of the %d per-round ratios, then the lowest and highest (ratios > 1 "
                "favour gohttp; \"within noise\" when some rounds favour each client). "
                "Python run time: %.0f s." % (rounds, rounds, total))
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
