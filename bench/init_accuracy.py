"""How well `publiccode-check init` reads real repositories, run by hand (not a test).

    python bench/init_accuracy.py [--work DIR] [--json FILE] [--detail]

Materialises the 30 repository skeletons of ../shared/repos as git repositories (see
tests/skeletons.py), runs `publiccode-check init` in each as a new user does (no flag, no
terminal, a git identity configured), and scores every field of each written file against
the maintainers' own publiccode.yml (corrected where it contradicts the repository:
tests/fixtures/skeleton-corrections.json). Prints, per field, how many files got it right
or acceptable, and how many written files pass `--profile standard`: the table of the
README's "How well init reads real repositories". tests/test_init_accuracy.py holds the floors.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from skeletons import ACCEPTABLE, FIELDS, RIGHT, Score, init_scores


def table(scores: list[Score]) -> str:
    """Markdown: per field, right + acceptable out of scored; then the totals."""
    lines = ["| field | right | acceptable | wrong | right or acceptable |", "|---|---:|---:|---:|---:|"]
    totals: Counter[str] = Counter()
    for name in FIELDS:
        counts = Counter(v for s in scores if (v := s.verdict(name)))
        totals.update(counts)
        scored = sum(counts.values())
        good = counts[RIGHT] + counts[ACCEPTABLE]
        lines.append(f"| {name} | {counts[RIGHT]} | {counts[ACCEPTABLE]} | {scored - good} | "
                     f"{good}/{scored} ({good / max(1, scored):.0%}) |")
    scored = sum(totals.values())
    good = totals[RIGHT] + totals[ACCEPTABLE]
    lines.append(f"| **all fields** | {totals[RIGHT]} | {totals[ACCEPTABLE]} | {scored - good} | "
                 f"**{good}/{scored} ({good / max(1, scored):.1%})** |")  # 84.7 % is not 85 %
    valid = sum(s.valid for s in scores)
    lines.append(f"\nFiles passing `--profile standard`: **{valid}/{len(scores)}**.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="where to materialise (kept; default: a temporary "
                        "directory)")
    parser.add_argument("--json", type=Path, help="also write every judgement to this file")
    parser.add_argument("--detail", action="store_true", help="print every judgement that is not right")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        scores = init_scores(work)
        print(table(scores))
        print(f"\n({len(scores)} repositories in {time.monotonic() - started:.1f} s)")
        if args.detail:
            for s in scores:
                print(f"\n{s.folder}: {'valid' if s.valid else 'NOT valid'}")
                for j in s.judgements:
                    if j.verdict != RIGHT:
                        print(f"  {j.field}: {j.verdict} ({j.why}); ours {j.ours!r:.150}; "
                              f"expected {j.expected!r:.150}")
        if args.json:
            args.json.write_text(json.dumps([asdict(s) for s in scores], indent=1, ensure_ascii=False,
                                            default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
