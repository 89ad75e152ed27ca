"""gohttp.install() and gohttp.uninstall(): gohttp.client in the place of
http.client for the whole program.

install() puts a module named ``http.client`` in ``sys.modules`` and in the
``http`` package. Its classes are thin subclasses of gohttp.client's
(``HTTPConnection``, ``HTTPSConnection``, ``HTTPResponse``), everything
else is gohttp.client's own. So that modules imported *before* install()
use gohttp too, install() also

- rebinds module attributes that hold the standard library's module or
  classes (``from http.client import HTTPConnection`` done earlier), and
- moves classes derived from the standard library's classes (urllib3's
  ``HTTPConnection``, say) onto the installed ones (``__bases__``).

Every change is recorded, and uninstall() undoes exactly those, plus the
same two steps for modules imported while gohttp was installed (their
references to the installed classes go back to the standard library's).
Code that imports ``gohttp.client`` by name is never touched: the
installed classes are distinct objects.

Fork: the library is loaded on first use. In a child process forked after
it was loaded, the Go runtime cannot run; there the installed classes are
moved onto the standard library's (counted in ``stats()['fallback']``), so
urllib, requests and friends keep working in the child, while direct use
of ``gohttp.client`` raises RuntimeError.

Limits: objects made before install() (an open connection in a pool, a
response being read) keep the class they were made with only if their
class was not moved; call install() at start-up, before making
connections. Classes that cannot take new bases (C extension types, or
classes with ``__slots__`` layouts different from http.client's) are left
on the standard library and named in a RuntimeWarning.
"""

import http
import http.client as _std  # the standard library's, bound before any install
import os
import sys
import threading
import types
import warnings

_lock = threading.RLock()
_counts = {"requests": 0, "fallback": 0}
_installed = None  # the installed module while installed, else None
_changes = []      # (kind, target, name, old) for uninstall
_CLASS_NAMES = ("HTTPConnection", "HTTPSConnection", "HTTPResponse")


def stats():
    """Counters of this process: ``requests``, the requests gohttp's
    library carried; ``fallback``, the requests an installed gohttp handed
    to the standard library in a child forked after the library was
    loaded."""
    return dict(_counts)


def installed():
    """Whether gohttp is installed in the place of http.client."""
    return _installed is not None


def _build_module():
    from . import client as g
    mod = types.ModuleType("http.client", _std.__doc__)
    for name, value in vars(g).items():
        if not name.startswith("__"):
            setattr(mod, name, value)
    mod.__all__ = list(g.__all__)
    mod.__file__ = getattr(g, "__file__", None)
    # Private helpers of http.client that third-party code calls directly
    # (urllib3's tunnel backport calls _read_headers and reads _MAXLINE).
    for name, value in vars(_std).items():
        if name.startswith("_") and not name.startswith("__") and not hasattr(mod, name):
            setattr(mod, name, value)
    classes = {}
    for name in _CLASS_NAMES:
        base = getattr(g, name, None)
        if base is None:
            continue
        cls = type(name, (base,), {"__module__": "http.client",
                                   "__doc__": base.__doc__})
        cls.__qualname__ = name
        classes[name] = cls
        setattr(mod, name, cls)
    classes["HTTPConnection"].response_class = classes["HTTPResponse"]
    return mod, classes


def _std_classes():
    return {n: getattr(_std, n) for n in _CLASS_NAMES if hasattr(_std, n)}


