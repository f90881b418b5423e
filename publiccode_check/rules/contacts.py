"""How maintainers are reached: e-mail addresses (syntax only, no DNS) and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import Problem
from ..rule import error

EMAIL = error("email", "E-mail addresses must be valid.")
PHONE = error("phone", "Phone numbers are written with digits, an optional leading + and separators.")
RULES = (EMAIL, PHONE)

PATTERNS = ("maintenance.contacts[].email", "maintenance.contractors[].email")
PHONES = "maintenance.contacts[].phone"


# Plain ASCII addresses that are certainly valid; anything else goes to email-validator,
# whose import costs more than checking a whole file.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
# Digits in groups, as people write them: +39 06 1234-5678, (06) 123.456, 800/123456.
_PHONE = re.compile(r"\+?[0-9 ()./-]*")
_PHONE_HINT = "write the number with its international prefix, like +39 06 12345678"


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
            if isinstance(value, str) and not value.strip():
                yield EMAIL.at(doc, path, "the e-mail address is empty",
                               hint="write an address like name@example.org, or remove the key")
            elif isinstance(value, str) and (reason := email_problem(value)):
                yield EMAIL.at(doc, path, f"`{value}` is not a valid e-mail address: {reason}",
                               hint="write a single address like name@example.org")
    for path, value in doc.find(PHONES):
        if not isinstance(value, str):
            continue
        if not value.strip():
            yield PHONE.at(doc, path, "the phone number is empty", hint=_PHONE_HINT + ", or remove the key")
        elif not _PHONE.fullmatch(value.strip()) or sum(c.isdigit() for c in value) < 3:
            yield PHONE.at(doc, path, f"`{value}` is not a phone number: it may hold only digits, "
                           "a leading + and the separators space ( ) . / -", hint=_PHONE_HINT)
