"""Country codes: ISO 3166-1 alpha-2 (plus XK), upper case."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..document import Document
from ..problem import Fix, Problem, set_value
from ..rule import error, warning
from ..text import suggest

COUNTRY = error("country-code", "Countries are ISO 3166-1 alpha-2 codes in upper case.", fix="safe")
LOWERCASE_COUNTRY = warning("lowercase-country-code", "Lower-case country codes are deprecated.", fix="safe")
RULES = (COUNTRY, LOWERCASE_COUNTRY)

PATTERNS = ("intendedAudience.countries[]", "intendedAudience.unsupportedCountries[]")


@cache
def country_codes() -> frozenset[str]:
    from iso3166 import countries_by_alpha2

    return frozenset(countries_by_alpha2) | {"XK"}


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    codes = country_codes()
    for pattern in PATTERNS:
        for path, value in doc.find(pattern):
            if not isinstance(value, str) or value in codes:
                continue
            upper = Fix((set_value(path, value.upper()),))
            if value.upper() in codes and value == value.lower():
                yield LOWERCASE_COUNTRY.at(doc, path, f"the lower-case country code `{value}` is "
                                           "deprecated since version 0.5",
                                           hint=f"write `{value.upper()}`", fix=upper)
            elif value.upper() in codes:
                yield COUNTRY.at(doc, path, f"`{value}` mixes upper and lower case",
                                 hint=f"write `{value.upper()}`", fix=upper)
            else:
                guess = suggest(value.upper(), codes) if len(value) == 2 else None
                yield COUNTRY.at(doc, path, f"`{value}` is not an ISO 3166-1 alpha-2 country code",
                                 hint=f"did you mean `{guess}`?" if guess else
                                 "use two letters, e.g. IT, DE, FR, NL")
