"""What the next commit will hold: the root publiccode.yml as staged in git's index.

The `publiccode-present` hook checks this rather than the working tree: a file that exists but
was never `git add`-ed, or was taken out with `git rm --cached`, is not in the commit, and
pre-commit does not stash files git does not track. Imported only by `publiccode-check --staged`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import NamedTuple

from ..load import MAX_BYTES
from .options import DEFAULT_NAMES

_REGULAR_FILES = ("100644", "100755")  # git's modes of a file (a link is 120000, a submodule 160000)


class NotInGit(Exception):
    """There is no index to read: git is missing, or the directory is not in a repository."""


class Staged(NamedTuple):
    """The root publiccode.yml as the next commit holds it: its bytes, or why there are none."""

    top: Path  # the top of the working tree: the repository root, for relative logos
    path: Path  # where the file is in the working tree (its configuration is found from there)
    shown: str  # that path as the user would type it in the current directory
    data: bytes | None = None
    problem: str | None = None  # why it is not in the commit, with the command that fixes it


def read_staged(directory: Path) -> Staged:
    """The staged publiccode.yml (or publiccode.yaml) of the repository holding `directory`."""
    top_text = _git(directory, "rev-parse", "--show-toplevel")
    if top_text is None:
        raise NotInGit("this directory is not in a git repository (or git is not installed), so there "
                       "is no commit to check")
    top = Path(top_text.decode("utf-8", "surrogateescape").strip())
    listed = _git(top, "ls-files", "--stage", "-z", "--", *DEFAULT_NAMES) or b""
    entries = {}  # name -> (mode, blob, stage), in git's order
    for line in filter(None, listed.split(b"\0")):
        info, _, name = line.decode("utf-8", "surrogateescape").partition("\t")
        mode, blob, stage = info.split()
        entries.setdefault(name, (mode, blob, stage))
    staged = next((name for name in DEFAULT_NAMES if name in entries), None)
    if staged is None:
        return _not_staged(top)
    path = top / staged
    shown = shown_path(path)
    mode, blob, stage = entries[staged]
    if stage != "0":
        problem = f"{shown} has unresolved merge conflicts: resolve them, then run `git add {shown}`"
        return Staged(top, path, shown, problem=problem)
    if mode not in _REGULAR_FILES:
        problem = f"{shown} is staged as a link or a submodule, not as a file: commit the file itself"
        return Staged(top, path, shown, problem=problem)
    return Staged(top, path, shown, data=_blob(top, blob))


def _not_staged(top: Path) -> Staged:
    """Why the index has no publiccode.yml, and what to run."""
    present = next((name for name in DEFAULT_NAMES if (top / name).is_file()), None)
    path = top / (present or DEFAULT_NAMES[0])
    shown = shown_path(path)
    in_head = next((name for name in DEFAULT_NAMES
                    if _git(top, "cat-file", "-e", f"HEAD:{name}") is not None), None)
    if present and in_head:
        problem = (f"{shown} is taken out of git's index (by `git rm --cached`?): this commit would "
                   f"delete it from the repository. Run `git add {shown}` to keep it")
    elif present:
        problem = f"{shown} is not added to git: run `git add {shown}`"
    elif in_head:
        deleted = shown_path(top / in_head)
        problem = (f"this commit deletes {deleted}, and the repository must have one. Run "
                   f"`git restore --staged --worktree {deleted}` to keep it")
    else:
        problem = ("there is no publiccode.yml (or publiccode.yaml) at the root of the repository. Run "
                   "`publiccode-check init` to write a first one, then `git add publiccode.yml`")
    return Staged(top, path, shown, problem=problem)


def shown_path(path: Path) -> str:
    """A path as the user would type it in the current directory (`../publiccode.yml` from below)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _git(directory: Path, *args: str) -> bytes | None:
    """What a git command prints, or None when it fails or git is not installed."""
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _blob(top: Path, blob: str) -> bytes:
    """The staged bytes, at most one more than the loader accepts (it reports a larger file)."""
    with subprocess.Popen(["git", "-C", str(top), "cat-file", "blob", blob], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        data = process.stdout.read(MAX_BYTES + 1)
        process.kill()
    return data
