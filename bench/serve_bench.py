"""The validation service's throughput, latency and memory, against the CLI run once per file.

1. `publiccode-check serve` on loopback (one worker per core, no rate limit, no access log)
   is sent the README's example file (`POST /v1/validate`) by 1, 8 and 32 clients at once,
   each on its own keep-alive connection, for `--seconds` each: requests per second, and the
   median and 99th percentile of the latency.
2. The same work as catalogues do it without a service: one CLI process per file
   (`publiccode-check --profile standard -q FILE`). Target: the service at least 20 times the
   CLI's throughput.
3. The server's memory (its process, the fork server and the workers: the sum of their
   proportional set sizes, PSS, so that memory shared since the fork counts once) after a
   warm-up, after the loads above, then after 10,000 more requests and 10,000 more again:
   it must not grow with the number of requests.

Results go to bench/results/serve.json.

    python bench/serve_bench.py [--seconds S] [--requests N] [--cli-runs N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import urllib3

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
RESULTS = HERE / "results" / "serve.json"
CLI = [sys.executable, "-m", "publiccode_check"]


def readme_example() -> bytes:
    section = README.read_text(encoding="utf-8").split("## What it looks like", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0].encode()


class Service:
    """The server in its own process, on a free loopback port."""

    def __init__(self, workers: int, *options: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [*CLI, "serve", "--port", "0", "--workers", str(workers), "--rate", "0", "--queue", "64",
             "--access-log", "off", *options], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, env=env)
        assert self.process.stderr is not None
        self.said: list[str] = []  # what it says before it listens (with --catalogue, about the catalogue)
        listening = re.compile(r"listening on (http://\S+?)/? ")
        while not (found := listening.search(line := self.process.stderr.readline())):
            if not line:
                raise SystemExit(f"the server did not start: {''.join(self.said)}")
            self.said.append(line)
        self.url = found[1] + "/v1/validate"
        self._wait_for_workers(workers)

    def _wait_for_workers(self, workers: int) -> None:
        deadline = time.monotonic() + 60
        while len(self.tree()) < workers + 2 and time.monotonic() < deadline:  # main, fork server, workers
            time.sleep(0.1)

    def tree(self) -> list[int]:
        """The server's process and all its descendants (fork server, workers, resource tracker)."""
        found, frontier = [self.process.pid], [self.process.pid]
        while frontier:
            pid = frontier.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            found += [int(child) for child in children]
            frontier += [int(child) for child in children]
        return found

    def memory(self) -> dict[str, float]:
        """MiB: the PSS of the whole tree, and the RSS of the process that answers HTTP."""
        pss = 0
        for pid in self.tree():
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            pss += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)[1])
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        rss = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1])
        return {"tree PSS (MiB)": round(pss / 1024, 1), "HTTP process RSS (MiB)": round(rss / 1024, 1)}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def post(pool: urllib3.HTTPConnectionPool, body: bytes) -> urllib3.BaseHTTPResponse:
    return pool.request("POST", "/v1/validate", body=body, headers={"Content-Type": "application/x-yaml"},
                        retries=False)


def load(url: str, body: bytes, clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads sending `body` for `seconds`; every answer must be the same verdict."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    stop = time.monotonic() + seconds
    failures: list[str] = []

    def client(index: int) -> None:
        pool = urllib3.connection_from_url(url, maxsize=1)
        mine = latencies[index]
        while time.monotonic() < stop:
            started = time.perf_counter()
            response = post(pool, body)
            mine.append(time.perf_counter() - started)
            if response.status != 200 or b'"valid":false' not in response.data:
                failures.append(f"{response.status} {response.data[:200]!r}")
                return

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise SystemExit(f"the server failed a request: {failures[0]}")
    every = sorted(latency for mine in latencies for latency in mine)
    return {"requests": len(every), "requests per second": round(len(every) / elapsed, 1),
            "p50 (ms)": round(1000 * every[len(every) // 2], 2),
            "p99 (ms)": round(1000 * every[min(len(every) - 1, int(len(every) * 0.99))], 2)}


def cli_per_file(body: bytes, runs: int) -> dict[str, float]:
    """One process per file, as a catalogue without a service validates."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "publiccode.yml"
        path.write_bytes(body)
        env = {**os.environ, "NO_COLOR": "1"}
        started = time.perf_counter()
        for _ in range(runs):
            subprocess.run([*CLI, "--profile", "standard", "-q", str(path)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env, check=False)
        elapsed = time.perf_counter() - started
    return {"runs": runs, "files per second": round(runs / elapsed, 2),
            "seconds per file": round(elapsed / runs, 3)}


def soak(url: str, body: bytes, requests: int, clients: int = 8) -> int:
    """`requests` more requests, as fast as `clients` connections go."""
    counter = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        pool = urllib3.connection_from_url(url, maxsize=1)
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            response = post(pool, body)
            assert response.status == 200

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="of load for each number of clients")
    parser.add_argument("--requests", type=int, default=10_000, help="of each round of the memory measure")
    parser.add_argument("--cli-runs", type=int, default=30)
    parser.add_argument("--workers", type=int, default=0, help="default: one per core")
    args = parser.parse_args()
    body = readme_example()
    workers = args.workers or len(os.sched_getaffinity(0))
    service = Service(workers)
    try:
        done = load(service.url, body, 4, 2.0)["requests"]  # warm-up: connections, caches
        memory = {f"after {done:,} requests (warm-up)": service.memory()}
        concurrency = {f"{clients} client{'s' if clients > 1 else ''}":
                       load(service.url, body, clients, args.seconds) for clients in (1, 8, 32)}
        done += sum(result["requests"] for result in concurrency.values())
        memory[f"after {done:,} requests (the loads above)"] = service.memory()
        for _ in range(2):  # twice as many again: what grows with the number of requests shows
            done += soak(service.url, body, args.requests)
            memory[f"after {done:,} requests"] = service.memory()
    finally:
        service.stop()
    cli = cli_per_file(body, args.cli_runs)
    for result in concurrency.values():
        result["times the CLI's throughput"] = round(result["requests per second"] / cli["files per second"])
    best = max(result["requests per second"] for result in concurrency.values())
    results = {
        "cores": os.cpu_count(), "workers": workers, "python": sys.version.split()[0],
        "file": "the README's example (27 lines, 6 errors and 4 warnings with --profile standard)",
        "service": concurrency,
        "CLI once per file": cli,
        "throughput ratio, best of the service / CLI (target >= 20)":
            round(best / cli["files per second"], 1),
        "memory": memory,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
