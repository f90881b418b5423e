"""Catalogue vetting speed: the whole corpus, offline from a directory and served over HTTP.

1. `publiccode-check vet --no-network DIR` over ../shared/corpus/real, against what
   catalogues do today: the validator run once per file (here our own CLI, one process
   per file, `--profile standard`). Target: the vet run at least 10 times faster.
2. The same corpus served by a local server as GitHub-style repositories, every answer
   delayed by 20 ms (`--forge` says the server is a GitHub), fetched and checked by
   `vet` from a list of repository addresses, network checks of the files' own links off
   (they point to the real internet; only 127.0.0.1 is contacted).

Files per second for each; medians of a few rounds. Results go to bench/results/vet.json.

    python bench/vet_bench.py [--rounds N] [--latency SECONDS]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from localserver import LocalServer, Reply  # noqa: E402

CORPUS = HERE.parents[1] / "shared" / "corpus" / "real"
RESULTS = HERE / "results" / "vet.json"
CLI = [sys.executable, "-m", "publiccode_check"]


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    return time.perf_counter() - start


def per_file(files: list[Path]) -> float:
    """What catalogues do today: one validator process per file."""
    start = time.perf_counter()
    for file in files:
        subprocess.run([*CLI, "--profile", "standard", "-q", str(file)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def served(files: list[Path], latency: float, env: dict[str, str]) -> tuple[float, int]:
    """The corpus as GitHub-style repositories on a local server; the time of one vet run."""
    routes = {f"/corpus/{file.stem}/raw/HEAD/publiccode.yml": Reply(200, file.read_bytes())
              for file in files}
    with LocalServer(routes, latency=latency) as server, tempfile.TemporaryDirectory() as work:
        listing = Path(work) / "repositories.txt"
        listing.write_text("".join(server.url(f"/corpus/{file.stem}") + "\n" for file in files))
        output = Path(work) / "out.jsonl"
        seconds = timed([*CLI, "vet", "--no-network", "--no-cache", "--allow-private-hosts", "-q",
                         "--forge", f"127.0.0.1:{server.port}=github", str(listing), "-o", str(output)],
                        env=env)
        records = output.read_text().splitlines()
        assert len(records) == len(files), f"{len(records)} records for {len(files)} repositories"
        return seconds, len(server.paths())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.020)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.yml"))
    env = {**os.environ, "NO_COLOR": "1"}
    vet_dir = [*CLI, "vet", "--no-network", "-q", "--name", "*.yml", str(CORPUS), "-o", os.devnull]
    offline = statistics.median(timed(vet_dir, env=env) for _ in range(args.rounds))
    baseline = per_file(files)  # one round: 220 processes already average out
    online = [served(files, args.latency, env) for _ in range(args.rounds)]
    online_seconds = statistics.median(seconds for seconds, _ in online)
    results = {
        "files": len(files),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "offline directory": {"seconds": round(offline, 3),
                              "files per second": round(len(files) / offline, 1)},
        "CLI once per file": {"seconds": round(baseline, 3),
                              "files per second": round(len(files) / baseline, 1)},
        "speed-up (target >= 10)": round(baseline / offline, 1),
        f"served, {args.latency * 1000:g} ms per response": {
            "seconds": round(online_seconds, 3), "files per second": round(len(files) / online_seconds, 1),
            "requests": online[0][1]},
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
