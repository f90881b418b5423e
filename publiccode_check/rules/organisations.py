"""Who publishes and funds the software, and what it supports: URIs and aliases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import KeyPath, Problem
from ..rule import error, warning
from ..vocab import load_vocab
from .urls import split_url

ORGANISATION_URI = error("organisation-uri", "Organisations are identified by a URL or a URN.")
FUNDER_NAME = warning("funder-name", "Each funding organisation should have a name.")
SUPPORTS_ID = error("supports-id", "`supports` ids are a known alias:NAME or a URI.")
RULES = (ORGANISATION_URI, FUNDER_NAME, SUPPORTS_ID)

_URN = re.compile(r"urn:[a-z0-9][a-z0-9-]{0,31}:[^\s]+", re.IGNORECASE)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


def is_organisation_uri(value: str) -> bool:
    return bool(_URN.fullmatch(value)) or split_url(value) is not None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in ("organisation.uri", "fundedBy[].uri"):
        for path, value in doc.find(pattern):
            if isinstance(value, str) and not is_organisation_uri(value):
                yield ORGANISATION_URI.at(
                    doc, path, f"`{value}` is neither a URL with a host nor a URN",
                    hint="e.g. https://www.example.gov/ or urn:x-italian-pa:c_h501")
    for path, funder in doc.find("fundedBy[]"):
        if isinstance(funder, dict) and not funder.get("name"):
            yield FUNDER_NAME.at(doc, path, "this funding organisation has no `name`",
                                 hint="add `name:` with the organisation's name")
    for path, value in doc.find("supports[].id"):
        if isinstance(value, str):
            yield from _supports(doc, path, value)


def _supports(doc: Document, path: KeyPath, value: str) -> Iterator[Problem]:
    aliases = load_vocab("aliases")
    if value.startswith("alias:"):
        name = value[len("alias:"):]
        if name not in aliases:
            known = ", ".join(f"alias:{a}" for a in aliases)
            yield SUPPORTS_ID.at(doc, path, f"`{value}` is not in the standard's list of "
                                 f"aliases ({known})",
                                 hint="use a listed alias, or the URI of the resource")
    elif value.lower() in aliases:
        yield SUPPORTS_ID.at(doc, path, f"`{value}` is neither an alias nor a URI",
                             hint=f"write alias:{value.lower()}")
    elif not (_URN.fullmatch(value) or (_URI.fullmatch(value) and split_url(value))):
        yield SUPPORTS_ID.at(doc, path, f"`{value}` is neither an alias:NAME nor a valid URI",
                             hint="use alias:NAME from the standard's list, or a full URL or URN")
