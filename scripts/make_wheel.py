#!/usr/bin/env python3
"""make_wheel.py: build the gohttp wheel with the Python standard library only.

    python3 scripts/make_wheel.py [--build DIR] [--out DIR]

Packs the package that build.sh assembled in DIR/python/gohttp (default
DIR: $GOHTTP_BUILD or build) into OUT (default DIR/dist) as

    gohttp-VERSION-py3-none-manylinux_2_Y_x86_64.whl

The wheel is not py3-none-any because it carries libgohttp.so, and it is
not tied to a CPython ABI because the library does not use Python at all
(the package loads it with ctypes). Its platform tag comes from the
library itself: the highest GLIBC_2.Y symbol version it needs (read with
``objdump -T``) gives manylinux_2_Y, after checking that it is an x86-64
ELF file linking only libraries that every glibc system has.

Name, version, summary, requires-python and classifiers come from
bindings/python/pyproject.toml (its version must equal GOHTTP_VERSION in
capi/gohttp_types.h); LICENSE goes into the .dist-info folder. RECORD
holds the sha256 of every file. File times in the zip are fixed
($SOURCE_DATE_EPOCH, else 1980-01-01), so the same build gives the same
wheel byte for byte. Prints the path of the wheel written.
"""

import argparse
import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYPROJECT = os.path.join(ROOT, "bindings", "python", "pyproject.toml")
TYPES_H = os.path.join(ROOT, "capi", "gohttp_types.h")
LICENSE = os.path.join(ROOT, "LICENSE")
LIBRARY = "libgohttp.so"

# Libraries a manylinux wheel may link against without carrying them
# (the glibc family, libgcc_s and libstdc++ are not among what
# libgohttp needs, but are allowed by PEP 600's policy).
ALLOWED_NEEDED = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
    "libresolv.so.2", "libutil.so.1", "ld-linux-x86-64.so.2", "libgcc_s.so.1",
}
EM_X86_64 = 62


class WheelError(Exception):
    pass


