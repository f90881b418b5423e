"""How far the work is, from the history: developmentStatus, softwareVersion, releaseDate.

- No commit or one: `concept`.
- Version tags (`v1.2.0`, `1.2.0`, `parser-2.0.1`, `pkg@1.0.0`): the newest release (by
  version, ignoring pre-releases such as `-rc.1` while there is a release) gives
  softwareVersion and releaseDate; a release 1.0 or later means `stable`, only 0.x
  releases `development`, only pre-releases `beta`.
- No version tag: a version in the package manifest (pyproject.toml, package.json,
  Cargo.toml, a QGIS metadata.txt) gives softwareVersion, and the last commit that changed
  it in that file its releaseDate (a caveat says so); status as above; otherwise ten
  commits or more mean `development`, fewer `concept`, and a `Version: 1.0.0` line of the
  README, if there is one, gives the version (it is not published: the status stays).

Monorepos tag each package (`tools@1.8.1`, `core@1.9.1`): the tags named like the
repository win, else the prefix with the most tags. Every value is an inference the
summary shows with its reason, for the user to change.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..text import clean
from . import Guess, manifest_values, read_text
from .git import git
from .manifests import toml_value

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ENOUGH_COMMITS = 10  # without a release, this many commits mean development rather than a concept
_VERSION = re.compile(r"(?<![0-9A-Za-z])v?(\d{1,6}(?:\.\d{1,6}){1,3})([-+._]?[0-9A-Za-z][0-9A-Za-z.+-]*)?$")
_MAX_TAGS = 5000
MAX_TAG = 200  # characters of a tag name worth reading (the search for a version is quadratic in it)


class Release(NamedTuple):
    tag: str
    prefix: str  # what comes before the version: `v`, `parser-v`, `pkg@`
    version: str  # `1.2.0`, or `1.2.0-rc.1` for a pre-release
    numbers: tuple[int, ...]
    pre: bool
    date: str  # YYYY-MM-DD


class History(NamedTuple):
    status: Guess[str]
    version: Guess[str] | None = None
    date: Guess[str] | None = None


def release(tag: str, date: str) -> Release | None:
    """The release a tag names, or None for a tag that is not a version (`nightly`)."""
    if len(tag) > MAX_TAG:
        return None
    match = _VERSION.search(tag)
    if not match:
        return None
    prefix = tag[:match.start(1)]
    suffix = match[2] or ""
    numbers = tuple(int(part) for part in match[1].split("."))
    return Release(tag, prefix, match[1] + suffix, numbers, bool(suffix), date)


def infer(root: Path, name: str | None) -> History:
    count = git(root, "rev-list", "--count", "HEAD")
    commits = int(count) if count and count.isdigit() else 0
    if commits <= 1:
        return History(Guess("concept", f"from the history: {'one commit' if commits else 'no commit yet'}"))
    listed = git(root, "for-each-ref", f"--count={_MAX_TAGS}",
                 "--format=%(refname:strip=2)\t%(creatordate:short)", "refs/tags") or ""
    releases = [found for line in listed.splitlines() if "\t" in line
                if (found := release(*line.split("\t", 1)))]
    if releases:
        return _from_tags(_one_line(releases, name), commits)
    return _from_manifest(root, commits)


def _one_line(releases: list[Release], name: str | None) -> list[Release]:
    """The releases of one product: the prefix naming the repository, else the commonest."""
    prefixes = Counter(item.prefix for item in releases)
    wanted = _simple(name or "")
    named = [prefix for prefix in prefixes
             if wanted and _simple(prefix.rsplit("/", 1)[-1].rstrip("v")) == wanted]
    chosen = named[0] if named else prefixes.most_common(1)[0][0]
    return [item for item in releases if item.prefix == chosen]


def _simple(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _from_tags(releases: list[Release], commits: int) -> History:
    """From the newest release; tag names are quoted cleaned (git allows some control characters)."""
    finals = [item for item in releases if not item.pre]
    newest = max(finals or releases, key=lambda item: (item.numbers, item.date))
    count = f"{len(releases)} version tag{'s' if len(releases) > 1 else ''}"
    tag = clean(f"`{newest.tag}`")
    source = f"from the newest version tag, {tag}"
    if not finals:
        status = Guess("beta", f"from the history: {count}, all pre-releases (the newest {tag})",
                       "no final release yet: `beta` was assumed; `development` if it is not ready for "
                       "testing by users")
    elif newest.numbers[0] >= 1:
        status = Guess("stable", f"from the history: {count}, the newest release {tag}")
    else:
        status = Guess("development", f"from the history: {count}, only 0.x releases (the newest "
                       f"{tag})", "0.x releases: `development` was assumed; `beta` if users "
                       "already rely on it")
    return History(status, Guess(newest.version, source),
                   Guess(newest.date, f"from the date of the newest version tag, {tag}"))


def _from_manifest(root: Path, commits: int) -> History:
    found = _manifest_version(root)
    if found:
        source, version = found
        numbers = release(version, "")
        stable = numbers is not None and not numbers.pre and numbers.numbers[0] >= 1
        status = Guess("stable" if stable else "development",
                       f"from the version {version} in {source} (no release is tagged)",
                       "no release is tagged: check the status" if stable else None)
        return History(status, Guess(version, f"from {source}"), _set_on(root, version, source))
    if commits >= ENOUGH_COMMITS:
        status = Guess("development", f"from the history: {commits} commits and no release tag")
    else:
        status = Guess("concept", f"from the history: {commits} commits and no release tag",
                       f"only {commits} commits: `concept` was assumed; `development` if the work is "
                       "under way")
    stated = _readme_version(root)
    if stated:  # said, but neither published nor tagged: the status stays the history's
        source, version = stated
        return History(status, Guess(version, f"from the line `Version: {version}` of {source}",
                                     "no release is tagged and no package manifest gives it: check it"),
                       _set_on(root, version, source))
    return History(status)


def _set_on(root: Path, version: str, source: str) -> Guess[str] | None:
    """The date of the last commit that changed `version` in the file `source`, as the date
    of an untagged release."""
    changed = git(root, "log", "-1", "--format=%cs", f"-S{version}", "--", source)
    if not changed or not _DATE.fullmatch(changed):
        return None
    return Guess(changed, f"from the last commit that changed `{version}` in {source}",
                 f"no release is tagged: check that this is the date of the release, and tag the release "
                 f"(git tag v{version})")


_STATED = re.compile(r"^[*_:\s]*(?:version|versione|versie|versión|versão|wersja|verze|verzija)[*_:\s]*[:=]?"
                     r"[*_\s]*v?(\d{1,6}(?:\.\d{1,6}){1,3})\b(?![.\d'\"])", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")


def _readme_version(root: Path) -> tuple[str, str] | None:
    """(README, version) from a line of the main README that gives the version (`:Version:
    1.24.0`, `**Version**: 1.0.0`, `Version 2.0 - July 2022`), outside code blocks."""
    from .readme import readme_files

    for path in readme_files(root)[:1]:
        fenced = False
        for line in (read_text(path) or "").splitlines():
            if _FENCE.match(line):
                fenced = not fenced
            elif not fenced and not line.startswith(("    ", "\t")) and (match := _STATED.match(line)):
                return path.relative_to(root).as_posix(), match[1]
    return None


def _manifest_version(root: Path) -> tuple[str, str] | None:
    """(file, version) from the first package manifest giving a version past 0.0.x."""
    for name, version in manifest_values(root, _MANIFESTS):
        parsed = release(version, "")
        if parsed is not None and parsed.numbers[:2] != (0, 0):
            return name, version.removeprefix("v")
    return None


def _pyproject(text: str) -> object:
    return toml_value(text, "project", "version")


def _cargo(text: str) -> object:
    return toml_value(text, "package", "version")


def _package_json(text: str) -> object:
    data = json.loads(text)
    return None if data.get("private") else data.get("version")  # a private package is an app's


def _qgis(text: str) -> object:
    if "qgisMinimumVersion" not in text:
        return None
    return next((line.split("=", 1)[1].strip() for line in text.splitlines() if line.startswith("version=")),
                None)


_MANIFESTS = {"pyproject.toml": _pyproject, "Cargo.toml": _cargo, "package.json": _package_json,
              "metadata.txt": _qgis}
