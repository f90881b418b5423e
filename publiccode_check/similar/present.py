"""The results in words, for a terminal and as JSON: what each initiative is, how far it is,
where it is going, whom to talk to, and why it came up. Every value comes from a stranger's
file, so each is cleaned (control characters escaped) and shortened before it is printed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..software import LIST_LIMIT, summary
from ..text import as_typed, clean
from .analysis import language_of
from .catalogue import Found

SHOWN = 160  # characters of a description shown on a terminal
CONTACTS = 3  # contacts shown on a terminal


def name_of(software: dict[str, Any]) -> str:
    """The name, else a localised name, else the address."""
    if software.get("name"):
        return software["name"]
    for entry in (software.get("description") or {}).values():
        if entry.get("localisedName"):
            return entry["localisedName"]
    return software.get("url") or "(no name)"


def short_description(software: dict[str, Any], languages: Sequence[str] = ()) -> str:
    """The short description in the first of `languages` it has, else in English, else any."""
    descriptions = software.get("description") or {}
    by_language = {language_of(tag): entry for tag, entry in reversed(descriptions.items())}
    for language in (*languages, "en", *by_language):
        entry = by_language.get(language) or {}
        text = entry.get("shortDescription") or entry.get("longDescription")
        if text:
            return " ".join(text.split())
    return ""


def contacts(software: dict[str, Any]) -> list[dict[str, str]]:
    """Whom to talk to: the maintainers, else the contractors."""
    maintenance = software.get("maintenance") or {}
    return maintenance.get("contacts") or maintenance.get("contractors") or []


def person(contact: dict[str, str]) -> str:
    text = contact.get("name", "")
    if contact.get("email"):
        text = f"{text} <{contact['email']}>" if text else contact["email"]
    if contact.get("affiliation"):
        text += f" ({contact['affiliation']})"
    return text


def text(found: Sequence[Found], *, draft_name: str, catalogue: str, records: int,
         languages: Sequence[str] = ()) -> str:
    """The report for a terminal."""
    if not found:
        return (f"Nothing in {_shown(catalogue)} ({records} records) is close to {_shown(draft_name)}: "
                "it looks new there. Try a larger catalogue, or without --status.\n")
    lines = [f"Initiatives close to {_shown(draft_name)} in {_shown(catalogue)} ({records} records), "
             "best first:"]
    for rank, item in enumerate(found, 1):
        software = item.record["software"]
        status = software.get("developmentStatus") or "status not given"
        lines += ["", f"{rank}. {_shown(name_of(software))} ({_shown(status)})"]
        address = software.get("url") or software.get("landingURL") or item.record.get("source", "")
        lines.append(f"   {_shown(address)}")
        description = short_description(software, languages)
        if description:
            lines.append(f"   {_shown(description, SHOWN)}")
        if software.get("roadmap"):
            lines.append(f"   roadmap: {_shown(software['roadmap'])}")
        people = [person(contact) for contact in contacts(software)[:CONTACTS]]
        organisation = (software.get("organisation") or {}).get("name")
        talk = "talk to: " + ", ".join(_shown(p) for p in people) if people else "no contact given"
        if organisation:
            talk += f"; published by {_shown(organisation)}"
        lines.append(f"   {talk}")
        lines.append(f"   why: {_shown(item.match.why, 400)}")
    return "\n".join(lines) + "\n"


def as_json(found: Sequence[Found], *, catalogue: str, records: int) -> str:
    """`{"similar": [{"source", "name", "score", "why", ...}]}`, as documented in the README."""
    document = {"formatVersion": 1, "catalogue": {"source": catalogue, "records": records},
                "similar": [as_dict(item) for item in found]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_dict(found: Found) -> dict[str, Any]:
    """One initiative as `--format json` lists it (and the validation service's `similar`)."""
    software, match = found.record["software"], found.match
    return {
        "source": found.record.get("source"), "name": name_of(software), "score": round(match.score, 3),
        "why": match.why, "url": software.get("url"), "landingURL": software.get("landingURL"),
        "developmentStatus": software.get("developmentStatus"), "roadmap": software.get("roadmap"),
        "shortDescription": short_description(software) or None,
        "organisation": software.get("organisation"), "contacts": contacts(software)[:LIST_LIMIT],
        "shared": {"categories": match.categories, "scope": match.scope, "words": match.words,
                   "otherWords": [list(pair) for pair in match.other_words]},
    }


def _shown(value: Any, limit: int = 300) -> str:
    """A value from a file, safe and short enough for a terminal line."""
    text = clean(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def before_you_start(path: Path, given: str | None, *, closest_count: int = 3) -> str:
    """For `init`: the closest initiatives in the catalogue given (else in the configuration's
    `catalogue`) and whom to talk to; "" when no catalogue is set. Never fails: the file is written
    by then, so a catalogue that cannot be searched is a note."""
    from ..config import ConfigError, settings_for

    try:
        source = given or settings_for(path).catalogue
    except ConfigError as exc:
        return f"Note: the configuration's catalogue was not searched: {clean(str(exc))}."
    if not source:
        return ""
    from ..network import NetworkOptions
    from ..validate import validate_path
    from . import cache_directory
    from .analysis import Analyser
    from .catalogue import CatalogueError, closest, open_catalogue
    from .search import Draft

    software = summary(validate_path(path).data) or {}
    analyser = Analyser()
    try:
        catalogue = open_catalogue([source], network=NetworkOptions,
                                   cache_dir=cache_directory(), analyser=analyser)
        found = closest(catalogue, Draft.of(software, analyser, {str(path)}), analyser, limit=closest_count)
    except CatalogueError as exc:
        return f"Note: {_shown(source)} could not be searched for similar initiatives: {clean(str(exc))}."
    if not found:
        return (f"Nothing in {_shown(source)} ({catalogue.records} records) looks close to it: it seems new "
                "there.")
    lines = ["Before you start, talk to the people behind the closest initiatives in "
             f"{_shown(source)}:"]
    for item in found:
        software = item.record["software"]
        people = ", ".join(_shown(person(contact)) for contact in contacts(software)[:CONTACTS])
        address = software.get("url") or software.get("landingURL") or item.record.get("source", "")
        lines.append(f"  - {_shown(name_of(software))} ({_shown(software.get('developmentStatus') or '?')}), "
                     f"{_shown(address)}: {people or 'no contact given'}")
        lines.append(f"    why: {_shown(item.match.why, 300)}")
    here = as_typed(path)
    command = f"publiccode-check similar {_shown(here)} --catalogue {_shown(source)}"
    lines.append(f"More, with reasons: `{command}`.")
    return "\n".join(lines)
