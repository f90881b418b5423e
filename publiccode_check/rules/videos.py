"""videos[]: URLs of a known oEmbed video provider (table in vocab/video-providers.json).

Patterns match the host and the path; `*` stands for one host label or one path
segment and never crosses a `.` in hosts or a `/` in paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..document import Document
from ..problem import Problem
from ..rule import error
from ..vocab import load_vocab
from .urls import split_url, web_url_problem

VIDEO = error("video-url", "Videos are URLs of an oEmbed video provider.")
RULES = (VIDEO,)


def _compile(pattern: str, wildcard: str, whole_host: bool = False) -> re.Pattern[str]:
    if whole_host and pattern == "*":
        return re.compile(r"[^/]+")
    return re.compile(re.escape(pattern).replace(r"\*", wildcard))


@cache
def _providers() -> list[tuple[str, list[re.Pattern[str]], list[re.Pattern[str]]]]:
    return [(p["name"], [_compile(h.lower(), r"[^./]+", whole_host=True) for h in p["hosts"]],
             [_compile(path, r"[^/]+") for path in p["paths"]])
            for p in load_vocab("video-providers")]


def provider(url: str) -> str | None:
    """The name of the video provider serving `url`, if it is a known one."""
    parts = split_url(url)
    if parts is None or parts.scheme not in ("http", "https"):
        return None
    host, path = (parts.hostname or "").lower(), parts.path.rstrip("/") or "/"
    for name, hosts, paths in _providers():
        if any(h.fullmatch(host) for h in hosts) and any(p.fullmatch(path) for p in paths):
            return name
    return None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for path, value in doc.find("description.*.videos[]"):
        if not isinstance(value, str):
            continue
        if problem := web_url_problem(doc, path, value):
            yield VIDEO.at(doc, path, problem.message, hint=problem.hint)
        elif provider(value) is None:
            yield VIDEO.at(doc, path, f"`{value}` is not the address of a video on a known oEmbed "
                           "provider", hint="link the video's own page on YouTube, Vimeo, "
                           "Dailymotion or a PeerTube instance")