def _rebind(old_to_new, skip):
    """Points module attributes and subclasses from the keys of old_to_new
    (module or class objects) to its values; returns the changes made."""
    changes = []
    for modname, mod in list(sys.modules.items()):
        if mod is None or modname in skip or modname.startswith("gohttp"):
            continue
        d = getattr(mod, "__dict__", None)
        if not isinstance(d, dict):
            continue
        for k, v in list(d.items()):
            try:
                new = old_to_new.get(id(v))
            except Exception:
                continue
            if new is not None and new[0] is v:
                d[k] = new[1]
                changes.append(("attr", d, k, v))
    stuck = []
    for old, new in list(old_to_new.values()):
        if not isinstance(old, type):
            continue
        for sub in old.__subclasses__():
            if sub.__module__ in ("http.client",) and sub.__name__ in _CLASS_NAMES:
                continue  # the standard library's or the installed classes
            if sub.__module__.startswith("gohttp"):
                continue
            bases = sub.__bases__
            nb = tuple(new if b is old else b for b in bases)
            try:
                sub.__bases__ = nb
            except TypeError:
                stuck.append("%s.%s" % (sub.__module__, sub.__qualname__))
                continue
            changes.append(("bases", sub, None, bases))
    if stuck:
        warnings.warn("gohttp: these classes could not be moved and keep "
                      "their base: " + ", ".join(stuck), RuntimeWarning, 3)
    return changes


def _undo(changes):
    for kind, target, name, old in reversed(changes):
        if kind == "attr":
            target[name] = old
        else:
            target.__bases__ = old


def install():
    """Puts gohttp in the place of http.client for the whole program: the
    ``sys.modules`` entry, the ``http.client`` attribute, the references
    that modules imported earlier hold, and classes derived from
    http.client's. Calling it again does nothing."""
    global _installed
    with _lock:
        if _installed is not None:
            return
        mod, classes = _build_module()
        std = _std_classes()
        old_to_new = {id(_std): (_std, mod)}
        for name, cls in std.items():
            if name in classes:
                old_to_new[id(cls)] = (cls, classes[name])
        changes = [("attr", sys.modules, "http.client", sys.modules.get("http.client")),
                   ("attr", http.__dict__, "client", http.__dict__.get("client"))]
        sys.modules["http.client"] = mod
        http.client = mod
        changes += _rebind(old_to_new, {"http.client", "http"})
        _changes[:] = changes
        _installed = mod
        mod._gohttp_classes = classes


def uninstall():
    """Puts the standard library's http.client back: undoes everything
    install() changed, and points modules imported since at the standard
    library's classes. Calling it when not installed does nothing."""
    global _installed
    with _lock:
        if _installed is None:
            return
        mod = _installed
        classes = mod._gohttp_classes
        std = _std_classes()
        _undo(_changes)
        _changes[:] = []
        # What was imported while installed refers to the installed objects.
        back = {id(mod): (mod, _std)}
        for name, cls in classes.items():
            if name in std:
                back[id(cls)] = (cls, std[name])
        _rebind(back, {"http.client", "http"})
        _installed = None


# -- fork ---------------------------------------------------------------------

def _fallback_classes():
    """Standard-library classes that count what they carry."""

    class HTTPConnection(_std.HTTPConnection):
        def putrequest(self, *args, **kwargs):
            _counts["fallback"] += 1
            return super().putrequest(*args, **kwargs)

    out = {"HTTPConnection": HTTPConnection, "HTTPResponse": _std.HTTPResponse}
    if hasattr(_std, "HTTPSConnection"):
        class HTTPSConnection(_std.HTTPSConnection):
            def putrequest(self, *args, **kwargs):
                _counts["fallback"] += 1
                return super().putrequest(*args, **kwargs)
        out["HTTPSConnection"] = HTTPSConnection
    return out


def _after_fork_in_child():
    from . import _ffi
    if _installed is None or not _ffi.loaded():
        return
    fallback = _fallback_classes()
    for name, cls in _installed._gohttp_classes.items():
        # The installed class is ours and has no methods of its own: with
        # the standard library's class as its base, it and every class
        # derived from it (urllib3's) behave as the standard library's.
        cls.__bases__ = (fallback[name],)
    _installed.HTTPConnection.response_class = _std.HTTPResponse


if hasattr(os, "register_at_fork"):
    # Registered after _ffi's own handler, so it runs after it.
    from . import _ffi as _ffi_for_order  # noqa: F401
    os.register_at_fork(after_in_child=_after_fork_in_child)
