"""A CPU-time deadline for one piece of work: the backstop against a file that costs too much.

The loader and the checks are meant to be linear in the size of a file, and their limits
are tested; this is for what nobody foresaw. `cpu_deadline(seconds)` arms a timer of the
CPU time the process spends (user and system, `ITIMER_PROF`); when it fires, the work is
interrupted by `DeadlineExceeded` at its next Python instruction. A single long call into
C code (a regular expression, the YAML composer) is not interrupted until it returns.

Signals reach the main thread only: elsewhere (a worker thread), and where the platform
has no interval timers, `cpu_deadline` does nothing and says so (`enforced()`). Worker
processes run their work in their main thread, so `validate_paths`, `vet` and `serve`
enforce it there.

    with cpu_deadline(10):
        result = work()
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 10.0


class DeadlineExceeded(BaseException):
    """The work took more than its CPU time. A BaseException, like KeyboardInterrupt: an
    `except Exception` inside the work (a rule, a library) must not swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the check took more than {seconds:g} s of CPU time and was stopped")
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
