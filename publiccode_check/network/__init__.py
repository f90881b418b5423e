"""Opt-in network checks: links, images, videos and repositories that really exist.

Nothing here is imported by the offline checks, and importing this package (or its
`rules`, for a list of every rule) does not import the HTTP client: `Network` and
`FetchError` are loaded on first use. A run:

    from publiccode_check.network import Network, NetworkOptions

    with Network(NetworkOptions(timeout=5)) as network:
        problems = network.check(document, base_url=None)   # a normalised Document

`check()` and `fetch_publiccode()` below do the same for a single file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..document import Document
from ..problem import Problem
from .options import NetworkOptions
from .rules import RULES

if TYPE_CHECKING:
    from .checks import FetchError, Network

__all__ = ["RULES", "FetchError", "Network", "NetworkOptions", "check", "fetch_publiccode"]


def __getattr__(name: str) -> Any:
    if name in ("Network", "FetchError"):
        from . import checks

        return getattr(checks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(document: Document, *, base_url: str | None = None,
          options: NetworkOptions | None = None) -> list[Problem]:
    """The network problems of one normalised document (see `Network.check`)."""
    from .checks import Network

    with Network(options or NetworkOptions()) as network:
        return network.check(document, base_url=base_url)


def fetch_publiccode(url: str, options: NetworkOptions | None = None) -> bytes:
    """A publiccode.yml read from an http(s) URL; `FetchError` unless the server answers with success."""
    from .checks import Network

    with Network(options or NetworkOptions()) as network:
        return network.fetch_publiccode(url)
