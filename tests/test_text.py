"""Character counting: the fast path agrees with full grapheme segmentation."""

from __future__ import annotations

import pytest
import regex
from conftest import CORPUS, require_shared

from publiccode_check.load import load
from publiccode_check.text import grapheme_length


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


@pytest.mark.parametrize("text", [
    "plain", "caffè “ok” – €5", "e\u0301", "🇮🇹" * 3, "a\r\nb", "x\u200dy", "👩‍💻", "\u0915\u094d\u0937",
    "한국어", "ü" * 10, "\u00ad\u2028", "Ελληνικά", "日本語",
])
def test_grapheme_length(text: str) -> None:
    assert grapheme_length(text) == len(regex.findall(r"\X", text))


def test_grapheme_length_on_every_corpus_string() -> None:
    for path in sorted(require_shared(CORPUS).glob("*.yml")):
        loaded = load(path.read_bytes())
        for text in strings(loaded.document.data if loaded.document else None):
            assert grapheme_length(text) == len(regex.findall(r"\X", text)), (path.name, text[:40])
