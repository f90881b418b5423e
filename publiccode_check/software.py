"""What a publiccode.yml says about its software, in a small fixed shape: the `software` of a
`vet` record, and what `similar` searches and shows.

It is read from the plain values of a loaded file, valid or not: a value of the wrong type is
left out, never guessed at. Files come from strangers, so every text and list is cut to a
bound (a 10 MiB description must not make a 10 MiB record, nor thousands of categories a
slow search).

    {"name": "Medusa", "url": "https://example.com/italia/medusa.git", "landingURL": "...",
     "developmentStatus": "development", "softwareType": "standalone/desktop",
     "categories": ["content-management"], "scope": ["science-and-technology"],
     "countries": ["IT"], "organisation": {"name": "Roma Capitale", "uri": "urn:x-italian-pa:c_h501"},
     "description": {"en": {"localisedName": "Medusa", "shortDescription": "...",
                            "longDescription": "...", "features": ["..."]}},
     "roadmap": "https://...", "maintenance": {"type": "contract", "contacts": [
         {"name": "Francesco Rossi", "email": "francesco.rossi@example.org", "affiliation": "..."}]},
     "releaseDate": "2017-04-15", "isBasedOn": ["https://github.com/italia/otello.git"],
     "usedBy": ["Comune di Firenze"]}

Keys the file does not give are absent (lists are empty).
"""

from __future__ import annotations

from typing import Any

TEXT_LIMIT = 500  # characters of a name, an address, a short text
LONG_TEXT_LIMIT = 10_000  # of a long description (the standard's own maximum)
LIST_LIMIT = 50  # items of a list: categories, features, contacts...
LANGUAGE_LIMIT = 20  # languages of the description

_TEXTS = ("name", "url", "landingURL", "developmentStatus", "softwareType", "roadmap", "releaseDate")
_DESCRIPTION_TEXTS = {"localisedName": TEXT_LIMIT, "shortDescription": TEXT_LIMIT,
                      "longDescription": LONG_TEXT_LIMIT}
_PERSON = ("name", "email", "affiliation")


def summary(data: Any) -> dict[str, Any] | None:
    """The summary of a file's plain values; None when they are not a mapping."""
    if not isinstance(data, dict):
        return None
    found: dict[str, Any] = {key: value for key in _TEXTS if (value := _text(data.get(key)))}
    audience = _mapping(data.get("intendedAudience"))
    found["categories"] = _texts(data.get("categories"))
    found["scope"] = _texts(audience.get("scope"))
    found["countries"] = _texts(audience.get("countries"))
    organisation = _organisation(data)
    if organisation:
        found["organisation"] = organisation
    found["description"] = _descriptions(data.get("description"))
    maintenance = _mapping(data.get("maintenance"))
    found["maintenance"] = {key: value for key, value in (
        ("type", _text(maintenance.get("type"))),
        ("contacts", _people(maintenance.get("contacts"))),
        ("contractors", _people(maintenance.get("contractors")))) if value}
    based_on = data.get("isBasedOn")
    found["isBasedOn"] = _texts([based_on] if isinstance(based_on, str) else based_on)
    found["usedBy"] = _texts(data.get("usedBy"))
    return found


def _text(value: Any, limit: int = TEXT_LIMIT) -> str | None:
    """A text as written, spaces at its ends dropped, cut to `limit` characters; None if not text."""
    if not isinstance(value, str):
        return None
    return value.strip()[:limit] or None


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for item in value[:LIST_LIMIT] if (text := _text(item))]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _descriptions(value: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for language, entry in list(_mapping(value).items())[:LANGUAGE_LIMIT]:
        entry = _mapping(entry)
        texts: dict[str, Any] = {key: text for key, limit in _DESCRIPTION_TEXTS.items()
                                 if (text := _text(entry.get(key), limit))}
        features = _texts(entry.get("features"))
        if features:
            texts["features"] = features
        if texts and isinstance(language, str):
            found[language[:TEXT_LIMIT]] = texts
    return found


def _people(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    people = [{key: text for key in _PERSON if (text := _text(_mapping(item).get(key)))}
              for item in value[:LIST_LIMIT]]
    return [person for person in people if person]


def _organisation(data: dict[str, Any]) -> dict[str, str]:
    """Who publishes it: `organisation`, else what older files said (the owner, the Italian
    administration's code)."""
    given = _mapping(data.get("organisation"))
    legal = _mapping(data.get("legal"))
    italian = _mapping(data.get("IT")) or _mapping(data.get("it"))
    code = _text(_mapping(italian.get("riuso")).get("codiceIPA"))
    name = _text(given.get("name")) or _text(legal.get("repoOwner")) or _text(legal.get("mainCopyrightOwner"))
    uri = _text(given.get("uri")) or (f"urn:x-italian-pa:{code}" if code else None)
    return {key: value for key, value in (("name", name), ("uri", uri)) if value}


def well_formed(value: Any) -> bool:
    """Whether `value` has the shape `summary` gives (a summary read back from a file that anyone
    may have edited is used only if it does)."""
    if not isinstance(value, dict):
        return False
    if not all(isinstance(value.get(key, ""), str) for key in _TEXTS):
        return False
    if not all(_is_texts(value.get(key, [])) for key in ("categories", "scope", "countries", "isBasedOn",
                                                           "usedBy")):
        return False
    organisation, maintenance = value.get("organisation", {}), value.get("maintenance", {})
    descriptions = value.get("description", {})
    return (_is_person(organisation) and isinstance(maintenance, dict)
            and isinstance(maintenance.get("type", ""), str)
            and all(isinstance(people, list) and all(_is_person(p) for p in people)
                    for people in (maintenance.get("contacts", []), maintenance.get("contractors", [])))
            and isinstance(descriptions, dict)
            and all(isinstance(entry, dict) and _is_texts(entry.get("features", []))
                    and all(isinstance(entry.get(key, ""), str) for key in _DESCRIPTION_TEXTS)
                    for entry in descriptions.values()))


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_person(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())
