"""A catalogue to search: the records of a `vet` JSONL file, or of a `vet` run over anything
`vet` accepts (a directory of publiccode.yml files, a list of addresses, an address).

A JSONL's index is kept in the user's cache directory, under the file's path, size and time
of change, so the next search of the same file starts at once; nothing is written beside
the catalogue. Records are read back from the JSONL only for the results shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..software import well_formed
from ..vet.records import MAX_LINE, json_lines, json_value
from ..vocab import load_vocab
from .analysis import WEIGHTS, Analysed, Analyser, fold, texts_of
from .index import Entry, Index, keys, repository_key
from .search import Draft, Match, search, words

Record = dict[str, Any]


class CatalogueError(Exception):
    """A catalogue that cannot be searched: a usage error, said in words."""


@dataclass
class Catalogue:
    index: Index
    name: str  # the sources, as the user gave them
    records: int  # read, with or without a software summary
    record: Callable[[int], Record]  # the whole record of an index entry
    cached: bool = False  # the index came from the cache


def open_catalogue(sources: Sequence[str], *, network: Callable[[], Any] | None = None,
                   cache_dir: Path | None = None, analyser: Analyser | None = None) -> Catalogue:
    """The catalogue of `sources`: a vet JSONL file, or what `vet` makes of them. `network` gives
    the network options when addresses must be fetched; `cache_dir` (None: no cache) keeps the
    index of a JSONL file."""
    analyser = analyser or Analyser()
    if len(sources) == 1 and is_jsonl(Path(sources[0])):
        return _from_jsonl(Path(sources[0]), cache_dir, analyser)
    records = _vetted(sources, network)
    return from_records(records, analyser, name=" ".join(sources))


def from_records(records: Sequence[Record], analyser: Analyser, name: str = "") -> Catalogue:
    """The catalogue of records in memory."""
    kept, _, index = indexed(records, analyser)
    return Catalogue(index, name, len(records), kept.__getitem__)


def indexed(records: Sequence[Record], analyser: Analyser) -> tuple[list[Record], list[Analysed], Index]:
    """The records with a software summary, what the analysis made of each, and their index (an
    index entry's number is the record's place in the list)."""
    kept = [record for record in records if well_formed(record.get("software"))]
    analysed = [analyser.analyse(record["software"]) for record in kept]
    return kept, analysed, Index.build([entry_of(record) for record in kept], analysed)


def is_jsonl(path: Path) -> bool:
    """A file whose first line is a vet record."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            first = next((line for _, line in json_lines(handle) if line is not None and line.strip()), None)
    except OSError:
        return False
    return first is not None and _record(first) is not None


def entry_of(record: Record) -> Entry:
    software = record["software"]
    status = software.get("developmentStatus")
    return Entry(str(record.get("source", "")), status if isinstance(status, str) else "",
                 repository_key(software.get("url")), keys(software.get("isBasedOn") or ()),
                 organisation_key(software))


def organisation_key(software: dict[str, Any]) -> str:
    """Who publishes a piece of software, as one comparable text: the organisation's URI or
    name, else the owner in its repository's address (`github.com/comune-di-bari`)."""
    organisation = software.get("organisation") or {}
    if organisation.get("uri") or organisation.get("name"):
        return fold(organisation.get("uri") or organisation["name"]).strip()
    url = repository_key(software.get("url"))
    return url.rsplit("/", 1)[0] if url.count("/") >= 2 else url


def _vetted(sources: Sequence[str], network: Callable[[], Any] | None) -> list[Record]:
    """The records `vet` makes of `sources`, checked offline (only the summaries are wanted)."""
    from ..vet.run import VetOptions, vet
    from ..vet.sources import SourceError, targets

    try:
        found = targets(sources)
    except SourceError as exc:
        raise CatalogueError(str(exc)) from None
    if not found:
        raise CatalogueError(f"{' '.join(sources)}: no publiccode.yml there, and no repository address")
    remote = any(target.remote for target in found)
    if remote and network is None:
        raise CatalogueError("the catalogue names repositories by address, and the network is off")
    records: list[Record] = []
    vet(found, VetOptions(check_links=False, network=network() if remote else None), records.append)
    return records


