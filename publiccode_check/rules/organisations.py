"""Who publishes and funds the software, and what it supports: URIs, aliases and the codes
of Italian public administrations (`urn:x-italian-pa:CODE`, `IT.riuso.codiceIPA`), checked
offline against the shipped copy of the IndicePA list (`vocab/it-ipa-codes.txt.gz`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import KeyPath, Problem
from ..rule import error, warning
from ..vocab import IPA_ABOUT, italian_pa_codes, load_vocab
from .urls import split_url

ORGANISATION_URI = error("organisation-uri", "Organisations are identified by a URL with a host or a URN.")
FUNDER_NAME = warning("funder-name", "Each funding organisation should have a name.")
SUPPORTS_ID = error("supports-id", "`supports` ids are a known alias:NAME, a URL with a host or a URN.")
ITALIAN_PA_CODE = error("italian-pa-code", "Codes of Italian public administrations (urn:x-italian-pa:, "
                        "codiceIPA) are in the index of the administrations (IndicePA).")
RULES = (ORGANISATION_URI, FUNDER_NAME, SUPPORTS_ID, ITALIAN_PA_CODE)

_URN = re.compile(r"urn:[a-z0-9][a-z0-9-]{0,31}:[^\s]+", re.IGNORECASE)
_ITALIAN_PA = re.compile(r"urn:x-italian-pa:(?P<code>.+)", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?![0-9])")  # not `host:port`
IPA_CODE_KEYS = ("IT.riuso.codiceIPA", "it.riuso.codiceIPA")


def is_organisation_uri(value: str) -> bool:
    return bool(_URN.fullmatch(value)) or split_url(value) is not None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in ("organisation.uri", "fundedBy[].uri"):
        for path, value in doc.find(pattern):
            if not isinstance(value, str):
                continue
            if not is_organisation_uri(value):
                yield ORGANISATION_URI.at(doc, path, _not_accepted(value, "an organisation's URI"),
                                          hint="e.g. https://www.example.gov/ or urn:x-italian-pa:c_h501")
            elif italian := _ITALIAN_PA.fullmatch(value):
                yield from _italian_pa(doc, path, italian["code"])
    for pattern in IPA_CODE_KEYS:
        for path, value in doc.find(pattern):
            if isinstance(value, str):
                yield from _italian_pa(doc, path, value)
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
    elif not is_organisation_uri(value):
        yield SUPPORTS_ID.at(doc, path, _not_accepted(value, "a `supports` id", "an alias:NAME, "),
                             hint="use alias:NAME from the standard's list, or the address or URN of the "
                             "standard, regulation or system")


def _not_accepted(value: str, what: str, alias: str = "") -> str:
    """Why `value` is refused, without calling a valid URI of another kind (mailto:) invalid."""
    wanted = f"{what} must be {alias}a URL with a host (https://...) or a URN (urn:...)"
    scheme = _SCHEME.match(value)
    if scheme and scheme[1].lower() == "urn":
        return f"`{value}` is not a complete URN (urn:NAMESPACE:IDENTIFIER): {wanted}"
    if scheme and scheme[1].lower() in ("http", "https"):
        return f"`{value}` has no host: {wanted}"
    if scheme:
        return f"`{value}` is a `{scheme[1]}:` URI, but {wanted}"
    return f"`{value}` is not a URI: {wanted}"


def _italian_pa(doc: Document, path: KeyPath, code: str) -> Iterator[Problem]:
    """An error unless `code` is in the shipped IndicePA list (without regard to case)."""
    if not code.strip():
        yield ITALIAN_PA_CODE.at(doc, path, "the IPA code is empty",
                                 hint="write the administration's code from IndicePA, or remove the key")
    elif code.lower() not in italian_pa_codes():
        taken = load_vocab(IPA_ABOUT.stem)["date"]
        yield ITALIAN_PA_CODE.at(doc, path, f"`{code}` is not the code of an Italian public administration "
                                 f"in the index of the administrations (IndicePA, as of {taken})",
                                 hint="look the administration up on www.indicepa.gov.it and write its "
                                 "IPA code, e.g. urn:x-italian-pa:c_h501 for Roma Capitale")
