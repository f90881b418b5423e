"""The CPU deadline of many-file runs: the signal first, the kernel as the backstop.

`in_processes` (under `validate_paths`, `vet DIR`, `fix`) checks files in forked workers. A
check that spins inside C code cannot be interrupted by the signal deadline, so the kernel
ends its worker a little later (RLIMIT_CPU, SIGXCPU); that file's outcome says the deadline
stopped it, and the other files are checked by a new worker. The jobs here are calls into the
standard library: a key derivation of a billion rounds, which runs in C without ever
looking at signals (unlike the regular expression engine, which does).
"""

from __future__ import annotations

import hashlib
import os
import signal
import time

import pytest

from publiccode_check.deadline import cpu_deadline
from publiccode_check.validate import in_processes
from publiccode_check.workers import WorkerFailed


def forever_in_c() -> None:
    """Minutes of computing in one C call, which a signal interrupts only when it returns."""
    hashlib.pbkdf2_hmac("sha256", b"spin", b"salt", 10**9)


def check(item: str) -> str:
    """The item itself, after a deadline of 1 s that cannot interrupt what "spin" does."""
    with cpu_deadline(1):
        if item == "spin":
            forever_in_c()
        elif item == "die":
            os.kill(os.getpid(), signal.SIGKILL)
    return f"{item} done by {os.getpid()}"


def lost(item: str, exc: Exception) -> str:
    return f"{item} lost: {type(exc).__name__}: {exc}"


def test_a_check_spinning_in_c_is_stopped_by_the_kernel_and_the_run_goes_on() -> None:
    items = [f"file {n}" for n in range(40)]
    items[5], items[30] = "spin", "die"
    started = time.monotonic()
    outcomes = list(in_processes(check, items, jobs=2, lost=lost, cpu_limit=1))
    assert time.monotonic() - started < 20  # 2 to 3 s of CPU time, however busy the machine is
    assert outcomes[5] == "spin lost: Overrun: the check took more than 1 s of CPU time and was stopped"
    assert outcomes[30] == "die lost: WorkerFailed: ended by SIGKILL"
    others = outcomes[:5] + outcomes[6:30] + outcomes[31:]
    assert [outcome.split(" done by ")[0] for outcome in others] == items[:5] + items[6:30] + items[31:]
    workers = {outcome.rsplit(" ", 1)[1] for outcome in others}
    assert str(os.getpid()) not in workers and len(workers) >= 3  # two, and a replacement at least


def test_unordered_every_item_comes_once_and_without_lost_a_failure_is_raised() -> None:
    items = [f"file {n}" for n in range(40)]
    outcomes = in_processes(check, items, jobs=2, ordered=False)
    assert sorted(outcome.split(" done by ")[0] for outcome in outcomes) == sorted(items)
    with pytest.raises(WorkerFailed, match="SIGKILL"):
        list(in_processes(check, ["die", *items], jobs=2, ordered=False))
