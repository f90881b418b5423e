"""From a `software` summary to weighted terms: the text analysis of the search.

Text is case-folded and its accents dropped (Unicode NFKD), cut into words, stop words of
its language dropped (the `stop-words` package) and the rest stemmed with the Snowball
stemmer of its language (`snowballstemmer`): the language is the description's key, and
the name is read in the languages of the description. A word that names a common
public-administration idea (`vocab/similar-terms.json`: appointment, whistleblowing,
council...) also gives that idea's language-neutral term (`~appointment`), so a draft in
Italian meets a file in German. Categories and scope are terms of their own (`category:`,
`scope:`), the strongest signals.

Each field has a weight; a term's weight in a record is the weighted count of its
occurrences, in the language version where it weighs most (a file described in Italian
and English says everything twice, and is no longer for it). Every field and record is
cut to a bound, so a hostile catalogue costs no more than a large one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple

from ..vocab import load_vocab

# field -> weight: the name and the short description say what it is, then the features,
# then the long description
WEIGHTS = {"name": 3.0, "short": 2.0, "features": 1.5, "long": 1.0, "category": 4.0, "scope": 3.0}
WORDS_PER_FIELD = {"name": 40, "short": 80, "features": 300, "long": 400}
LANGUAGES_PER_RECORD = 6
LIST_ITEMS = 50  # categories and scopes read from one record
CONCEPT = "~"  # prefix of the language-neutral terms
CATEGORY, SCOPE = "category:", "scope:"

# BCP 47 primary language subtag -> Snowball algorithm; stop words exist for most of them
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
# three-letter codes (ISO 639-2) that some files use instead, for the languages most catalogues hold
_TWO_LETTERS = {"ita": "it", "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "nld": "nl",
                "dut": "nl", "spa": "es", "swe": "sv", "por": "pt", "dan": "da", "fin": "fi", "nor": "no"}
# languages that write compound words (Terminvergabesystem): their words are also looked up
# by their first part (at least _SHORTEST_PART characters) in the table of concepts
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "fi"})
_WORD = re.compile(r"\w+")
_SHORTEST_PART = 5  # characters of the first part of a compound word, at least
_CHARS_PER_WORD = 20  # a text is cut to this many characters per word read, before it is cut into words
_ITEM_CHARS = 100  # characters of a category or scope


class Analysed(NamedTuple):
    """A record as the index sees it: term -> weight, and its weighted length."""

    terms: dict[str, float]
    length: float


def language_of(tag: str) -> str:
    """The primary language subtag of a description key (`it-IT` -> `it`, `IT` -> `it`, `ita` -> `it`)."""
    code = tag.split("-", 1)[0].split("_", 1)[0].strip().lower()
    return _TWO_LETTERS.get(code, code)


def fold(text: str) -> str:
    """Case-folded, without accents: `Città` and `citta` are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Word(NamedTuple):
    """What one word as written gives: its folded form, its stem ("" for a stop word, a number or
    a single letter) and the concept it names ("" if none)."""

    folded: str
    stem: str
    concept: str


