"""Worker processes that each run one job at a time, under a CPU deadline, replaced when they overrun.

A file from a stranger can be built to keep a validator busy (a merge-key bomb, a text the
grapheme counter is slow on). A Python signal cannot interrupt a long call into C, so the
deadline is the kernel's: before each job a worker lowers its own RLIMIT_CPU soft limit to
the CPU time it has used plus the deadline (in whole seconds, as the kernel counts), and past
it the kernel ends the process with SIGXCPU. The pool sees the worker die, raises `Overrun`
to the caller and starts another worker; the other workers, and the process that owns the
pool, never notice. A job that waits instead of computing (network checks) is bounded by
`wall_seconds`, after which the worker is killed the same way. Each worker may also have an
address-space limit: a job that runs out of memory fails alone (`WorkerFailed`).

Workers are forked from a fork server (`multiprocessing`'s "forkserver"), never from the
process that owns the pool (which runs threads and an event loop): the `preload` modules are
imported once there, and every worker, a replacement too, starts with them loaded.

    pool = WorkerPool(2, cpu_seconds=5, preload=("publiccode_check.serve.warm",))
    pool.start()
    value = pool.run(function, *args)   # blocking, thread-safe; Overrun, WorkerFailed, JobFailed
    pool.close()
"""

from __future__ import annotations

import math
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

try:
    import resource
except ImportError:  # not on Windows: there the wall-clock limit alone applies
    resource = None  # type: ignore[assignment]

_DEADLINE_SIGNALS = {-getattr(signal, "SIGXCPU", 24), -signal.SIGKILL}


class Overrun(Exception):
    """The job went past its deadline; its worker was ended and replaced."""

    def __init__(self, seconds: float, kind: str) -> None:
        super().__init__(f"the job took more than {seconds:g} s of {kind} time")
        self.seconds = seconds
        self.kind = kind  # "CPU" or "wall-clock"


class WorkerFailed(Exception):
    """The job's worker died of something else than the deadline (memory, a crash), or the job raised."""


class JobFailed(WorkerFailed):
    """The job raised an exception; its worker goes on."""


class _Worker:
    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    def end(self) -> None:
        """Kill the process (it may be computing in C) and let go of everything it held."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """`size` worker processes; `run` hands a job to an idle one and waits for its answer."""

    def __init__(self, size: int, *, cpu_seconds: float, wall_seconds: float | None = None,
                 memory_bytes: int | None = None, preload: Sequence[str] = ()) -> None:
        if size < 1 or cpu_seconds <= 0:
            raise ValueError("a pool needs at least one worker and a deadline above 0")
        self.size = size
        self.cpu_seconds = cpu_seconds
        # a job that waits (for the network) without computing: by default a generous multiple
        self.wall_seconds = wall_seconds if wall_seconds is not None else 3 * cpu_seconds + 5
        self.memory_bytes = memory_bytes
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if preload and "forkserver" in methods:
            self._context.set_forkserver_preload(list(preload))
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._busy = 0
        self.replaced = 0  # workers ended by a deadline or a failure, and started again
        self._closed = False

    @property
    def busy(self) -> int:
        """Jobs under way."""
        return self._busy

    def start(self) -> None:
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def run(self, function: Callable[..., Any], *args: Any, wall_seconds: float | None = None) -> Any:
        """`function(*args)` in a worker (both picklable); waits for a worker to be free.

        Raises `Overrun` past the deadline and `WorkerFailed` when the job raised or its
        worker died; in both cases the caller may go on using the pool.
        """
        if self._closed:
            raise WorkerFailed("the pool is closed")
        worker = self._idle.get()
        with self._lock:
            self._busy += 1
        try:
            return self._call(worker, function, args, wall_seconds or self.wall_seconds)
        except JobFailed:
            raise
        except (Overrun, WorkerFailed):
            worker = self._replace(worker)
            raise
        finally:
            with self._lock:
                self._busy -= 1
            self._idle.put(worker)

    def close(self) -> None:
        """End every worker (those busy too)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.end()

    def _call(self, worker: _Worker, function: Callable[..., Any], args: tuple[Any, ...],
              wall_seconds: float) -> Any:
        try:
            worker.connection.send((function, args))
            if not worker.connection.poll(wall_seconds):
                worker.end()
                raise Overrun(wall_seconds, "wall-clock")
            kind, value = worker.connection.recv()
        except (EOFError, OSError):  # it died: of the deadline, or of something else
            worker.process.join(5)
            code = worker.process.exitcode
            if code in _DEADLINE_SIGNALS:
                raise Overrun(self.cpu_seconds, "CPU") from None
            raise WorkerFailed(f"the worker stopped (exit code {code})") from None
        if kind == "ok":
            return value
        if kind == "error":
            raise JobFailed(value)
        worker.process.join(5)  # it answered, then ended itself (out of memory)
        raise WorkerFailed(value)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_work, args=(child, self.cpu_seconds, self.memory_bytes),
                                        name="publiccode-check-worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.end()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return worker
            self.replaced += 1
        return self._spawn()


def _work(connection: Connection, cpu_seconds: float, memory_bytes: int | None) -> None:
    """A worker's life: take a job, run it under the deadline, answer; until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the process group: the owner decides
    if resource is not None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker ended by SIGXCPU writes no core file
        if memory_bytes:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):  # the owner has gone
            return
        _limit_cpu(cpu_seconds)
        try:
            answer = ("ok", function(*args))
        except MemoryError:
            connection.send(("died", "the job ran out of memory"))
            return  # a fresh worker for the next job: memory may be left fragmented
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        connection.send(answer)


def _limit_cpu(seconds: float) -> None:
    """Let this process use `seconds` more of CPU time (rounded up to the second), then be ended."""
    if resource is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def default_size() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