def read_project(path):
    """The [project] table of pyproject.toml, for the subset of TOML that
    file uses: ``key = "string"``, ``key = { file = "..." }`` and lists of
    strings, one item per line. Anything else is an error (tomllib is only
    in Python 3.11+, and this script runs on any Python 3.8+)."""
    project, section, key, items = {}, None, None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if items is not None:           # inside a multi-line list
            if line == "]":
                project[key], items = items, None
            elif line:
                m = re.fullmatch(r'"((?:[^"\\]|\\.)*)",?', line)
                if not m:
                    raise WheelError("%s:%d: cannot read list item %r" % (path, n, line))
                items.append(m.group(1))
            continue
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[([A-Za-z0-9_.\-\"]+)\]", line)
        if m:
            section = m.group(1)
            continue
        if section != "project":
            continue
        m = re.fullmatch(r'([A-Za-z0-9_\-]+)\s*=\s*(.*)', line)
        if not m:
            raise WheelError("%s:%d: cannot read %r" % (path, n, line))
        key, value = m.groups()
        if value == "[":
            items = []
        elif re.fullmatch(r'"((?:[^"\\]|\\.)*)"', value):
            project[key] = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        elif re.fullmatch(r'\{\s*(file|text)\s*=\s*"[^"]*"\s*\}', value):
            k, v = re.fullmatch(r'\{\s*(file|text)\s*=\s*"([^"]*)"\s*\}', value).groups()
            project[key] = {k: v}
        else:
            raise WheelError("%s:%d: cannot read the value of %s" % (path, n, key))
    if items is not None:
        raise WheelError("%s: unterminated list %s" % (path, key))
    for need in ("name", "version", "description", "requires-python"):
        if need not in project:
            raise WheelError("%s: [project] has no %s" % (path, need))
    return project


def library_version():
    with open(TYPES_H, encoding="utf-8") as f:
        m = re.search(r'^#define GOHTTP_VERSION "([^"]+)"', f.read(), re.M)
    if not m:
        raise WheelError("%s: no GOHTTP_VERSION" % TYPES_H)
    return m.group(1)


def objdump(flag, path):
    exe = shutil.which("objdump")
    if exe is None:
        raise WheelError("objdump (binutils) is needed to read the glibc "
                         "versions %s requires" % path)
    out = subprocess.run([exe, flag, path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True)
    if out.returncode != 0:
        raise WheelError("objdump %s %s: %s" % (flag, path, out.stderr.strip()))
    return out.stdout


def platform_tag(lib):
    """manylinux_2_Y_x86_64 for the highest GLIBC_2.Y that lib needs,
    after checking that lib is a 64-bit x86 ELF file whose only needed
    libraries are part of every glibc system."""
    with open(lib, "rb") as f:
        head = f.read(20)
    if head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
        raise WheelError("%s is not a 64-bit little-endian ELF file" % lib)
    machine = int.from_bytes(head[18:20], "little")
    if machine != EM_X86_64:
        raise WheelError("%s is for ELF machine %d, not x86-64 (%d): the "
                         "tag would be wrong" % (lib, machine, EM_X86_64))
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", objdump("-p", lib), re.M)
    odd = sorted(set(needed) - ALLOWED_NEEDED)
    if odd:
        raise WheelError("%s needs %s, which a manylinux system need not "
                         "have" % (lib, ", ".join(odd)))
    versions = set()
    for line in objdump("-T", lib).splitlines():
        # address flags section size version name; the version is in
        # parentheses when it is not the default one, "Base" for ours.
        tokens = line.split()
        if len(tokens) < 4 or not re.fullmatch(r"[0-9a-f]{8,16}", tokens[0]):
            continue
        # Only what lib needs (undefined symbols); the functions it
        # defines carry its own version node, GOHTTP_1.0.
        if "*UND*" not in tokens:
            continue
        name = tokens[-2].strip("()")
        if not re.fullmatch(r"[A-Za-z_]+_[0-9][0-9.]*", name):
            continue
        prefix, _, ver = name.rpartition("_")
        if prefix != "GLIBC":
            raise WheelError("%s needs symbol version %s, which is not glibc's"
                             % (lib, name))
        versions.add(tuple(int(x) for x in ver.split(".")))
    if not versions:
        raise WheelError("%s needs no GLIBC symbol version: objdump's output "
                         "was not understood" % lib)
    major, minor = max(versions)[:2]
    if major != 2:
        raise WheelError("%s needs glibc %d.%d, unknown to manylinux" % (lib, major, minor))
    return "manylinux_%d_%d_x86_64" % (major, minor), needed, max(versions)


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def metadata(project, readme):
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + project["name"],
        "Version: " + project["version"],
        "Summary: " + project["description"],
        "License: MIT",
        "Requires-Python: " + project["requires-python"],
    ]
    lines += ["Classifier: " + c for c in project.get("classifiers", [])]
    lines += ["Description-Content-Type: text/markdown", "", readme]
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def build(build_dir, out_dir):
    project = read_project(PYPROJECT)
    if project["version"] != library_version():
        raise WheelError("pyproject.toml says version %s, capi/gohttp_types.h "
                         "%s: make them agree" % (project["version"], library_version()))
    lic = project.get("license")
    if lic != {"file": "LICENSE"}:
        raise WheelError("pyproject.toml: license should be { file = \"LICENSE\" }")
    pkg = os.path.join(build_dir, "python", "gohttp")
    lib = os.path.join(pkg, LIBRARY)
    if not os.path.isfile(lib):
        raise WheelError("%s is missing: run ./build.sh (or make) first" % lib)
    tag, needed, glibc = platform_tag(lib)

    name, version = project["name"], project["version"]
    dist_info = "%s-%s.dist-info" % (name, version)
    wheel_name = "%s-%s-py3-none-%s.whl" % (name, version, tag)

    files = []   # (archive name, bytes, mode)
    for entry in sorted(os.listdir(pkg)):
        path = os.path.join(pkg, entry)
        if not os.path.isfile(path) or entry.endswith((".pyc", ".pyo")):
            continue
        if not (entry.endswith((".py", ".pyi")) or entry in ("py.typed", LIBRARY)):
            raise WheelError("unexpected file %s in the package: remove it or "
                             "teach make_wheel.py about it" % path)
        with open(path, "rb") as f:
            data = f.read()
        files.append(("gohttp/" + entry, data, 0o755 if entry == LIBRARY else 0o644))
    for need in ("gohttp/__init__.py", "gohttp/client.py", "gohttp/py.typed",
                 "gohttp/__init__.pyi", "gohttp/client.pyi", "gohttp/" + LIBRARY):
        if need not in [f[0] for f in files]:
            raise WheelError("%s is missing from %s" % (need, pkg))

    readme_path = os.path.join(build_dir, "python", "README.md")
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    with open(LICENSE, "rb") as f:
        license_text = f.read()
    wheel_meta = ("Wheel-Version: 1.0\n"
                  "Generator: gohttp scripts/make_wheel.py\n"
                  "Root-Is-Purelib: false\n"
                  "Tag: py3-none-%s\n" % tag).encode("ascii")
    files += [
        (dist_info + "/METADATA", metadata(project, readme), 0o644),
        (dist_info + "/WHEEL", wheel_meta, 0o644),
        (dist_info + "/LICENSE", license_text, 0o644),
        (dist_info + "/top_level.txt", b"gohttp\n", 0o644),
    ]
    record = io.StringIO()
    for arc, data, _ in files:
        record.write("%s,%s,%d\n" % (arc, record_hash(data), len(data)))
    record.write("%s/RECORD,,\n" % dist_info)
    files.append((dist_info + "/RECORD", record.getvalue().encode("utf-8"), 0o644))

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]   # zip cannot go before 1980
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):   # one wheel in dist: the glob in the README finds it
        if old.startswith(name + "-") and old.endswith(".whl"):
            os.remove(os.path.join(out_dir, old))
    target = os.path.join(out_dir, wheel_name)
    tmp = target + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arc, data, mode in files:
            info = zipfile.ZipInfo(arc, date_time=stamp)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3   # Unix, so pip honours the mode bits
            zf.writestr(info, data)
    os.replace(tmp, target)
    sys.stderr.write("make_wheel.py: %s needs %s and glibc %s -> %s\n"
                     % (LIBRARY, ", ".join(needed), ".".join(map(str, glibc)), tag))
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_build = os.environ.get("GOHTTP_BUILD", "build")
    parser.add_argument("--build", default=default_build,
                        help="the build folder build.sh wrote (default: %(default)s)")
    parser.add_argument("--out", default=None,
                        help="where to write the wheel (default: BUILD/dist)")
    args = parser.parse_args(argv)
    build_dir = os.path.join(ROOT, args.build) if not os.path.isabs(args.build) else args.build
    out_dir = args.out or os.path.join(build_dir, "dist")
    try:
        print(build(build_dir, out_dir))
    except (WheelError, OSError) as e:
        sys.stderr.write("make_wheel.py: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
