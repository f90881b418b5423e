"""Deprecated keys (from vocab/deprecations.json), and the Italian section's two spellings.

A deprecated key whose place in 0.7 is certain carries that move as its fix (migrations.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..migrations import fix_for
from ..problem import Problem
from ..rule import error, warning
from ..vocab import load_vocab

DEPRECATED = warning("deprecated-key", "Deprecated keys still work but have replacements.", fix="safe")
TWO_ITALIAN_SECTIONS = error("duplicate-country-section", "`IT` and `it` cannot both be present.")
RULES = (DEPRECATED, TWO_ITALIAN_SECTIONS)


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    if "IT" in doc.data and "it" in doc.data:
        yield TWO_ITALIAN_SECTIONS.at(doc, ("it",), "both `IT` and `it` are present; they are "
                                      "the same section", hint="merge them into `IT`",
                                      on_key=True)
    for entry in load_vocab("deprecations"):
        patterns = [entry["key"]]
        if entry["key"].startswith("IT."):
            patterns.append("it" + entry["key"][2:])
        for pattern in patterns:
            for path, _ in doc.find(pattern):
                yield DEPRECATED.at(doc, path, f"deprecated since version {entry['since']} of the standard",
                                    hint=entry["use"], on_key=True, fix=fix_for(doc, path))
