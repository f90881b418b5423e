"""Small text helpers shared by the schema and the rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

# Characters that never join a neighbour into one grapheme cluster: Latin up to the
# combining diacritics, general punctuation but for the zero-width (non-)joiner, currency.
_SINGLE = re.compile("[\x00-\u02ff\u2010-\u206f\u20a0-\u20cf]*")


def grapheme_length(text: str) -> int:
    """User-perceived characters: a flag emoji or `e` + accent counts once.

    In linear time whatever the text: `regex`'s `\\X` looks back over the whole run of
    regional indicators (flag letters) at each of them, which is quadratic in a run of
    thousands. A pair of them is one cluster that joins its neighbours exactly as a letter
    does (only a following mark or joiner, or a preceding prepended mark), so each pair,
    counted from the start of its run as the standard pairs them, is replaced by a letter
    first; a run then holds at most one. `subn` counts without building a list.
    """
    if text.isascii() or _SINGLE.fullmatch(text):
        return len(text) - text.count("\r\n")
    import regex  # lazily: most files are ASCII

    return regex.subn(r"\X", "", regex.sub(_FLAG_PAIR, "x", text))[1]


_FLAG_PAIR = "[\U0001F1E6-\U0001F1FF]{2}"  # two regional indicators


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was most likely meant to be, if any is close enough.

    difflib's ratio is at most 2 * shorter / (both lengths): the choices too long or too short
    to be close are left out first, without a look at the cache (a file may hold 240,000
    unknown keys, and a rule asks about each)."""
    near = tuple(choice for choice in choices
                 if 2 * min(len(choice), len(word)) >= _CUTOFF * (len(choice) + len(word)))
    return _suggest(word, near) if near else None


@lru_cache(maxsize=4096)
def _suggest(word: str, choices: tuple[str, ...]) -> str | None:
    """Memoised: the same mistakes recur across the files of a catalogue."""
    for choice in choices:
        if choice.lower() == word.lower():
            return choice
    close = difflib.get_close_matches(word, choices, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


_CUTOFF = 0.75


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


# Escaped wherever text from a file is shown: C0 and C1 controls (ESC starts terminal escape
# sequences, a newline would start a report line of its own), the Unicode line and paragraph
# separators, and the bidirectional controls, which reorder what a reader sees (U+061C, U+200E,
# U+200F, U+202A-U+202E, U+2066-U+2069).
_UNSAFE_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0x061C, 0x061C), (0x200E, 0x200F),
                  (0x202A, 0x202E), (0x2066, 0x2069))
_UNSAFE = "".join(f"{chr(first)}-{chr(last)}" for first, last in _UNSAFE_RANGES)
_CONTROL = re.compile(f"[{_UNSAFE}]")
_CONTROL_BUT_TAB = re.compile(f"(?!\t)[{_UNSAFE}]")
QUOTE_LIMIT = 60  # characters of a value quoted in a message
_QUOTED = re.compile("`[^`]*`")


def clean(message: str) -> str:
    """A message safe to print on one line: control characters escaped (a value's newline
    cannot forge a report line, a terminal escape does nothing), and long quoted values
    shortened."""
    return _QUOTED.sub(_shorten, escape_controls(message))


def clean_lines(lines: str | Sequence[str]) -> str:
    """A hint safe to print: each of its `lines` cleaned, joined by newlines. A hint given as
    one string is one line, whatever it holds: only the lines a rule writes are lines."""
    return "\n".join(map(clean, [lines] if isinstance(lines, str) else lines))


def json_text(value: object, *, indent: int | None = None, compact: bool = False) -> str:
    """`value` as JSON, readable (non-ASCII letters as they are), but with the characters
    `clean` escapes written as `\\uXXXX` too: the same values for a program, nothing that
    acts on a terminal when the report is shown there. (JSON escapes C0 controls itself.)
    `compact`: without spaces after `,` and `:`."""
    import json

    separators = (",", ":") if compact else None
    text = json.dumps(value, indent=indent, ensure_ascii=False, separators=separators)
    # finding what JSON left unescaped (rare) is faster than translating every character
    return text.translate(_JSON_ESCAPES) if _JSON_UNSAFE.search(text) else text


# the characters of _UNSAFE_RANGES that JSON does not escape itself (it escapes C0)
_JSON_ESCAPES = {code: f"\\u{code:04x}" for first, last in _UNSAFE_RANGES if first > 0x1F
                 for code in range(first, last + 1)}
_JSON_UNSAFE = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _UNSAFE_RANGES
                                        if first > 0x1F) + "]")


def escape_controls(text: str) -> str:
    """`text` on one line, with every control character escaped (`\\n`, `\\x1b`, `\\u202e`)."""
    return _escape(_CONTROL, text) if _CONTROL.search(text) else text


def printable(line: str) -> str:
    """A source line safe to print as it is: tabs kept, other control characters escaped."""
    return _escape(_CONTROL_BUT_TAB, line)


def _escape(control: re.Pattern[str], text: str) -> str:
    return control.sub(lambda m: repr(m.group())[1:-1], text)


def _shorten(match: re.Match[str]) -> str:
    """One `quoted` value, cut to QUOTE_LIMIT characters."""
    return f"`{shortened(match.group()[1:-1], QUOTE_LIMIT)}`"


def shortened(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and `…` when it is longer than `limit`."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def as_typed(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when it is beneath
    it, else as it is (a report made elsewhere, a catalogue's page, names no local path)."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return str(path)
