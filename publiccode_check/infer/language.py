"""The language of README text, as a BCP 47 tag: Google's CLD2 (pycld2), offline.

Only the languages of European public administrations count (`vocab/languages.json`):
CLD2 names up to three languages in a text, and the first of those that is ours with a
fair share of the text is the answer. Short texts are not judged. Where pycld2 is not
installed (it has wheels for x86-64 Linux, Windows and macOS only), nothing is detected.
"""

from __future__ import annotations

from functools import cache

from ..vocab import load_vocab

MIN_LETTERS = 40  # fewer letters than this say too little
MIN_SHARE = 30  # percent of the text in the language


@cache
def available() -> bool:
    try:
        import pycld2  # noqa: F401
    except ImportError:
        return False
    return True


def detect(text: str) -> str | None:
    """The language `text` is written in, or None when unsure or pycld2 is missing."""
    if sum(char.isalpha() for char in text) < MIN_LETTERS or not available():
        return None
    import pycld2

    ours = set(load_vocab("languages")["languages"])
    clean = "".join(char for char in text if char.isprintable() or char in "\n\t")  # CLD2 refuses controls
    try:
        _, _, found = pycld2.detect(clean, bestEffort=True)
    except pycld2.error:
        return None
    for _, code, share, _ in found:
        tag = {"nb": "no", "iw": "he"}.get(code, code)
        if tag in ours and share >= MIN_SHARE:
            return tag
    return None
