"""The CPU deadline where files are checked in worker processes: the signal first, the kernel next.

`in_processes` (under `validate_paths`, `vet DIR`, `fix`) checks files in forked workers, and
`vet` checks what it fetched in a pool of workers. A check that spins inside C code cannot be
interrupted by the signal deadline, so the kernel ends its worker a little later (RLIMIT_CPU,
SIGXCPU); that file's outcome says the deadline stopped it, and the other files are checked
by a new worker. The spinning is a call into the standard library: a key derivation of a
billion rounds, which runs in C without ever looking at signals (unlike the regular
expression engine, which does).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import VALID, tree
from localserver import LocalServer, Reply

from publiccode_check.deadline import cpu_deadline
from publiccode_check.validate import in_processes
from publiccode_check.workers import WorkerFailed


def forever_in_c() -> None:
    """Minutes of computing in one C call, which a signal interrupts only when it returns."""
    hashlib.pbkdf2_hmac("sha256", b"spin", b"salt", 10**9)


def check(item: str) -> str:
    """The item itself, after a deadline of 0.5 s that cannot interrupt what "spin" does."""
    with cpu_deadline(0.5):
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
    outcomes = list(in_processes(check, items, jobs=2, lost=lost, cpu_limit=0.5))
    assert time.monotonic() - started < 20  # 1.5 to 2 s of CPU time, however busy the machine is
    assert outcomes[5] == "spin lost: Overrun: the check took more than 0.5 s of CPU time and was stopped"
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


# --- the command line: check, vet (a directory, addresses, link checks) and fix ---------------------

SITECUSTOMIZE = """\
import hashlib

import publiccode_check.validate as validate


def sabotage(doc, ctx):
    if doc.get(("name",)) == "spin":
        hashlib.pbkdf2_hmac("sha256", b"spin", b"salt", 10**9)  # minutes in C, deaf to signals
    return ()


validate.CHECKS = (*validate.CHECKS, sabotage)
"""
LIMIT = "0.5"  # the signal at 0.5 s of CPU time, the kernel at 2 s at most
STOPPED = f"the check took more than {LIMIT} s of CPU time and was stopped"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment where every Python process, the workers' fork server too, has a check that
    spins in C for a file named `spin`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    paths = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "NO_COLOR": "1"}


def run(*args: str, cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "publiccode_check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    return done, time.monotonic() - started


def named(count: int, spin: int) -> list[str]:
    return ["spin" if index == spin else "ok" for index in range(count)]


def test_check_of_many_files_stops_the_one_spinning_in_c(tmp_path: Path, env: dict[str, str]) -> None:
    paths = tree(tmp_path, named(40, 7))
    done, seconds = run("--format", "json", "-j", "2", "--cpu-limit", LIMIT, *paths, cwd=tmp_path, env=env)
    assert done.returncode == 3, done.stderr
    files = json.loads(done.stdout)["files"]
    assert [f["failure"] for f in files if "spin" in f["path"]] == [STOPPED]
    assert sum(f["valid"] for f in files) == 39 and seconds < 30


def test_vet_of_a_directory_stops_the_one_spinning_in_c(tmp_path: Path, env: dict[str, str]) -> None:
    tree(tmp_path / "tree", named(40, 12))
    done, seconds = run("vet", "--no-network", "--cpu-limit", LIMIT, "tree", cwd=tmp_path, env=env)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 3 and len(records) == 40, done.stderr
    [spun] = [r for r in records if "spin" in r["source"]]
    assert (spun["status"], spun["failure"]) == ("missing", f"{spun['source']}: {STOPPED}")
    assert Counter(r["status"] for r in records) == {"valid": 39, "missing": 1} and seconds < 30


def test_vet_of_addresses_checks_what_it_fetched_in_processes(tmp_path: Path, env: dict[str, str]) -> None:
    """The files are fetched in threads and checked by worker processes, under the deadline."""
    files = {f"r{index}": VALID.replace("name: Medusa", f"name: {name}").encode()
             for index, name in enumerate(named(6, 2))}
    routes = {f"/o/{repo}/raw/HEAD/publiccode.yml": Reply(200, data) for repo, data in files.items()}
    with LocalServer(routes) as server:
        (tmp_path / "list.txt").write_text("".join(f"{server.url(f'/o/{repo}')}\n" for repo in files))
        forge = f"127.0.0.1:{server.port}=github"
        done, seconds = run("vet", "--no-network", "--allow-private-hosts", "--no-cache",
                            "--cpu-limit", LIMIT, "--forge", forge, "list.txt", cwd=tmp_path, env=env)
    records = {r["source"].rsplit("/", 1)[1]: r for r in map(json.loads, done.stdout.splitlines())}
    assert done.returncode == 3, done.stderr
    assert records.pop("r2")["failure"].endswith(f"/o/r2/raw/HEAD/publiccode.yml: {STOPPED}")
    assert [r["status"] for r in records.values()] == ["valid"] * 5 and seconds < 30


def test_vet_with_link_checks_stops_the_one_spinning_in_c(tmp_path: Path, env: dict[str, str]) -> None:
    """With the network checks of links, a file is first checked in a worker: the one that spins
    never reaches the thread that would check it with the network. (The files name no link.)"""
    tree(tmp_path / "tree", ["ok", "spin", "ok"], text="name: Medusa\n")
    done, seconds = run("vet", "--cpu-limit", LIMIT, "--no-cache", "tree", cwd=tmp_path, env=env)
    records = {r["source"].split("-")[1].split("/")[0]: r for r in map(json.loads, done.stdout.splitlines())}
    assert done.returncode == 3, done.stderr
    assert records["spin"]["failure"].endswith(STOPPED) and records["ok"]["status"] == "invalid"
    assert seconds < 30


def test_fix_of_many_files_leaves_the_one_spinning_in_c_alone(tmp_path: Path, env: dict[str, str]) -> None:
    text = VALID.replace('publiccodeYmlVersion: "0.7"', "publiccodeYmlVersion: 0.7")  # a safe fix for each
    paths = tree(tmp_path, named(40, 20), text=text)
    done, seconds = run("fix", "--format", "json", "--cpu-limit", LIMIT, *paths, cwd=tmp_path, env=env)
    assert done.returncode == 3, done.stderr
    assert f"{paths[20]}: left as it was" in done.stderr
    assert [f["failure"] for f in json.loads(done.stdout)["files"] if f["path"] == paths[20]] == [STOPPED]
    assert (tmp_path / paths[20]).read_text() == text.replace("name: Medusa", "name: spin")
    assert 'publiccodeYmlVersion: "0.7"' in (tmp_path / paths[0]).read_text() and seconds < 30


def test_the_check_of_one_file_starts_no_worker_machinery(tmp_path: Path) -> None:
    """A hook checks one file per commit: its cold start loads none of this."""
    (tmp_path / "publiccode.yml").write_text(VALID)
    script = ("import json, sys\nfrom publiccode_check.cli import main\nmain(['publiccode.yml'])\n"
              "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "publiccode_check.deadline" in loaded
    machinery = ("multiprocessing", "resource", "publiccode_check.workers", "publiccode_check.warm")
    assert [name for name in loaded if name.startswith(machinery)] == []
    assert "traceback" not in loaded  # only an internal error's outcome formats a trace
