"""The URL mode: a repository's (or a file's) publiccode.yml fetched as `vet` fetches it.

`vet.fetch.Fetcher` does the work (forges, raw addresses, APIs, optionally git), through the
network client and its address guard. Here its outcomes become the service's answers: the
file, or a `Refusal` with the status a client can act on.
"""

from __future__ import annotations

import time
from typing import NamedTuple
from urllib.parse import urlsplit

from ..network.client import Client, Refused, Unverifiable
from ..vet.fetch import Fetcher, FetchFailure
from .answers import Refusal
from .settings import Settings, size_text

MAX_URL = 2048  # characters of an address


class Fetched(NamedTuple):
    url: str  # as asked
    file_url: str  # where the file was read; relative images are resolved against it
    data: bytes
    remote: bool  # False when git read it (no raw address for its images)


class Remote:
    """Fetches publiccode.yml files for the service; shared by its threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.fetcher = Fetcher(Client(settings.network), kinds=settings.forges, use_git=settings.use_git,
                               max_bytes=settings.max_fetch)

    def fetch(self, url: str) -> Fetched:
        """The file named by `url`, or a `Refusal` saying why there is none."""
        url = checked_url(url)
        deadline = time.monotonic() + self.settings.fetch_seconds
        self._guard(url, deadline)
        started = time.monotonic()
        try:
            fetched = self.fetcher.fetch(url, deadline)
        except FetchFailure as failure:
            if failure.status == "missing":
                raise Refusal(404, "file-not-found", "No publiccode.yml found", failure.reason) from None
            # a timed-out request fails once its time is spent; other failures come sooner
            if time.monotonic() - started >= min(self.settings.network.timeout, self.settings.fetch_seconds):
                raise Refusal(504, "fetch-timeout", "The repository did not answer in time",
                              failure.reason) from None
            raise Refusal(502, "fetch-failed", "The file could not be fetched", failure.reason) from None
        if len(fetched.data) > self.settings.max_fetch:
            raise Refusal(502, "fetched-file-too-large", "The fetched file is too large",
                          f"{fetched.file_url} is larger than {size_text(self.settings.max_fetch)}, the most "
                          "this service reads; a publiccode.yml is a few kilobytes",
                          limit=self.settings.max_fetch)
        return Fetched(url, fetched.file_url, fetched.data, fetched.remote)

    def _guard(self, url: str, deadline: float) -> None:
        """Refuse, before any request, an address whose host is private, local or reserved."""
        try:
            self.fetcher.guard(url, deadline)
        except Refused as refusal:
            raise Refusal(403, "address-refused", "Address refused",
                          f"this service does not fetch from private, local or reserved addresses: "
                          f"{refusal.reason}") from None
        except Unverifiable as failure:
            raise Refusal(502, "fetch-failed", "The file could not be fetched",
                          f"{url}: {failure.reason}") from None


def checked_url(url: str) -> str:
    """`url` if it is an http(s) address with a host, else a 400 `Refusal` saying what to give."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or len(url) > MAX_URL or port == 0):
        raise Refusal(400, "bad-url", "Not a repository address",
                      f"give the http(s) address of a repository (like https://github.com/OWNER/NAME) or of "
                      f"its publiccode.yml, at most {MAX_URL} characters")
    return url
