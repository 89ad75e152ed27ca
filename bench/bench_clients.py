"""make bench, the real clients: the libraries that sit on http.client
(urllib.request, urllib3, requests), each on CPython's http.client and on
gohttp under gohttp.install(), the way their users call them.

    PYTHONPATH=build/python python3 bench/bench_clients.py \
        --pinned PINNED_PORTS.json --core N [--rounds 5] [--scale 1.0] \
        [--markdown out.md]

PINNED_PORTS.json is written by a bench/server process that runs on CPU N
only (the caller pins it); every measurement runs in a process of its own
pinned to the same CPU, so that client and server share one core and what
counts is the client's CPU per request (every thread of the process, Go's
runtime included). A process imports the client (after gohttp.install()
for gohttp), makes one untimed warm-up request, then times a fixed number
of requests on one kept-alive connection where the client keeps one.

Each row runs N rounds; in a round both contenders run once, the order
alternating; the table gives each one's median and the median of the
per-round ratios (http.client's CPU over gohttp's: > 1 favours gohttp),
with the lowest and highest. A client that is not installed for this
Python is said so in its row. There are no targets: this shows what a
user of these libraries gets from gohttp.install().
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CLIENTS = ("urllib.request", "urllib3", "requests")
SCENARIOS = (("small GET", "/", 2000), ("50 headers", "/headers?n=50", 1000))


def client_call(name, url):
    """One request of client name to url as its users write it, returning
    a function of no arguments that makes it and checks the body."""
    if name == "urllib.request":
        import urllib.request
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

        def one():
            with opener.open(url) as r:
                body = r.read()
                headers = r.headers.items()
            return body, headers
    elif name == "urllib3":
        import urllib3
        pool = urllib3.PoolManager()

        def one():
            r = pool.request("GET", url)
            return r.data, r.headers.items()
    else:
        import requests
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment

        def one():
            r = session.get(url)
            return r.content, r.headers.items()
    return one


def worker(args):
    os.sched_setaffinity(0, {args.core})
    if args.contender == "gohttp":
        import gohttp
        gohttp.install()
    try:
        one = client_call(args.client, args.url)
    except ImportError:
        print(json.dumps({"missing": True}))
        return
    body, headers = one()  # warm-up: connect, first request
    if len(body) != 26 or len(list(headers)) < 3:
        raise SystemExit("bench_clients: %s: unexpected answer %r" % (args.client, body[:40]))
    t0 = time.process_time()
    for _ in range(args.n):
        one()
    cpu = time.process_time() - t0
    print(json.dumps({"cpu_us": cpu / args.n * 1e6}))


def measure(py, client, contender, url, n, core):
    out = subprocess.run([py, os.path.abspath(__file__), "--worker", "--client", client,
                          "--contender", contender, "--url", url, "-n", str(n),
                          "--core", str(core)],
                         stdout=subprocess.PIPE, check=True, timeout=600)
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pinned")
    ap.add_argument("--core", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--markdown")
    ap.add_argument("--worker", action="store_true")
    ap.add_argument("--client")
    ap.add_argument("--contender")
    ap.add_argument("--url")
    ap.add_argument("-n", type=int)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    ports = json.load(open(args.pinned))
    base = "http://%s:%d" % (ports.get("host", "127.0.0.1"), ports["http"])
    rows = []
    for client in CLIENTS:
        for title, path, ops in SCENARIOS:
            n = max(1, int(ops * args.scale))
            per = {"http.client": [], "gohttp": []}
            ratios = []
            missing = False
            for rnd in range(args.rounds):
                order = ("http.client", "gohttp") if rnd % 2 == 0 else ("gohttp", "http.client")
                got = {}
                for contender in order:
                    res = measure(sys.executable, client, contender, base + path, n, args.core)
                    if res.get("missing"):
                        missing = True
                        break
                    got[contender] = res["cpu_us"]
                if missing:
                    break
                for k, v in got.items():
                    per[k].append(v)
                ratios.append(got["http.client"] / got["gohttp"])
            print("  %-16s %-12s %s" % (client, title, "not installed" if missing else "done"),
                  file=sys.stderr)
            rows.append((client, title, n, missing, per, ratios))
    lines = ["| client | scenario | http.client, CPU µs per request | gohttp.install(), CPU µs per request | http.client ÷ gohttp |",
             "|---|---|---:|---:|---|"]
    for client, title, n, missing, per, ratios in rows:
        if missing:
            lines.append("| %s | %s | | | not installed for this Python |" % (client, title))
            continue
        lines.append("| %s | %s (×%d) | %.1f | %.1f | **%.2f×** (%.2f–%.2f) |" % (
            client, title, n, statistics.median(per["http.client"]),
            statistics.median(per["gohttp"]), statistics.median(ratios), min(ratios), max(ratios)))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
