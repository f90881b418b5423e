"""Dates: exactly YYYY-MM-DD and a real calendar day; the hint rewrites what was meant.

When only one date can be meant (`2021-8-2`, `31/12/2025`, a date and a time), the rewrite is a
safe fix; a guess (`2025-13-01` with the month and the day swapped) is an unsafe one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from ..document import Document
from ..problem import SAFE, UNSAFE, Fix, Problem, set_value
from ..rule import error
from ..schema import removal

DATE = error("date", "Dates are written YYYY-MM-DD and are real calendar days.", fix="safe")
RULES = (DATE,)

PATTERNS = ("releaseDate", "maintenance.contractors[].until")
_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR_FIRST = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_TIMESTAMP = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:[0-9]{2}.*")
_GENERIC_HINT = "write the date as YYYY-MM-DD, e.g. 2024-03-31"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # not calendar's, which follow the locale (and import it)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


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
                yield DATE.at(doc, path, "the date is empty", hint=_GENERIC_HINT, fix=removal(doc, path))
                continue
            message, hint, meant = explain(value)
            yield DATE.at(doc, path, message, hint=hint,
                          fix=Fix((set_value(path, meant.date),), meant.safety) if meant else None)


class Meant(NamedTuple):
    """The date a wrong one stands for, and whether that is certain (`safe`) or a guess."""

    date: str
    safety: str = SAFE


def explain(value: str) -> tuple[str, str, Meant | None]:
    """What is wrong with a date that is not YYYY-MM-DD and real, the hint that fits it, and the
    date meant when it can be told."""
    if value != value.strip() and parse_date(value.strip()):
        return f"`{value}` has spaces around the date", f"write `{value.strip()}`", Meant(value.strip())
    value = value.strip()
    if _SHAPE.fullmatch(value):
        return _impossible(*(int(part) for part in value.split("-")), value)
    if match := _TIMESTAMP.fullmatch(value):
        day = match[1]
        if parse_date(day):
            return f"`{value}` is a date and a time; only the date is wanted", f"write `{day}`", Meant(day)
    if match := _YEAR_FIRST.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        written = _written(year, month, day)
        if written:
            return f"`{value}` is not written as YYYY-MM-DD", f"write `{written}`", Meant(written)
        return _impossible(year, month, day, value)
    if match := _DAY_FIRST.fullmatch(value):
        first, second, year = (int(part) for part in match.groups())
        as_day_month, as_month_day = _written(year, second, first), _written(year, first, second)
        if as_day_month and as_month_day and as_day_month != as_month_day:
            return (f"`{value}` is not written as YYYY-MM-DD, and could be two dates",
                    f"write `{as_day_month}` if it is {first} {_MONTHS[second - 1]}, or `{as_month_day}` "
                    f"if it is {second} {_MONTHS[first - 1]}", None)
        if written := as_day_month or as_month_day:
            return f"`{value}` is not written as YYYY-MM-DD", f"write `{written}`", Meant(written)
    return f"`{value}` is not a date written as YYYY-MM-DD", _GENERIC_HINT, None


def _impossible(year: int, month: int, day: int, value: str) -> tuple[str, str, Meant | None]:
    """A date in the right shape that is not on the calendar: say why, and guess the fix."""
    if not 1 <= month <= 12:
        swapped = _written(year, day, month)
        hint = f"if the month and the day are swapped, write `{swapped}`" if swapped else _GENERIC_HINT
        return (f"`{value}` is not a real date: there is no month {month}", hint,
                Meant(swapped, UNSAFE) if swapped else None)
    if year == 0:
        return f"`{value}` is not a real date: there is no year 0", _GENERIC_HINT, None
    last = _DAYS[month - 1] + (month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
    month_name = f"{_MONTHS[month - 1]} {year}"
    if day == 0 or day > last:
        return (f"`{value}` is not a real date: {month_name} has {last} days",
                f"check the day; the last day of {month_name} is {year:04d}-{month:02d}-{last:02d}", None)
    return f"`{value}` is not a date written as YYYY-MM-DD", _GENERIC_HINT, None


def _written(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD for a real day, else None."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None

