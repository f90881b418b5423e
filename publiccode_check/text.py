"""Small text helpers shared by the schema and the rules."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def grapheme_length(text: str) -> int:
    """User-perceived characters: a flag emoji or `e` + accent counts once."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    import regex  # lazily: most files are ASCII

    return len(regex.findall(r"\X", text))


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was most likely meant to be, if any is close enough."""
    choices = list(choices)
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
