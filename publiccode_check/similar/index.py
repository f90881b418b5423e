"""The BM25F index of a catalogue, and its copy on disk.

BM25 (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009)
over fields of different weights (BM25F: a term's frequency is the weighted sum of its
occurrences, the length the weighted sum of all terms). Each posting stores its impact, the
term's whole contribution for that record, so a query only adds up numbers:

    impact(t, d) = idf(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * len(d) / avglen))
    idf(t)       = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

The formula is written here rather than taken from a library: the maintained ones (bm25s,
rank-bm25) need numpy (and scipy), tens of megabytes for a tool that is also a pre-commit
hook, and the formula is the small part; the postings are packed in `array`s, which hold
50,000 records in tens of megabytes and load from disk without parsing.

The copy on disk is a JSON header (the terms, what each record is) followed by the raw
arrays; nothing in it is executed or unpickled, so a tampered file can at worst give wrong
results or be refused.
"""

from __future__ import annotations

import json
import math
import struct
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .analysis import Analysed

K1, B = 1.2, 0.75
FORMAT = b"publiccode-check similar index 1\n"
_HEADER = struct.Struct("<Q")


class Entry(NamedTuple):
    """What the ranking needs to know of a record without reading it."""

    source: str  # as the catalogue's record says
    status: str  # developmentStatus, "" if not given
    url: str  # the repository, normalised (`repository_key`); "" if not given
    based_on: tuple[str, ...]  # the repositories it is based on, normalised
    organisation: str  # who publishes it, normalised; "" if unknown


class Index:
    def __init__(self, entries: Sequence[Entry], terms: dict[str, int], starts: array, documents: array,
                 impacts: array) -> None:
        self.entries = entries
        self.terms = terms  # term -> its number; its postings are [starts[n], starts[n + 1])
        self.starts = starts
        self.documents = documents  # record numbers, ascending within a term
        self.impacts = impacts

    @classmethod
    def build(cls, entries: Sequence[Entry], analysed: Sequence[Analysed]) -> Index:
        count = len(analysed)
        average = sum(record.length for record in analysed) / count if count else 1.0
        postings: dict[str, tuple[array, array]] = {}
        for number, record in enumerate(analysed):
            norm = K1 * (1 - B + B * record.length / (average or 1.0))
            for term, frequency in record.terms.items():
                documents, impacts = postings.get(term) or postings.setdefault(term, (array("I"), array("f")))
                documents.append(number)
                impacts.append(frequency * (K1 + 1) / (frequency + norm))
        terms: dict[str, int] = {}
        starts, all_documents, all_impacts = array("Q", [0]), array("I"), array("f")
        for term, (documents, impacts) in postings.items():
            idf = math.log(1 + (count - len(documents) + 0.5) / (len(documents) + 0.5))
            terms[term] = len(terms)
            all_documents.extend(documents)
            all_impacts.extend(array("f", (impact * idf for impact in impacts)))
            starts.append(len(all_documents))
        return cls(entries, terms, starts, all_documents, all_impacts)

    def __len__(self) -> int:
        return len(self.entries)

    def frequency(self, term: str) -> int:
        """In how many records `term` is."""
        number = self.terms.get(term)
        return 0 if number is None else self.starts[number + 1] - self.starts[number]

    def idf(self, term: str) -> float:
        frequency = self.frequency(term)
        return math.log(1 + (len(self) - frequency + 0.5) / (frequency + 0.5))

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        """record number -> score, for every record that shares a term with the query."""
        scores: dict[int, float] = {}
        get = scores.get
        for term, weight in query.items():
            number = self.terms.get(term)
            if number is None:
                continue
            start, end = self.starts[number], self.starts[number + 1]
            for document, impact in zip(self.documents[start:end], self.impacts[start:end], strict=True):
                scores[document] = get(document, 0.0) + impact * weight
        return scores

    def impact(self, term: str, document: int) -> float:
        """What `term` gives `document` (0 if it is not there)."""
        number = self.terms.get(term)
        if number is None:
            return 0.0
        start, end = self.starts[number], self.starts[number + 1]
        at = bisect_left(self.documents, document, start, end)
        return self.impacts[at] if at < end and self.documents[at] == document else 0.0

    def save(self, path: Path, stamp: dict[str, Any], extra: Any = None) -> None:
        """Write the index to `path` (through a temporary file, renamed into place)."""
        header = json.dumps({"stamp": stamp, "terms": list(self.terms), "entries": self.entries,
                             "extra": extra, "sizes": [len(self.starts), len(self.documents)]},
                            ensure_ascii=False).encode("utf-8")
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as out:
            out.write(FORMAT + _HEADER.pack(len(header)) + header)
            for packed in (self.starts, self.documents, self.impacts):
                packed.tofile(out)
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path, stamp: dict[str, Any]) -> tuple[Index, Any] | None:
        """The index saved at `path` with this `stamp`, and its extra data; None if there is
        none, it is of another stamp, or it is damaged."""
        try:
            with path.open("rb") as handle:
                if handle.read(len(FORMAT)) != FORMAT:
                    return None
                (length,) = _HEADER.unpack(handle.read(_HEADER.size))
                header = json.loads(handle.read(length))
                if header.get("stamp") != stamp:
                    return None
                starts_size, postings_size = header["sizes"]
                packed = []
                for code, size in (("Q", starts_size), ("I", postings_size), ("f", postings_size)):
                    values = array(code)
                    values.fromfile(handle, size)
                    packed.append(values)
                if handle.read(1):
                    return None
            terms = {term: number for number, term in enumerate(header["terms"])}
            entries = [Entry(source, status, url, tuple(based_on), organisation)
                       for source, status, url, based_on, organisation in header["entries"]]
            index = cls(entries, terms, *packed)
        except (OSError, ValueError, KeyError, TypeError, EOFError, struct.error):
            return None
        texts = (text for entry in entries for text in (*entry[:3], *entry.based_on, entry.organisation))
        if not all(isinstance(text, str) for text in (*terms, *texts)):
            return None
        if len(index.starts) != len(terms) + 1 or (index.starts and index.starts[-1] != len(index.documents)):
            return None
        if max(index.documents, default=-1) >= len(entries):
            return None
        return index, header.get("extra")


def repository_key(url: Any) -> str:
    """A repository address reduced to what names it: `https://GitHub.com/Org/Repo.git/` and
    `http://github.com/org/repo` are one repository."""
    if not isinstance(url, str):
        return ""
    text = url.strip().lower()
    for prefix in ("https://", "http://", "git+ssh://", "ssh://", "git://"):
        text = text.removeprefix(prefix)
    text = text.removeprefix("www.").removeprefix("git@").replace(":", "/", 1 if "@" in url else 0)
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return text.removesuffix(".git").rstrip("/")


def keys(urls: Iterable[Any]) -> tuple[str, ...]:
    return tuple(key for url in urls if (key := repository_key(url)))
