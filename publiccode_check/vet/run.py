"""One vetting run: every target fetched, validated and turned into a record, concurrently.

Every file is checked in a worker process, under the CPU deadline (`deadline.py`: the signal
first, the kernel's limit as the backstop), so that no file can hold the run. Local files
without network checks go to forked processes (`in_processes`); everything that waits on the
network goes to a pool of threads, bounded by `jobs`, with the client's per-host limit so that
one forge is not hammered, and those threads hand each file they read to a pool of worker
processes (`_Checks`). With the network checks of the files' links, which need this process's
client and its memory of the URLs already probed, a file is checked in a worker first, then,
proven to take less than its deadline, again in its thread with the network's.
Each record is handed to `emit` as soon as it is made. Nothing a repository does
(timeouts, 404s, huge or non-YAML answers, even a bug of ours) stops the run: it
becomes that repository's record.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from ..deadline import BACKSTOP_GRACE, DEFAULT_SECONDS
from ..profiles import Policy
from ..text import clean
from ..validate import Result, in_processes, lost_worker, validate_path, validate_text
from .records import failed, from_result
from .sources import Target

if TYPE_CHECKING:
    from ..network import Network, NetworkOptions
    from .fetch import Fetcher

Record = dict[str, Any]


@dataclass
class VetOptions:
    policy: Policy = field(default_factory=lambda: Policy("standard"))
    network: NetworkOptions | None = None  # how to reach repositories; None: local files only
    check_links: bool = True  # probe links, images and repositories named in the files
    jobs: int = 16  # repositories under way at once
    kinds: dict[str, str] = field(default_factory=dict)  # host -> kind of forge (--forge)
    use_git: bool = True  # read files on unknown hosts with git
    processes: int | None = None  # checking files; default one per core
    cpu_limit: float | None = DEFAULT_SECONDS  # CPU time of one file's check, in processes


def vet(targets: Sequence[Target], options: VetOptions, emit: Callable[[Record], None]) -> None:
    """Make a record of every target and give it to `emit` (called from this thread only)."""
    local = []
    for target in targets:
        if not target.remote and target.note is not None:  # not to be read: a link out of the tree
            emit(failed(target.source, "missing", target.note, {}))
        elif not target.remote:
            local.append(target)
    remote = [target for target in targets if target.remote]
    if local and not (options.network is not None and options.check_links):  # offline: processes
        for record in in_processes(partial(_local, policy=options.policy, cpu_limit=options.cpu_limit),
                                   local, jobs=options.processes, ordered=False, lost=_lost,
                                   cpu_limit=options.cpu_limit):
            emit(record)
        local = []
    if not (local or remote):
        return
    if options.network is None:
        raise ValueError("repositories given by address need network options")
    from ..network import Network
    from .fetch import Fetcher

    with Network(options.network) as network, _Checks(options) as checks:
        fetcher = Fetcher(network.client, kinds=options.kinds, use_git=options.use_git)
        checker = network if options.check_links else None
        pool = ThreadPoolExecutor(max(1, options.jobs), thread_name_prefix="publiccode-check-vet")
        try:
            futures = {pool.submit(_local, target, options.policy, options.cpu_limit, checks, checker): target
                       for target in local}
            futures.update({pool.submit(_remote, target, fetcher, options.policy, checks, checker,
                                        options.network.deadline, options.cpu_limit): target
                            for target in remote})
            for future in as_completed(futures):
                try:
                    record = future.result()
                except Exception as exc:  # a bug of ours must not cost the other repositories
                    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                    record = failed(futures[future].source, "unreachable", f"internal error: {clean(what)} "
                                    "(a bug of publiccode-check: please report it)", {}, internal_error=True)
                emit(record)
        finally:  # interrupted: what has not started is dropped, not waited for
            pool.shutdown(wait=False, cancel_futures=True)


class _Checks:
    """The worker processes that check the files the threads read, started in the background
    while the first ones are fetched. A file's check runs there under its CPU deadline, and the
    kernel ends a worker stuck past it (a long call into C), which is replaced."""

    def __init__(self, options: VetOptions) -> None:
        from ..workers import WorkerPool, default_size

        self.pool = WorkerPool(options.processes or default_size(), cpu_seconds=options.cpu_limit,
                               grace=BACKSTOP_GRACE, preload=("publiccode_check.warm",))
        self._failure: Exception | None = None
        self._starting = threading.Thread(target=self._start, name="publiccode-check-workers", daemon=True)
        self._starting.start()

    def _start(self) -> None:
        try:
            self.pool.start()
        except Exception as exc:  # no process can be started (a limit of the system)
            self._failure = exc

    def __enter__(self) -> _Checks:
        return self

    def __exit__(self, *exc: object) -> None:
        self._starting.join()
        self.pool.close()

    def result(self, check: Callable[..., Result], path: str, network: Network | None) -> Result:
        """`check()` (a partial of `validate_path` or `validate_text`) in a worker; with `network`,
        then again here with the network checks, unless the worker's check failed."""
        from ..workers import JobFailed, Overrun, WorkerFailed

        self._starting.join()
        if self._failure is not None:  # every record says it, as an internal error
            raise self._failure
        try:
            offline = self.pool.run(check if network is None else partial(_unless_failed, check))
        except JobFailed:  # a bug of ours: an internal error
            raise
        except (Overrun, WorkerFailed) as exc:
            return lost_worker(path, exc)
        return offline if offline is not None else check(network=network)


