"""The worker pool of `serve`: a job past its deadline ends its worker, never the pool or its owner.

The jobs are calls into the standard library (so that the workers need nothing of the tests):
a regular expression that backtracks for ever inside C code, which no Python signal could
interrupt, a sleep, an exception, an allocation beyond the memory limit.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from functools import partial

import pytest

from publiccode_check.workers import JobFailed, Overrun, WorkerFailed, WorkerPool

FOREVER_IN_C = partial(re.fullmatch, r"(a+)+b", "a" * 40)  # 2**40 steps of backtracking in the C engine


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    made = WorkerPool(1, cpu_seconds=1, wall_seconds=60, memory_bytes=512 * 2**20)
    made.start()
    yield made
    made.close()


def test_a_job_past_its_cpu_deadline_is_stopped_and_its_worker_replaced(pool: WorkerPool) -> None:
    before = pool.run(os.getpid)
    started = time.monotonic()
    with pytest.raises(Overrun) as overrun:
        pool.run(FOREVER_IN_C)
    assert overrun.value.kind == "CPU" and overrun.value.seconds == 1
    assert time.monotonic() - started < 30  # 1 to 2 s of CPU time, however busy the machine is
    assert pool.replaced == 1 and pool.busy == 0
    after = pool.run(os.getpid)
    assert after != before and pool.run(partial(sum, [1, 2, 3])) == 6


def test_a_job_that_waits_is_stopped_by_the_wall_clock(pool: WorkerPool) -> None:
    started = time.monotonic()
    with pytest.raises(Overrun) as overrun:
        pool.run(partial(time.sleep, 30), wall_seconds=0.5)
    assert overrun.value.kind == "wall-clock" and time.monotonic() - started < 5
    assert pool.run(partial(max, 1, 2)) == 2


def test_a_job_that_raises_keeps_its_worker(pool: WorkerPool) -> None:
    before = pool.run(os.getpid)
    with pytest.raises(JobFailed, match="ValueError: invalid literal"):
        pool.run(partial(int, "not a number"))
    assert pool.run(os.getpid) == before and pool.replaced == 0


def test_a_job_out_of_memory_fails_alone(pool: WorkerPool) -> None:
    with pytest.raises(WorkerFailed, match="memory") as failed:
        pool.run(partial(bytearray, 2**30))
    assert not isinstance(failed.value, JobFailed)
    assert pool.replaced == 1 and len(pool.run(partial(bytearray, 2**20))) == 2**20


def test_closing_ends_every_worker() -> None:
    pool = WorkerPool(2, cpu_seconds=1)
    pool.start()
    pids = {pool.run(os.getpid) for _ in range(4)}
    pool.close()
    time.sleep(0.2)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(WorkerFailed, match="closed"):
        pool.run(os.getpid)
