"""CPU-time deadlines: the backstop against a file that costs too much.

The loader and the checks are meant to be linear in the size of a file, and their limits
are tested; this is for what nobody foresaw. Every deadline of the project is made here,
in two layers:

- `cpu_deadline(seconds)` arms a timer of the CPU time the process spends (user and
  system, `ITIMER_PROF`); when it fires, the work is interrupted by `DeadlineExceeded` at
  its next Python instruction, and the check ends with a clear outcome. A single long call
  into C code (a regular expression, the YAML composer) is not interrupted until it returns.
  Signals reach the main thread only: elsewhere (a worker thread), and where the platform
  has no interval timers, it does nothing and says so (`enforced()`).
- `cpu_backstop(seconds)`, in a worker process only, lowers the process's RLIMIT_CPU so that
  the kernel ends it with SIGXCPU once it has used that much more CPU time, even inside C.
  The process that owns the worker sees it die, tells the deadline from other deaths
  (`ended_by_deadline`) and replaces it (`workers.py`).

Where files are checked in worker processes (`validate_paths`, `vet`, `fix`), each file
gets both: the signal at its deadline, and the kernel `BACKSTOP_GRACE` seconds later. The
service (`serve`) uses the kernel's alone. Both are reported in the same words (`stopped`).

    with cpu_deadline(10):
        result = work()
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 10.0
# How much later than the signal the kernel ends a worker: time for the signal's handler to
# run once a C call returns (the kernel counts whole seconds, so it may be up to one more).
BACKSTOP_GRACE = 1.0
_SIGXCPU = getattr(signal, "SIGXCPU", None)


def stopped(seconds: float, kind: str = "CPU") -> str:
    """How every deadline reports a check it stopped."""
    return f"the check took more than {seconds:g} s of {kind} time and was stopped"


class DeadlineExceeded(BaseException):
    """The work took more than its CPU time. A BaseException, like KeyboardInterrupt: an
    `except Exception` inside the work (a rule, a library) must not swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(stopped(seconds))
        self.seconds = seconds


def enforced() -> bool:
    """Whether `cpu_deadline` can interrupt work here (the main thread of a POSIX process)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the work of the block with DeadlineExceeded after `seconds` of CPU time
    (None or 0: no deadline). The timer and handler found are put back afterwards, so
    deadlines nest (the inner one is the one in force) and a profiler's timer survives."""
    if not seconds or not enforced():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DeadlineExceeded(seconds)

    previous_handler = signal.signal(signal.SIGPROF, expire)
    previous_timer = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous_handler)
        if previous_timer[0]:
            signal.setitimer(signal.ITIMER_PROF, *previous_timer)


@contextmanager
def cpu_backstop(seconds: float | None) -> Iterator[None]:
    """Let this process use `seconds` more of CPU time in the block (rounded up to the second,
    as the kernel counts), after which the kernel ends it with SIGXCPU, wherever it is. For
    worker processes only: the process is lost, and its owner reports the deadline. The limit
    found is put back afterwards. None or 0, or no RLIMIT_CPU on the platform: no limit."""
    try:
        import resource  # here: only worker processes need it
    except ImportError:  # not on Windows
        resource = None  # type: ignore[assignment]
    if not seconds or resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    limit = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    if hard != resource.RLIM_INFINITY:  # at the hard limit the kernel sends SIGKILL, which says nothing
        limit = max(0, min(limit, hard - 1))
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def ended_by_deadline(exitcode: int | None) -> bool:
    """Whether a worker process with this exit code was ended by `cpu_backstop` (SIGXCPU)."""
    return _SIGXCPU is not None and exitcode == -_SIGXCPU
