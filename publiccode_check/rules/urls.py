"""URLs: repository URLs, web pages (http or https with a host)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import SplitResult, urlsplit

from ..document import Document
from ..problem import Fix, KeyPath, Problem, set_value
from ..rule import Rule, error, warning
from ..schema import removal

REPO_URL = error("repository-url", "Repository URLs need a scheme and a host.", fix="safe")
REPO_SCHEME = warning("repository-url-scheme", "Repository URLs are best given as https.")
WEB_URL = error("web-url", "Links to pages must be http(s) URLs with a host.", fix="safe")
RULES = (REPO_URL, REPO_SCHEME, WEB_URL)

REPOSITORY_KEYS = ("url", "isBasedOn", "isBasedOn[]")
WEB_KEYS = ("landingURL", "roadmap", "description.*.documentation",
            "description.*.apiDocumentation", "maintenance.contractors[].website")
REPOSITORY_SCHEMES = ("http", "https", "ssh", "git", "git+ssh")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SCP = re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?!//)(?P<path>[^\s]+)")


def split_url(value: str) -> SplitResult | None:
    """The parts of an absolute URL with a host, or None when it is not one."""
    if not value or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts


def https_of_shorthand(value: str) -> str | None:
    """The https address of an SSH shorthand (`git@host:group/project.git`), or None."""
    scp = _SCP.fullmatch(value)
    return f"https://{scp['host']}/{scp['path']}" if scp else None


def is_web_url(value: str) -> bool:
    parts = split_url(value)
    return parts is not None and parts.scheme in ("http", "https")


def web_url_problem(doc: Document, path: KeyPath, value: str) -> Problem | None:
    """A problem when `value` is not an http(s) URL with a host."""
    if is_web_url(value):
        return None
    if not value.strip():
        return WEB_URL.at(doc, path, "the address is empty", hint="give an http(s) URL, or remove the key",
                          fix=removal(doc, path))
    if is_web_url(value.strip()):
        return _spaces_around(WEB_URL, doc, path, value)
    return WEB_URL.at(doc, path, f"`{value}` is not a web address (an http or https URL "
                      "with a host)", hint=_scheme_hint(value))


def _spaces_around(rule: Rule, doc: Document, path: KeyPath, value: str) -> Problem:
    """A good address written with spaces (or a line break) before or after it: they go."""
    return rule.at(doc, path, f"`{value}` has spaces around the address", hint=f"write `{value.strip()}`",
                   fix=Fix((set_value(path, value.strip()),)))


def _scheme_hint(value: str) -> str | None:
    """`add the scheme: https://...` when the value is a host and path without a scheme."""
    if not _SCHEME.match(value) and split_url("https://" + value):
        return f"add the scheme: https://{value}"
    return None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in REPOSITORY_KEYS:
        for path, value in doc.find(pattern):
            if isinstance(value, str):
                yield from _repository(doc, path, value)
    for pattern in WEB_KEYS:
        for path, value in doc.find(pattern):
            if isinstance(value, str) and (problem := web_url_problem(doc, path, value)):
                yield problem


def _repository(doc: Document, path: KeyPath, value: str) -> Iterator[Problem]:
    if not value.strip():
        yield REPO_URL.at(doc, path, "the address is empty",
                          hint="give the repository's URL, like https://example.org/group/project.git, "
                          "or remove the key", fix=removal(doc, path))
        return
    if value != value.strip() and (parts := split_url(value.strip())) and parts.scheme in REPOSITORY_SCHEMES:
        yield _spaces_around(REPO_URL, doc, path, value)
        return
    https = https_of_shorthand(value)
    if https:
        yield REPO_URL.at(doc, path, f"`{value}` is an SSH shorthand, not a URL",
                          hint=f"write the https address: {https}", fix=Fix((set_value(path, https),)))
        return
    parts = split_url(value)
    if parts is None:
        yield REPO_URL.at(doc, path, f"`{value}` is not a repository URL (it needs a scheme "
                          "and a host, like https://example.org/group/project.git)",
                          hint=_scheme_hint(value))
    elif parts.scheme not in REPOSITORY_SCHEMES:
        yield REPO_SCHEME.at(doc, path, f"`{value}` uses the `{parts.scheme}:` scheme; "
                             "prefer an https address that needs no login",
                             hint="use an http(s), ssh or git URL")
