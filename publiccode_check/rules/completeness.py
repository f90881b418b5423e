"""What makes a file useful to a possible collaborator: status, roadmap, contacts, freshness.

These rules always run; the profile decides whether they count (see profiles.py): the
`standard` profile turns most of them off or down, the `complete` profile keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..document import Document, blank
from ..problem import Problem
from ..rule import error, warning
from ..schema import add_hint, empty_value, optional
from .dates import parse_date

RELEASE_INFO = warning("stable-release-info", "Stable software names its version and release date.")
FUTURE_RELEASE = error("future-release-date", "The latest release cannot be in the future.")
ROADMAP = error("roadmap-required", "Work in progress shows where it is going: a roadmap URL.")
CONTACT = error("contact-required", "Someone can be contacted: a contact with an e-mail address.")
UNMAINTAINED = warning("unmaintained", "Nobody is named to contact about unmaintained software.")
EXPIRED = error("expired-contract", "A maintenance contract whose end date has passed maintains nothing.")
RULES = (RELEASE_INFO, FUTURE_RELEASE, ROADMAP, CONTACT, UNMAINTAINED, EXPIRED)
# the lists of people, one of which the schema requires with each maintenance type
_PEOPLE = ("contacts", "contractors")


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    data = doc.data
    status = data.get("developmentStatus")
    today = ctx.today or date.today()
    if status == "stable":
        missing = []
        for key in ("softwareVersion", "releaseDate"):
            if _written_empty(doc, key):
                yield empty_value(doc, (key,), rule=RELEASE_INFO)
            elif not data.get(key):
                missing.append(key)
        if missing:
            names = " and ".join(f"`{key}`" for key in missing)
            yield RELEASE_INFO.at(doc, ("developmentStatus",), f"the software is stable but {names} "
                                  f"{'is' if len(missing) == 1 else 'are'} missing",
                                  hint="add the version and the date of the latest release")
    released = parse_date(data["releaseDate"]) if isinstance(data.get("releaseDate"), str) else None
    if released and released > today:
        yield FUTURE_RELEASE.at(doc, ("releaseDate",), f"the release date {released} is in the future",
                                hint="give the date of the latest release that has happened")
    if status == "obsolete":
        return
    if _written_empty(doc, "roadmap"):
        yield empty_value(doc, ("roadmap",), rule=ROADMAP)
    elif not data.get("roadmap"):
        yield ROADMAP.at(doc, ("roadmap",), "there is no `roadmap`: readers cannot see where the "
                         "work is going", hint=add_hint(("roadmap",)), on_key=True)
    yield from _contacts(doc, data.get("maintenance"))
    for path, until in doc.find("maintenance.contractors[].until"):
        ended = parse_date(until) if isinstance(until, str) else None
        if ended and ended < today:
            yield EXPIRED.at(doc, path, f"the maintenance contract ended on {ended}: nobody is "
                             "maintaining the software under it any more",
                             hint="give the new end date, or change `maintenance.type`")


def _contacts(doc: Document, maintenance: Any) -> Iterator[Problem]:
    if not isinstance(maintenance, dict):
        return  # the structural check reports it
    kind = maintenance.get("type")
    if kind == "none":
        yield UNMAINTAINED.at(doc, ("maintenance", "type"), "the software is not maintained and "
                              "nobody can be contacted about it",
                              hint="add `maintenance.contacts` with someone who can answer questions")
        return
    if any(blank(maintenance.get(name)) and not optional(doc, ("maintenance", name)) for name in _PEOPLE):
        return  # the structural check says that the list this type requires is missing or empty
    contacts = _items(maintenance.get("contacts"))
    reachable = any(isinstance(c, dict) and c.get("email") for c in contacts)
    if kind == "contract":
        reachable = reachable or any(isinstance(c, dict) and (c.get("email") or c.get("website"))
                                     for c in _items(maintenance.get("contractors")))
    if reachable:
        return
    for index in range(len(contacts)):
        if _written_empty(doc, "maintenance", "contacts", index, "email"):  # the one address left empty
            yield empty_value(doc, ("maintenance", "contacts", index, "email"), rule=CONTACT)
            return
    who = "contact or contractor has an e-mail address or a website" if kind == "contract" else \
        "contact has an e-mail address"
    yield CONTACT.at(doc, ("maintenance",), f"nobody can be reached: no {who}",
                     hint="add `email:` to a person under `maintenance.contacts`", on_key=True)


def _written_empty(doc: Document, *path: str | int) -> bool:
    """Whether the key at `path` is in the file with an empty value (or one the normaliser
    dropped as empty): one problem then, "`roadmap` is empty", at the key."""
    return doc.info(path) is not None and blank(doc.get(path))


def _items(value: Any) -> list[Any]:
    """The items of a list; nothing for a value of another type (the structural check reports it)."""
    return value if isinstance(value, list) else []
