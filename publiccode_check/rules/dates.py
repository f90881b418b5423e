"""Dates: exactly YYYY-MM-DD and a real calendar day."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..document import Document
from ..problem import Problem
from ..rule import error

DATE = error("date", "Dates are written YYYY-MM-DD and are real calendar days.")
RULES = (DATE,)

PATTERNS = ("releaseDate", "maintenance.contractors[].until")
_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str) -> date | None:
    if not _SHAPE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in PATTERNS:
        for path, value in doc.find(pattern):
            if not isinstance(value, str) or parse_date(value):
                continue
            if not value.strip():
                message = "the date is empty"
            elif _SHAPE.fullmatch(value):
                message = f"`{value}` is not a real calendar date"
            else:
                message = f"`{value}` is not a date written as YYYY-MM-DD"
            yield DATE.at(doc, path, message, hint="write the date as YYYY-MM-DD, e.g. 2024-03-31")
