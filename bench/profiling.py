"""Where publiccode-check spends its time, run by hand (not a test).

    . .venv/bin/activate && python bench/profiling.py [--top 25] [--only VIEW] [--corpus DIR]

(Not named profile.py: that would shadow the standard library module cProfile imports.)
Three views, each in a fresh process so that each pays the one-time set-up:

1. `python -X importtime` of a cold `publiccode-check FILE` (so the imports
   done lazily during validation count too): the slowest imports by cumulative
   time, and the total self time grouped by top-level package.
2. Plain wall-clock timing of validating the corpus in this process: the
   first file (which pays the one-time set-up: lazy imports, schema,
   vocabularies), then per-stage totals over the corpus (YAML load, schema,
   each rule, report rendering) as min and median of --rounds rounds.
3. cProfile of validating the whole corpus in this process, the top entries by
   cumulative and by own time.

The import view runs the CLI with bytecode caching on (its own
PYTHONPYCACHEPREFIX, after a warm-up run) and keeps each module's minimum over
3 runs. `-X importtime` and cProfile both add overhead: compare their figures with each
other, not with bench/bench.py's wall-clock times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
REAL_FILE = "italia__design-scuole-wordpress-theme.yml"
CLI = Path(sys.executable).parent / "publiccode-check"
VIEWS = ("imports", "timing", "profile")


def import_times(file: Path, runs: int = 3) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, nesting depth, module) for each import of a cold CLI run.

    Each module's minimum over `runs` runs, after an untimed one that fills the bytecode cache.
    """
    best: dict[str, tuple[int, int, int, str]] = {}
    with tempfile.TemporaryDirectory(prefix="pcc-profile-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for run in range(runs + 1):
            proc = subprocess.run([sys.executable, "-X", "importtime", str(CLI), str(file)],
                                  capture_output=True, text=True, check=False, env=env)
            for line in proc.stderr.splitlines() if run else ():
                if not line.startswith("import time:") or "[us]" in line:
                    continue
                own, cumulative, name = line.removeprefix("import time:").split("|")
                depth = (len(name) - len(name.lstrip())) // 2
                row = (int(own), int(cumulative), depth, name.strip())
                best[row[3]] = min(best.get(row[3], row), row)
    return list(best.values())


def report_imports(file: Path, top: int) -> None:
    rows = import_times(file)
    total = sum(own for own, *_ in rows)
    print(f"## Imports of a cold `publiccode-check {file.name}` (-X importtime)\n")
    print(f"{len(rows)} modules, {total / 1e3:.0f} ms of import time in total.\n")
    print(f"Slowest {top} by cumulative time (depth 0 = imported by nothing else):\n")
    print("| cumulative ms | self ms | depth | module |\n|---:|---:|---:|---|")
    for own, cumulative, depth, name in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"| {cumulative / 1e3:.1f} | {own / 1e3:.1f} | {depth} | {name} |")
    by_package: dict[str, int] = defaultdict(int)
    for own, _, _, name in rows:
        by_package[name.split(".")[0]] += own
    print("\nSelf time by top-level package (the cost of each dependency, whoever imports it):\n")
    print("| ms | share | package |\n|---:|---:|---|")
    for package, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"| {own / 1e3:.1f} | {own / total:.0%} | {package} |")


def stages() -> dict[str, Callable[..., Any]]:
    """The functions whose cumulative time tells the stages of validate_text apart."""
    from publiccode_check import load, schema
    from publiccode_check.rules import CHECKS

    found: dict[str, Callable[..., Any]] = {"load (YAML)": load.load, "schema.check": schema.check}
    if hasattr(schema, "conforms"):
        found["schema.conforms (the fast verdict)"] = schema.conforms
    found |= {f"rule {check.__module__.rsplit('.', 1)[-1]}.{check.__name__}": check for check in CHECKS}
    return found


