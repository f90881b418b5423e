"""How maintainers are reached: e-mail addresses (syntax only, no DNS) and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import Fix, Problem, set_value
from ..rule import error
from ..schema import removal

EMAIL = error("email", "E-mail addresses must be valid.", fix="safe")
PHONE = error("phone", "Phone numbers are written with digits, an optional leading + and separators.",
              fix="safe")
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
    """Why `value` is not a valid e-mail address, in our words, or None when it is valid.

    email-validator decides; its own English is kept only as a detail, when we cannot say
    more precisely what is wrong."""
    if len(value) <= 254 and _PLAIN_ADDRESS.fullmatch(value):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return _why(value) or f"a character or a part is not allowed where it is (in detail: {exc})"
    return None


def _why(value: str) -> str | None:
    """The usual mistakes, said plainly."""
    if "<" in value or ">" in value:
        return "it holds more than the address (a name, or angle brackets)"
    if value.lower().startswith("mailto:"):
        return "`mailto:` belongs in links, not in the address"
    if any(char.isspace() for char in value):
        return "it contains spaces"
    if "@" not in value:
        return "there is no @ in it"
    if value.count("@") > 1:
        return "it has more than one @"
    local, domain = value.split("@")
    if not local:
        return "there is nothing before the @"
    if not domain:
        return "there is nothing after the @"
    if "." not in domain:
        return f"`{domain}`, after the @, is not a domain name (it has no dot)"
    if ".." in value or any(part.startswith(".") or part.endswith(".") for part in (local, domain)):
        return "its dots are misplaced (two in a row, or one at the start or end of a part)"
    return None


def address_in(value: str) -> str | None:
    """The valid address inside `value`, when it holds one and something more:
    `Ada <ada@example.org>`, `mailto:ada@example.org`, `ada @example.org`."""
    candidates = [*re.findall(r"<([^<>]*)>", value), re.sub(r"(?i)^mailto:", "", value.strip()),
                  "".join(value.split())]
    return next((found for found in candidates if found != value and found and email_problem(found) is None),
                None)


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in PATTERNS:
        for path, value in doc.find(pattern):
            if isinstance(value, str) and not value.strip():
                yield EMAIL.at(doc, path, "the e-mail address is empty",
                               hint="write an address like name@example.org, or remove the key",
                               fix=removal(doc, path))
            elif isinstance(value, str) and (reason := email_problem(value)):
                found = address_in(value)
                certain = found and value.count("@") == 1  # not one address picked among several
                yield EMAIL.at(doc, path, f"`{value}` is not a valid e-mail address: {reason}",
                               hint=f"write `{found}`" if found else "write a single address like "
                               "name@example.org", fix=Fix((set_value(path, found),)) if certain else None)
    for path, value in doc.find(PHONES):
        if not isinstance(value, str):
            continue
        if not value.strip():
            yield PHONE.at(doc, path, "the phone number is empty", hint=_PHONE_HINT + ", or remove the key",
                           fix=removal(doc, path))
        elif not _PHONE.fullmatch(value.strip()) or sum(c.isdigit() for c in value) < 3:
            yield PHONE.at(doc, path, f"`{value}` is not a phone number: it may hold only digits, "
                           "a leading + and the separators space ( ) . / -", hint=_PHONE_HINT)
