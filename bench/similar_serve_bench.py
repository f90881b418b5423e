"""What similar initiatives cost where people meet them: `serve --catalogue` and `vet --html`.

1. `publiccode-check serve --catalogue` over a large catalogue (`--records`, by default 50,000
   vet records made by repeating the real-world corpus with changed names and addresses, as
   bench/similar_bench.py makes them): the time from start to listening, first with the index
   to build, then with it in the cache; the memory of the server's processes (PSS, as
   bench/serve_bench.py measures it) against a server without a catalogue; and, for each draft
   of the evaluation, the time of a validation with `?similar=5` against one without.
2. The "possible overlaps" of a `vet --html` page: `vet.html.render` over `--overlaps` records
   (5,000 by default, made the same way), with and without the overlaps.

    .venv/bin/python bench/similar_serve_bench.py [--records 50000] [--overlaps 5000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import urllib3
from ruamel.yaml import YAML
from serve_bench import Service
from similar_bench import synthesise
from similar_eval import EVALUATION

from publiccode_check.vet import html
from publiccode_check.vet.records import summarise

TIMES = 5  # requests per draft, with and without `similar`


def started(workers: int, options: list[str], env: dict[str, str]) -> tuple[Service, float]:
    """A server, and the seconds from its start to listening with its workers up."""
    begun = time.perf_counter()
    service = Service(workers, *options, env=env)
    return service, time.perf_counter() - begun


def latencies(url: str, drafts: list[bytes], query: str) -> list[float]:
    """Milliseconds of each request, every draft sent TIMES times."""
    pool = urllib3.connection_from_url(url, maxsize=1)
    times = []
    for draft in drafts:
        for _ in range(TIMES):
            begun = time.perf_counter()
            response = pool.request("POST", "/v1/validate" + query, body=draft, retries=False,
                                    headers={"Content-Type": "application/x-yaml"})
            times.append(1000 * (time.perf_counter() - begun))
            assert response.status == 200, response.data[:300]
            if query:
                assert len(json.loads(response.data)["similar"]) == 5
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms"


def serve(records: int, workers: int, directory: Path) -> None:
    jsonl = directory / "catalogue.jsonl"
    synthesise(jsonl, records)
    env = {**os.environ, "XDG_CACHE_HOME": str(directory / "xdg")}
    drafts = [json.dumps(case["draft"]).encode()
              for case in YAML(typ="safe").load(EVALUATION.read_text(encoding="utf-8"))]
    plain, plain_start = started(workers, [], env)
    try:
        plain_memory = plain.memory()["tree PSS (MiB)"]
    finally:
        plain.stop()
    print(f"without a catalogue: listening in {plain_start:.1f} s, {plain_memory} MiB (PSS of its processes)")
    for state in ("index to build", "index in the cache"):
        service, seconds = started(workers, ["--catalogue", str(jsonl)], env)
        try:
            print(f"--catalogue of {records:,} records ({jsonl.stat().st_size / 2**20:.0f} MiB), {state}: "
                  f"listening in {seconds:.1f} s; {service.said[-1].strip()}")
            if state == "index to build":
                continue
            print(f"  memory: {service.memory()['tree PSS (MiB)']} MiB (PSS of its processes)")
            latencies(service.url, drafts[:2], "?similar=5")  # warm-up
            without = latencies(service.url, drafts, "")
            with_similar = latencies(service.url, drafts, "?similar=5")
            print(f"  {len(drafts)} drafts, {TIMES} times each: without ?similar {summary(without)}; "
                  f"with ?similar=5 {summary(with_similar)}")
        finally:
            service.stop()


def overlaps(count: int, directory: Path) -> None:
    jsonl = directory / "overlaps.jsonl"
    synthesise(jsonl, count)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    results = summarise(records)
    begun = time.perf_counter()
    page = html.render(records, results)
    whole = time.perf_counter() - begun
    groups = page.count('<li class="overlap">')
    computed = html._overlaps
    html._overlaps = lambda records: {"compared": 0, "groups": [], "later": [], "more": 0}
    try:
        begun = time.perf_counter()
        html.render(records, results)
        without = time.perf_counter() - begun
    finally:
        html._overlaps = computed
    print(f"vet --html over {count:,} records: the page in {whole:.1f} s with the possible overlaps "
          f"({groups} groups listed), {without:.2f} s without them")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000, help="of the service's catalogue")
    parser.add_argument("--overlaps", type=int, default=5_000, help="of the vet report")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        overlaps(args.overlaps, Path(work))
        serve(args.records, args.workers, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
