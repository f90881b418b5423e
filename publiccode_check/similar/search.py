"""Ranking a catalogue against a draft, and saying in one line why each result came up.

The query is the draft analysed as the records are, each term weighing by its saturated
field-weighted frequency (a word repeated in a long description counts, but not ten times),
at most QUERY_TERMS terms (those that weigh most once their rarity is counted). The same
repository as the draft (same address, or the same file) and its forks either way
(`isBasedOn`) are left out; records of one repository found twice in a catalogue (copies,
mirrors) come once, at the best place.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from .analysis import CATEGORY, CONCEPT, SCOPE, Analysed, Analyser, texts_of
from .index import Index, keys, repository_key

QUERY_TERMS = 150
SATURATION = 3.0  # a query term's weight w counts as w * (1 + S) / (w + S)
WHY_WORDS = 6  # words shown in a "why"


@dataclass
class Match:
    number: int  # of the record in the index
    score: float
    categories: list[str] = field(default_factory=list)  # shared, the strongest first
    scope: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # as the draft writes them
    # the same idea in other words (often another language): (the draft's word, the record's word)
    other_words: list[tuple[str, str]] = field(default_factory=list)

    @property
    def why(self) -> str:
        """The reasons in one line: shared categories and scope, words, the same ideas in other words."""
        parts = []
        if self.categories:
            parts.append("same categories: " + ", ".join(self.categories))
        if self.scope:
            parts.append("same scope: " + ", ".join(self.scope))
        if self.words:
            parts.append("words: " + ", ".join(self.words))
        if self.other_words:
            pairs = (f"{mine} ≈ {their}" for mine, their in self.other_words)
            parts.append("in other words: " + ", ".join(pairs))
        return "; ".join(parts) or "little in common"


@dataclass
class Draft:
    """What is searched with: the draft's summary, analysed, and what excludes a record."""

    software: dict[str, Any]
    analysed: Analysed
    repositories: frozenset[str]  # its own address and those it is based on
    sources: frozenset[str] = frozenset()  # catalogue sources that are this very file

    @classmethod
    def of(cls, software: dict[str, Any], analyser: Analyser, sources: Collection[str] = ()) -> Draft:
        own = repository_key(software.get("url"))
        repositories = frozenset(keys(software.get("isBasedOn") or ())) | ({own} if own else set())
        return cls(software, analyser.analyse(software), repositories, frozenset(sources))


def query(analysed: Analysed, index: Index, limit: int = QUERY_TERMS) -> dict[str, float]:
    """The query terms of an analysed draft and their weights."""
    weights = {term: weight * (1 + SATURATION) / (weight + SATURATION)
               for term, weight in analysed.terms.items() if index.frequency(term)}
    if len(weights) > limit:
        kept = heapq.nlargest(limit, weights, key=lambda term: weights[term] * index.idf(term))
        weights = {term: weights[term] for term in kept}
    return weights


def search(index: Index, draft: Draft, *, limit: int = 5, statuses: Collection[str] | None = None,
           excluded: Callable[[int], bool] | None = None) -> list[Match]:
    """The `limit` records closest to the draft, best first, with the terms that matched."""
    terms = query(draft.analysed, index)
    scores = index.scores(terms)
    matches: list[Match] = []
    seen: set[str] = set()
    for number in sorted(scores, key=lambda n: (-scores[n], n)):
        entry = index.entries[number]
        if (statuses is not None and entry.status not in statuses) or entry.source in draft.sources \
                or entry.url in draft.repositories or draft.repositories.intersection(entry.based_on) \
                or (excluded is not None and excluded(number)):
            continue
        if entry.url:
            if entry.url in seen:
                continue
            seen.add(entry.url)
        matches.append(explain(index, number, scores[number], terms))
        if len(matches) == limit:
            break
    return matches


def explain(index: Index, number: int, score: float, terms: dict[str, float]) -> Match:
    """The match of record `number` for the query `terms`: the terms they share, those that gave
    most first (`words` then puts them in words)."""
    match = Match(number, score)
    shared = sorted(((terms[term] * impact, term) for term in terms
                     if (impact := index.impact(term, number)) > 0), reverse=True)
    for _, term in shared:
        if term.startswith(CATEGORY):
            match.categories.append(term.removeprefix(CATEGORY))
        elif term.startswith(SCOPE):
            match.scope.append(term.removeprefix(SCOPE))
    match.words = [term for _, term in shared if not term.startswith((CATEGORY, SCOPE))]  # terms, for now
    return match


def words(match: Match, draft: Draft, record_software: dict[str, Any], analyser: Analyser,
          mine: dict[str, str] | None = None) -> None:
    """Put the shared terms of a match in words: the draft's own words, and for ideas named in other
    words (another language, or a synonym), the draft's word and the record's. `mine` is the
    draft's surface forms, computed once for all matches."""
    mine = mine if mine is not None else analyser.surface(texts_of(draft.software))
    theirs = analyser.surface(texts_of(record_software))
    shown: list[str] = []
    other_words: list[tuple[str, str]] = []
    for term in match.words:
        word = mine.get(term)
        if word is not None and not term.startswith(CONCEPT) and word.casefold() not in _folded(shown):
            shown.append(word)
    for term in match.words:
        word, their = mine.get(term), theirs.get(term)
        if term.startswith(CONCEPT) and word is not None and their is not None \
                and word.casefold() not in _folded(shown) and their.casefold() != word.casefold():
            other_words.append((word, their))
    match.words = shown[:WHY_WORDS]
    match.other_words = other_words[:WHY_WORDS]


def _folded(words: list[str]) -> set[str]:
    return {word.casefold() for word in words}
