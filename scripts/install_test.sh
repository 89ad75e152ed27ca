#!/usr/bin/env bash
# install_test.sh: install the C library into a temporary PREFIX and use
# it as a C user would: compile examples/c/get.c with pkg-config and with
# CMake's find_package, run it against the local server, and check the
# staged layout of a DESTDIR install. pkg-config and cmake are installed
# when missing (as root with apt-get; otherwise the test fails, naming
# the package).
#
#   scripts/install_test.sh [PORTS_JSON]
#
# Without PORTS_JSON it uses $GOHTTP_TEST_PORTS or starts the local server.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

fail() { echo "install_test.sh: FAIL: $*"; exit 1; }
if [ $# -gt 0 ] && [ -f "$1" ]; then
  PORTS=$1
elif [ -n "${GOHTTP_TEST_PORTS:-}" ] && [ -f "$GOHTTP_TEST_PORTS" ]; then
  PORTS=$GOHTTP_TEST_PORTS
else
  start_server 120s || exit 1
  trap stop_server EXIT
fi
need_tool pkg-config pkg-config "the install is checked with pkg-config" || fail "pkg-config is missing"
need_tool cmake cmake "the install's CMake package is checked with find_package" || fail "cmake is missing"
CC=${CC:-$(command -v cc || command -v gcc)}
VERSION=$(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' capi/gohttp_types.h)
ABI=$(sed -n 's/^#define GOHTTP_ABI \([0-9]*\).*/\1/p' capi/gohttp_types.h)
[ -n "$ABI" ] && [ "$ABI" = "${VERSION%%.*}" ] || fail "GOHTTP_ABI ($ABI) is not the major version of $VERSION"
HTTP=$(port_of http)
tmp=$(mktemp -d /tmp/gohttp-install.XXXXXX)
cleanup() { rm -rf "$tmp"; stop_server; }
trap cleanup EXIT

# 1. A plain install into a temporary prefix.
prefix=$tmp/prefix
scripts/install.sh "" "$prefix" "$prefix/lib" "$prefix/include" >/dev/null || fail "install.sh failed"
for f in "lib/libgohttp.so.$VERSION" include/gohttp.h lib/pkgconfig/gohttp.pc \
         lib/cmake/gohttp/gohttpConfig.cmake lib/cmake/gohttp/gohttpConfigVersion.cmake; do
  [ -f "$prefix/$f" ] || fail "$prefix/$f is missing"
done
[ "$(readlink "$prefix/lib/libgohttp.so.$ABI")" = "libgohttp.so.$VERSION" ] || fail "soname link is wrong"
[ "$(readlink "$prefix/lib/libgohttp.so")" = "libgohttp.so.$ABI" ] || fail "dev link is wrong"
objdump -p "$prefix/lib/libgohttp.so.$VERSION" | grep -q "SONAME *libgohttp.so.$ABI\$" || fail "wrong soname"
# Every function carries the version node GOHTTP_<ABI>.0 in the installed library too.
# (The table is read whole first: grep -q stopping early would give
# objdump a SIGPIPE, which pipefail reports as a failure.)
dynsyms=$(objdump -T "$prefix/lib/libgohttp.so.$VERSION")
grep -q " GOHTTP_$ABI.0 *gohttp_conn_new\$" <<<"$dynsyms" \
  || fail "gohttp_conn_new is not versioned GOHTTP_$ABI.0"
cmp -s include/gohttp.h "$prefix/include/gohttp.h" || fail "installed header differs from include/gohttp.h"
cmp -s include/gohttp.cdef.h "$prefix/include/gohttp.cdef.h" || fail "installed gohttp.cdef.h differs"
cmp -s include/gohttp.json "$prefix/include/gohttp.json" || fail "installed gohttp.json differs"

# 2. pkg-config, as the examples' comments say.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
[ "$(pkg-config --modversion gohttp)" = "$VERSION" ] || fail "pkg-config --modversion gohttp is not $VERSION"
flags=$(pkg-config --cflags --libs gohttp) || fail "pkg-config --cflags --libs gohttp failed"
libdir=$(pkg-config --variable=libdir gohttp)
[ "$libdir" = "$prefix/lib" ] || fail "pkg-config libdir is $libdir"
# shellcheck disable=SC2086
"$CC" -std=c99 -Wall -Wextra -Werror examples/c/get.c $flags -o "$tmp/get" || fail "compiling get.c with pkg-config failed"
readelf -d "$tmp/get" | grep -q "NEEDED.*\[libgohttp.so.$ABI\]" || fail "get does not link libgohttp.so.$ABI by its soname"
out=$(LD_LIBRARY_PATH=$libdir "$tmp/get" "127.0.0.1:$HTTP" /) || fail "get failed: $out"
echo "$out" | grep -q "^HTTP/1.1 200 OK" || fail "get printed: $out"
echo "$out" | grep -q "hello from gohttp testsrv" || fail "get printed: $out"
loaded=$(LD_LIBRARY_PATH=$libdir ldd "$tmp/get" | awk '/libgohttp/ {print $3}')
[ "$loaded" = "$libdir/libgohttp.so.$ABI" ] || fail "get loads $loaded, not the installed library"
echo "install_test.sh: pkg-config: get.c built against $prefix and ran: $(echo "$out" | head -n 1)"

# 3. CMake's find_package.
mkdir -p "$tmp/cmake-src"
cp examples/c/get.c "$tmp/cmake-src/"
cat > "$tmp/cmake-src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.10)
project(gohttp_install_test C)
find_package(gohttp $VERSION REQUIRED)
if(NOT gohttp_VERSION STREQUAL "$VERSION")
  message(FATAL_ERROR "gohttp_VERSION is \${gohttp_VERSION}")
endif()
add_executable(get get.c)
target_link_libraries(get PRIVATE gohttp::gohttp)
# A newer major version must not be found.
find_package(gohttp $((ABI + 1)).0 QUIET)
if(gohttp_FOUND)
  message(FATAL_ERROR "find_package(gohttp $((ABI + 1)).0) accepted $VERSION")
endif()
CMAKE
cmake -S "$tmp/cmake-src" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cmake.log" 2>&1 \
  && cmake --build "$tmp/cmake-build" >>"$tmp/cmake.log" 2>&1 \
  || { cat "$tmp/cmake.log"; fail "the CMake build against gohttp::gohttp failed"; }
out=$("$tmp/cmake-build/get" "127.0.0.1:$HTTP" /) || fail "the CMake-built get failed: $out"
echo "$out" | grep -q "^HTTP/1.1 200 OK" || fail "the CMake-built get printed: $out"
echo "install_test.sh: cmake: find_package(gohttp $VERSION) + gohttp::gohttp built get.c and it ran"

# 4. A staged install (DESTDIR): files under DESTDIR, paths without it.
stage=$tmp/stage
scripts/install.sh "$stage" /usr/local /usr/local/lib64 /usr/local/include/gohttp-$ABI >/dev/null \
  || fail "install.sh with DESTDIR failed"
[ -f "$stage/usr/local/lib64/libgohttp.so.$VERSION" ] || fail "DESTDIR install: library missing"
[ -f "$stage/usr/local/include/gohttp-$ABI/gohttp.h" ] || fail "DESTDIR install: header missing"
grep -q "^prefix=/usr/local\$" "$stage/usr/local/lib64/pkgconfig/gohttp.pc" || fail "DESTDIR leaked into gohttp.pc"
grep -q '^libdir=${prefix}/lib64$' "$stage/usr/local/lib64/pkgconfig/gohttp.pc" || fail "gohttp.pc libdir is wrong"
grep -q '/../../../include/gohttp-'"$ABI"'"' "$stage/usr/local/lib64/cmake/gohttp/gohttpConfig.cmake" \
  || fail "gohttpConfig.cmake does not find the include directory relative to itself"
if grep -rq "$stage" "$stage"; then fail "DESTDIR appears inside installed files"; fi
echo "install_test.sh: DESTDIR staging ok"
echo "install_test.sh: ok"
