"""Vocabularies and tables of the standard, kept as data files beside this module."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


@cache
def load_vocab(name: str) -> Any:
    """The parsed content of `vocab/<name>.json`."""
    return json.loads((Path(__file__).parent / f"{name}.json").read_text(encoding="utf-8"))
