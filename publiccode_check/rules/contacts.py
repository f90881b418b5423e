"""E-mail addresses of contacts and contractors (syntax only, no DNS)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import Problem
from ..rule import error

EMAIL = error("email", "E-mail addresses must be valid.")
RULES = (EMAIL,)

PATTERNS = ("maintenance.contacts[].email", "maintenance.contractors[].email")


# Plain ASCII addresses that are certainly valid; anything else goes to email-validator,
# whose import costs more than checking a whole file.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")


def email_problem(value: str) -> str | None:
    """Why `value` is not a valid e-mail address, or None when it is."""
    if len(value) <= 254 and _PLAIN_ADDRESS.fullmatch(value):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in PATTERNS:
        for path, value in doc.find(pattern):
            if isinstance(value, str) and (reason := email_problem(value)):
                yield EMAIL.at(doc, path, f"`{value}` is not a valid e-mail address: {reason}",
                               hint="write a single address like name@example.org")
