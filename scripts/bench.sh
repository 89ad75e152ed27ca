#!/usr/bin/env bash
# make bench: gohttp's benchmarks. Python's http.client against
# gohttp.client (bench/bench_python.py), and libgohttp against libcurl
# from C (bench/bench_c.c), on local servers: bench/server (a minimal
# canned-response server, so that the server is not what is measured) and
# testsrv (the test server, for reference). Prints the tables and writes
# them with the machine's details to bench/RESULTS.md.
#
#   scripts/bench.sh
#
# Environment:
#   GOHTTP_BUILD=DIR      build folder (default build/)
#   PYTHON=python3.X      the Python to run (default python3)
#   BENCH_ROUNDS=N        rounds of every benchmark (default 7)
#   BENCH_SCALE=F         multiply the Python iteration counts (default 1)
#   BENCH_RESULTS=FILE    where to write the results (default bench/RESULTS.md)
#   BENCH_NO_APT=1        do not try to install libcurl's dev package
#
# Timings on a shared machine are noisy: every comparison is made within
# one run, the contenders interleaved round by round, and CPU time per
# request (which the neighbours disturb least) is reported beside wall
# time. The whole run takes about a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# Never nest: two runs at once would measure each other.
[ -z "${GOHTTP_BENCH_RUNNING:-}" ] || { echo "bench.sh: already running in this process tree" >&2; exit 1; }
export GOHTTP_BENCH_RUNNING=1
. scripts/lib.sh
t0=$(date +%s)
ROUNDS=${BENCH_ROUNDS:-7}
SCALE=${BENCH_SCALE:-1}
RESULTS=${BENCH_RESULTS:-bench/RESULTS.md}
PY=${PYTHON:-python3}
PY=$("$PY" -c 'import sys; print(sys.executable)') # past pyenv's shim
# The interpreter as RESULTS.md names it: no home directory of this machine.
PY_SHOWN=${PY/#"$HOME"/\~}
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
FAST_PID= FAST_PORTS= TESTSRV_PORTS= tmp=
stop_all() {
  stop_server
  if [ -n "$FAST_PID" ]; then kill "$FAST_PID" 2>/dev/null || true; wait "$FAST_PID" 2>/dev/null || true; fi
  for d in "$FAST_PORTS" "$TESTSRV_PORTS"; do [ -n "$d" ] && rm -rf "$(dirname "$d")"; done
  [ -n "$tmp" ] && rm -rf "$tmp"
  return 0
}
trap stop_all EXIT
start_server 300s
TESTSRV_PORTS=$PORTS
FAST_PORTS=$(mktemp -d)/fast.json
"$B/bench/server" -ports "$FAST_PORTS" -lifetime 300s 2>/dev/null &
FAST_PID=$!
for _ in $(seq 1 200); do [ -s "$FAST_PORTS" ] && break; sleep 0.05; done
[ -s "$FAST_PORTS" ] || { echo "bench: bench/server did not start" >&2; exit 1; }
FAST_PORT=$(PORTS=$FAST_PORTS port_of http)

# -- run ---------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
tmp=$(mktemp -d)
py_cmd=(env PYTHONPATH="$B/python" "$PY" bench/bench_python.py --fast "$FAST_PORTS" --testsrv "$TESTSRV_PORTS"
        --rounds "$ROUNDS" --scale "$SCALE" --markdown "$tmp/python.md" --json "$tmp/python.json")
say "Python: http.client vs gohttp.client ($ROUNDS rounds)"
"${py_cmd[@]}"
c_cmd=("$B/bench/bench_c" "$FAST_PORT" "$ROUNDS" 20000 24)
say "C: libgohttp vs libcurl ($ROUNDS rounds)"
"${c_cmd[@]}" >"$tmp/c.md"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
secs=$(( $(date +%s) - t0 ))

# -- report ------------------------------------------------------------------
if [ -n "${MAKELEVEL:-}" ]; then cmd="make bench"; else cmd="scripts/bench.sh"; fi
envs=""
for v in GOHTTP_BUILD PYTHON BENCH_ROUNDS BENCH_SCALE BENCH_RESULTS BENCH_NO_APT; do
  [ -n "${!v:-}" ] && envs+="$v=${!v} "
done
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)

