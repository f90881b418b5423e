"""What the network checks may do: time limits, the cache, the address guard, strictness."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class NetworkOptions:
    """Settings of one run of the network checks.

    `timeout` bounds each request (connecting, and the whole response: a server that
    drips its answer is cut off); `deadline` bounds all the checks of one file.
    `per_host` keeps a run from hammering one forge.
    `allow_private_hosts` lifts the address guard; `allowed_networks` lifts it for
    the given CIDR networks only. `strict` makes "could not verify" an error.
    """

    timeout: float = 10.0
    deadline: float = 60.0
    workers: int = 8
    per_host: int = 0  # requests under way to one host at most; 0: no limit but `workers`
    retries: int = 2
    backoff: float = 0.5
    use_cache: bool = True
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    ttl: float = 24 * 3600.0
    allow_private_hosts: bool = False
    allowed_networks: tuple[str, ...] = ()
    strict: bool = False
    ca_file: str | None = None


def default_cache_dir() -> Path:
    """The user's cache directory for this tool, as each platform has it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # relative: ignored (XDG)
    return base / "publiccode-check" / "network"
