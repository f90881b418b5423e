"""`publiccode-check fix` over a copy of the real corpus: what it fixes, what it keeps, how fast.

For `fix` (safe fixes) and `fix --unsafe-fixes`, each on a fresh copy of the 220 files of
../shared/corpus/real, with `--profile standard` (the standard alone, as the corpus figures
of the README):

- problems and valid files before and after, and the problems of each rule that changed;
- comment lines (found without the fixer: a `#` line whose removal leaves the data as it was)
  before, and how many of them are still in the fixed files;
- files a second `fix` run changes (must be 0);
- the time of one `fix` command over the whole corpus (median of a few rounds), on the clock
  and in CPU time (user and system, all its processes): the CPU time hardly changes when
  the machine is busy with other work, the time on the clock does.

Results go to bench/results/fix.json and are printed.

    python bench/fix_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from publiccode_check.load import load

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "real"
RESULTS = HERE / "results" / "fix.json"
CLI = [sys.executable, "-m", "publiccode_check"]
ENV = {**os.environ, "NO_COLOR": "1"}


def fresh_copy(work: Path) -> list[Path]:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(CORPUS, work)
    return sorted(work.glob("*.yml"))


def fix(files: list[Path], options: list[str]) -> tuple[float, float]:
    """One `fix` command over `files`: its time in seconds, on the clock and in CPU time."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([*CLI, "fix", "--profile", "standard", "-q", *options, *map(str, files)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    """User and system time of the waited-for child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(files: list[Path]) -> dict[str, dict]:
    """File name -> its entry in the check's JSON report."""
    done = subprocess.run([*CLI, "--format", "json", "--profile", "standard", *map(str, files)],
                          capture_output=True, text=True, env=ENV, check=False)
    return {Path(entry["path"]).name: entry for entry in json.loads(done.stdout)["files"]}


def comment_lines(text: str) -> list[str]:
    """The comment lines of a text, each stripped: `#` lines whose removal leaves the data as it
    was (a `#` line inside a block scalar is text)."""
    loaded = load(text.encode("utf-8", "surrogatepass")).document
    if loaded is None:
        return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    lines = text.splitlines(keepends=True)
    found = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            rest = "".join(lines[:index] + lines[index + 1:])
            without = load(rest.encode("utf-8", "surrogatepass")).document
            if without is not None and without.data == loaded.data:
                found.append(line.strip())
    return found


def kept_comments(before: str, after: str) -> tuple[int, int]:
    """(comment lines of `before`, how many of them are lines of `after`, in order)."""
    old = comment_lines(before)
    remaining = iter(line.strip() for line in after.splitlines())
    return len(old), sum(1 for line in old if any(line == other for other in remaining))


def problems(report: dict[str, dict]) -> Counter[str]:
    return Counter(problem["rule"] for entry in report.values() for problem in entry["problems"])


def measure(options: list[str], rounds: int, work: Path) -> dict:
    seconds = []
    for _ in range(rounds):
        files = fresh_copy(work)
        seconds.append(fix(files, options))
    before, after = check(sorted(CORPUS.glob("*.yml"))), check(files)
    snapshot = {file.name: file.read_bytes() for file in files}
    fix(files, options)
    second_run = sum(1 for file in files if file.read_bytes() != snapshot[file.name])
    comments = [kept_comments((CORPUS / name).read_text(encoding="utf-8", errors="replace"),
                              data.decode("utf-8", "replace")) for name, data in snapshot.items()]
    old, new = problems(before), problems(after)
    return {
        "problems before": sum(old.values()),
        "problems after": sum(new.values()),
        "share left": round(sum(new.values()) / sum(old.values()), 3),
        "valid before": sum(entry["valid"] for entry in before.values()),
        "valid after": sum(entry["valid"] for entry in after.values()),
        "files changed": sum(1 for name, data in snapshot.items() if data != (CORPUS / name).read_bytes()),
        "comment lines": sum(total for total, _ in comments),
        "comment lines kept": sum(kept for _, kept in comments),
        "files changed by a second run": second_run,
        "seconds for the corpus (one command)": round(statistics.median(clock for clock, _ in seconds), 3),
        "CPU seconds for the corpus (one command)": round(statistics.median(cpu for _, cpu in seconds), 3),
        "by rule (before -> after)": {rule: f"{old[rule]} -> {new[rule]}"
                                      for rule, _ in (old | new).most_common() if old[rule] != new[rule]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "corpus"
        results = {
            "files": len(list(CORPUS.glob("*.yml"))),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "fix": measure([], args.rounds, work),
            "fix --unsafe-fixes": measure(["--unsafe-fixes"], args.rounds, work),
        }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
