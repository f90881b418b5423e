"""What `vet` is given, turned into targets: local files, and repositories (or files) by URL.

A source is a directory (every publiccode.yml / publiccode.yaml beneath it, or
the files matching other names given), a text file or `-` (one repository address
per line; a line starting with `#`, or the end of a line after ` #`, is a comment),
or an address. A line that is not an address becomes a target too, so that it gets a
record saying so: nothing given is dropped silently. A file found through a symbolic link
that leads out of the directory given is not read: its record says so. Lists are read
within bounds (line length, total size): /dev/zero is not a list.
"""

from __future__ import annotations

import fnmatch
import itertools
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, TextIO

from ..rules.urls import https_of_shorthand
from ..text import clean

FILE_NAMES = frozenset({"publiccode.yml", "publiccode.yaml"})
# directories that hold tools, dependencies or copies, not a repository's own metadata
SKIPPED_DIRECTORIES = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", ".venv", "venv",
    "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".cache", "site-packages",
    "dist", "build", "target",
})


class SourceError(Exception):
    """A source that is neither a directory, a readable list nor an address (a usage error)."""


class Target(NamedTuple):
    source: str  # as the records show it: a path (relative to the directory given), or the address
    remote: bool  # an address to fetch, not a local file
    note: str | None = None  # why it cannot be fetched (not an address), said in its record
    path: str | None = None  # where a local file is read, when it is not `source`


def is_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) or https_of_shorthand(text) is not None


def targets(sources: Sequence[str], stdin: TextIO | None = None,
            names: Sequence[str] = tuple(sorted(FILE_NAMES))) -> list[Target]:
    """Every target of `sources`, each once, in the order given; `names` are the file names
    (glob patterns) looked for in directories."""
    found: dict[str, Target] = {}
    for source in sources:
        for target in _expand(source, stdin or sys.stdin, names):
            if target.path and target.source in found and found[target.source].path != target.path:
                target = target._replace(source=target.path)  # the same name under another directory given
            found.setdefault(target.source, target)
    return list(found.values())


def _expand(source: str, stdin: TextIO, names: Sequence[str]) -> Iterator[Target]:
    if is_address(source):
        yield Target(source, True)
        return
    if source == "-":
        yield from _listed(stdin, "standard input")
        return
    path = Path(source)
    if path.is_dir():  # records name the files as from the directory given
        root = path.resolve()
        yield from (Target(file.relative_to(path).as_posix(), False, _leaves(file, root, source), str(file))
                    for file in publiccode_files(path, names))
    elif path.is_file() and _matches(path.name, names):
        yield Target(source, False)
    elif path.exists():  # a list: a file, or a pipe (`vet <(grep ... list)`)
        try:
            with path.open(encoding="utf-8-sig", errors="replace") as lines:
                yield from _listed(lines, source)
        except OSError as exc:
            raise SourceError(f"{source}: cannot be read: {exc.strerror or exc}") from None
    else:
        raise SourceError(f"{source}: no such directory or file, and not an http(s) address")


def _leaves(file: Path, root: Path, given: str) -> str | None:
    """Why `file` is not read, when it is a link that leads out of `root` (the directory given)."""
    if not file.is_symlink():
        return None  # os.walk does not enter linked directories: only the file itself can be a link
    try:
        if file.resolve().is_relative_to(root):
            return None
    except (OSError, RuntimeError):  # a loop of links
        pass
    return f"{file}: a symbolic link that leads out of {given}; not followed"


def _lines(lines: TextIO, name: str) -> Iterator[str]:
    """The lines of a list, each and all within bounds."""
    total = 0
    for number in itertools.count(1):
        line = lines.readline(MAX_LINE + 1)
        if not line:
            return
        total += len(line)
        if len(line) > MAX_LINE:
            raise SourceError(f"{name}: line {number} is longer than {MAX_LINE:,} characters: not a list "
                              "of repository addresses")
        if total > MAX_LIST:
            raise SourceError(f"{name}: more than {MAX_LIST // 2**20} MiB: too large for a list of "
                              "repository addresses")
        yield line


MAX_LINE = 8 * 1024  # characters of a line of a list
MAX_LIST = 256 * 1024 * 1024  # characters of a list


def _listed(lines: TextIO, name: str) -> list[Target]:
    """The targets of a list; a list with no address at all is not a list (a publiccode.yml under
    another name, say), and one line that is not an address among others gets its own record."""
    found, first_bad = [], 0
    for number, line in enumerate(_lines(lines, name), 1):
        text = line.split(" #", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        if "\0" in text:
            raise SourceError(f"{name}: a binary file, not a list of repository addresses")
        if is_address(text):
            found.append(Target(text, True))
            continue
        first_bad = first_bad or number
        found.append(Target(text, True, clean(f"`{text}` ({name}, line {number}) is not the http(s) "
                                              "address of a repository")))
    if found and all(target.note for target in found):
        raise SourceError(f"{name}: no line is a repository address (line {first_bad} is the first): a "
                          "list holds one address a line. To check a publiccode.yml saved under another "
                          "name, add --name with a pattern it matches, like --name '*.yml'")
    return found


def publiccode_files(directory: Path, names: Sequence[str] = tuple(sorted(FILE_NAMES))) -> list[Path]:
    """Every file named one of `names` beneath `directory`, in a stable order."""
    found = []
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES)
        found += [Path(root) / name for name in sorted(files) if _matches(name, names)]
    return found


def _matches(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
