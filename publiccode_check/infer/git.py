"""What git knows: the repository's top level, its public address and its author."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote

from ..rules.urls import https_of_shorthand, split_url
from . import Guess

_SSH_SCHEMES = ("ssh", "git+ssh", "ssh+git", "git")


def git(directory: Path, *args: str) -> str | None:
    """What a git command prints, or None when it fails or git is not installed."""
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def top_level(directory: Path) -> Path:
    """The top of the git working tree holding `directory`, or `directory` itself."""
    found = git(directory, "rev-parse", "--show-toplevel")
    return Path(found) if found else directory


def public_url(remote: str) -> str | None:
    """The https address of a remote, without credentials; None for a local path.

    `git@host:group/project.git` and `ssh://git@host:22/group/project.git` both become
    `https://host/group/project.git`; `https://user:token@host/...` loses `user:token@`.
    """
    shorthand = https_of_shorthand(remote)
    if shorthand:
        return shorthand
    parts = split_url(remote)
    if parts is None or not parts.path.strip("/"):
        return None
    host = parts.hostname or ""
    if parts.scheme in _SSH_SCHEMES:
        return f"https://{host}{parts.path}"
    if parts.scheme in ("http", "https"):
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"
    return None


def repository_url(root: Path) -> Guess[str] | None:
    """The public address of the `origin` remote."""
    remote = git(root, "remote", "get-url", "origin")
    url = public_url(remote) if remote else None
    if url is None:
        return None
    return Guess(url, "from the remote `origin`" if url == remote else
                 "from the remote `origin`, written as a public https address")


def name(root: Path, url: str | None) -> Guess[str]:
    """The repository's name in its address, else the name of its directory."""
    if url:
        last = unquote(url.rstrip("/").rsplit("/", 1)[-1]).removesuffix(".git")
        if last:
            return Guess(last, "from the repository's address")
    return Guess(root.resolve().name or "software", "from the directory's name")


def author(root: Path) -> tuple[str | None, str | None]:
    """`git config user.name` and `user.email`, as git would sign a commit here."""
    return git(root, "config", "user.name"), git(root, "config", "user.email")


def git_paths(root: Path, limit: int) -> list[str]:
    """The paths git tracks or would track (untracked but not ignored), at most `limit`."""
    try:
        with subprocess.Popen(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL) as process:
            assert process.stdout is not None
            data = process.stdout.read(limit * 200)  # bounded: paths average far less
            process.kill()
    except OSError:
        return []
    paths = data.decode("utf-8", "surrogateescape").split("\0")
    if len(data) == limit * 200:
        paths.pop()  # cut short
    return [path for path in paths if path][:limit]