def report_timing(files: Sequence[Path], rounds: int) -> None:
    """Wall time per stage, without a profiler: the minimum and median over `rounds`."""
    from publiccode_check import validate_path
    from publiccode_check.load import load
    from publiccode_check.report import FORMATS, Options, formatter
    from publiccode_check.rules import CHECKS, Context
    from publiccode_check.schema import check

    before = set(sys.modules)
    start = time.perf_counter()
    validate_path(files[0])
    first = time.perf_counter() - start
    lazy = sorted({m.split(".")[0] for m in set(sys.modules) - before} - {"publiccode_check"})
    start = time.perf_counter()
    for file in files[1:]:  # the rest of the first pass: what a CLI run does
        validate_path(file)
    first_pass = first + time.perf_counter() - start
    data = [(file, file.read_bytes()) for file in files]
    sizes = {file.name: len(raw) for file, raw in data}
    totals: dict[str, list[float]] = defaultdict(list)
    per_file: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        spent: dict[str, float] = defaultdict(float)
        for file, raw in data:
            start = time.perf_counter()
            loaded = load(raw)
            spent["load (YAML to values with positions)"] += time.perf_counter() - start
            if loaded.document is None:
                continue
            start = time.perf_counter()
            document, _ = check(loaded.document)
            spent["schema.check (normalise, verdict, errors)"] += time.perf_counter() - start
            context = Context(file.parent)
            for rule in CHECKS:
                start = time.perf_counter()
                list(rule(document, context))
                spent[f"rule {rule.__module__.rsplit('.', 1)[-1]}"] += time.perf_counter() - start
        results = []
        for file, _ in data:
            start = time.perf_counter()
            results.append(validate_path(file))
            per_file[file.name].append(time.perf_counter() - start)
        spent["validate_path, all files"] = sum(per_file[f.name][-1] for f in files)
        for name in FORMATS:
            start = time.perf_counter()
            formatter(name)(results, Options())
            spent[f"report --format {name}"] = time.perf_counter() - start
        for name, seconds in spent.items():
            totals[name].append(seconds)
    print(f"\n## Validating {len(files)} files in one process (no profiler)\n")
    print(f"First file, {files[0].name}: {first * 1e3:.0f} ms, one-time set-up included; "
          f"it imported {', '.join(lazy) or 'nothing more'}.\n")
    whole = min(totals["validate_path, all files"])
    print(f"The first pass over all files, as in one CLI run: {first_pass * 1e3:.0f} ms. "
          f"Then, all set-up done, min and median of {rounds} rounds:\n")
    print("| min ms | median ms | min share | stage |\n|---:|---:|---:|---|")
    for name, seconds in totals.items():
        print(f"| {min(seconds) * 1e3:.1f} | {statistics.median(seconds) * 1e3:.1f} | "
              f"{min(seconds) / whole:.0%} | {name} |")
    slowest = sorted(per_file.items(), key=lambda kv: -min(kv[1]))[:5]
    print("\nSlowest files (min ms): " + ", ".join(
        f"{name} {min(s) * 1e3:.0f} ({sizes[name] // 1024} kB)"
        for name, s in slowest))


def report_profile(files: Sequence[Path], top: int) -> None:
    from publiccode_check import validate_path

    profiler = cProfile.Profile()
    profiler.enable()
    for file in files:
        validate_path(file)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\n## cProfile: validating {len(files)} files in one process ({total:.2f} s profiled)\n")
    print("Per stage (cumulative, summed over all files):\n")
    print("| s | share | stage |\n|---:|---:|---|")
    raw = stats.stats  # type: ignore[attr-defined]
    for label, func in stages().items():
        code = func.__code__
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        cumulative = raw[key][3] if key in raw else 0.0
        print(f"| {cumulative:.2f} | {cumulative / total:.0%} | {label} |")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        body = out.getvalue()
        print(f"\nTop {top} by {order}:\n\n```\n{body[body.index('   ncalls'):].rstrip()}\n```")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25, help="rows per listing")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="directory of *.yml files")
    parser.add_argument("--file", type=Path, help=f"file for the import profile (CORPUS/{REAL_FILE})")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the timing view")
    parser.add_argument("--only", choices=VIEWS, help="show one view, in this process")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.yml"))
    if args.only == "imports":
        report_imports(args.file or args.corpus / REAL_FILE, args.top)
    elif args.only == "timing":
        report_timing(files, args.rounds)
    elif args.only == "profile":
        report_profile(files, args.top)
    else:
        for view in VIEWS:
            sys.stdout.flush()
            subprocess.run([sys.executable, __file__, *(argv or sys.argv[1:]), "--only", view], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
