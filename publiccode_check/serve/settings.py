"""The limits and switches of one running service; `cli/serve.py` makes them from flags and variables,
whose defaults are the ones here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network.options import NetworkOptions
from .catalogue import Snapshot

MiB = 2**20


def size_text(count: int) -> str:
    """A size limit in a message: `1 MiB`, or `65,536 bytes` below a mebibyte."""
    return f"{count / MiB:g} MiB" if count >= MiB else f"{count:,} bytes"


@dataclass(frozen=True)
class Settings:
    """Every cost a request can cause is bounded here; the defaults are safe for a public service."""

    workers: int = 2  # validation processes
    queue: int = 16  # requests waiting for a worker beyond those being served; more: 503
    cpu_seconds: float = 5.0  # CPU time of one validation; more: the worker is replaced, 422
    worker_memory: int = 1024 * MiB  # address space of a worker; 0: no limit
    max_body: int = MiB  # bytes of a request body; more: 413
    body_seconds: float = 10.0  # to receive a request body; more: 408
    max_fetch: int = MiB  # bytes of a fetched publiccode.yml; more: 502
    fetch_seconds: float = 20.0  # to fetch one publiccode.yml, all its requests together; more: 504
    rate: float = 60.0  # validations per minute and client, on average; 0: no limit
    burst: int = 20  # validations a client may ask for at once
    badge_seconds: float = 3600.0  # how long a badge's verdict is kept before fetching again
    badge_entries: int = 10_000  # verdicts kept at most
    external_checks: bool = True  # whether a request may ask for the network checks
    network: NetworkOptions = field(default_factory=lambda: NetworkOptions(deadline=30.0))
    forges: dict[str, str] = field(default_factory=dict)  # host -> kind of forge
    use_git: bool = False  # read files on hosts that are no known forge with git
    catalogue: Snapshot | None = None  # what files are compared with, for similar initiatives

    @property
    def admitted(self) -> int:
        """Validations under way or waiting, at most."""
        return self.workers + self.queue

    @property
    def job_seconds(self) -> float:
        """Wall-clock time a worker may take for one validation with network checks."""
        return self.network.deadline + 2 * self.cpu_seconds + 5
