"""Benchmark publiccode-check against check-jsonschema, run by hand (not a test).

    . .venv/bin/activate && pip install -e '.[bench]'   # brings check-jsonschema
    python bench/bench.py [--runs 15] [--corpus-runs 3] [--json bench/results/bench.json]

Both tools are run as separate processes through the console scripts of the
virtualenv that runs this script, so every figure is a cold process start to
exit (with warm OS file caches and compiled .pyc: one untimed warm-up run of
each command comes first). Cases:

* single file: `publiccode-check FILE` vs `check-jsonschema --schemafile
  schemas/publiccode.schema.json FILE` for the minimal example of the standard
  and one mid-size real file (both copied into an empty temporary directory),
  with `python -c pass` as the floor;
* corpus: each tool given every corpus file in one command line.

The child processes get their own PYTHONPYCACHEPREFIX and may write bytecode,
as an installed package has its .pyc files; with PYTHONDONTWRITEBYTECODE=1
(set on some machines) an editable install would otherwise compile its own
modules from source on every run. --as-is keeps the inherited environment.

Figures are medians, and the commands are interleaved round-robin so that drift
on a busy machine hits all of them alike; expect noise of 10% or more on a
small machine. The targets: a single file in at most 1/3 of check-jsonschema's
time, the corpus at least 3 times faster.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "publiccode.schema.json"
SHARED = ROOT.parent / "shared"
MINIMAL = SHARED / "spec" / "example" / "publiccode.minimal.yml"
CORPUS = SHARED / "corpus" / "real"
# Mid-size (2.5 kB, the corpus median is 2.6 kB), valid for both tools, a few warnings.
REAL_FILE = "italia__design-scuole-wordpress-theme.yml"
BIN = Path(sys.executable).parent
TARGET_RATIO = 1 / 3  # ours / theirs, for both cases

Check = Callable[[subprocess.CompletedProcess[bytes]], None]


@dataclass
class Case:
    tool: str
    case: str
    argv: list[str]
    check: Check
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def exit_in(*codes: int) -> Check:
    """Exit codes that mean the tool did its job (1 is 'errors found' for both tools)."""

    def check(proc: subprocess.CompletedProcess[bytes]) -> None:
        if proc.returncode not in codes:
            raise SystemExit(f"unexpected exit {proc.returncode}: {proc.args[:3]}...\n"
                             f"{proc.stderr.decode(errors='replace')[-2000:]}")

    return check


def ours_counts(expected: int) -> Check:
    def check(proc: subprocess.CompletedProcess[bytes]) -> None:
        exit_in(0, 1)(proc)
        files = json.loads(proc.stdout)["summary"]["files"]
        if files != expected:
            raise SystemExit(f"publiccode-check reported {files} files, expected {expected}")

    return check


def theirs_counts(expected: int) -> Check:
    """`check-jsonschema -v -o json` lists successes, errors and parse errors by file."""

    def check(proc: subprocess.CompletedProcess[bytes]) -> None:
        exit_in(0, 1)(proc)
        report = json.loads(proc.stdout)
        names = set(report.get("successes", []))
        names |= {e["filename"] for e in report["errors"] + report["parse_errors"]}
        if len(names) != expected:
            raise SystemExit(f"check-jsonschema reported {len(names)} files, expected {expected}")

    return check


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise SystemExit(f"{path} is missing: run pip install -e '.[bench]' in this virtualenv")
    return str(path)


def measure(cases: Sequence[Case], runs: int, env: dict[str, str] | None) -> None:
    """One untimed warm-up of each command, then `runs` interleaved timed rounds."""
    for round_ in range(runs + 1):
        for case in cases:
            start = time.perf_counter()
            proc = subprocess.run(case.argv, capture_output=True, check=False, env=env)
            elapsed = time.perf_counter() - start
            case.check(proc)
            if round_:
                case.seconds.append(elapsed)


def single_file_cases(files: dict[str, Path]) -> list[Case]:
    ours, theirs = tool("publiccode-check"), tool("check-jsonschema")
    cases = [Case("python -c pass", "floor", [sys.executable, "-c", "pass"], exit_in(0))]
    for label, path in files.items():
        cases.append(Case("publiccode-check", label, [ours, str(path)], exit_in(0, 1)))
        cases.append(Case("check-jsonschema", label,
                          [theirs, "--schemafile", str(SCHEMA), str(path)], exit_in(0, 1)))
    return cases


def corpus_cases(files: list[Path]) -> list[Case]:
    names = [str(f) for f in files]
    label = f"corpus ({len(files)} files)"
    return [
        Case("publiccode-check", label, [tool("publiccode-check"), "--format", "json", *names],
             ours_counts(len(files))),
        Case("check-jsonschema", label,
             [tool("check-jsonschema"), "--schemafile", str(SCHEMA), "-v", "-o", "json", *names],
             theirs_counts(len(files))),
    ]


def commit() -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False)
    return f"commit {proc.stdout.strip() or 'unknown'}"


def table(cases: Sequence[Case]) -> tuple[str, list[dict[str, object]]]:
    """The Markdown table, and one verdict per case where both tools ran."""
    theirs = {c.case: c.median for c in cases if c.tool == "check-jsonschema"}
    lines = ["| tool | case | median s | min s | ratio ours/theirs |", "|---|---|---:|---:|---:|"]
    verdicts = []
    for c in cases:
        ratio = ""
        if c.tool == "publiccode-check" and c.case in theirs:
            value = c.median / theirs[c.case]
            ratio = f"{value:.3f}"
            verdicts.append({"case": c.case, "ratio": value, "met": value <= TARGET_RATIO})
        lines.append(f"| {c.tool} | {c.case} | {c.median:.3f} | {min(c.seconds):.3f} | {ratio} |")
    return "\n".join(lines), verdicts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per single-file command")
    parser.add_argument("--corpus-runs", type=int, default=3, help="timed runs per corpus command")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="directory of *.yml files")
    parser.add_argument("--file", type=Path, help=f"the real file (default: CORPUS/{REAL_FILE})")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the raw timings here")
    parser.add_argument("--as-is", action="store_true",
                        help="inherit the environment (no PYTHONPYCACHEPREFIX of our own)")
    args = parser.parse_args(argv)

    corpus = sorted(args.corpus.glob("*.yml"))
    real = args.file or args.corpus / REAL_FILE
    with tempfile.TemporaryDirectory(prefix="pcc-bench-") as tmp:
        env = None
        if not args.as_is:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        copies = {}
        for label, source in (("minimal example", MINIMAL), (f"real: {real.name}", real)):
            directory = Path(tmp) / label.split(":")[0].replace(" ", "-")
            directory.mkdir()
            copies[label] = Path(shutil.copy(source, directory / "publiccode.yml"))
        single = single_file_cases(copies)
        print(f"single file: {args.runs} runs of {len(single)} commands...", file=sys.stderr)
        measure(single, args.runs, env)
        many = corpus_cases(corpus)
        print(f"corpus: {args.corpus_runs} runs of {len(many)} commands...", file=sys.stderr)
        measure(many, args.corpus_runs, env)

    cases = single + many
    text, verdicts = table(cases)
    print(f"Medians of {args.runs} (single file) and {args.corpus_runs} (corpus) interleaved runs; "
          f"Python {sys.version.split()[0]}; {commit()}; "
          f"bytecode {'as the environment says' if args.as_is else 'cached'}.\n")
    print(text)
    print(f"\nTarget: publiccode-check takes at most 1/3 of check-jsonschema's time "
          f"(ratio <= {TARGET_RATIO:.2f}; for the corpus, at least 3 times faster).")
    for v in verdicts:
        print(f"- {v['case']}: ratio {v['ratio']:.3f} -> {'MET' if v['met'] else 'NOT MET'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        raw = {"python": sys.version, "commit": commit(), "as_is": args.as_is,
               "runs": args.runs, "corpus_runs": args.corpus_runs,
               "cases": [{"tool": c.tool, "case": c.case, "median": c.median, "seconds": c.seconds}
                         for c in cases],
               "verdicts": verdicts}
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