class Analyser:
    """Words to terms, per language; each word as written is analysed once (catalogues repeat
    the same words), so text is only cut into words."""

    def __init__(self, concepts: bool = True) -> None:
        self.use_concepts = concepts
        self._words: dict[tuple[str, str], Word] = {}

    def terms(self, text: str, language: str, limit: int) -> Iterator[str]:
        """The terms of `text` in `language`: stems, each followed by the concept its word names if
        any, and the concepts named by two or three words in a row (`dati aperti`)."""
        words = [word for written in _WORD.findall(text[: limit * _CHARS_PER_WORD])[:limit]
                 if (word := self.word(written, language)).stem]
        concepts = _concepts(language)
        starts = concepts.starts if self.use_concepts else frozenset()
        phrases = concepts.phrases
        for index, word in enumerate(words):
            yield word.stem
            if word.concept:
                yield word.concept
            for length in (2, 3) if word.folded in starts else ():
                concept = phrases.get(tuple(later.folded for later in words[index:index + length]))
                if concept:
                    yield concept

    def word(self, written: str, language: str) -> Word:
        key = (written, language)
        found = self._words.get(key)
        if found is None:
            folded = fold(written)
            skipped = len(folded) < 2 or folded.isdigit() or folded in _stop_words(language)
            stem = "" if skipped else _stemmer(language)(folded)
            concept = self._concept(folded, language) if stem and self.use_concepts else ""
            found = self._words[key] = Word(folded, stem, concept)
        return found

    @staticmethod
    def _concept(folded: str, language: str) -> str:
        """The concept a folded word names, by itself or as the first part of a compound word.
        Words, not stems, are looked up: stemmers join words that mean different things
        (Italian `comune` and `comunicazioni` are both `comun`)."""
        table = _concepts(language).words
        concept = table.get(folded, "")
        if not concept and language in COMPOUNDING:
            concept = next((table[folded[:end]] for end in range(len(folded) - 3, _SHORTEST_PART - 1, -1)
                            if folded[:end] in table), "")
        return concept

    def analyse(self, software: dict[str, Any]) -> Analysed:
        """The weighted terms of a `software` summary."""
        descriptions = _descriptions(software)
        languages = list(dict.fromkeys(language for language, _ in descriptions)) or ["en"]
        fixed: dict[str, float] = {}
        for field, prefix, weight in (("categories", CATEGORY, WEIGHTS["category"]),
                                      ("scope", SCOPE, WEIGHTS["scope"])):
            for item in _strings(software.get(field))[:LIST_ITEMS]:
                fixed[prefix + fold(item[:_ITEM_CHARS]).strip()] = weight
        name = software.get("name") if isinstance(software.get("name"), str) else ""
        versions = []
        for language in languages:
            texts = [entry for code, entry in descriptions if code == language]
            bag: dict[str, float] = {}
            localised = [text for entry in texts if isinstance(text := entry.get("localisedName"), str)]
            self._add(bag, [name, *localised], language, "name")
            self._add(bag, _field(texts, "shortDescription"), language, "short")
            self._add(bag, [f for entry in texts for f in _strings(entry.get("features"))], language,
                      "features")
            self._add(bag, _field(texts, "longDescription"), language, "long")
            versions.append(bag)
        terms = dict(fixed)
        for bag in versions:  # a term weighs as in the language version where it weighs most
            for term, weight in bag.items():
                if weight > terms.get(term, 0.0):
                    terms[term] = weight
        length = sum(fixed.values()) + max((sum(bag.values()) for bag in versions), default=0.0)
        return Analysed(terms, length)

    def _add(self, bag: dict[str, float], texts: Iterable[str], language: str, field: str) -> None:
        weight, budget = WEIGHTS[field], WORDS_PER_FIELD[field]
        for text in texts:
            if budget <= 0:
                return
            terms = list(self.terms(text, language, budget))
            budget -= len(terms)
            for term in terms:
                bag[term] = bag.get(term, 0.0) + weight

    def surface(self, texts: Iterable[tuple[str, str]]) -> dict[str, str]:
        """term -> the first word that gave it, in texts given as (text, language): to say in
        words what matched."""
        found: dict[str, str] = {}
        for text, language in texts:
            for written in _WORD.findall(text[:_CHARS_PER_WORD * max(WORDS_PER_FIELD.values())]):
                word = self.word(written, language)
                if word.stem:
                    found.setdefault(word.stem, written)
                    if word.concept:
                        found.setdefault(word.concept, written)
        return found


def texts_of(software: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text of a summary with its language, as `Analyser.surface` reads them."""
    descriptions = _descriptions(software)
    name = software.get("name")
    for language in dict.fromkeys(language for language, _ in descriptions) or ["en"]:
        if isinstance(name, str):
            yield name, language
    for language, entry in descriptions:
        for key in ("localisedName", "shortDescription", "longDescription"):
            if isinstance(entry.get(key), str):
                yield entry[key], language
        for feature in _strings(entry.get("features"))[:LIST_ITEMS]:
            yield feature, language


def _descriptions(software: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(language, description) of the first LANGUAGES_PER_RECORD languages; a language without a
    stemmer is "" (its words are kept as written), so that no table grows with made-up tags."""
    found = []
    description = software.get("description")
    for tag, entry in (description.items() if isinstance(description, dict) else ()):
        if isinstance(entry, dict):
            language = language_of(str(tag))
            found.append((language if language in STEMMERS else "", entry))
            if len(found) == LANGUAGES_PER_RECORD:
                break
    return found


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _field(entries: list[dict[str, Any]], key: str) -> list[str]:
    return [text for entry in entries if isinstance(text := entry.get(key), str)]


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    import snowballstemmer

    algorithm = STEMMERS.get(language)
    if algorithm is None:  # a language Snowball has no stemmer for: words as they are
        return str
    return snowballstemmer.stemmer(algorithm).stemWord


@cache
def _stop_words(language: str) -> frozenset[str]:
    from stop_words import StopWordError, get_stop_words

    try:
        return frozenset(fold(word) for word in get_stop_words(language))
    except StopWordError:
        return frozenset()


class _Concepts(NamedTuple):
    words: dict[str, str]  # folded word -> concept term
    phrases: dict[tuple[str, ...], str]  # two or three folded words in a row -> concept term
    starts: frozenset[str]  # the first words of the phrases


@cache
def _concepts(language: str) -> _Concepts:
    """The table of concepts for `language`, its words folded, stop words left out as in texts."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for concept, named in load_vocab("similar-terms")["concepts"].items():
        for entry in named.get(language, ()):
            kept = tuple(word for word in _WORD.findall(fold(entry))
                         if not (len(word) < 2 or word.isdigit() or word in _stop_words(language)))
            if len(kept) == 1:
                words.setdefault(kept[0], CONCEPT + concept)
            elif kept:
                phrases.setdefault(kept, CONCEPT + concept)
    return _Concepts(words, phrases, frozenset(phrase[0] for phrase in phrases))
