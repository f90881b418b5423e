"""The network checks of a document: which keys are probed how, run concurrently, once per URL.

`Network` is one run: it owns the HTTP client, the cache and a bounded pool of
threads, and remembers every URL it has probed, so a URL named by several keys
or files is asked about once. Outcomes that say something about the URL are
cached on disk; "could not verify" is not.
"""

from __future__ import annotations

import posixpath
import re
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import quote, urljoin

from ..document import Document
from ..load import MAX_BYTES
from ..problem import KeyPath, Problem, Severity
from ..rules.files import LOGO_FORMATS, SCREENSHOT_FORMATS
from ..rules.urls import is_web_url
from . import forges, probes
from .cache import Cache
from .client import Client, Unverifiable
from .options import NetworkOptions
from .probes import Finding, Probe, shown, unverified
from .rules import BY_ID, REMOTE_FILE_PAGE, REMOTE_FILE_REPOSITORY, UNVERIFIED

# Which values are probed, and how. Images are the kinds that relative paths apply to.
TARGETS: tuple[tuple[str, str], ...] = (
    ("url", "repository"),
    ("landingURL", "page"),
    ("roadmap", "page"),
    ("description.*.documentation", "page"),
    ("description.*.apiDocumentation", "page"),
    ("maintenance.contractors[].website", "page"),
    ("logo", "logo"),
    ("monochromeLogo", "logo"),
    ("description.*.screenshots[]", "screenshot"),
    ("description.*.videos[]", "video"),
)
IMAGES = frozenset({"logo", "screenshot"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


class FetchError(Exception):
    """A publiccode.yml could not be read from its URL; the message says why."""


class Network:
    """One run of network checks; use as a context manager, or call `close()`."""

    def __init__(self, options: NetworkOptions) -> None:
        self.options = options
        self.client = Client(options)
        self.cache = Cache(options.cache_dir, options.ttl, enabled=options.use_cache)
        self._pool = ThreadPoolExecutor(max(1, options.workers), thread_name_prefix="publiccode-check-net")
        self._runs: dict[str, Future[list[Finding]]] = {}
        # Outcomes depend on what may be reached: a run with the guard on never reads
        # what a run without it found on a private host.
        reach = "any host" if options.allow_private_hosts else " ".join(("public", *options.allowed_networks))
        self._scope = f"{reach}; CA {options.ca_file or 'system'}"
        self._lock = threading.Lock()
        self._probes: dict[str, Probe] = {
            "repository": probes.repository,
            "page": probes.page,
            "logo": probes.image(LOGO_FORMATS),
            "screenshot": probes.image(SCREENSHOT_FORMATS),
            "video": probes.video,
        }

    def __enter__(self) -> Network:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def fetch_publiccode(self, url: str) -> bytes:
        """The content of a publiccode.yml at an http(s) URL (a forge's page of it is read raw).

        Raises `FetchError` when the server does not answer with a success. At most
        one byte more than the loader accepts is read, so that it reports the size.
        """
        target = forges.raw_url(url) or url
        try:
            response = self.client.request("GET", target, deadline=time.monotonic() + self.options.deadline,
                                           read=MAX_BYTES + 1)
        except Unverifiable as failure:
            raise FetchError(f"cannot be read from {target}: {failure.reason}") from None
        if not 200 <= response.status < 300:
            raise FetchError(f"cannot be read from {target}: the server answers {response.status_text}")
        return response.body

    def check(self, document: Document, *, base_url: str | None = None) -> list[Problem]:
        """The problems the network finds in `document`, read from `base_url` if it is remote.

        Relative logos and screenshots are probed only when `base_url` is given:
        locally they are the offline rules' business.
        """
        deadline = time.monotonic() + self.options.deadline
        repository = document.get(("url",))
        problems: list[Problem] = []
        pending: list[tuple[KeyPath, str, Future[list[Finding]]]] = []
        for pattern, kind in TARGETS:
            for path, value in document.find(pattern):
                if not isinstance(value, str) or not value:
                    continue
                url = self._target(kind, value, base_url)
                if url is None:
                    continue
                if kind in IMAGES and is_web_url(value):
                    problems += self._image_placement(document, path, value, url, repository)
                    url = forges.raw_url(url) or url
                pending.append((path, url, self._submit(kind, url, deadline)))
        for path, url, future in pending:
            for finding in self._result(url, future, deadline):
                rule = BY_ID[finding.rule]
                severity = Severity.ERROR if self.options.strict and rule is UNVERIFIED else None
                problems.append(rule.at(document, path, finding.message, hint=finding.hint,
                                        severity=severity))
        return sorted(problems, key=Problem.sort_key)

    def _target(self, kind: str, value: str, base_url: str | None) -> str | None:
        """The URL to probe for `value`, or None when it is not one the network can check."""
        if kind == "repository" or is_web_url(value):
            return value
        if kind not in IMAGES or base_url is None:
            return None
        path = posixpath.normpath(value.replace("\\", "/"))
        if path.startswith(("/", "../")) or path == ".." or _SCHEME.match(value) or "\0" in value:
            return None  # not a path inside the repository: the offline file rules say so
        return urljoin(forges.raw_root(base_url), quote(path))

    def _image_placement(self, document: Document, path: KeyPath, value: str, url: str,
                         repository: Any) -> list[Problem]:
        """A forge's page given instead of the raw file; a file outside the repository of `url`."""
        problems = []
        raw = forges.raw_url(url)
        if raw is not None:
            problems.append(REMOTE_FILE_PAGE.at(
                document, path, f"`{value}` is a {forges.forge_name(url)} page showing the file, not the "
                "file itself", hint=f"link the raw file: {raw}"))
        if isinstance(repository, str) and forges.same_repository(repository, raw or url) is False:
            problems.append(REMOTE_FILE_REPOSITORY.at(
                document, path, f"`{shown(url)}` is not in the repository {repository}",
                hint="keep the image in the repository and give its path, like img/logo.svg"))
        return problems

    def _submit(self, kind: str, url: str, deadline: float) -> Future[list[Finding]]:
        key = f"{kind}\n{url}"  # within a run
        with self._lock:
            future = self._runs.get(key)
            if future is None:
                future = self._runs[key] = self._pool.submit(self._run, kind, url, deadline)
            return future

    def _run(self, kind: str, url: str, deadline: float) -> list[Finding]:
        key = f"{kind}\n{url}"
        cached = self.cache.get(f"{key}\n{self._scope}")
        if isinstance(cached, list):
            return [Finding(*finding) for finding in cached]
        if time.monotonic() >= deadline:
            with self._lock:  # this outcome says nothing about the URL: another file may ask again
                self._runs.pop(key, None)
            return [_out_of_time(url)]
        findings = self._probes[kind](self.client, url, deadline)
        if not any(finding.rule == UNVERIFIED.id for finding in findings):
            self.cache.put(f"{key}\n{self._scope}", [list(finding) for finding in findings])
        return findings

    def _result(self, url: str, future: Future[list[Finding]], deadline: float) -> list[Finding]:
        # Requests end by the deadline; the margin covers a probe begun for another file.
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()) + self.options.timeout + 5)
        except FutureTimeout:
            return [_out_of_time(url)]


def _out_of_time(url: str) -> Finding:
    return unverified(url, "the time for this file's checks ran out")
