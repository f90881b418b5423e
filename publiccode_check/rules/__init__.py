"""The rules: what a JSON Schema cannot say. One module per family.

Each module declares its `Rule`s in `RULES` and has a `check(doc, ctx)`
generator yielding problems. Rules read the normalised document only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..document import Document
from ..problem import Problem
from ..rule import Rule
from . import (
    completeness,
    contacts,
    countries,
    dates,
    deprecations,
    files,
    languages,
    licenses,
    media_types,
    organisations,
    urls,
    versions,
    videos,
)


class Context(NamedTuple):
    """What rules may know beyond the document: where the repository is, and what day it is
    (None: today)."""

    repo_root: Path | None = None
    today: date | None = None


Check = Callable[[Document, Context], Iterable[Problem]]

MODULES = (versions, dates, urls, organisations, licenses, languages, countries, contacts,
           deprecations, media_types, files, videos, completeness)
CHECKS: tuple[Check, ...] = tuple(module.check for module in MODULES)
RULES: tuple[Rule, ...] = tuple(rule for module in MODULES for rule in module.RULES)
