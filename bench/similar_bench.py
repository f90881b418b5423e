"""Time `similar` over a large catalogue: 50,000 vet records made by repeating the real-world
corpus with changed names and addresses.

    .venv/bin/python bench/similar_bench.py [--records 50000]

Prints the time to write the JSONL, to build the index (first search of the file), to load it
from the cache (every later search), to answer each draft of the evaluation, and a whole
`publiccode-check similar` run from the command line with the cache in place.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML
from similar_eval import EVALUATION, corpus_records

from publiccode_check.similar.analysis import Analyser
from publiccode_check.similar.catalogue import closest, open_catalogue
from publiccode_check.similar.search import Draft
from publiccode_check.software import summary


def synthesise(path: Path, count: int) -> None:
    """`count` records: the corpus again and again, each copy with its own name and address."""
    corpus = [record for record in corpus_records() if record["software"]]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = json.loads(json.dumps(corpus[number % len(corpus)]))
            copy = number // len(corpus)
            software = record["software"]
            software["name"] = f"{software.get('name', 'software')} {copy}"
            if software.get("url"):
                software["url"] = f"{software['url'].removesuffix('.git')}-{copy}"
            record.update(formatVersion=2, source=f"{record['source']}-{copy}")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args()
    drafts = [case["draft"] for case in YAML(typ="safe").load(EVALUATION.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as work:
        directory = Path(work)
        jsonl, cache = directory / "catalogue.jsonl", directory / "cache"
        started = time.perf_counter()
        synthesise(jsonl, args.records)
        print(f"{args.records} records written: {jsonl.stat().st_size / 2**20:.0f} MiB in "
              f"{time.perf_counter() - started:.1f} s")

        analyser = Analyser()
        started = time.perf_counter()
        catalogue = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
        built = time.perf_counter() - started
        index_file = next(cache.glob("*.index"))
        size = index_file.stat().st_size / 2**20
        print(f"index built in {built:.1f} s ({len(catalogue.index.terms)} terms, "
              f"{len(catalogue.index.documents)} postings; cache file {size:.0f} MiB); "
              f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

        started = time.perf_counter()
        catalogue = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
        assert catalogue.cached
        print(f"index loaded from the cache in {time.perf_counter() - started:.2f} s")

        times = []
        for software in drafts:
            started = time.perf_counter()
            found = closest(catalogue, Draft.of(summary(software), analyser), analyser, limit=5)
            times.append(time.perf_counter() - started)
            assert len(found) == 5
        print(f"query (5 results with their reasons), {len(drafts)} drafts: "
              f"median {statistics.median(times):.3f} s, slowest {max(times):.3f} s")

        draft = directory / "publiccode.yml"
        draft.write_text(json.dumps(drafts[0]), encoding="utf-8")  # JSON is YAML
        command = [sys.executable, "-m", "publiccode_check", "similar", str(draft), "--catalogue", str(jsonl)]
        environment = {"XDG_CACHE_HOME": str(directory / "xdg"), "PATH": "/usr/bin:/bin"}
        subprocess.run(command, env=environment, capture_output=True, check=True)  # builds its cache
        started = time.perf_counter()
        subprocess.run(command, env=environment, capture_output=True, check=True)
        print(f"`publiccode-check similar` from the command line, cache in place: "
              f"{time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
