#!/usr/bin/env bash
# make bench: gohttp's benchmarks.
#
# - Python (bench/bench_python.py): http.client against gohttp.client, with
#   a raw-socket client (bench/raw_python.py, the ceiling) and Go's
#   net/http (bench/nethttp, for reference): small GET and 50 headers on
#   one core, 16 MiB read()/readinto() plain and chunked, 1 MiB POST, two
#   threads against a slow server, peak RSS of every contender in every
#   scenario and while streaming 1 GiB; the targets of gohttp.client
#   marked met or missed, with a profile under every miss.
# - Python, real clients (bench/bench_clients.py): urllib.request, urllib3
#   and requests on http.client and on gohttp under gohttp.install(), CPU
#   per request on one core, small GET and 50 headers.
# - Go: go test -run '^$' -bench . -benchmem ./core (parser, chunked
#   decoder, request writer).
# - C (bench/bench_c.c): libgohttp against libcurl and a raw socket (the
#   ceiling): small GET, 50 headers, 16 MiB plain and chunked, 1 MiB POST.
#
# All against local servers (bench/server: a minimal canned-response
# server, so that the server is not what is measured). Prints the tables
# and writes them, with the machine, the versions and the command, to
# build/bench/RESULTS.md, or to bench/RESULTS.md (tracked) with UPDATE=1.
#
#   scripts/bench.sh                  (make bench)
#   UPDATE=1 scripts/bench.sh         (make bench UPDATE=1)
#
# Environment:
#   GOHTTP_BUILD=DIR      build folder (default build/)
#   PYTHON=python3.X      the Python to run (default python3)
#   BENCH_ROUNDS=N        rounds of every benchmark (default 5)
#   BENCH_SCALE=F         multiply the Python and C iteration counts
#                         (default 1: about 3 minutes in all on 2 CPUs)
#   BENCH_CORE=N          the CPU of the "1 core" scenarios (default: the
#                         last one this process may use)
#   UPDATE=1              write bench/RESULTS.md (the tracked file)
#   BENCH_RESULTS=FILE    write the results there instead
#   BENCH_NO_APT=1        do not try to install libcurl's dev package
#
# Timings on a shared machine are noisy: every comparison is made within
# one run, the contenders interleaved round by round, and the medians of
# the per-round ratios are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
# Never nest: two runs at once would measure each other.
[ -z "${GOHTTP_BENCH_RUNNING:-}" ] || { echo "bench.sh: already running in this process tree" >&2; exit 1; }
export GOHTTP_BENCH_RUNNING=1
. scripts/lib.sh
t0=$(date +%s)
ROUNDS=${BENCH_ROUNDS:-5}
SCALE=${BENCH_SCALE:-1}
if [ -n "${BENCH_RESULTS:-}" ]; then RESULTS=$BENCH_RESULTS
elif [ -n "${UPDATE:-}" ] && [ "${UPDATE}" != 0 ]; then RESULTS=bench/RESULTS.md
else RESULTS=$B/bench/RESULTS.md; fi
PY=${PYTHON:-python3}
PY=$("$PY" -c 'import sys; print(sys.executable)') # past pyenv's shim
# The interpreter as RESULTS.md names it: no home directory of this machine.
PY_SHOWN=${PY/#"$HOME"/\~}
CORE=${BENCH_CORE:-$("$PY" -c 'import os; print(max(os.sched_getaffinity(0)))')}
[[ "$CORE" =~ ^[0-9]+$ ]] || { echo "bench.sh: BENCH_CORE must be a CPU number" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 1000 ] ||
  { echo "bench.sh: BENCH_ROUNDS must be 1..1000" >&2; exit 2; }
# What was measured, before anything (RESULTS.md among it) is written.
REV="$(git describe --always --dirty 2>/dev/null || echo unknown)"
say() { echo "bench: $*" >&2; }

# -- build -------------------------------------------------------------------
# build.sh unless its outputs are newer than every source (as after make).
lib=$B/lib/libgohttp.so
if [ ! -e "$lib" ] || [ ! -e "$B/python/gohttp/client.py" ] || [ ! -x "$B/bin/testsrv" ] ||
   [ -n "$(find core capi bindings/python/gohttp internal examples/server include go.mod -newer "$lib" -type f 2>/dev/null | head -n 1)" ]; then
  say "building ($B)"
  ./build.sh >&2
fi
mkdir -p "$B/bench"
go build -o "$B/bench/server" ./bench/server
go build -o "$B/bench/nethttp" ./bench/nethttp

# libcurl for the C comparison: Debian's dev package, installed when
# missing if we are root and may.
CC=${CC:-$(command -v cc || command -v gcc)}
have_curl() { echo '#include <curl/curl.h>' | "$CC" $(pkg-config --cflags libcurl 2>/dev/null) -E - >/dev/null 2>&1; }
if ! have_curl; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -z "${BENCH_NO_APT:-}" ]; then
    say "installing libcurl4-openssl-dev (for the libcurl comparison)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq libcurl4-openssl-dev >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libcurl4-openssl-dev >/dev/null 2>&1; } ||
      say "apt-get install libcurl4-openssl-dev failed"
  fi
