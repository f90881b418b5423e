"""Language tags: description keys and availableLanguages are valid BCP 47 tags."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..document import Document
from ..problem import KeyPath, Problem
from ..rule import error
from ..schema import schema

LANGUAGE = error("language-tag", "Languages are given as BCP 47 tags (en, it, de-CH...).")
RULES = (LANGUAGE,)


@cache
def _tags() -> Any:
    from language_tags import tags

    return tags


def is_language_tag(value: str) -> bool:
    return _tags().check(value)


def _hint(value: str) -> str:
    if "_" in value and is_language_tag(value.replace("_", "-")):
        return f"BCP 47 separates subtags with a hyphen: `{value.replace('_', '-')}`"
    if len(value) == 3 and value.isalpha():
        return "use the shortest ISO 639 code, e.g. `en` rather than `eng`, `it` rather than `ita`"
    return "use a BCP 47 tag such as `en`, `it`, `de-CH` or `pt-BR`"


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    description = doc.data.get("description")
    fields = schema()["$defs"]["description"]["properties"]
    if isinstance(description, dict):
        for key in description:
            if is_language_tag(key):
                continue
            path: KeyPath = ("description", key)
            if key in fields:
                yield LANGUAGE.at(doc, path, f"`{key}` is placed directly under `description`, "
                                  "but descriptions are given per language",
                                  hint=f"add a language level: description → en → {key}",
                                  on_key=True)
            else:
                yield LANGUAGE.at(doc, path, f"the description language `{key}` is not a valid "
                                  "BCP 47 language tag", hint=_hint(key), on_key=True)
    for path, value in doc.find("localisation.availableLanguages[]"):
        if isinstance(value, str) and not is_language_tag(value):
            yield LANGUAGE.at(doc, path, f"`{value}` is not a valid BCP 47 language tag",
                              hint=_hint(value))
