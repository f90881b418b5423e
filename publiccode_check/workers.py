"""Worker processes that run checks under a CPU deadline, and are replaced when they overrun.

A file from a stranger can be built to keep a validator busy (a merge-key bomb, a text the
grapheme counter is slow on). A Python signal cannot interrupt a long call into C, so each
job in a worker also runs under the kernel's limit (`deadline.cpu_backstop`): past it the
kernel ends the process with SIGXCPU, the owner of the pool sees it die
(`deadline.ended_by_deadline`), reports `Overrun` for that job and starts another worker;
the other workers, and the owner, never notice. A worker that dies of something else
(killed, out of memory) costs its job alone too (`WorkerFailed`).

Two pools over the same worker loop (`_work`):

- `WorkerPool`: workers forked from a fork server (`multiprocessing`'s "forkserver"), never
  from the owner, which may run threads and an event loop; the `preload` modules are imported
  once there, and every worker, a replacement too, starts with them loaded. `run` is blocking
  and thread-safe: `serve` calls it from its request threads, `vet` from its fetch threads.
  A job that waits instead of computing (network checks) is bounded by `wall_seconds`.

      pool = WorkerPool(2, cpu_seconds=5, preload=("publiccode_check.warm",))
      pool.start()
      value = pool.run(function, *args)   # Overrun, WorkerFailed, JobFailed
      pool.close()

- `forked_map`: `work` over many items in workers forked from the owner (which must run no
  other thread), so that they share everything it has loaded; items go out one at a time,
  two ahead per worker, so that the item a dead worker was on is known, and the others it
  had are given to its replacement.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from .deadline import DeadlineExceeded, cpu_backstop, ended_by_deadline, stopped

try:
    import resource
except ImportError:  # not on Windows: there the wall-clock limit alone applies
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
R = TypeVar("R")


class Overrun(Exception):
    """The job went past its deadline; its worker was ended and replaced."""

    def __init__(self, seconds: float, kind: str) -> None:
        super().__init__(stopped(seconds, kind))
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

    @classmethod
    def start(cls, context: Any, cpu_seconds: float | None, grace: float, memory_bytes: int | None,
              inherited: Sequence[Connection] = ()) -> _Worker:
        """A new worker process of `context`, whose jobs the kernel ends `grace` seconds past
        `cpu_seconds` of CPU time; `inherited`: the other workers' pipes, which a fork copies."""
        parent, child = context.Pipe()
        kernel = cpu_seconds and cpu_seconds + grace
        process = context.Process(target=_work, args=(child, kernel, memory_bytes, inherited),
                                  name="publiccode-check-worker", daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def end(self) -> None:
        """Kill the process (it may be computing in C) and let go of everything it held."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()

    def death(self, cpu_seconds: float | None) -> Exception:
        """Why the process, gone, answers no more: its deadline, or something else."""
        self.process.join(5)
        code = self.process.exitcode
        if cpu_seconds and ended_by_deadline(code):
            return Overrun(cpu_seconds, "CPU")
        if code is not None and code < 0:
            try:
                return WorkerFailed(f"ended by {signal.Signals(-code).name}")
            except ValueError:
                pass
        return WorkerFailed(f"exit code {code}")


class WorkerPool:
    """`size` worker processes; `run` hands a job to an idle one and waits for its answer.

    A job may use `cpu_seconds` of CPU time, and the kernel ends its worker `grace` seconds
    later: 0 when the kernel is the deadline (serve), more when the jobs arm the signal
    deadline themselves (vet's checks, `validate_text`). None: no CPU limit.
    """

    def __init__(self, size: int, *, cpu_seconds: float | None, wall_seconds: float | None = None,
                 memory_bytes: int | None = None, preload: Sequence[str] = (), grace: float = 0.0) -> None:
        if size < 1 or (cpu_seconds is not None and cpu_seconds <= 0):
            raise ValueError("a pool needs at least one worker, and a deadline above 0 if any")
        self.size = size
        self.cpu_seconds = cpu_seconds
        self.grace = grace
        # a job that waits (for the network) without computing: by default a generous multiple
        self.wall_seconds = wall_seconds if wall_seconds is not None or cpu_seconds is None \
            else 3 * cpu_seconds + 5
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
              wall_seconds: float | None) -> Any:
        try:
            worker.connection.send((function, args))
            if not worker.connection.poll(wall_seconds):
                worker.end()
                raise Overrun(wall_seconds or 0, "wall-clock")
            answer = worker.connection.recv()
        except (EOFError, OSError):  # it died: of the deadline, or of something else
            raise worker.death(self.cpu_seconds) from None
        return _value(answer, self.cpu_seconds)

    def _spawn(self) -> _Worker:
        worker = _Worker.start(self._context, self.cpu_seconds, self.grace, self.memory_bytes)
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


def forked_map(work: Callable[[T], R], items: Sequence[T], *, processes: int, cpu_seconds: float | None,
               grace: float, ordered: bool = True,
               lost: Callable[[T, Exception], R] | None = None) -> Iterator[R]:
    """`work(item)` for each item in `processes` workers forked from this process; results come
    as they are ready, in the order of `items` if `ordered`.

    `work` arms its own signal deadline of `cpu_seconds` (validate_path does); the kernel ends a
    worker `grace` seconds past it. An item whose worker is ended so becomes `lost(item,
    Overrun)`, one whose worker dies otherwise `lost(item, WorkerFailed)` (without `lost`, the
    error is raised), and the run goes on with a new worker. An exception raised by `work` is
    raised here (`JobFailed`). However the iteration ends (done, interrupted, closed), no
    worker is left behind: those still busy are killed.
    """
    context = multiprocessing.get_context("fork")
    sent: dict[_Worker, deque[tuple[int, T]]] = {}  # per worker, the items it has not answered
    waiting = deque(enumerate(items))
    done: dict[int, R] = {}
    next_out = 0

    def spawn() -> None:
        others = [worker.connection for worker in sent]  # inherited by the fork: closed there
        sent[_Worker.start(context, cpu_seconds, grace, None, others)] = deque()

    def failed(worker: _Worker, failure: Exception) -> None:
        """The worker answers no more: it is replaced, its first item fails, and the others it
        had go first to the next."""
        under_way = sent.pop(worker)
        worker.end()
        spawn()
        index, item = under_way.popleft()
        waiting.extendleft(reversed(under_way))
        if lost is None:
            raise failure
        done[index] = lost(item, failure)

    try:
        for _ in range(processes):
            spawn()
        while waiting or any(sent.values()):
            for worker, under_way in list(sent.items()):
                while waiting and len(under_way) < _AHEAD:
                    under_way.append(waiting.popleft())
                    try:
                        worker.connection.send((work, (under_way[-1][1],)))
                    except OSError:  # it died: seen below, where the first item it had fails
                        break
            busy = {worker.connection: worker for worker, under_way in sent.items() if under_way}
            for connection in wait(list(busy)):
                worker = busy[connection]
                try:
                    answer = connection.recv()
                except (EOFError, OSError):  # it died: of the deadline, or of something else
                    failed(worker, worker.death(cpu_seconds))
                    continue
                try:
                    value = _value(answer, cpu_seconds)
                except JobFailed:
                    raise
                except (Overrun, WorkerFailed) as failure:  # it answered, then ended (out of memory)
                    failed(worker, failure)
                    continue
                done[sent[worker].popleft()[0]] = value
            if not ordered:
                yield from done.values()
                done.clear()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in sent:
            worker.end()


_AHEAD = 2  # items sent to a worker before it answers the first: it never waits for the next


def _value(answer: tuple[str, Any], cpu_seconds: float | None) -> Any:
    """The job's value from a worker's answer, or the exception that says why there is none."""
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "error":
        raise JobFailed(value)
    if kind == "overrun":
        raise Overrun(cpu_seconds or value, "CPU")
    raise WorkerFailed(value)  # it answered, then ended itself (out of memory)


def _work(connection: Connection, cpu_seconds: float | None, memory_bytes: int | None,
          inherited: Sequence[Connection] = ()) -> None:
    """A worker's life: take a job, run it under the deadline, answer; until the pipe closes."""
    for other in inherited:  # another worker's pipe, copied by the fork: its EOF must not wait for us
        other.close()
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
        try:
            with cpu_backstop(cpu_seconds):
                answer = ("ok", function(*args))
        except DeadlineExceeded as exc:  # a job's own signal deadline, not caught by the job
            answer = ("overrun", exc.seconds)
        except MemoryError:
            connection.send(("died", "the job ran out of memory"))
            return  # a fresh worker for the next job: memory may be left fragmented
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        connection.send(answer)


def default_size() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
