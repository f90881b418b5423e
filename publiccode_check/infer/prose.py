"""What the blocks of a README are, as `readme.py`, `features.py` and `legal.py` read them:
the kind of a heading (`vocab/readme-headings.json`: introduction, features, setup...), a
paragraph that is no description (a row of links, a note, a pointer to a translation), the
sentences of a paragraph, and text cut to a length.
"""

from __future__ import annotations

import re
from functools import cache

from ..text import grapheme_length
from ..vocab import load_vocab
from .document import Block


def heading_is(block: Block, kind: str) -> bool:
    """Whether a heading is of a kind in vocab/readme-headings.json: for `features`, it holds
    one of its phrases as whole words; for the others, it starts with one."""
    text = " ".join(re.sub(r"[^\w\s'’]", " ", block.text.lower()).split())
    return _heading_pattern(kind).search(text) is not None


@cache
def _heading_pattern(kind: str) -> re.Pattern[str]:
    """One expression for all the phrases of a kind (a heading is read once, not per phrase)."""
    phrases = load_vocab("readme-headings")[kind]
    if kind == "features":
        return re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(map(re.escape, phrases))))
    return re.compile(r"^(?:{})".format("|".join(
        re.escape(phrase) if phrase.endswith(" ") else rf"{re.escape(phrase)}(?: |$)" for phrase in phrases)))


_NOTE = re.compile(r"(⚠|❗|ℹ|note\b|nota\b|notes?:|warning|attention|achtung|hinweis|avvertenza|"
                   r"avertissement|opgelet|let op|obs\b|nb\b|important)", re.IGNORECASE)
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF\U0001F449]")  # a flag or a pointing hand: a link to a translation


def is_noise(block: Block) -> bool:
    """A paragraph that is no description: a row of links, a note, a pointer to another
    language's README, an address, a fragment."""
    text = re.sub(r"\[[^\[\]]*\]", "", block.text)  # unresolved references: `[Documentation]`
    lowered = block.text.lower()
    return block.unlinked < 3 or bool(_NOTE.match(block.text.lstrip("_*> "))) or \
        any(phrase in lowered for phrase in load_vocab("readme-headings")["other_languages"]) or \
        _FLAG.match(block.text) is not None or \
        bool(re.search(r"https?://|www\.\w", block.text)) or len(text.split()) < 3


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "cf", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig",
                  "ing", "dott", "es", "p.es", "ecc", "sig", "approx", "ca"}


def _ends_sentence(paragraph: str, match: re.Match[str]) -> bool:
    """Whether a full stop, question or exclamation mark ends a sentence: a capital or a digit
    follows, and it does not end an abbreviation or an initial."""
    before = paragraph[max(0, match.start() - 20):match.start()].rsplit(None, 1)
    word = before[-1].lower() if before else ""
    following = paragraph[match.end():match.end() + 8].lstrip("\"'“‘([")[:1]
    return (following.isupper() or following.isdigit()) and word not in _ABBREVIATIONS \
        and not (len(word) == 1 and word.isalpha())


def first_sentence(paragraph: str) -> str:
    """The paragraph up to the end of its first sentence."""
    for match in _SENTENCE_END.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            return paragraph[:match.end()].strip()
    return paragraph


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Where the sentences of a paragraph start and end, in one pass."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            out.append((start, match.end()))
            start = match.end()
    if paragraph[start:].strip():
        out.append((start, len(paragraph)))
    return out


def cut(text: str, limit: int) -> str:
    """`text` cut after the last whole word that fits in `limit` characters."""
    words = text.split()
    length = grapheme_length(words[0])
    kept = [words[0]]
    for word in words[1:]:
        length += 1 + grapheme_length(word)  # a space never joins two characters into one
        if length > limit:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:-–—")
