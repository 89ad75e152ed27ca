#!/usr/bin/env bash
# soak.sh (make test-long): builds bindings/c/tests/soak/soak.c against the
# public header and build/lib, starts the local test server and runs the
# soak: 16 threads of healthy and hostile exchanges for DURATION seconds
# (default 180), then checks that RSS, open descriptors, threads and live
# handles are flat against the warm-up baseline. Not part of make test.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
[ -f "$B/lib/libgohttp.so" ] || { echo "soak.sh: $B/lib/libgohttp.so is missing: run ./build.sh"; exit 1; }
CC=${CC:-$(command -v cc || command -v gcc)}
"$CC" -std=c99 -Wall -Wextra -Werror -O2 -Iinclude -o "$B/bin/soak" bindings/c/tests/soak/soak.c \
  -L"$B/lib" -lgohttp -Wl,-rpath,'$ORIGIN/../lib' -lpthread || { echo "soak.sh: building soak.c failed"; exit 1; }
duration=${DURATION:-180}
start_server "$((duration + 300))s" || exit 1
trap stop_server EXIT
# A hang is caught: the soak gets its duration and 5 minutes more.
timeout "$((duration + 300))" "$B/bin/soak" "$(port_of http)" "$(port_of stall)" "$(port_of https)" \
  "$(port_of https_expired)" "$(port_of ca)"
rc=$?
[ $rc = 124 ] && echo "soak.sh: FAILED: the soak did not end within its duration + 300 s (a hang)"
exit $rc
