"""One function per kind of URL: ask the network about it, say what is wrong.

Each probe returns findings (rule id, message, hint) about one URL, so that its
outcome can be cached and shared by every key and file naming the same URL. A
probe that could not get an answer says so with the `network-unverified` rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..rule import Rule
from ..rules.files import sniff
from ..rules.videos import provider
from ..text import QUOTE_LIMIT
from . import forges
from .client import Client, Response, Unverifiable
from .rules import (
    LINK_MISSING,
    NOT_A_REPOSITORY,
    REMOTE_FILE_FORMAT,
    REMOTE_FILE_MISSING,
    REMOTE_FILE_SIZE,
    REPOSITORY_MISSING,
    REPOSITORY_NOT_GIT,
    UNVERIFIED,
    VIDEO_MISSING,
)

IMAGE_LIMIT = 4 * 1024 * 1024  # bytes of a logo or screenshot read at most
SNIFFED = 65536  # bytes the format is told from, as for local files
_GIT_DISCOVERY = "application/x-git-upload-pack-advertisement"
_MISSING = frozenset({404, 410})


class Finding(NamedTuple):
    rule: str  # a rule id of .rules
    message: str
    hint: str | None = None


Probe = Callable[[Client, str, float], list[Finding]]


def shown(url: str) -> str:
    """`url` for a message: a long one keeps its start and its end (the file name) around an ellipsis."""
    return url if len(url) <= QUOTE_LIMIT else f"{url[:24]}…{url[-(QUOTE_LIMIT - 25):]}"


def unverified(url: str, reason: str) -> Finding:
    return Finding(UNVERIFIED.id, f"could not verify `{shown(url)}`: {reason}")


def guarded(probe: Probe) -> Probe:
    """`probe`, with a request that could not be made reported as `network-unverified`."""

    def run(client: Client, url: str, deadline: float) -> list[Finding]:
        try:
            return probe(client, url, deadline)
        except Unverifiable as failure:
            return [unverified(url, failure.reason)]

    return run


def _head_then_get(client: Client, url: str, deadline: float) -> Response:
    """HEAD, then GET (not reading the body) when HEAD gets a client error: some servers refuse HEAD."""
    response = client.request("HEAD", url, deadline=deadline)
    if 400 <= response.status < 500 and response.status != 429:
        response = client.request("GET", url, deadline=deadline)
    return response


def _answered(response: Response, url: str, rule: Rule, what: str, hint: str) -> list[Finding]:
    """Nothing for a success, `rule` when the server says the resource does not exist, else unverified."""
    if 200 <= response.status < 300:
        return []
    if response.status in _MISSING:
        return [Finding(rule.id, f"{what} `{shown(url)}` does not exist: the server answers "
                        f"{response.status_text}", hint)]
    return [unverified(url, f"the server answers {response.status_text}")]


@guarded
def page(client: Client, url: str, deadline: float) -> list[Finding]:
    return _answered(_head_then_get(client, url, deadline), url, LINK_MISSING, "the page",
                     "fix the link, or remove it")


@guarded
def repository(client: Client, url: str, deadline: float) -> list[Finding]:
    """Reachable, and a repository: a well-known forge's project page, or git smart-HTTP discovery."""
    if urlsplit(url).scheme not in ("http", "https"):
        return []  # ssh and git URLs cannot be probed over http
    missing_hint = "give the address that `git clone` takes; a private repository looks missing too"
    forge = forges.forge_name(url)
    if forge is not None:
        found = forges.place(url)
        if found is None or found.rest:
            example = found.address if found else f"https://{urlsplit(url).hostname}/OWNER/REPOSITORY"
            return [Finding(NOT_A_REPOSITORY.id, f"`{shown(url)}` is a {forge} page, not the address of a "
                            "repository", f"write the repository's address, like {example}")]
        return _answered(_head_then_get(client, url, deadline), url, REPOSITORY_MISSING,
                         "the repository", missing_hint)
    parts = urlsplit(url)
    discovery = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/info/refs",
                            "service=git-upload-pack", ""))
    response = client.request("GET", discovery, deadline=deadline, read=64)
    if 200 <= response.status < 300 and _is_git(response):
        return []
    if response.status in (401, 403):
        return [unverified(url, f"the repository asks for a login ({response.status_text})")]
    findings = _answered(_head_then_get(client, url, deadline), url, REPOSITORY_MISSING,
                         "the repository", missing_hint)
    return findings or [Finding(REPOSITORY_NOT_GIT.id, f"`{shown(url)}` answers, but not as a git repository "
                                "(no git smart-HTTP discovery at info/refs)", missing_hint.split(";")[0])]


