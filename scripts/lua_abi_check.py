#!/usr/bin/env python3
"""Checks the Lua binding against include/gohttp.json, the library's
machine-readable description:

  python3 scripts/lua_abi_check.py CALLS [MODULE [JSON]]

CALLS is the file bindings/lua/tests/run.lua writes with GOHTTP_LUA_CALLS
set: one "name arity" line for each function the module called into the
library during the tests, with the number of arguments it passed. Checked:

  - every gohttp_* function the module names (C.gohttp_x in its source)
    is a function of the JSON, and was called during the tests;
  - every call the tests recorded names a function of the JSON and passes
    exactly as many arguments as the JSON lists parameters;
  - every GOHTTP_* constant the module names is a constant of the JSON,
    and the struct and callback types it names are in the JSON;
  - include/gohttp.cdef.h, which the module loads, declares the same
    functions as the JSON with the same number of parameters.

Standard library only. Exits 1 naming each problem."""

import json
import os
import re
import sys


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[3].strip())
        return 2
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    calls_path = argv[1]
    module = argv[2] if len(argv) > 2 else os.path.join(root, "bindings/lua/gohttp.lua")
    desc_path = argv[3] if len(argv) > 3 else os.path.join(root, "include/gohttp.json")

    with open(desc_path) as f:
        desc = json.load(f)
    functions = {fn["name"]: fn for fn in desc["functions"]}
    constants = {c["name"] for c in desc["constants"]}
    types = {s["name"] for s in desc["structs"]} | {c["name"] for c in desc["callbacks"]} \
        | set(desc.get("opaque_types", []) if isinstance(desc.get("opaque_types"), list) else [])
    with open(module) as f:
        # Comments out: only code counts.
        source = re.sub(r"--[^\n]*", "", f.read())

    problems = []
    named = set(re.findall(r"\bC\.(gohttp_\w+)", source))
    named_consts = set(re.findall(r"\bC\.(GOHTTP_\w+)", source))
    named_types = set(re.findall(r'"((?:struct )?gohttp_\w+)(?:\s*\*)*(?:\[\??\d*\])?"', source))
    if not named:
        problems.append("%s names no C.gohttp_* function: is it the Lua module?" % module)

    calls = {}
    with open(calls_path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            name, arity = line.split()
            calls.setdefault(name, set()).add(int(arity))
    if not calls:
        problems.append("%s records no call: did the Lua tests run with GOHTTP_LUA_CALLS?" % calls_path)

    for name in sorted(named):
        if name not in functions:
            problems.append("the module calls %s, which include/gohttp.json does not list" % name)
        elif name not in calls:
            problems.append("the module calls %s, but no test made that call: its arity is unchecked" % name)
    for name, arities in sorted(calls.items()):
        fn = functions.get(name)
        if fn is None:
            problems.append("the tests called %s, which include/gohttp.json does not list" % name)
            continue
        want = len(fn["params"])
        for n in sorted(arities):
            if n != want:
                params = ", ".join(p["name"] for p in fn["params"])
                problems.append("%s was called with %d arguments; include/gohttp.json lists %d (%s)"
                                % (name, n, want, params))
    for name in sorted(named_consts - constants):
        problems.append("the module uses the constant %s, which include/gohttp.json does not list" % name)
    for name in sorted(named_types - types):
        problems.append("the module uses the type %s, which include/gohttp.json does not list" % name)

    cdef_path = os.path.join(os.path.dirname(desc_path), "gohttp.cdef.h")
    with open(cdef_path) as f:
        cdef = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    declared = {}
    for name, params in re.findall(r"\b(gohttp_\w+)\s*\(([^()]*)\)\s*;", cdef):
        params = params.strip()
        declared[name] = 0 if params in ("", "void") else params.count(",") + 1
    for name in sorted(set(functions) | set(declared)):
        if name not in declared:
            problems.append("include/gohttp.json lists %s, which gohttp.cdef.h does not declare" % name)
        elif name not in functions:
            problems.append("gohttp.cdef.h declares %s, which include/gohttp.json does not list" % name)
        elif declared[name] != len(functions[name]["params"]):
            problems.append("%s: %d parameters in gohttp.cdef.h, %d in include/gohttp.json"
                            % (name, declared[name], len(functions[name]["params"])))

    for p in problems:
        print("lua_abi_check: " + p)
    if problems:
        return 1
    print("lua_abi_check: the Lua module's %d functions, %d constants and %d types are in "
          "include/gohttp.json; %d functions called with the arity it lists; the cdef's %d "
          "declarations match it" % (len(named), len(named_consts), len(named_types), len(calls), len(declared)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
