#!/usr/bin/env bash
# install.sh: install the C library (make install).
#
#   scripts/install.sh DESTDIR PREFIX LIBDIR INCLUDEDIR
#
# DESTDIR (may be empty) is prepended to every path written, for staging
# (packages); the files themselves name PREFIX, LIBDIR and INCLUDEDIR. It
# installs, from the build (./build.sh, $GOHTTP_BUILD or build/):
#   LIBDIR/libgohttp.so.VERSION                the library
#   LIBDIR/libgohttp.so.ABI -> .so.VERSION     its soname, for the loader
#   LIBDIR/libgohttp.so -> .so.ABI             for the linker (-lgohttp)
#   INCLUDEDIR/gohttp.h, gohttp.cdef.h (for ffi.cdef in cffi and LuaJIT),
#   gohttp.json (the API's description, for generated bindings)
#   LIBDIR/pkgconfig/gohttp.pc                 pkg-config --cflags --libs gohttp
#   LIBDIR/cmake/gohttp/gohttpConfig.cmake     find_package(gohttp): gohttp::gohttp
#   LIBDIR/cmake/gohttp/gohttpConfigVersion.cmake
set -euo pipefail
cd "$(dirname "$0")/.."
B=${GOHTTP_BUILD:-build}

if [ $# -ne 4 ]; then
  echo "usage: scripts/install.sh DESTDIR PREFIX LIBDIR INCLUDEDIR" >&2
  exit 2
fi
DESTDIR=$1 PREFIX=$2 LIBDIR=$3 INCLUDEDIR=$4
for d in "$PREFIX" "$LIBDIR" "$INCLUDEDIR"; do
  case $d in /*) ;; *) echo "install.sh: $d is not an absolute path" >&2; exit 2 ;; esac
done

types=capi/gohttp_types.h
ABI=$(sed -n 's/^#define GOHTTP_ABI \([0-9]*\).*/\1/p' "$types")
VERSION=$(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' "$types")
lib=libgohttp.so.$VERSION
[ -f "$B/lib/$lib" ] || { echo "install.sh: $B/lib/$lib is missing: run ./build.sh (or make) first" >&2; exit 1; }

libdir=$DESTDIR$LIBDIR
incdir=$DESTDIR$INCLUDEDIR
cmakedir=$libdir/cmake/gohttp
install -d "$libdir" "$incdir" "$libdir/pkgconfig" "$cmakedir"

# The library and its links. The soname link is what programs load, the
# plain .so what the linker finds; both are relative, so they survive a
# move of the tree.
install -m 755 "$B/lib/$lib" "$libdir/$lib"
ln -sfn "$lib" "$libdir/libgohttp.so.$ABI"
ln -sfn "libgohttp.so.$ABI" "$libdir/libgohttp.so"

install -m 644 include/gohttp.h "$incdir/gohttp.h"
install -m 644 include/gohttp.cdef.h "$incdir/gohttp.cdef.h"
install -m 644 include/gohttp.json "$incdir/gohttp.json"

# pkg-config: absolute paths, with ${prefix} where they lie under PREFIX.
under_prefix() { case $1 in "$PREFIX") echo '${prefix}' ;; "$PREFIX"/*) echo "\${prefix}${1#"$PREFIX"}" ;; *) echo "$1" ;; esac; }
pc_libdir=$(under_prefix "$LIBDIR")
pc_incdir=$(under_prefix "$INCLUDEDIR")
sed -e "s|@PREFIX@|$PREFIX|; s|@LIBDIR@|$pc_libdir|; s|@INCLUDEDIR@|$pc_incdir|; s|@VERSION@|$VERSION|" \
  bindings/c/gohttp.pc.in > "$libdir/pkgconfig/gohttp.pc.tmp"
mv "$libdir/pkgconfig/gohttp.pc.tmp" "$libdir/pkgconfig/gohttp.pc"
chmod 644 "$libdir/pkgconfig/gohttp.pc"

# CMake: paths relative to the config file's own directory.
rel() { realpath -m --relative-to="$LIBDIR/cmake/gohttp" "$1"; }
sizeof_void_p=$(getconf LONG_BIT 2>/dev/null || echo 64)
for f in gohttpConfig gohttpConfigVersion; do
  sed -e "s|@VERSION@|$VERSION|g; s|@ABI@|$ABI|g; s|@REL_LIBDIR@|$(rel "$LIBDIR")|g" \
      -e "s|@REL_INCLUDEDIR@|$(rel "$INCLUDEDIR")|g; s|@SIZEOF_VOID_P@|$((sizeof_void_p / 8))|g" \
    "bindings/c/$f.cmake.in" > "$cmakedir/$f.cmake"
  chmod 644 "$cmakedir/$f.cmake"
done

echo "install.sh: installed gohttp $VERSION into ${DESTDIR:+$DESTDIR}$PREFIX"
echo "  $LIBDIR/$lib (+ libgohttp.so.$ABI, libgohttp.so)"
echo "  $INCLUDEDIR/gohttp.h (and gohttp.cdef.h, gohttp.json)"
echo "  $LIBDIR/pkgconfig/gohttp.pc"
echo "  $LIBDIR/cmake/gohttp/gohttpConfig.cmake, gohttpConfigVersion.cmake"