def _unless_failed(check: Callable[[], Result]) -> Result | None:
    """`check()`'s result if the file could not be checked (its deadline...), else None: the
    caller checks it again with the network, and needs nothing more from here."""
    result = check()
    return result if result.failure is not None else None


def _local(target: Target, policy: Policy, cpu_limit: float | None = DEFAULT_SECONDS,
           checks: _Checks | None = None, network: Network | None = None) -> Record:
    """The record of a local file, checked here (in a forked worker) or by `checks`."""
    started = time.perf_counter()
    path = target.path or target.source
    check = partial(validate_path, path, policy=policy, cpu_limit=cpu_limit, edits=True)  # records give fixes
    result = check() if checks is None else checks.result(check, path, network)
    return _record(target.source, target.source, result, {"check": time.perf_counter() - started})


def _lost(target: Target, exc: Exception) -> Record:
    """The record of a file whose check ended with its worker process (its deadline, or else)."""
    return _record(target.source, target.source, lost_worker(target.source, exc), {})


def _remote(target: Target, fetcher: Fetcher, policy: Policy, checks: _Checks, network: Network | None,
            deadline: float, cpu_limit: float | None = DEFAULT_SECONDS) -> Record:
    from .fetch import FetchFailure

    if target.note is not None:
        return failed(target.source, "unreachable", target.note, {})
    started = time.perf_counter()
    try:
        fetched = fetcher.fetch(target.source, time.monotonic() + deadline)
    except FetchFailure as failure:
        return failed(target.source, failure.status, failure.reason,
                      {"fetch": time.perf_counter() - started}, failure.file_url)
    fetched_at = time.perf_counter()
    check = partial(validate_text, fetched.data, path=fetched.file_url, policy=policy,
                    base_url=fetched.file_url if fetched.remote else None, cpu_limit=cpu_limit, edits=True)
    result = checks.result(check, fetched.file_url, network)
    return _record(target.source, fetched.file_url, result,
                   {"fetch": fetched_at - started, "check": time.perf_counter() - fetched_at})


def _record(source: str, file_url: str, result: Result, timings: dict[str, float]) -> Record:
    if result.internal_error:
        return failed(source, "unreachable", f"{file_url}: {result.failure}", timings, file_url,
                      internal_error=True)
    if result.failure is not None:
        return failed(source, "missing", f"{file_url}: {result.failure}", timings, file_url)
    return from_result(source, file_url, result, timings)
