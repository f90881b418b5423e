"""Vocabularies and tables of the standard, kept as data files beside this module."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# The codes of the Italian public administrations (IndicePA), one a line, gzipped; where
# and when they were taken is in it-ipa-codes.json (`python -m publiccode_check.vocab.refresh`).
IPA_CODES = HERE / "it-ipa-codes.txt.gz"
IPA_ABOUT = HERE / "it-ipa-codes.json"


@cache
def load_vocab(name: str) -> Any:
    """The parsed content of `vocab/<name>.json`."""
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


@cache
def italian_pa_codes() -> frozenset[str]:
    """The IndicePA codes, lower-cased (codes match without regard to case).

    Read on first use only (about 3 ms): most files name no Italian administration.
    """
    import gzip

    with gzip.open(IPA_CODES, "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().lower().split())
