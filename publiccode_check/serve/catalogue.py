"""The catalogue a service compares files with (`serve --catalogue`): the page's "similar
initiatives" and the API's `?similar=N`.

It is read once, at start-up, before the service listens (`make`): a vet JSONL (its index cached as
`similar` caches it), a directory of publiccode.yml files, or anything `vet` accepts. What the
search needs is then written to a directory of the service's own (`similar.catalogue.snapshot`:
one JSON line per initiative with its summary, and the index beside them), so the files given may
change or go while the service runs; a restart reads them again.

The workers' fork server loads the snapshot before it forks any worker (`preload`, run by `warm`,
which finds the snapshot through the environment variable VARIABLE, the one way to tell a fork
server something): every worker, replacements included, starts with it in memory. A search runs in
a worker, in the job that checks the file and under the same CPU deadline; the event loop, and so
`/status`, never wait for it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..similar.catalogue import Catalogue, Found

VARIABLE = "PUBLICCODE_CHECK_SERVE_SNAPSHOT"  # the snapshot's JSONL, for the fork server
MOST = 20  # initiatives one request may ask for
# what the fork server searches with once: a first search in the languages most catalogues hold
_WARM_LANGUAGES = ("it", "en", "de", "fr", "nl", "es", "sv")


@dataclass(frozen=True)
class Snapshot:
    path: Path  # the snapshot's JSONL; its index is beside it
    records: int  # read from the catalogue given
    initiatives: int  # of which with a summary to compare with


class NoCatalogue(Exception):
    """The catalogue cannot be searched: said in words, for the operator starting the service."""


def make(sources: Sequence[str], directory: Path, *, network: Callable[[], Any] | None,
         cache_dir: Path | None) -> Snapshot:
    """The snapshot of the catalogue of `sources`, written to `directory`, at start-up.

    It is made in a process of its own (forked, where the system can): building an index takes
    several times the memory of the index (370 MiB for 50,000 records), which a process keeps once
    it has had it, and the service's main process should stay as small as without a catalogue.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return _make(sources, directory, network, cache_dir)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_send_made, args=(sending, sources, directory, network, cache_dir),
                              name="publiccode-check-catalogue")
    process.start()
    sending.close()
    try:
        made = receiving.recv()
    except EOFError:  # it died (of memory, of a bug: the traceback is on standard error)
        process.join()
        raise NoCatalogue(f"reading it stopped the process that read it (exit code {process.exitcode})") \
            from None
    finally:
        receiving.close()
    process.join()
    if isinstance(made, NoCatalogue):
        raise made
    return made


def _send_made(sending: Connection, *args: Any) -> None:
    try:
        made: Snapshot | NoCatalogue = _make(*args)
    except NoCatalogue as exc:
        made = exc
    sending.send(made)


def _make(sources: Sequence[str], directory: Path, network: Callable[[], Any] | None,
          cache_dir: Path | None) -> Snapshot:
    from ..similar.catalogue import CatalogueError, open_catalogue, snapshot

    try:
        catalogue = open_catalogue(sources, network=network, cache_dir=cache_dir)
        if not len(catalogue.index):
            raise NoCatalogue(f"{' '.join(sources)}: nothing to compare with: none of its "
                              f"{catalogue.records} records has the summary of a file (a publiccode.yml "
                              "that could be read)")
        return Snapshot(snapshot(catalogue, directory), catalogue.records, len(catalogue.index))
    except CatalogueError as exc:
        raise NoCatalogue(str(exc)) from None
    except OSError as exc:
        raise NoCatalogue(f"cannot write the catalogue's copy to {directory}: {exc.strerror or exc}") \
            from None


@cache
def loaded(path: Path) -> Catalogue:
    """The snapshot at `path`, loaded once per process (in the fork server, before any worker)."""
    from ..similar.catalogue import open_catalogue

    return open_catalogue([str(path)], cache_dir=path.parent)


def closest(software: dict[str, Any] | None, path: Path, limit: int) -> list[Found] | None:
    """The `limit` initiatives of the snapshot at `path` closest to the file summarised as `software`
    (`software.summary`), best first; None when the file gives nothing to compare (it is not a
    mapping, or has no name, description, categories or scope yet)."""
    from ..similar.analysis import Analyser
    from ..similar.catalogue import closest as search
    from ..similar.search import Draft

    if software is None:
        return None
    analyser = Analyser()  # one per search: what it learns of words goes with it
    draft = Draft.of(software, analyser)
    if not draft.analysed.terms:
        return None
    return search(loaded(path), draft, analyser, limit=limit)


def preload() -> None:
    """In the fork server: the snapshot named by VARIABLE, if any, and a first search in each of the
    languages most catalogues hold, so that no request pays for loading them."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    try:
        for language in _WARM_LANGUAGES:
            warm = {"name": "warm-up", "description": {language: {"shortDescription": "online"}}}
            closest(warm, Path(path), 1)
    except Exception:  # a fork server that fails here would start no worker: each job tries, and says why
        loaded.cache_clear()
