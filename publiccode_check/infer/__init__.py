"""What `publiccode-check init` can learn from a repository: one module per source.

`git` (the top level, the remote, the author, the files), `legal` (the licence), `readme`
(a description per language, the name; READMEs parsed by `document` and read by `prose`,
their language told by `language`, features derived by `features` when there is no list),
`history` (status, version and release date), `kind` (the type of software and its
platforms) and `locales` (the languages of the translation files); `manifests` reads what
the package manifests declare. Each returns
`Guess`es: a value, where it was found, and a caveat when the value is only likely. What
they cannot tell with confidence they leave out, with a note, for the user to fill in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MAX_READ = 1 << 20  # bytes of a README or licence file worth reading


@dataclass(frozen=True)
class Guess(Generic[T]):
    """An inferred value, where it was found (`from LICENSE`), and what to check about it."""

    value: T
    source: str
    caveat: str | None = None


def read_text(path: Path) -> str | None:
    """The start of a text file, or None when it is missing, unreadable or not a file."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_READ)
    except OSError:
        return None
    return data.decode("utf-8", "replace").removeprefix("\ufeff")


def manifest_values(root: Path, readers: dict[str, Callable[[str], Any]]) -> Iterator[tuple[str, str]]:
    """(file, value) for each manifest at `root` whose reader finds a text value in it; a file
    that is not valid JSON or TOML, is nested too deep or has another shape gives nothing."""
    for name, read in readers.items():
        text = read_text(root / name)
        if text is None:
            continue
        try:
            value = read(text)
        except (ValueError, AttributeError, TypeError, RecursionError):
            continue
        if isinstance(value, str) and value.strip():
            yield name, value.strip()


def first_file(root: Path, names: tuple[str, ...]) -> Path | None:
    """The first of `names` present in `root`, in the order given, whatever its case."""
    try:
        present = {entry.name.lower(): entry for entry in root.iterdir() if entry.is_file()}
    except OSError:
        return None
    return next((present[name.lower()] for name in names if name.lower() in present), None)


MAX_PATHS = 100_000  # paths of a tree worth looking at
_SKIPPED = {"node_modules", "vendor", "venv", ".venv", "build", "dist", "target", "__pycache__",
            "site-packages", ".git"}


def tree(root: Path) -> list[str]:
    """The repository's files as relative paths: those git tracks or would (not ignored),
    else a walk of the directory without dependencies and build output; at most MAX_PATHS."""
    from .git import git_paths

    listed = git_paths(root, MAX_PATHS)
    if listed:
        return listed
    out: list[str] = []
    pending = [(root, "")]
    while pending and len(out) < MAX_PATHS:
        directory, prefix = pending.pop()
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name in _SKIPPED or entry.is_symlink():
                continue
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            else:
                out.append(prefix + entry.name)
    return out[:MAX_PATHS]
