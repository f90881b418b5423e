"""Opt-in network checks: links, images, videos, repositories and IPA codes that really exist.

Nothing here is imported by the offline checks. A run:

    from publiccode_check.network import Network, NetworkOptions

    with Network(NetworkOptions(timeout=5)) as network:
        problems = network.check(document, base_url=None)   # a normalised Document

`check()` and `fetch_publiccode()` below do the same for a single file.
"""

from __future__ import annotations

from ..document import Document
from ..problem import Problem
from .checks import FetchError, Network
from .options import NetworkOptions
from .rules import RULES

__all__ = ["RULES", "FetchError", "Network", "NetworkOptions", "check", "fetch_publiccode"]


def check(document: Document, *, base_url: str | None = None,
          options: NetworkOptions | None = None) -> list[Problem]:
    """The network problems of one normalised document (see `Network.check`)."""
    with Network(options or NetworkOptions()) as network:
        return network.check(document, base_url=base_url)


def fetch_publiccode(url: str, options: NetworkOptions | None = None) -> bytes:
    """A publiccode.yml read from an http(s) URL; `FetchError` unless the server answers with success."""
    with Network(options or NetworkOptions()) as network:
        return network.fetch_publiccode(url)
