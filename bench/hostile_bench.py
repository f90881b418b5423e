"""Cost per input size of the worst shapes a hostile publiccode.yml can take.

For each shape, files of growing size are generated and validated in this process
(`validate_text`, no deadline); the table gives the size, the best time of a few rounds,
the time per megabyte and what the file got (the limit that stopped it, or the cap on
problems). A cost that is linear in the size has a flat "ms per MB" column; the issue
this answers (11) had shapes that grew tenfold a level or quadratically.

Shapes: nesting (flow and block, up to the 64 levels allowed, repeated), aliases (an
alias bomb, level by level), merges (a merge-key bomb, level by level), many unknown
keys, long text (plain, and flag letters, whose grapheme count was quadratic), many
description languages, many problems under one long key.

    python bench/hostile_bench.py [--rounds N] [--quick]

Results go to bench/results/hostile.json; docs/hostile.md has the table of a run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from publiccode_check import validate_text  # noqa: E402

VALID = (HERE.parent / "tests" / "conftest.py").read_text().split('VALID = """\\\n', 1)[1].split('"""', 1)[0]


def nesting(n: int) -> str:
    """`n` keys, each holding lists and mappings nested 60 levels deep (flow and block)."""
    flow = "[" * 30 + "{a: " * 30 + "x" + "}" * 30 + "]" * 30
    block = "".join(f"\n{'  ' * (level + 1)}k{level}:" for level in range(60)) + " x"
    return "".join(f"f{i}: {flow}\nb{i}:{block}\n" for i in range(n))


def aliases(levels: int) -> str:
    """The classic alias bomb: each level a list of nine aliases to the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def merges(levels: int) -> str:
    """The merge-key bomb: each level a mapping merging the one before ten times."""
    lines = ["m0: &m0 {x: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + "]}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def many_keys(n: int) -> str:
    return "".join(f"k{i}: 1\n" for i in range(n))


def long_text(n: int) -> str:
    return VALID.replace("A rather short description which is probably useless", "x" * n)


def flags(n: int) -> str:
    return VALID.replace("A rather short description which is probably useless", "\U0001F1EE" * n)


def languages(n: int) -> str:
    return "description:\n" + "".join(f"  l{i}:\n    shortDescription: x\n" for i in range(n))


def long_key(n: int) -> str:
    """A description language of about `n` characters (a valid tag: private-use subtags) with
    2,000 unknown keys: every problem names it (reports cut keys at 200 characters)."""
    tag = "en-x-" + "-".join(["abcdefgh"] * (n // 9))
    return f"description:\n  ? {tag}\n  :\n" + "".join(f"    u{i}: 1\n" for i in range(2000))


# name -> (generator, sizes); sizes double (or add a level) so that the growth shows
SHAPES: dict[str, tuple[Callable[[int], str], tuple[int, ...]]] = {
    "nesting (keys 60 deep)": (nesting, (250, 500, 1000, 2000)),
    "aliases (levels)": (aliases, (4, 5, 6, 7, 8)),
    "merges (levels)": (merges, (3, 4, 5, 6, 7, 9)),
    "many unknown keys": (many_keys, (30_000, 60_000, 120_000, 240_000)),
    "long text (characters)": (long_text, (1_000_000, 2_000_000, 4_000_000, 8_000_000)),
    "flag letters (characters)": (flags, (40_000, 80_000, 160_000, 320_000)),
    "description languages": (languages, (7_500, 15_000, 30_000, 60_000)),
    "long key over 2,000 problems": (long_key, (10_000, 100_000, 1_000_000)),
}


def outcome(result: object) -> str:
    problems = result.problems  # type: ignore[attr-defined]
    for rule in ("yaml-limits", "too-many-problems"):
        if any(p.rule == rule for p in problems):
            return f"{rule} ({len(problems)} problems)"
    return f"{len(problems)} problems"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="the two smallest sizes of each shape")
    args = parser.parse_args()
    rows = []
    print(f"{'shape':<30} {'size':>9} {'bytes':>11} {'best s':>8} {'ms per MB':>10}  outcome")
    for name, (make, sizes) in SHAPES.items():
        for size in sizes[:2] if args.quick else sizes:
            data = make(size).encode("utf-8")
            best, result = float("inf"), None
            for _ in range(args.rounds):
                started = time.perf_counter()
                result = validate_text(data, cpu_limit=None)
                best = min(best, time.perf_counter() - started)
            per_mb = best * 1000 / (len(data) / 2**20)
            rows.append({"shape": name, "size": size, "bytes": len(data), "seconds": round(best, 4),
                         "msPerMB": round(per_mb, 1), "outcome": outcome(result)})
            print(f"{name:<30} {size:>9,} {len(data):>11,} {best:>8.3f} {per_mb:>10.1f}  {outcome(result)}")
    out = HERE / "results" / "hostile.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
