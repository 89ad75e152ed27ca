"""gohttp: Python's http.client, rebuilt on a Go HTTP/1.1 core.

``from gohttp import client`` is a drop-in for ``from http import client``.
"""

from ._ffi import version as _version

__version__ = _version()
__all__ = ["client"]