def snapshot(catalogue: Catalogue, directory: Path) -> Path:
    """Write `catalogue` to `directory` as a JSONL of its indexed records (`source`, `status` and
    `software` only) with its index beside it, as `open_catalogue` caches one: opened with
    `cache_dir=directory`, the copy loads at once, and no longer depends on the sources it came from
    (which may change or go). Returns the JSONL's path."""
    path = directory / "catalogue.jsonl"
    offsets = []
    with path.open("wb") as out:
        for number in range(len(catalogue.index)):
            record = catalogue.record(number)
            offsets.append(out.tell())
            line = {"formatVersion": record.get("formatVersion"), "source": record["source"],
                    "status": record["status"], "software": record["software"]}
            out.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    stamp = _stamp(path)
    extra = {"offsets": offsets, "records": catalogue.records}
    catalogue.index.save(_cache_file(directory, stamp), stamp, extra)
    return path


def _stamp(path: Path) -> dict[str, Any]:
    """What a cached index was built from: the file as it was, and the analysis."""
    status = path.stat()
    return {"file": str(path.resolve()), "size": status.st_size, "changed": status.st_mtime_ns,
            "analysis": _analysis_version()}


def _cache_file(cache_dir: Path, stamp: dict[str, Any]) -> Path:
    return cache_dir / (hashlib.sha256(stamp["file"].encode()).hexdigest() + ".index")


def _from_jsonl(path: Path, cache_dir: Path | None, analyser: Analyser) -> Catalogue:
    try:
        stamp = _stamp(path)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    cache = _cache_file(cache_dir, stamp) if cache_dir else None
    cached = _cached(cache, stamp) if cache is not None else None
    if cached is not None:
        index, offsets, count = cached
        return Catalogue(index, str(path), count, _reader(path, offsets), cached=True)
    entries, analysed, offsets, count, older = [], [], [], 0, 0
    try:
        with path.open("rb") as handle:
            for offset, line in json_lines(handle):
                record = _record(line) if line is not None else None
                if record is None:
                    continue
                count += 1
                if record.get("formatVersion") == 1:
                    older += 1
                if well_formed(record.get("software")):
                    entries.append(entry_of(record))
                    analysed.append(analyser.analyse(record["software"]))
                    offsets.append(offset)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if older and older == count:
        raise CatalogueError(f"{path}: its records come from an older `vet` (formatVersion 1), without "
                             "the summary of each file that `similar` searches; run `publiccode-check "
                             "vet` again to make a new one")
    index = Index.build(entries, analysed)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            index.save(cache, stamp, {"offsets": offsets, "records": count})
        except OSError:  # a cache that cannot be written is simply not used
            pass
    return Catalogue(index, str(path), count, _reader(path, offsets))


def _cached(cache: Path, stamp: dict[str, Any]) -> tuple[Index, list[int], int] | None:
    """The cached index, the offset of each of its records' lines and the number of records."""
    loaded = Index.load(cache, stamp)
    if loaded is None or not isinstance(loaded[1], dict):
        return None
    index, extra = loaded
    offsets, count = extra.get("offsets"), extra.get("records")
    if not isinstance(offsets, list) or len(offsets) != len(index) or not isinstance(count, int) \
            or not all(isinstance(offset, int) for offset in offsets):
        return None
    return index, offsets, count


def _analysis_version() -> str:
    """Changes whenever the analysis may: a new version of the tool, other weights or concepts."""
    table = json.dumps([WEIGHTS, load_vocab("similar-terms")], sort_keys=True).encode()
    return f"{__version__}-{hashlib.sha256(table).hexdigest()[:16]}"


def _record(line: bytes) -> Record | None:
    """The record of a catalogue's line: a vet record, or a line of a snapshot (`source`, `status`
    and `software` only)."""
    record = json_value(line)
    if isinstance(record, dict) and isinstance(record.get("source"), str) and "status" in record:
        return record
    return None


def _reader(path: Path, offsets: Sequence[int]) -> Callable[[int], Record]:
    """The record of an index entry, read from its line in the JSONL file."""
    def read(number: int) -> Record:
        with path.open("rb") as handle:
            handle.seek(offsets[number])
            record = _record(handle.readline(MAX_LINE))
        if record is None or not well_formed(record.get("software")):
            raise CatalogueError(f"{path} changed while it was searched; search again")
        return record

    return read


@dataclass
class Found:
    match: Match
    record: Record


def closest(catalogue: Catalogue, draft: Draft, analyser: Analyser, *, limit: int = 5,
            statuses: Collection[str] | None = None) -> list[Found]:
    """The records of the catalogue closest to the draft, best first, each with its reasons."""
    matches = search(catalogue.index, draft, limit=limit, statuses=statuses)
    mine = analyser.surface(texts_of(draft.software))
    found = []
    for match in matches:
        record = catalogue.record(match.number)
        words(match, draft, record["software"], analyser, mine)
        found.append(Found(match, record))
    return found