fi
cflags="-std=c99 -O2 -Wall -Wextra -Iinclude"
ldflags="-L$B/lib -lgohttp -Wl,-rpath,$(cd "$B/lib" && pwd)"
if have_curl; then
  curl_libs=$(pkg-config --libs libcurl 2>/dev/null || echo -lcurl)
  "$CC" $cflags -DHAVE_CURL $(pkg-config --cflags libcurl 2>/dev/null) -o "$B/bench/bench_c" bench/bench_c.c $ldflags $curl_libs
  curl_note="libcurl $("$B/bench/bench_c" --curl-version)"
else
  say "SKIPPING the libcurl comparison: libcurl's dev package is missing (Debian, as root:"
  say "apt-get install libcurl4-openssl-dev); the C benchmark runs libgohttp alone"
  "$CC" $cflags -o "$B/bench/bench_c" bench/bench_c.c $ldflags
  curl_note="libcurl: skipped, its dev package is missing (not root, no apt-get or BENCH_NO_APT set), so libgohttp ran alone"
fi

# -- servers -----------------------------------------------------------------
# Two bench/server processes: "free" may use every CPU; "pinned" runs on
# CPU $CORE only, beside the client of the "1 core" scenarios.
FREE_PID= PINNED_PID= tmp=
stop_all() {
  for p in "$FREE_PID" "$PINNED_PID"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
  done
  [ -n "$tmp" ] && rm -rf "$tmp"
  return 0
}
trap stop_all EXIT
tmp=$(mktemp -d)
"$B/bench/server" -ports "$tmp/free.json" -lifetime 900s 2>/dev/null &
FREE_PID=$!
"$PY" -c 'import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); os.execv(sys.argv[2], sys.argv[2:])' \
  "$CORE" "$B/bench/server" -ports "$tmp/pinned.json" -lifetime 900s 2>/dev/null &
PINNED_PID=$!
for _ in $(seq 1 200); do [ -s "$tmp/free.json" ] && [ -s "$tmp/pinned.json" ] && break; sleep 0.05; done
[ -s "$tmp/free.json" ] && [ -s "$tmp/pinned.json" ] || { echo "bench: bench/server did not start" >&2; exit 1; }
FAST_PORT=$(PORTS=$tmp/free.json port_of http)

# -- run ---------------------------------------------------------------------
# The package byte-compiled, as an installed one is (pip compiles it; the
# standard library's http.client comes compiled): without it each measured
# process compiles client.py from source, which costs gohttp.client about
# 3.5 MiB of peak RSS that http.client does not pay.
"$PY" -m compileall -q "$B/python/gohttp" >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
py_cmd=(env PYTHONPATH="$B/python" "$PY" bench/bench_python.py --free "$tmp/free.json" --pinned "$tmp/pinned.json"
        --core "$CORE" --nethttp "$B/bench/nethttp" --rounds "$ROUNDS" --scale "$SCALE"
        --markdown "$tmp/python.md" --json "$tmp/python.json")
say "Python: http.client, gohttp.client, raw socket, Go net/http ($ROUNDS rounds)"
"${py_cmd[@]}"
cl_cmd=(env PYTHONPATH="$B/python" "$PY" bench/bench_clients.py --pinned "$tmp/pinned.json"
        --core "$CORE" --rounds "$ROUNDS" --scale "$SCALE" --markdown "$tmp/clients.md")
