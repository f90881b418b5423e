"""Network checks of a file with 50 URLs against a local server answering each request in 50 ms.

Checked one after the other, 50 requests would take 50 x 50 ms = 2.5 s; the pool of
the network checks must do it in well under that. A second run reads every outcome
from the on-disk cache and must make no request at all. Only 127.0.0.1 is contacted.

    python bench/network_bench.py [--workers N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import VALID
from fixtures.images import SVG, png
from localserver import LocalServer, Reply, loopback_only

from publiccode_check import schema
from publiccode_check.load import load
from publiccode_check.network import Network, NetworkOptions

SCREENSHOTS, VIDEOS = 40, 4
URLS = 6 + SCREENSHOTS + VIDEOS  # and url, landingURL, roadmap, documentation, apiDocumentation, logo
LATENCY = 0.050
GIT = {"Content-Type": "application/x-git-upload-pack-advertisement"}


def publiccode(server: LocalServer) -> bytes:
    """The example with 50 URLs on `server`: repository, 4 pages, a logo, 40 screenshots, 4 videos."""
    raw = "/italia/medusa/raw/main"
    shots = [f"{raw}/shot{i}.png" for i in range(SCREENSHOTS)]
    videos = [f"/w/video{i}" for i in range(VIDEOS)]
    server.routes.update({
        "/italia/medusa.git/info/refs": Reply(200, b"001e# service=git-upload-pack\n", GIT),
        "/": Reply(200), "/roadmap": Reply(200), "/docs": Reply(200), "/api": Reply(200),
        f"{raw}/logo.svg": Reply(200, SVG), **{shot: Reply(200, png()) for shot in shots},
        "/services/oembed": Reply(200, b'{"type": "video", "version": "1.0"}'),
    })
    listed = "".join(f"      - {server.url(shot)}\n" for shot in shots)
    played = "".join(f"      - {server.url(video)}\n" for video in videos)
    text = VALID.replace("https://example.com/italia/medusa.git", server.url("/italia/medusa.git"))
    text = text.replace("    features:", f"    documentation: {server.url('/docs')}\n"
                                        f"    apiDocumentation: {server.url('/api')}\n"
                                        f"    screenshots:\n{listed}    videos:\n{played}    features:")
    text += (f"landingURL: {server.url('/')}\nroadmap: {server.url('/roadmap')}\n"
             f"logo: {server.url(raw + '/logo.svg')}\n")
    return text.encode()


def run(options: NetworkOptions, data: bytes) -> tuple[float, int]:
    loaded = load(data)
    assert loaded.document is not None
    document, _ = schema.check(loaded.document)
    start = time.perf_counter()
    with Network(options) as network:
        problems = network.check(document)
    elapsed = time.perf_counter() - start
    assert problems == [], problems
    return elapsed, len(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=NetworkOptions.workers)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache, loopback_only(), LocalServer(latency=LATENCY) as server:
        data = publiccode(server)
        options = NetworkOptions(workers=args.workers, cache_dir=Path(cache),
                                 allowed_networks=("127.0.0.1/32",))
        first, _ = run(options, data)
        requests = len(server.requests)
        second, _ = run(options, data)
        again = len(server.requests) - requests
    sequential = URLS * LATENCY
    print(f"{URLS} URLs, {LATENCY * 1000:.0f} ms per response, {args.workers} workers")
    print(f"first run:  {first:6.3f} s, {requests} requests (one after the other: {sequential:.2f} s; "
          f"{sequential / first:.1f} times faster)")
    print(f"second run: {second:6.3f} s, {again} requests (all from the cache)")
    ok = requests == URLS and first < sequential / 3 and again == 0
    print("targets met" if ok else "TARGETS NOT MET: well under 50 x 50 ms, and no request from the cache")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
