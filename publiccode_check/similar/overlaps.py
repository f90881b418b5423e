"""Possible overlaps in a catalogue: groups of repositories of different organisations that look
like the same thing (the same software published twice, or the same need met twice), from the
records alone, for the vet report.

Each record is compared with the others through its own most telling terms (at most
OVERLAP_TERMS, among those that at most MAX_SHARED records have: a word every other record
uses says nothing about two being one), so the cost is bounded by N * OVERLAP_TERMS *
MAX_SHARED whatever the catalogue holds. Two records are linked when their BM25 score,
divided by the geometric mean of each one's score against itself, reaches THRESHOLD, they
are of different organisations, and neither is the other's repository or fork. Linked
records form groups (connected components).

    [{"similarity": 0.71, "why": "same categories: ...; words: ...", "size": 2,
      "repositories": [{"source": "...", "name": "...", "organisation": "...", "url": "...",
                        "developmentStatus": "..."}, ...]}, ...]   # the closest group first

`size` is the number of repositories in the group, of which the first GROUP_LIMIT are listed.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import Any

from .analysis import Analyser
from .catalogue import Record, indexed, organisation_key
from .index import Index
from .present import name_of
from .search import Draft, explain, words

THRESHOLD = 0.5
OVERLAP_TERMS = 25
MAX_SHARED = 100
GROUP_LIMIT = 20  # repositories listed in one group


def overlaps(records: Sequence[Record], *, threshold: float = THRESHOLD,
             analyser: Analyser | None = None) -> list[dict[str, Any]]:
    """The groups of look-alike repositories of different organisations, closest first."""
    analyser = analyser or Analyser()
    kept, analysed, index = indexed(records, analyser)
    queries = [_query(index, record.terms) for record in analysed]
    own = [sum(weight * index.impact(term, number) for term, weight in query.items())
           for number, query in enumerate(queries)]
    links: dict[tuple[int, int], float] = {}
    for number, query in enumerate(queries):
        if own[number] <= 0:
            continue
        for other, score in index.scores(query).items():
            if other == number or own[other] <= 0 or not _may_overlap(index, number, other):
                continue
            similarity = score / math.sqrt(own[number] * own[other])
            pair = (min(number, other), max(number, other))
            if similarity >= threshold and similarity > links.get(pair, 0.0):
                links[pair] = similarity
    found = []
    for members, strongest in _groups(links):
        found.append({"similarity": round(min(1.0, links[strongest]), 3),
                      "why": _why(index, analyser, kept, strongest), "size": len(members),
                      "repositories": [_member(kept[number]) for number in sorted(members)[:GROUP_LIMIT]]})
    return sorted(found, key=lambda group: (-group["similarity"], group["repositories"][0]["source"]))


def _query(index: Index, terms: dict[str, float]) -> dict[str, float]:
    telling = {term: weight for term, weight in terms.items() if 0 < index.frequency(term) <= MAX_SHARED}
    kept = heapq.nlargest(OVERLAP_TERMS, telling, key=lambda term: telling[term] * index.idf(term))
    return {term: telling[term] for term in kept}


def _may_overlap(index: Index, number: int, other: int) -> bool:
    """Of different organisations, and neither the other's repository nor its fork."""
    mine, theirs = index.entries[number], index.entries[other]
    if not mine.organisation or not theirs.organisation or mine.organisation == theirs.organisation:
        return False
    if mine.url and (mine.url == theirs.url or mine.url in theirs.based_on):
        return False
    return not (theirs.url and theirs.url in mine.based_on)


def _groups(links: dict[tuple[int, int], float]) -> list[tuple[set[int], tuple[int, int]]]:
    """The connected components of the links, each with its strongest link."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second in links:
        parent[root(first)] = root(second)
    members: dict[int, set[int]] = {}
    strongest: dict[int, tuple[int, int]] = {}
    for node in list(parent):
        members.setdefault(root(node), set()).add(node)
    for pair, similarity in links.items():
        group = root(pair[0])
        if group not in strongest or similarity > links[strongest[group]]:
            strongest[group] = pair
    return [(nodes, strongest[group]) for group, nodes in members.items()]


def _why(index: Index, analyser: Analyser, kept: list[Record], pair: tuple[int, int]) -> str:
    """The reasons of the strongest link of a group, as `similar` gives them."""
    first, second = pair
    draft = Draft.of(kept[first]["software"], analyser)
    match = explain(index, second, 0.0, _query(index, draft.analysed.terms))
    words(match, draft, kept[second]["software"], analyser)
    return match.why


def _member(record: Record) -> dict[str, Any]:
    software = record["software"]
    organisation = software.get("organisation") or {}
    return {"source": record.get("source"), "name": name_of(software),
            "organisation": organisation.get("name") or organisation.get("uri") or organisation_key(software),
            "url": software.get("url"), "developmentStatus": software.get("developmentStatus")}