def _is_git(response: Response) -> bool:
    """Git's smart-HTTP advertisement, or a dumb-HTTP info/refs file (`SHA<TAB>ref` lines)."""
    if response.content_type == _GIT_DISCOVERY:
        return True
    head = response.body.split(b"\n", 1)[0]
    return len(head) > 41 and head[40:41] == b"\t" and all(c in b"0123456789abcdef" for c in head[:40])


def image(formats: dict[str, str]) -> Probe:
    """A probe for logos or screenshots, whose formats by extension are `formats`."""

    @guarded
    def probe(client: Client, url: str, deadline: float) -> list[Finding]:
        response = client.request("GET", url, deadline=deadline, read=IMAGE_LIMIT, accept="image/*")
        if not 200 <= response.status < 300:
            return _answered(response, url, REMOTE_FILE_MISSING, "the file",
                             "check the address: it must lead to the raw file")
        findings = []
        if not response.complete:
            findings.append(Finding(REMOTE_FILE_SIZE.id, f"`{shown(url)}` is larger than "
                                    f"{IMAGE_LIMIT // 2**20} MiB", "make the image smaller: "
                                    "catalogues may not show it"))
        expected = formats.get(PurePosixPath(urlsplit(url).path).suffix.lower())
        allowed = {expected} if expected else set(formats.values())
        found = sniff(response.body[:SNIFFED])
        if found not in allowed:
            if found:
                actual = f"it looks like {found.upper()}"
            else:
                said = f" (the server says {response.content_type})" if response.content_type else ""
                actual = f"its content is not recognised{said}"
            findings.append(Finding(REMOTE_FILE_FORMAT.id, f"`{shown(url)}` should be "
                                    f"{' or '.join(sorted(f.upper() for f in allowed))}, but {actual}",
                                    "link the image file itself, in the format its name says"))
        return findings

    return probe


@cache
def _oembed_endpoints() -> dict[str, str | None]:
    return json.loads((Path(__file__).parent / "oembed.json").read_text(encoding="utf-8"))


def oembed_endpoint(url: str) -> str | None:
    """The oEmbed endpoint of the provider serving video `url`, if one is known."""
    name = provider(url)
    endpoint = _oembed_endpoints().get(name) if name else None
    if endpoint is None:
        return None
    parts = urlsplit(url)
    return endpoint.replace("{origin}", f"{parts.scheme}://{parts.netloc}")


@guarded
def video(client: Client, url: str, deadline: float) -> list[Finding]:
    """The provider's oEmbed endpoint describes the video: it exists and may be embedded."""
    endpoint = oembed_endpoint(url)
    if endpoint is None:
        return []  # an unknown provider is the offline `video-url` rule's finding
    query = urlencode({"url": url, "format": "json"})
    response = client.request("GET", f"{endpoint}?{query}", deadline=deadline, read=SNIFFED,
                              accept="application/json")
    if response.status in (401, 403):
        return [Finding(VIDEO_MISSING.id, f"the video `{shown(url)}` cannot be shown: its provider answers "
                        f"{response.status_text} (a private video, or one that may not be embedded)",
                        "make the video public and embeddable, or link another one")]
    if not 200 <= response.status < 300:
        return _answered(response, url, VIDEO_MISSING, "the video", "link an existing, public video")
    try:
        described = json.loads(response.body) if response.complete else None
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        described = None
    if not isinstance(described, dict) or "type" not in described:
        return [unverified(url, f"the answer of the oEmbed endpoint {endpoint} is not oEmbed JSON")]
    return []