say "Python, real clients: urllib.request, urllib3, requests on http.client and gohttp ($ROUNDS rounds)"
"${cl_cmd[@]}" >/dev/null
go_cmd=(go test -run '^$' -bench . -benchmem ./core)
go_shown="go test -run '^\$' -bench . -benchmem ./core"
say "Go: $go_shown"
"${go_cmd[@]}" >"$tmp/go.txt" 2>&1 || { cat "$tmp/go.txt" >&2; exit 1; }
# SMALL_OPS BIG_OPS HEADERS_OPS CHUNKED_OPS POST_OPS, scaled.
c_n=$("$PY" -c 'import sys; print(*(max(1, int(n * float(sys.argv[1]))) for n in (20000, 24, 10000, 24, 400)))' "$SCALE")
c_cmd=("$B/bench/bench_c" "$FAST_PORT" "$ROUNDS" $c_n)
say "C: libgohttp, libcurl, a raw socket ($ROUNDS rounds)"
"${c_cmd[@]}" >"$tmp/c.md"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
secs=$(( $(date +%s) - t0 ))

# -- report ------------------------------------------------------------------
if [ -n "${MAKELEVEL:-}" ]; then cmd="make bench"; else cmd="scripts/bench.sh"; fi
envs=""
for v in GOHTTP_BUILD PYTHON BENCH_ROUNDS BENCH_SCALE BENCH_CORE BENCH_RESULTS BENCH_NO_APT; do
  [ -n "${!v:-}" ] && envs+="$v=${!v} "
