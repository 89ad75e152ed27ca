"""make bench, the Python part: http.client against gohttp.client, with a
raw-socket client (bench/raw_python.py, the ceiling) and Go's net/http
(bench/nethttp, for reference).

    PYTHONPATH=build/python python3 bench/bench_python.py \
        --free FREE_PORTS.json --pinned PINNED_PORTS.json --core N \
        --nethttp build/bench/nethttp [--rounds 5] [--scale 1.0] \
        [--json out.json] [--markdown out.md] [--only NAME,...]

FREE_PORTS.json and PINNED_PORTS.json are written by two bench/server
processes (the minimal canned-response server): the pinned one runs on
CPU N only (the caller pins it), the free one anywhere.

Every measurement runs in its own process (this script with --worker, or
the nethttp program) that does one contender in one scenario and nothing
else: it connects, makes one untimed warm-up exchange, then times a fixed
number of exchanges, and reports wall time, CPU time (every thread of the
process, Go's runtime included; never the server's, another process) and
its peak resident set (getrusage's ru_maxrss), which is therefore the peak
of that contender in that scenario. The "1 core" scenarios run the worker
pinned to the pinned server's CPU, so that client and server share one
core and the CPU per request is what counts.

Each scenario runs N rounds; in a round every contender runs once, the
order rotating from round to round. The tables give the median over the
rounds of each contender and the median of the per-round ratios against
http.client (with the lowest and highest), so that the slow drifts of a
shared machine cancel. Where gohttp.client misses a target, a profile is
taken (cProfile, top 15 functions by tottime; tracemalloc's peak for a
memory target) and written under the table.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30

HTTP, GOHTTP, RAW, NETHTTP = "http.client", "gohttp.client", "raw socket", "Go net/http"
PY_CONTENDERS = (HTTP, GOHTTP, RAW)
ALL_CONTENDERS = (HTTP, GOHTTP, RAW, NETHTTP)


class Scenario:
    """One row of the throughput table: path and mode say what one
    exchange is (as in bench/nethttp: read, readinto, headers, post);
    pinned scenarios run on one core and are judged on CPU per request,
    the others on wall time."""

    def __init__(self, key, title, path, mode, ops, expect=None, pinned=False,
                 nbytes=0, doc="", target=1.0, of_raw=False):
        self.key, self.title, self.path, self.mode = key, title, path, mode
        self.ops, self.expect, self.pinned, self.nbytes = ops, expect, pinned, nbytes
        self.doc = doc
        # issue 11's target for gohttp.client: at least `target` times
        # http.client, or (of_raw) at least `target` of the raw socket.
        self.target, self.of_raw = target, of_raw


SIXTEEN = 16 * MiB
SCENARIOS = [
    Scenario("small", "small GET, 1 core", "/", "read", 2000, expect=26, pinned=True,
             doc="`GET /` (26-byte body) on a kept-alive connection: request(), "
                 "getresponse(), read(). Client and server pinned to one CPU.", target=2.2),
    Scenario("headers50", "50 headers + getheaders(), 1 core", "/headers?n=50", "headers",
             1000, expect=26, pinned=True,
             doc="`GET /headers?n=50`: 53 header lines, getheaders(), then read() of "
                 "the 26-byte body. Client and server pinned to one CPU.", target=3.5),
    Scenario("read16m", "16 MiB read()", "/bytes?n=%d" % SIXTEEN, "read", 32,
             expect=SIXTEEN, nbytes=SIXTEEN,
             doc="`GET /bytes?n=16777216` (Content-Length), read() whole.", target=1.6),
    Scenario("readinto16m", "16 MiB readinto() 64 KiB", "/bytes?n=%d" % SIXTEEN, "readinto",
             32, expect=SIXTEEN, nbytes=SIXTEEN,
             doc="the same, read with readinto() into one 64 KiB buffer until it returns 0.", target=0.95, of_raw=True),
    Scenario("chunked_read", "16 MiB chunked (16 KiB chunks) read()",
             "/chunked?bytes=%d&size=16384" % SIXTEEN, "read", 24, expect=SIXTEEN,
             nbytes=SIXTEEN,
             doc="`GET /chunked?bytes=16777216&size=16384`: 1024 chunks of 16 KiB, read() whole.", target=3.0),
    Scenario("chunked_readinto", "16 MiB chunked readinto() 64 KiB",
             "/chunked?bytes=%d&size=16384" % SIXTEEN, "readinto", 24, expect=SIXTEEN,
             nbytes=SIXTEEN,
             doc="the same chunked body read with readinto() into one 64 KiB buffer.", target=2.0),
    Scenario("post1m", "1 MiB POST", "/upload", "post", 200, nbytes=MiB,
             doc="`POST /upload` with a 1 MiB bytes body (Content-Length); the "
                 "8-byte answer read.", target=1.1),
]
SLOW_MS = 20
SLOW = Scenario("slow", "two threads, server waits %d ms" % SLOW_MS, "/slow?ms=%d" % SLOW_MS,
                "read", 40, expect=26,
                doc="`GET /slow?ms=%d` on kept-alive connections: one thread with one "
                    "connection, then two threads with one connection each (twice the "
                    "requests in all)." % SLOW_MS)
STREAM = Scenario("stream1g", "streaming 1 GiB, readinto() 64 KiB", "/bytes?n=%d" % GiB,
                  "readinto", 1, expect=GiB, nbytes=GiB,
                  doc="`GET /bytes?n=1073741824` read with readinto() into one 64 KiB "
                      "buffer; peak RSS against the RSS before the request (idle: "
                      "imported, connected, one small exchange made).")

# Targets of gohttp.client (issue 11).
TARGET_THREADS = 1.7     # two threads vs one against the slow server
TARGET_WAIT_CPU = 1.2    # CPU per request while waiting, gohttp / http.client
TARGET_RSS_MIB = 10.0    # peak RSS above http.client's, per scenario
TARGET_STREAM_MIB = 16.0  # streaming 1 GiB: peak above idle


# -- the worker: one contender, one scenario, in a process of its own ---------

def status_kb(field):
    """A "kB" line of /proc/self/status: VmRSS (now), VmHWM (peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError("no %s in /proc/self/status" % field)


def short_paths(text):
    """The profile's file names without this machine's folders: the
    standard library's as <stdlib>/, the repository's relative to it."""
    stdlib = os.path.dirname(os.__file__) + os.sep
    root = os.path.dirname(HERE) + os.sep
    text = text.replace(stdlib, "<stdlib>/").replace(root, "")
    return text.replace(os.path.expanduser("~") + os.sep, "~/")


def thread_cpu_ns():
    """{thread id: nanoseconds on a CPU} of every thread of this process."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open("/proc/self/task/%s/schedstat" % tid) as f:
                out[int(tid)] = int(f.read().split()[0])
        except OSError:  # the thread ended meanwhile
            pass
    return out


def load_contender(name):
    if name == HTTP:
        import http.client as mod
    elif name == GOHTTP:
        import gohttp.client as mod
    elif name == RAW:
        sys.path.insert(0, HERE)
        import raw_python as mod
    else:
        raise SystemExit("unknown contender %r" % name)
    return mod


def exchange(conn, sc):
    """One exchange of scenario sc on conn, as a function of no arguments."""
    path, expect, mode = sc.path, sc.expect, sc.mode
    if mode == "post":
        body = b"x" * sc.nbytes
        answer = b"%d\n" % sc.nbytes

        def one():
            conn.request("POST", path, body=body)
            r = conn.getresponse()
            if r.read() != answer:
                raise RuntimeError("POST: bad answer")
        return one
    if mode == "readinto":
        buf = bytearray(64 * KiB)
        mv = memoryview(buf)

        def one():
            conn.request("GET", path)
            r = conn.getresponse()
            readinto = r.readinto
            total = 0
            while True:
                n = readinto(mv)
                if not n:
                    break
                total += n
            if r.status != 200 or total != expect:
                raise RuntimeError("%s: status %d, %d bytes" % (path, r.status, total))
        return one
    headers = mode == "headers"

    def one():
        conn.request("GET", path)
        r = conn.getresponse()
        if headers and len(r.getheaders()) < 50:
            raise RuntimeError("%s: %d headers" % (path, len(r.getheaders())))
        body = r.read()
        if r.status != 200 or len(body) != expect:
            raise RuntimeError("%s: status %d, %d bytes" % (path, r.status, len(body)))
    return one


def worker(args):
    sc = {s.key: s for s in SCENARIOS + [SLOW, STREAM]}[args.scenario]
    mod = load_contender(args.contender)
    threads = max(1, args.threads)
    conns = [mod.HTTPConnection("127.0.0.1", args.port, timeout=60) for _ in range(threads)]
    base_kb = status_kb("VmRSS")
    if sc is STREAM:
        for c in conns:  # connect and warm up with a small exchange
            exchange(c, SCENARIOS[0])()
    ones = [exchange(c, sc) for c in conns]
    if sc is not STREAM:
        for one in ones:
            one()
    gc.collect()
    idle_kb = status_kb("VmRSS")
    per = args.ops // threads
    # cProfile's clock: CPU time of the whole process for the scenarios
    # judged on CPU, so that the time Go's threads spend shows up under the
    # Python function that called into the library; wall time otherwise.
    prof = None
    if args.profile:
        prof = cProfile.Profile(time.process_time if args.profile == "cpu" else time.perf_counter)
    main_tid = threading.main_thread().native_id
    cpu0 = thread_cpu_ns()
    if args.tracemalloc:
        import tracemalloc
        tracemalloc.start()

    def loop(one):
        for _ in range(per):
            one()

    errors = []

    def guarded(one, start):
        start.wait()
        try:
            loop(one)
        except BaseException as e:  # reported after the join
            errors.append(e)

    c0, w0 = time.process_time(), time.perf_counter()
    if threads == 1:
        if prof:
            prof.enable()
        loop(ones[0])
        if prof:
            prof.disable()
    else:
        start = threading.Barrier(threads + 1)
        ts = [threading.Thread(target=guarded, args=(one, start)) for one in ones]
        for t in ts:
            t.start()
        start.wait()
        for t in ts:
            t.join()
    w1, c1 = time.perf_counter(), time.process_time()
    cpu1 = thread_cpu_ns()
    # The threads other than Python's (the worker threads of a threaded run
    # have ended by now): Go's runtime, when the library is loaded.
    other_s = sum(v - cpu0.get(t, 0) for t, v in cpu1.items() if t != main_tid) / 1e9
    if errors:
        raise errors[0]
    out = {"wall_s": w1 - w0, "cpu_s": c1 - c0, "other_cpu_s": other_s, "ops": per * threads,
           "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           "base_kb": base_kb, "idle_kb": idle_kb, "hwm_kb": status_kb("VmHWM")}
    if args.tracemalloc:
        out["traced_peak_kb"] = tracemalloc.get_traced_memory()[1] // 1024
    if prof:
        main = (cpu1.get(main_tid, 0) - cpu0.get(main_tid, 0)) / 1e6
        s = io.StringIO()
        s.write("cProfile clock: %s. CPU of the timed part by thread (schedstat): "
                "Python's main thread %.1f ms, the other %d threads (Go's runtime) "
                "%.1f ms; wall %.1f ms.\n" % (
                    "process CPU time" if args.profile == "cpu" else "wall time",
                    main, len(cpu1) - 1, other_s * 1e3, (w1 - w0) * 1e3))
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(15)
        out["profile"] = short_paths(s.getvalue())
    for c in conns:
        c.close()
    print(json.dumps(out))


# -- the driver ----------------------------------------------------------------

class Runner:
    def __init__(self, args):
        self.args = args
        self.free = load_port(args.free)
        self.pinned = load_port(args.pinned)
        self.core = args.core
        self.nethttp = args.nethttp

    def ops(self, sc):
        return max(1, int(sc.ops * self.args.scale))

    def run(self, contender, sc, ops=None, threads=1, profile=False, tracemalloc=False):
        ops = ops or self.ops(sc)
        port = self.pinned if sc.pinned else self.free
        if contender == NETHTTP:
            cmd = [self.nethttp, "-port", str(port), "-path", sc.path, "-mode", sc.mode,
                   "-ops", str(ops), "-expect", str(sc.expect if sc.expect is not None else -1)]
            if sc.mode == "post":
                cmd += ["-post", str(sc.nbytes)]
        else:
            cmd = [sys.executable, os.path.abspath(__file__), "--worker",
                   "--contender", contender, "--scenario", sc.key, "--port", str(port),
                   "--ops", str(ops), "--threads", str(threads)]
            if profile:
                cmd += ["--profile", "cpu" if sc.pinned or sc is SLOW else "wall"]
            if tracemalloc:
                cmd.append("--tracemalloc")
        pre = None
        if sc.pinned:
            core = self.core
            pre = lambda: os.sched_setaffinity(0, {core})  # noqa: E731
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=pre, timeout=300, text=True)
        if p.returncode != 0:
            raise SystemExit("bench: %s in %r failed:\n%s" % (contender, sc.title, p.stderr))
        return json.loads(p.stdout.strip().splitlines()[-1])

    def rounds(self, contenders, fn):
        """fn(contender) for every contender in every round, the order
        rotating; returns {contender: [result of each round]}."""
        out = {c: [] for c in contenders}
        for rnd in range(self.args.rounds):
            k = rnd % len(contenders)
            for c in contenders[k:] + contenders[:k]:
                out[c].append(fn(c))
        return out


def load_port(path):
    with open(path) as f:
        return json.load(f)["http"]


def ratio_stats(ratios):
    return {"median": statistics.median(ratios), "lo": min(ratios), "hi": max(ratios),
            "all": ratios}


def measure_all(r, only):
    res = {"scenarios": [], "slow": None, "stream": None}
    t0 = time.perf_counter()

    def note(what):
        print("  %-42s done (%.0f s so far)" % (what, time.perf_counter() - t0), file=sys.stderr)

    for sc in SCENARIOS:
        if only and sc.key not in only:
            continue
        samples = r.rounds(ALL_CONTENDERS, lambda c: r.run(c, sc))
        metric = "cpu_s" if sc.pinned else "wall_s"
        entry = {"key": sc.key, "title": sc.title, "doc": sc.doc, "pinned": sc.pinned,
                 "ops": r.ops(sc), "nbytes": sc.nbytes, "metric": metric, "samples": samples,
                 "ratios": {}, "cpu_ratios": {}, "wall_ratios": {}}
        h = samples[HTTP]
        for c in ALL_CONTENDERS[1:]:
            for m, key in (("cpu_s", "cpu_ratios"), ("wall_s", "wall_ratios")):
                entry[key][c] = ratio_stats([a[m] / b[m] for a, b in zip(h, samples[c])])
            entry["ratios"][c] = entry[metric.replace("_s", "") + "_ratios"][c]
        rss_d = [(g["maxrss_kb"] - a["maxrss_kb"]) / 1024 for a, g in zip(h, samples[GOHTTP])]
        entry["rss_delta_mib"] = statistics.median(rss_d)
        entry["target"], entry["of_raw"] = sc.target, sc.of_raw
        # The target as a ratio to http.client (of the raw socket's, for
        # the raw-relative rows: the median ratios of the same rounds).
        entry["need"] = sc.target * (entry["ratios"][RAW]["median"] if sc.of_raw else 1.0)
        entry["met"] = entry["ratios"][GOHTTP]["median"] >= entry["need"]
        if not entry["met"]:
            entry["profile"] = r.run(GOHTTP, sc, profile=True)["profile"]
        if entry["rss_delta_mib"] > TARGET_RSS_MIB:
            entry["memprofile"] = {c: r.run(c, sc, tracemalloc=True) for c in (HTTP, GOHTTP)}
        res["scenarios"].append(entry)
        note(sc.title)

    if not only or "slow" in only:
        n1 = max(2, r.ops(SLOW))

        def slow(c):
            return {"one": r.run(c, SLOW, ops=n1, threads=1),
                    "two": r.run(c, SLOW, ops=2 * n1, threads=2)}
        samples = r.rounds((HTTP, GOHTTP), slow)
        entry = {"title": SLOW.title, "doc": SLOW.doc, "ops": n1, "samples": samples,
                 "speedup": {}, "cpu_per_req": {}}
        for c in (HTTP, GOHTTP):
            entry["speedup"][c] = ratio_stats(
                [(s["two"]["ops"] / s["two"]["wall_s"]) / (s["one"]["ops"] / s["one"]["wall_s"])
                 for s in samples[c]])
            for k in ("one", "two"):
                entry["cpu_per_req"][(c, k)] = statistics.median(
                    [s[k]["cpu_s"] / s[k]["ops"] for s in samples[c]])
        entry["cpu_ratio"] = {k: ratio_stats(
            [(g[k]["cpu_s"] / g[k]["ops"]) / (h[k]["cpu_s"] / h[k]["ops"])
             for h, g in zip(samples[HTTP], samples[GOHTTP])]) for k in ("one", "two")}
        entry["met_speedup"] = entry["speedup"][GOHTTP]["median"] >= TARGET_THREADS
        entry["met_cpu"] = entry["cpu_ratio"]["two"]["median"] <= TARGET_WAIT_CPU
        rss_d = [(g["two"]["maxrss_kb"] - h["two"]["maxrss_kb"]) / 1024
                 for h, g in zip(samples[HTTP], samples[GOHTTP])]
        entry["rss_delta_mib"] = statistics.median(rss_d)
        if not entry["met_cpu"] or not entry["met_speedup"]:
            entry["profile"] = r.run(GOHTTP, SLOW, ops=n1, threads=1, profile=True)["profile"]
        res["slow"] = entry
        note(SLOW.title)

    if not only or "stream1g" in only:
        samples = r.rounds((HTTP, GOHTTP), lambda c: r.run(c, STREAM))
        entry = {"title": STREAM.title, "doc": STREAM.doc, "samples": samples, "above_idle": {}}
        for c in (HTTP, GOHTTP):
            entry["above_idle"][c] = statistics.median(
                [(s["hwm_kb"] - s["idle_kb"]) / 1024 for s in samples[c]])
        entry["met"] = entry["above_idle"][GOHTTP] <= TARGET_STREAM_MIB
        if not entry["met"]:
            entry["memprofile"] = r.run(GOHTTP, STREAM, tracemalloc=True)
        res["stream"] = entry
        note(STREAM.title)
    res["seconds"] = time.perf_counter() - t0
    return res


# -- the report ------------------------------------------------------------------

def num(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


def rat(s):
    return "%.2f× (%.2f–%.2f)" % (s["median"], s["lo"], s["hi"])


def med(samples, key):
    return statistics.median([s[key] for s in samples])


def mark(ok, stats=None, target=None):
    """met or missed; "within noise" when the rounds fall on both sides."""
    m = "met" if ok else "**missed**"
    if stats and stats["lo"] < target < stats["hi"]:
        m += " (rounds on both sides)"
    return m


def thread_split(samples, ops, what=""):
    """The CPU per request of the measurement runs (not the profiled one),
    split between Python's threads and the others (Go's runtime)."""
    parts = []
    for c in (HTTP, GOHTTP):
        total = med(samples[c], "cpu_s") * 1e6 / ops
        other = med(samples[c], "other_cpu_s") * 1e6 / ops
        parts.append("%s %s µs (Python's threads %s, other threads %s)" % (
            c, num(total), num(total - other), num(other)))
    return ("CPU per request in the measured runs (%smedians, from each thread's "
            "schedstat): %s." % (what, "; ".join(parts)))


def profile_block(title, text):
    return ["", "<details><summary>%s</summary>" % title, "", "```", text.rstrip(), "```",
            "", "</details>"]


def markdown(res, args):
    out = []
    w = out.append
    w("### Throughput and CPU")
    w("")
    w("Ratios are against http.client in the same round (\"1.59×\" = 1.59 times "
      "faster, or 1/1.59 of the CPU), the median of the %d per-round ratios with the "
      "lowest and highest. The \"1 core\" rows run client and server on CPU %d only and "
      "are judged on the client's CPU per request; the others are free to use every "
      "CPU and are judged on wall time. Targets for gohttp.client (issue 11): the "
      "ratio to http.client in the target column, or a share of the raw socket's "
      "(\"of raw\", judged against the raw socket's median ratio in the same run)." % (
          args.rounds, args.core))
    w("")
    w("| scenario | metric | http.client | gohttp.client | raw socket | Go net/http "
      "| gohttp vs http.client | raw vs http.client | net/http vs http.client | target | |")
    w("|---|---|---:|---:|---:|---:|---|---|---|---|---|")
    for e in res["scenarios"]:
        s = e["samples"]
        label = "%s (×%d)" % (e["title"], e["ops"])
        for m in (("cpu_s", "wall_s") if e["pinned"] else ("wall_s", "cpu_s")):
            judged = m == e["metric"]
            rk = "cpu_ratios" if m == "cpu_s" else "wall_ratios"
            if m == "cpu_s":
                name = "CPU µs per request"
                vals = [num(med(s[c], "cpu_s") * 1e6 / e["ops"]) for c in ALL_CONTENDERS]
            elif e["nbytes"]:
                name = "MB/s (wall)"
                vals = [num(e["nbytes"] * e["ops"] / 1e6 / med(s[c], "wall_s"))
                        for c in ALL_CONTENDERS]
            else:
                name = "requests/s (wall)"
                vals = [num(e["ops"] / med(s[c], "wall_s")) for c in ALL_CONTENDERS]
            ratios = [rat(e[rk][c]) for c in ALL_CONTENDERS[1:]]
            if judged:
                ratios[0] = "**%s**" % ratios[0]
                tgt = ("≥ %.2f× of raw (≥ %.2f×)" % (e["target"], e["need"]) if e["of_raw"]
                       else "≥ %.2f×" % e["target"])
                tail = tgt, mark(e["met"], e["ratios"][GOHTTP], e["need"])
            else:
                tail = "", ""
            w("| %s | %s | %s | %s | %s | %s |" % (
                label if judged else "", name, " | ".join(vals), " | ".join(ratios), *tail))
    w("")

    slow = res["slow"]
    if slow:
        w("### Two threads against a slow server (%d ms per response)" % SLOW_MS)
        w("")
        w(slow["doc"] + " Throughput ratio: requests per second of the two threads "
          "over that of the one (2.00× = the waits fully overlap). CPU per request: "
          "gohttp.client's over http.client's, per round (lower is better).")
        w("")
        w("| metric | http.client | gohttp.client | target (gohttp.client) | |")
        w("|---|---:|---:|---|---|")
        sp = slow["speedup"]
        w("| throughput, 2 threads ÷ 1 thread (%d vs %d requests) | %s | **%s** | ≥ %.2f× | %s |" % (
            slow["ops"], 2 * slow["ops"], rat(sp[HTTP]), rat(sp[GOHTTP]), TARGET_THREADS,
            mark(slow["met_speedup"], sp[GOHTTP], TARGET_THREADS)))
        cp = slow["cpu_per_req"]
        for k, label in (("one", "1 thread"), ("two", "2 threads")):
            judged = k == "two"
            w("| CPU µs per request while waiting, %s | %s | %s | %s | %s |" % (
                label, num(cp[(HTTP, k)] * 1e6), num(cp[(GOHTTP, k)] * 1e6),
                "", ""))
            w("| gohttp ÷ http.client CPU per request, %s | | %s | %s | %s |" % (
                label, ("**%s**" if judged else "%s") % rat(slow["cpu_ratio"][k]),
                "≤ %.2f×" % TARGET_WAIT_CPU if judged else "",
                mark(slow["met_cpu"], slow["cpu_ratio"]["two"], TARGET_WAIT_CPU) if judged else ""))
        w("")

    w("### Memory: peak RSS of the client process")
    w("")
    w("Each measurement's process runs one contender in one scenario only, so its "
      "getrusage() ru_maxrss is that contender's peak there (the Python interpreter "
      "included; Go's runtime too for gohttp.client and net/http). Medians over the "
      "rounds, MiB. Target: gohttp.client at most %.0f MiB above http.client." % TARGET_RSS_MIB)
    w("")
    w("| scenario | http.client | gohttp.client | raw socket | Go net/http | gohttp − http.client | target | |")
    w("|---|---:|---:|---:|---:|---:|---|---|")
    for e in res["scenarios"]:
        s = e["samples"]
        w("| %s | %s | %s | %s | %s | %+.1f | ≤ +%.0f | %s |" % (
            e["title"], *[num(med(s[c], "maxrss_kb") / 1024) for c in ALL_CONTENDERS],
            e["rss_delta_mib"], TARGET_RSS_MIB, mark(e["rss_delta_mib"] <= TARGET_RSS_MIB)))
    if slow:
        s = slow["samples"]
        w("| %s (2 threads) | %s | %s | | | %+.1f | ≤ +%.0f | %s |" % (
            slow["title"], num(statistics.median([x["two"]["maxrss_kb"] for x in s[HTTP]]) / 1024),
            num(statistics.median([x["two"]["maxrss_kb"] for x in s[GOHTTP]]) / 1024),
            slow["rss_delta_mib"], TARGET_RSS_MIB, mark(slow["rss_delta_mib"] <= TARGET_RSS_MIB)))
    w("")
    st = res["stream"]
    if st:
        s = st["samples"]
        w("Streaming: " + st["doc"])
        w("")
        w("| contender | idle RSS (VmRSS), MiB | peak RSS (VmHWM), MiB | peak − idle, MiB | MB/s | target | |")
        w("|---|---:|---:|---:|---:|---|---|")
        for c in (HTTP, GOHTTP):
            w("| %s | %s | %s | %+.1f | %s | %s | %s |" % (
                c, num(med(s[c], "idle_kb") / 1024), num(med(s[c], "hwm_kb") / 1024),
                st["above_idle"][c], num(GiB / 1e6 / med(s[c], "wall_s")),
                "≤ +%.0f" % TARGET_STREAM_MIB if c == GOHTTP else "",
                mark(st["met"]) if c == GOHTTP else ""))
        w("")

    # Misses: the gaps and the profiles.
    w("### Missed targets and their profiles")
    w("")
    missed = 0
    for e in res["scenarios"]:
        g = e["ratios"][GOHTTP]["median"]
        what = "CPU per request" if e["pinned"] else "wall time"
        if not e["met"]:
            missed += 1
            w("- **%s**: gohttp.client is %.2f× http.client (target ≥ %.2f×%s): %.0f%% "
              "short of it in %s; the raw socket does it at %.2f×." % (
                  e["title"], g, e["need"], " of raw" if e["of_raw"] else "",
                  (1 - g / e["need"]) * 100, what, e["ratios"][RAW]["median"]))
            w("  " + thread_split(e["samples"], e["ops"]))
            out.extend("  " + line if line else line for line in profile_block(
                "cProfile of gohttp.client in %s: top 15 by tottime (%d exchanges)" % (
                    e["title"], e["ops"]), e["profile"]))
        if e["rss_delta_mib"] > TARGET_RSS_MIB:
            missed += 1
            mp = e["memprofile"]
            s = e["samples"]
            rss = {c: tuple(med(s[c], k) / 1024 for k in ("base_kb", "idle_kb", "hwm_kb"))
                   for c in (HTTP, GOHTTP)}
            w("- **%s, memory**: gohttp.client's peak RSS is %+.1f MiB from http.client's "
              "(target ≤ +%.0f MiB); %.1f MiB over. RSS (VmRSS) after import and "
              "HTTPConnection(), before any exchange → after the untimed warm-up exchange "
              "→ peak (VmHWM): http.client %.1f → %.1f → %.1f MiB, gohttp.client %.1f → "
              "%.1f → %.1f MiB. tracemalloc's peak of Python allocations in the timed "
              "part: http.client %.1f MiB, gohttp.client %.1f MiB (what gohttp.client's "
              "RSS has beyond that is outside Python's allocator: the library, Go's heap "
              "and stacks)." % (
                  e["title"], e["rss_delta_mib"], TARGET_RSS_MIB,
                  e["rss_delta_mib"] - TARGET_RSS_MIB, *rss[HTTP], *rss[GOHTTP],
                  mp[HTTP]["traced_peak_kb"] / 1024, mp[GOHTTP]["traced_peak_kb"] / 1024))
    if slow:
        if not slow["met_speedup"]:
            missed += 1
            w("- **%s, throughput**: gohttp.client's 2-thread ÷ 1-thread ratio is %.2f× "
              "(target ≥ %.2f×, gap %.2f×)." % (slow["title"], slow["speedup"][GOHTTP]["median"],
                                              TARGET_THREADS, TARGET_THREADS - slow["speedup"][GOHTTP]["median"]))
        if not slow["met_cpu"]:
            missed += 1
            c = slow["cpu_ratio"]["two"]["median"]
            w("- **%s, CPU while waiting**: gohttp.client takes %.2f× http.client's CPU "
              "per request with two threads (target ≤ %.2f×; %.0f%% over the target)." % (
                  slow["title"], c, TARGET_WAIT_CPU, (c / TARGET_WAIT_CPU - 1) * 100))
            w("  What gohttp.client adds is in the process's other threads, the Go "
              "runtime's: its monitor thread (sysmon) wakes every 20 µs at first while "
              "a thread holds a P in a system call, inside a call or just after one "
              "returns; core/syswait.go says what the library does about it, and "
              "bench/idle_gaps.py measures the cost between calls.")
        if slow.get("profile"):
            w("  " + thread_split({c: [x["two"] for x in slow["samples"][c]] for c in (HTTP, GOHTTP)},
                                  2 * slow["ops"], "two threads, "))
            out.extend("  " + line if line else line for line in profile_block(
                "cProfile of gohttp.client, one thread against the slow server: top 15 by "
                "tottime (%d requests)" % slow["ops"], slow["profile"]))
        if slow["rss_delta_mib"] > TARGET_RSS_MIB:
            missed += 1
            w("- **%s, memory**: gohttp.client's peak RSS is %+.1f MiB from http.client's "
              "(target ≤ +%.0f MiB)." % (slow["title"], slow["rss_delta_mib"], TARGET_RSS_MIB))
    if st and not st["met"]:
        missed += 1
        mp = st["memprofile"]
        w("- **%s**: gohttp.client's peak RSS is %.1f MiB above idle (target ≤ %.0f MiB; "
          "%.1f MiB over). tracemalloc's peak of Python allocations while streaming: "
          "%.1f MiB." % (st["title"], st["above_idle"][GOHTTP], TARGET_STREAM_MIB,
                         st["above_idle"][GOHTTP] - TARGET_STREAM_MIB,
                         mp["traced_peak_kb"] / 1024))
    if not missed:
        w("None: gohttp.client met every target in this run.")
    w("")
    w("Python measurement time: %.0f s (%d rounds, scale %g)." % (
        res["seconds"], args.rounds, args.scale))
    return "\n".join(out) + "\n"


def jsonable(res):
    slow = res.get("slow")
    if slow:
        slow["cpu_per_req"] = {"%s, %s" % k: v for k, v in slow["cpu_per_req"].items()}
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--contender", help=argparse.SUPPRESS)
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--ops", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--profile", choices=("cpu", "wall"), help=argparse.SUPPRESS)
    ap.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--free", help="ports file of the bench/server free to use every CPU")
    ap.add_argument("--pinned", help="ports file of the bench/server pinned to --core")
    ap.add_argument("--core", type=int, help="the CPU of the 1-core scenarios")
    ap.add_argument("--nethttp", help="the bench/nethttp program")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every exchange count by this")
    ap.add_argument("--only", help="comma-separated scenario keys: " + ", ".join(
        [s.key for s in SCENARIOS] + ["slow", "stream1g"]))
    ap.add_argument("--json", help="write the raw results as JSON here")
    ap.add_argument("--markdown", help="write the Markdown tables here (default: stdout)")
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    if not (args.free and args.pinned and args.core is not None and args.nethttp):
        ap.error("--free, --pinned, --core and --nethttp are needed")
    if args.rounds < 1 or args.rounds > 1000:
        ap.error("--rounds: 1..1000")
    only = set(args.only.split(",")) if args.only else None
    res = measure_all(Runner(args), only)
    md = markdown(res, args)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    else:
        sys.stdout.write(md)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(jsonable(res), f, indent=1)


if __name__ == "__main__":
    main()
