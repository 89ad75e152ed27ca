#!/usr/bin/env bash
# The ABI freeze check (docs/abi.md, "Freeze hygiene"): libabigail's
# abidiff compares a fresh build of the library with the committed
# baseline abi/libgohttp.abi and fails on any change it reports to the
# exported functions or the types they use (a removed function, a changed
# signature, a struct whose layout changed). Added functions pass: 1.x
# may add. The shipped library is stripped (build.sh links with -s -w),
# so the check builds the same library with its debug information (the
# DWARF of the exported C functions, capi/exports_gen.c, and of the types
# of capi/gohttp_types.h) into $B/abi/.
#
#   scripts/abi_check.sh           check
#   scripts/abi_check.sh update    write a new baseline (an ABI change
#                                  that is meant: a new major version)
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_tool abidiff abigail-tools "the ABI check compares the library with abi/libgohttp.abi" || exit 1
need_tool abidw abigail-tools "the ABI check reads the library's ABI" || exit 1
ABI=$(sed -n 's/^#define GOHTTP_ABI \([0-9]*\).*/\1/p' capi/gohttp_types.h)
VERSION=$(sed -n 's/^#define GOHTTP_VERSION "\(.*\)".*/\1/p' capi/gohttp_types.h)
out=$B/abi
mkdir -p "$out"
lib=$out/libgohttp.so.$VERSION
maphash=$(cksum < capi/exports.map | cut -d' ' -f1)
CGO_ENABLED=1 go build -buildmode=c-shared -trimpath \
  -ldflags "-X main.exportsMap=$maphash -extldflags '-Wl,-soname,libgohttp.so.$ABI -Wl,--version-script=$PWD/capi/exports.map'" \
  -o "$lib" ./capi || { echo "abi: building the library with debug information failed"; exit 1; }
if [ "${1:-}" = update ]; then
  abidw --no-corpus-path "$lib" > abi/libgohttp.abi || exit 1
  echo "abi: abi/libgohttp.abi written from $lib"
  exit 0
fi
[ -s abi/libgohttp.abi ] || { echo "abi: abi/libgohttp.abi is missing (scripts/abi_check.sh update)"; exit 1; }
abidiff --no-added-syms abi/libgohttp.abi "$lib" > "$out/abidiff.txt" 2>&1
rc=$?
# abidiff's status is a bit mask: 1 error, 2 usage, 4 an ABI change,
# 8 an incompatible change. Any of them fails the freeze.
if [ $rc -ne 0 ]; then
  cat "$out/abidiff.txt"
  echo "abi: abidiff reports a change against abi/libgohttp.abi (status $rc): C ABI $ABI.0 is frozen"
  exit 1
fi
echo "abi: the library's ABI matches abi/libgohttp.abi ($(grep -c "<elf-symbol name='gohttp_" abi/libgohttp.abi) functions)"
