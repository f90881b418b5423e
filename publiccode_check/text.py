"""Small text helpers shared by the schema and the rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

# Characters that never join a neighbour into one grapheme cluster: Latin up to the
# combining diacritics, general punctuation but for the zero-width (non-)joiner, currency.
_SINGLE = re.compile("[\x00-\u02ff\u2010-\u206f\u20a0-\u20cf]*")


def grapheme_length(text: str) -> int:
    """User-perceived characters: a flag emoji or `e` + accent counts once."""
    if text.isascii() or _SINGLE.fullmatch(text):
        return len(text) - text.count("\r\n")
    import regex  # lazily: most files are ASCII

    return len(regex.findall(r"\X", text))


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was most likely meant to be, if any is close enough."""
    return _suggest(word, tuple(choices))


@lru_cache(maxsize=4096)
def _suggest(word: str, choices: tuple[str, ...]) -> str | None:
    """Memoised: the same mistakes recur across the files of a catalogue."""
    for choice in choices:
        if choice.lower() == word.lower():
            return choice
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return close[0] if close else None


def describe(value: object) -> str:
    """How a YAML value reads in a message."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text `{value}`"
