"""What the well-known forges' URLs mean (the table is data: forges.json).

For each forge: its hosts, the host serving raw files if it has one, how many
path segments name a project (0: all segments before a `-` segment, as on
GitLab, where groups nest), and the segments that introduce a file's page
(`blob`) and its raw content (`raw`) after the project. A ref after those is
one segment, or two for `branch/NAME`, `tag/NAME`, `commit/SHA` (Gitea), or
three for `refs/heads/NAME` (GitHub's raw host). Its `kind` (github, gitlab,
bitbucket, gitea) says how `vet` finds a repository's publiccode.yml there.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urlsplit

_GITEA_REF_KINDS = ("branch", "tag", "commit")


class Place(NamedTuple):
    """Where a URL points: a project on a host, and what follows the project in the path."""

    forge: str | None  # the forge's name, None for a host not in the table
    host: str  # the forge's main host (not its raw host), lowercase
    project: tuple[str, ...]  # path segments naming the project, `.git` removed
    rest: tuple[str, ...]  # the segments after the project

    @property
    def address(self) -> str:
        """The project's own address: https://HOST/PROJECT."""
        return _join(self.host, *self.project)

    def same_project(self, other: Place) -> bool:
        # forges treat project paths case-insensitively
        return self.host == other.host and [p.casefold() for p in self.project] == [
            p.casefold() for p in other.project]


@cache
def _table() -> list[dict[str, Any]]:
    return json.loads((Path(__file__).parent / "forges.json").read_text(encoding="utf-8"))


def _forge(host: str) -> tuple[dict[str, Any], bool] | None:
    """The forge serving `host`, and whether `host` is its raw host."""
    for forge in _table():
        if host in forge["hosts"]:
            return forge, False
        if host in forge["rawHosts"]:
            return forge, True
    return None


def _named(name: str) -> dict[str, Any]:
    return next(forge for forge in _table() if forge["name"] == name)


def forge_name(url: str) -> str | None:
    """The name of the well-known forge serving `url`, if it is one."""
    try:
        found = _forge((urlsplit(url).hostname or "").lower().rstrip("."))
    except ValueError:
        return None
    return found[0]["name"] if found else None


def forge_kind(host: str) -> str | None:
    """The kind of forge (github, gitlab, bitbucket, gitea) of a well-known host."""
    found = _forge(host.lower().rstrip("."))
    return found[0]["kind"] if found else None


def _segments(path: str) -> tuple[str, ...]:
    return tuple(unquote(segment) for segment in path.split("/") if segment)


def place(url: str) -> Place | None:
    """Where `url` points; None when it is not an http(s) URL with a host, or names no project."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    segments = _segments(parts.path)
    found = _forge(host)
    if found is None:
        project = segments
        if project and project[-1].endswith(".git"):
            project = (*project[:-1], project[-1][:-4])
        return Place(None, host.removeprefix("www."), project, ())
    forge, raw_host = found
    size = forge["project"] or (segments.index("-") if "-" in segments else len(segments))
    if len(segments) < max(size, 2):
        return None
    project = segments[:size]
    if project[-1].endswith(".git"):
        project = (*project[:-1], project[-1][:-4])
    rest = segments[size:]
    if raw_host:  # raw.githubusercontent.com/OWNER/REPO/REF/PATH: as github.com/OWNER/REPO/raw/REF/PATH
        rest = (*forge["raw"], *rest)
    return Place(forge["name"], forge["hosts"][0], project, rest)


def raw_url(url: str) -> str | None:
    """The raw file behind a forge's page about a file (`.../blob/main/logo.png`), or None."""
    found = place(url)
    if found is None or found.forge is None:
        return None
    forge = _named(found.forge)
    page = tuple(forge["page"])
    if found.rest[:len(page)] != page or len(found.rest) <= len(page):
        return None
    rest = found.rest[len(page):]
    if forge["rawHosts"]:
        return _join(forge["rawHosts"][0], *found.project, *rest)
    return _join(found.host, *found.project, *forge["raw"], *rest)


def raw_root(file_url: str) -> str:
    """The URL that relative paths of a remote publiccode.yml are resolved from.

    On a forge, the root of the repository at the file's ref (its raw form); on
    another host, the directory of the file.
    """
    url = raw_url(file_url) or file_url
    found = place(url)
    if found is not None and found.forge is not None:
        forge = _named(found.forge)
        raw = tuple(forge["raw"])
        after = found.rest[len(raw):]
        if found.rest[:len(raw)] == raw and len(after) > _ref_length(after):
            ref = after[:_ref_length(after)]
            if forge["rawHosts"]:
                return _join(forge["rawHosts"][0], *found.project, *ref) + "/"
            return _join(found.host, *found.project, *raw, *ref) + "/"
    return url.split("?", 1)[0].rsplit("/", 1)[0] + "/"


def _join(host: str, *segments: str) -> str:
    return "https://" + "/".join((host, *(quote(segment, safe="") for segment in segments)))


def _ref_length(after: tuple[str, ...]) -> int:
    if after[:1] == ("refs",):
        return 3
    return 2 if after[:1] and after[0] in _GITEA_REF_KINDS else 1


def same_repository(repository_url: str, file_url: str) -> bool | None:
    """Whether `file_url` is a file of the repository at `repository_url`; None if unknown."""
    repository, file = place(repository_url), place(file_url)
    if repository is None or file is None or not repository.project:
        return None
    if repository.forge is not None:
        return file.forge == repository.forge and file.same_project(repository)
    prefix = Place(None, file.host, file.project[:len(repository.project)], ())
    return len(file.project) > len(repository.project) and prefix.same_project(repository)
