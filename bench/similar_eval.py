"""How well `similar` finds what a person about to start should see: recall@5 and the rank of the
first relevant result for each draft of bench/similar_evaluation.yml, over the real-world corpus,
against a plain word-overlap baseline, and without the table of concepts.

    .venv/bin/python bench/similar_eval.py          # a Markdown table, as in the README

tests/test_similar.py runs `evaluate` too and keeps recall above a floor.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from publiccode_check.similar.analysis import Analyser, fold, texts_of
from publiccode_check.similar.catalogue import from_records
from publiccode_check.similar.index import repository_key
from publiccode_check.similar.search import Draft, search
from publiccode_check.software import summary
from publiccode_check.validate import validate_text

HERE = Path(__file__).resolve().parent
EVALUATION = HERE / "similar_evaluation.yml"
CORPUS = HERE.parent.parent / "shared" / "corpus" / "real"
TOP = 5
Ranking = Callable[[dict[str, Any]], list[str]]  # a draft's summary -> corpus file stems, best first


@dataclass
class Outcome:
    draft: str
    across: bool
    recall: float  # of the relevant repositories, the share in the first TOP (at most TOP)
    first: int | None  # rank of the first relevant repository


def corpus_records(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """A vet-like record of every corpus file, its source the file name without .yml."""
    records = []
    for path in sorted(corpus.glob("*.yml")):
        result = validate_text(path.read_bytes(), path=str(path))
        records.append({"source": path.stem, "status": "valid" if result.valid else "invalid",
                        "software": summary(result.data)})
    return records


def repositories(records: list[dict[str, Any]], corpus: Path = CORPUS) -> dict[str, str]:
    """file stem -> repository: the address the file gives (as `similar` tells repositories apart,
    showing each once), else the one MANIFEST.tsv says it came from."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    found = {line.split("\t")[0].removesuffix(".yml"): line.split("\t")[1].lower() for line in lines}
    for record in records:
        url = repository_key((record["software"] or {}).get("url"))
        if url:
            found[record["source"]] = url
    return found


def similar_ranking(records: list[dict[str, Any]], concepts: bool = True) -> Ranking:
    analyser = Analyser(concepts=concepts)
    catalogue = from_records(records, analyser)

    def rank(software: dict[str, Any]) -> list[str]:
        draft = Draft.of(software, analyser)
        return [catalogue.index.entries[m.number].source
                for m in search(catalogue.index, draft, limit=len(catalogue.index))]

    return rank


def overlap_ranking(records: list[dict[str, Any]]) -> Ranking:
    """The baseline: the number of distinct words shared, words as written (case-folded)."""
    def words(software: dict[str, Any]) -> set[str]:
        return {word for text, _ in texts_of(software) for word in re.findall(r"\w+", fold(text))}

    known = [(record["source"], words(record["software"])) for record in records if record["software"]]

    def rank(software: dict[str, Any]) -> list[str]:
        mine = words(software)
        scored = sorted(((len(mine & theirs), -number, source)
                         for number, (source, theirs) in enumerate(known)), reverse=True)
        return [source for shared, _, source in scored if shared]

    return rank


def evaluate(rank: Ranking, repository: dict[str, str], evaluation: Path = EVALUATION) -> list[Outcome]:
    """The outcome of each draft; `repository` tells which repository a corpus file is of."""
    outcomes = []
    for case in YAML(typ="safe").load(evaluation.read_text(encoding="utf-8")):
        relevant = {repository[name] for name in case["relevant"]}
        ranked = list(dict.fromkeys(repository[source] for source in rank(summary(case["draft"]))))
        found = len(relevant & set(ranked[:TOP]))
        first = next((place for place, repo in enumerate(ranked, 1) if repo in relevant), None)
        outcomes.append(Outcome(case["id"], case["across"], found / min(TOP, len(relevant)), first))
    return outcomes


def mean_recall(outcomes: list[Outcome]) -> float:
    return sum(outcome.recall for outcome in outcomes) / len(outcomes)


def main() -> int:
    started = time.perf_counter()
    records = corpus_records()
    methods = {"similar": similar_ranking(records), "without concepts": similar_ranking(records, False),
               "word overlap": overlap_ranking(records)}
    repository = repositories(records)
    results = {name: evaluate(rank, repository) for name, rank in methods.items()}
    names = list(methods)
    print(f"| draft | across languages | recall@{TOP}: " + " / ".join(names) + " | first relevant: "
          + " / ".join(names) + " |")
    print("|---|---|---|---|")
    for row in zip(*results.values(), strict=True):
        recalls = " / ".join(f"{outcome.recall:.2f}" for outcome in row)
        firsts = " / ".join(str(outcome.first or "-") for outcome in row)
        print(f"| {row[0].draft} | {'yes' if row[0].across else 'no'} | {recalls} | {firsts} |")
    for name, outcomes in results.items():
        across = [outcome for outcome in outcomes if outcome.across]
        firsts = [outcome.first for outcome in outcomes]
        at_one = sum(1 for first in firsts if first == 1)
        print(f"\n{name}: mean recall@{TOP} {mean_recall(outcomes):.2f} (across languages "
              f"{mean_recall(across):.2f}, {len(across)} drafts); first result relevant for {at_one} of "
              f"{len(outcomes)}; median rank of the first relevant "
              f"{sorted(f or 999 for f in firsts)[len(firsts) // 2]}")
    print(f"\n{len(records)} corpus files, {len(results['similar'])} drafts, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