done
if [ -n "${UPDATE:-}" ]; then
  if [ -n "${MAKELEVEL:-}" ]; then cmd="make bench UPDATE=$UPDATE"; else envs+="UPDATE=$UPDATE "; fi
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
libver=$(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' include/gohttp.h capi/*.h 2>/dev/null | head -n 1)
mkdir -p "$(dirname "$RESULTS")"

{
cat <<EOF
# gohttp benchmarks

Written by \`scripts/bench.sh\` (\`make bench\` writes build/bench/RESULTS.md,
\`make bench UPDATE=1\` this file); overwritten on every run.

| | |
|---|---|
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| command | \`${envs}${cmd}\` (in the repository root) |
| machine | $(nproc) CPUs ($cpu), $mem, $(uname -sr) |
| load average (1, 5, 15 min) | before: $load_before; after: $load_after |
| Go | $(go version | sed 's/^go version //') |
| Python | $("$PY" -c 'import platform, sys; print(platform.python_implementation(), sys.version.split()[0])') ($PY_SHOWN) |
| C compiler | $("$CC" --version | head -n 1) |
| libcurl | $curl_note |
| gohttp | $REV, library ${libver:-unknown} |
| rounds, scale | $ROUNDS rounds, BENCH_SCALE=$SCALE; the "1 core" scenarios on CPU $CORE |
| run time | $secs s for scripts/bench.sh, its build steps included (\`make bench\` runs build.sh before it) |

The machine is shared and noisy, so nothing here is a promise: compare
numbers of one run only. In each round every contender runs once, the
order rotating from round to round; the tables give the median of each
over the rounds and the median of the per-round ratios against
http.client, with the lowest and highest (pairing the contenders round by
round cancels slow drifts). CPU time covers every thread of the client
process, Go's runtime included, and never the server's, which is another
process.

## Python: http.client, gohttp.client, a raw socket, Go's net/http

Contenders, each measured in a process of its own (which also gives its
peak RSS in that scenario alone):

- **http.client**: CPython's.
- **gohttp.client**: this project's drop-in, on libgohttp.
- **raw socket**: \`bench/raw_python.py\`, a minimal Python client making
  the same exchanges with socket.sendall() and recv_into(): the ceiling
  of a Python client.
- **Go net/http**: \`bench/nethttp\`, the same exchanges with Go's own
  client, for reference.

The server is \`bench/server\`, a minimal Go HTTP/1.1 server with canned
responses, on 127.0.0.1 (one instance pinned to CPU $CORE for the "1 core"
rows, one free). Scenarios:

EOF
"$PY" - "$tmp/python.json" <<'PYEOF'
import json, sys
res = json.load(open(sys.argv[1]))
for e in res["scenarios"]:
    print("- **%s**: %s" % (e["title"], e["doc"]))
for k in ("slow", "stream"):
    if res.get(k):
        print("- **%s**: %s" % (res[k]["title"], res[k]["doc"]))
PYEOF
cat <<EOF

Command: \`PYTHONPATH=$B/python $PY_SHOWN bench/bench_python.py --free FREE.json --pinned PINNED.json --core $CORE --nethttp $B/bench/nethttp --rounds $ROUNDS --scale $SCALE\`

EOF
cat "$tmp/python.md"
cat <<EOF

## Python: the clients that sit on http.client

urllib.request, urllib3 and requests, called as their users call them
(\`opener.open(url)\`, \`PoolManager().request("GET", url)\`,
\`Session().get(url)\`; the body read and the headers looked at), on
CPython's http.client and on gohttp under \`gohttp.install()\`, against
the pinned bench/server with client and server on CPU $CORE: the client's
CPU per request, every thread of its process counted. urllib.request
opens a connection for each request; urllib3 and requests keep one
alive. urllib3 (and requests on it) connects its own Python socket, which
the library then reads through its makefile, with Python called back for
each read. No targets; the ratio is http.client's CPU over gohttp's.

Command: \`PYTHONPATH=$B/python $PY_SHOWN bench/bench_clients.py --pinned PINNED.json --core $CORE --rounds $ROUNDS --scale $SCALE\`

EOF
cat "$tmp/clients.md"
cat <<EOF

## Go: the core's benchmarks

Command: \`$go_shown\`

\`\`\`
$(cat "$tmp/go.txt")
\`\`\`

## C: libgohttp vs libcurl (easy API) and a raw socket

Against the free bench/server, one kept-alive connection per client and
round (one reused easy handle for libcurl). Contenders: libgohttp's C API;
libcurl's easy API; a raw socket, \`bench/bench_c.c\`'s minimal blocking
client (a canned request, the head scanned for its end, Content-Length or
chunked framing read minimally): the ceiling. Scenarios:

- **small GET**: \`GET /\` (26-byte body) read to its end (libgohttp:
  \`gohttp_conn_getresponse\` with \`GOHTTP_GETRESPONSE_BODY\`).
- **50 headers**: \`GET /headers?n=50\`, every one of the 53 header fields
  seen (libgohttp: \`GOHTTP_RESP_FIELDS\` with \`gohttp_resp_get\`, each
  name and value walked; libcurl: a header callback), then the body.
- **download 16 MiB**: \`GET /bytes?n=16777216\`, read in 64 KiB pieces and
  dropped (libcurl: CURLOPT_BUFFERSIZE 64 KiB and a write callback that
  drops the data).
- **chunked 16 MiB**: \`GET /chunked?bytes=16777216&size=16384\` (16 KiB
  chunks), read in 64 KiB pieces and dropped.
- **POST 1 MiB**: a 1 MiB body to bench/server's sink, which answers
  \`1048576\\n\` (libgohttp: \`gohttp_conn_request\`; libcurl:
  CURLOPT_POSTFIELDS, its \`Expect: 100-continue\` removed as the server
  does not answer it).

Targets of libgohttp, on the median of the per-round wall ratios: small
GET, 50 headers and POST at least 1.00× libcurl; the two 16 MiB downloads
at least 0.95× the raw socket's MB/s.

Command: \`$B/bench/bench_c PORT $ROUNDS $c_n\` (PORT: the server's)

EOF
cat "$tmp/c.md"
} >"$RESULTS"

echo
echo "== Python: http.client vs gohttp.client (raw socket, Go net/http)"
cat "$tmp/python.md"
echo
echo "== Python, real clients on http.client and gohttp"
cat "$tmp/clients.md"
echo
echo "== Go: $go_shown"
cat "$tmp/go.txt"
echo
echo "== C: libgohttp vs libcurl and a raw socket"
cat "$tmp/c.md"
echo
echo "bench: results written to $RESULTS ($secs s)"
