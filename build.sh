#!/usr/bin/env bash
# build.sh builds everything into build/: the shared library (with its
# soname and only gohttp_* exported), the header generated from capi/,
# the Python package with the library inside, the C examples and the
# demo/test server.
#
#   ./build.sh            build
#   ./build.sh header     build, then copy the fresh header to include/
set -euo pipefail
cd "$(dirname "$0")"

OUT=${GOHTTP_BUILD:-build}
types=capi/gohttp_types.h
ABI=$(sed -n 's/^#define GOHTTP_ABI \([0-9]*\).*/\1/p' "$types")
VERSION=$(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' "$types")
[ -n "$ABI" ] && [ -n "$VERSION" ] || { echo "build.sh: cannot read the version from $types" >&2; exit 1; }

command -v go >/dev/null || { echo "build.sh: Go is required (https://go.dev/dl/)" >&2; exit 1; }
command -v cc >/dev/null || command -v gcc >/dev/null || { echo "build.sh: a C compiler (cc/gcc) is required" >&2; exit 1; }
CC=${CC:-$(command -v cc || command -v gcc)}
export CGO_ENABLED=1

mkdir -p "$OUT/lib" "$OUT/include" "$OUT/python/gohttp" "$OUT/bin"
OUTABS=$(cd "$OUT" && pwd)

# 1. The generated sources, all from capi/: the header, its cdef form
#    (cffi, LuaJIT), its JSON description, and capi/exports_gen.c (the
#    exported C functions, with the fork guard). The committed copies
#    must match: `make header` refreshes them.
go run ./internal/genheader -capi capi -header "$OUT/include/gohttp.h" \
  -cdef "$OUT/include/gohttp.cdef.h" -json "$OUT/include/gohttp.json" -wrappers "$OUT/exports_gen.c"
generated="include/gohttp.h include/gohttp.cdef.h include/gohttp.json capi/exports_gen.c"
built_of() { case $1 in capi/*) echo "$OUT/${1#capi/}" ;; *) echo "$OUT/$1" ;; esac; }
if [ "${1:-}" = header ]; then
  for f in $generated; do cp "$(built_of "$f")" "$f"; done
  echo "build.sh: $generated updated"
else
  for f in $generated; do
    if ! cmp -s "$(built_of "$f")" "$f"; then
      echo "build.sh: $f does not match capi/: run 'make header' and commit it" >&2
      exit 1
    fi
  done
fi

# 2. The library: libgohttp.so.VERSION, soname libgohttp.so.ABI.
lib="libgohttp.so.$VERSION"
# Go caches the link by its flags, not by the files they name: the
# version script's hash is part of the flags, so a changed script relinks.
maphash=$(cksum < capi/exports.map | cut -d' ' -f1)
go build -buildmode=c-shared -trimpath \
  -ldflags "-s -w -X main.exportsMap=$maphash -extldflags '-Wl,-soname,libgohttp.so.$ABI -Wl,--version-script=$PWD/capi/exports.map'" \
  -o "$OUT/lib/$lib" ./capi
# cgo's own header is not used: genheader wrote the public one.
rm -f "$OUT/lib/${lib%.*}.h"
ln -sf "$lib" "$OUT/lib/libgohttp.so.$ABI"
ln -sf "libgohttp.so.$ABI" "$OUT/lib/libgohttp.so"

# 3. The Python package, with the library inside it.
# Stale modules from an older build must not linger in the package.
rm -f "$OUT"/python/gohttp/*.py "$OUT"/python/gohttp/*.pyi
cp bindings/python/gohttp/*.py bindings/python/gohttp/*.pyi bindings/python/gohttp/py.typed "$OUT/python/gohttp/"
cp bindings/python/pyproject.toml LICENSE "$OUT/python/"
go run ./internal/genbuilt -version "$VERSION" -o "$OUT/python/gohttp/_built.py"
printf 'gohttp: Python'"'"'s http.client on a Go HTTP/1.1 core. See the gohttp README.\n' > "$OUT/python/README.md"
cp "$OUT/lib/$lib" "$OUT/python/gohttp/libgohttp.so"

# 4. pkg-config file for the build tree (make install writes its own).
sed -e "s|@PREFIX@|$OUTABS|; s|@LIBDIR@|$OUTABS/lib|; s|@INCLUDEDIR@|$PWD/include|; s|@VERSION@|$VERSION|" \
  bindings/c/gohttp.pc.in > "$OUT/lib/gohttp.pc"

# 5. The C examples and the C test runner, against the committed header.
cflags="-std=c99 -Wall -Wextra -Werror -O2 -Iinclude"
ldflags="-L$OUT/lib -lgohttp -Wl,-rpath,\$ORIGIN/../lib"
for src in examples/c/*.c; do
  "$CC" $cflags -o "$OUT/bin/$(basename "${src%.c}")" "$src" $ldflags
done
"$CC" $cflags -D_GNU_SOURCE -Ibindings/c/tests -o "$OUT/bin/gohttp_c_tests" bindings/c/tests/*.c $ldflags -lpthread

# 6. The local server for the demo and the tests.
go build -o "$OUT/bin/testsrv" ./examples/server

echo "build.sh: built $OUT/lib/$lib ($("$CC" --version | head -n 1 | cut -c1-30)...)"
