"""gohttp: Python's http.client, rebuilt on a Go HTTP/1.1 core.

``from gohttp import client`` is a drop-in for ``from http import client``;
``gohttp.install()`` puts it in the place of ``http.client`` for the whole
program (urllib.request, xmlrpc.client, urllib3, requests, ...), and
``gohttp.uninstall()`` puts the standard library back. The library
(libgohttp.so) is loaded on first use, not at import.
"""

from ._built import VERSION as __version__
from ._install import install, uninstall, installed, stats

__all__ = ["client", "install", "uninstall", "installed", "stats"]
