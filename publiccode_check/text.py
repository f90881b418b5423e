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
    if isinstance(value, str) and not value.strip():
        return "empty text" if not value else "blank text (only spaces)"
    return f"the text `{value}`"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
QUOTE_LIMIT = 60  # characters of a value quoted in a message
_QUOTED = re.compile("`[^`]*`")


def clean(message: str, *, multiline: bool = False) -> str:
    """A message safe to print: control characters escaped (a value's newline cannot forge a
    report line, a terminal escape does nothing), and long quoted values shortened."""
    message = _escape(_CONTROL_BUT_NEWLINE if multiline else _CONTROL, message)
    return _QUOTED.sub(_shorten, message)


def printable(line: str) -> str:
    """A source line safe to print as it is: tabs kept, other control characters escaped."""
    return _escape(_CONTROL_BUT_TAB, line)


def _escape(control: re.Pattern[str], text: str) -> str:
    return control.sub(lambda m: repr(m.group())[1:-1], text)


def _shorten(match: re.Match[str]) -> str:
    """One `quoted` value, cut to QUOTE_LIMIT characters."""
    inner = match.group()[1:-1]
    return match.group() if len(inner) <= QUOTE_LIMIT else f"`{inner[:QUOTE_LIMIT - 1]}…`"
