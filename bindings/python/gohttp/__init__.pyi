# Type information for the gohttp package. See client.pyi for the module
# that replaces http.client.

from typing import Dict, List

from . import client as client

__version__: str
__all__: List[str]

def install() -> None: ...
def uninstall() -> None: ...
def stats() -> Dict[str, int]: ...
def installed() -> bool: ...