{
cat <<EOF
# gohttp benchmarks

Written by \`scripts/bench.sh\` (\`make bench\`); overwritten on every run.

| | |
|---|---|
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| command | \`${envs}${cmd}\` (in the repository root) |
| machine | $(nproc) CPUs ($cpu), $mem, $(uname -sr) |
| load average (1, 5, 15 min) | before: $load_before; after: $load_after |
| Go | $(go version | sed 's/^go version //') |
| Python | $("$PY" -c 'import platform, sys; print(platform.python_implementation(), sys.version.split()[0])') ($PY_SHOWN) |
| C compiler | $("$CC" --version | head -n 1) |
| C comparison | $curl_note |
| gohttp | $(git describe --always --dirty 2>/dev/null || echo unknown), library $(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' capi/gohttp_types.h) |
| run time | $secs s for scripts/bench.sh, its build steps included (\`make bench\` runs build.sh before it) |

The machine is shared and noisy, so nothing here is a promise: compare
numbers of one run only. In each round the contenders run back to back,
the first alternating from round to round; a table gives the median of
each over the rounds and, in the last column, the median of the
per-round ratios with the lowest and highest (pairing the contenders round
by round cancels slow drifts). CPU time covers every thread of the client
process, Go's runtime included, and never the server's, which is another
process: it is the steadiest number here.

Servers, both on 127.0.0.1 and run by the script:

- **fast**: \`bench/server\`, a minimal Go HTTP/1.1 server with canned
  responses and keep-alive, so that the server is not the bottleneck.
- **testsrv**: \`build/bin/testsrv\` (examples/server), the test server,
  which parses and routes every request; for reference.

## Python: http.client vs gohttp.client

- small GET: \`GET /\` (26-byte body) on one kept-alive connection:
  request(), getresponse(), read().
- download: \`GET /bytes?n=N\` on a kept-alive connection, read() whole.
- chunked: \`GET /chunked?n=1000\`: 1000 chunks of 8–10 bytes, read() whole.
- POST 1 MiB: request("POST", body=1 MiB of bytes), answer read.
- 4 threads: four Python threads, each with its own kept-alive
  connection, doing small GETs (the count is the total). On 2 cores shared
  with the server this measures contention more than parallelism, so:
- 4 threads, server waits 10 ms: the same against \`/slow?ms=10\`. If the
  client releases the GIL while it waits for the server, the four threads'
  waits overlap and the concurrency row nears 4 (the rest is the server's
  timer overshoot); a client holding the GIL would stay near 1.
- new connection: HTTPConnection(), small GET, close() for every request.

Command: \`PYTHONPATH=$B/python $PY_SHOWN bench/bench_python.py --fast FAST.json --testsrv TESTSRV.json --rounds $ROUNDS --scale $SCALE\`

EOF
cat "$tmp/python.md"
cat <<EOF

## C: libgohttp vs libcurl (easy API)

Against the fast server, one kept-alive connection (one reused easy
handle for libcurl): \`GET /\` read to its end, and \`GET /bytes?n=16777216\`
read in 64 KiB pieces and dropped (libcurl: CURLOPT_BUFFERSIZE 64 KiB and a
write callback that drops the data).

Command: \`$B/bench/bench_c PORT $ROUNDS 20000 24\` (PORT: the fast server's)

EOF
cat "$tmp/c.md"
} >"$RESULTS"

echo
echo "== Python: http.client vs gohttp.client"
cat "$tmp/python.md"
echo
echo "== C: libgohttp vs libcurl"
cat "$tmp/c.md"
echo
echo "bench: results written to $RESULTS ($secs s)"
