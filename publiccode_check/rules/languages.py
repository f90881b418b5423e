"""Language tags: description keys and availableLanguages are valid BCP 47 tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..document import Document
from ..problem import Fix, KeyPath, Problem, rename_key, set_value
from ..rule import error
from ..schema import schema

LANGUAGE = error("language-tag", "Languages are given as BCP 47 tags (en, it, de-CH...).", fix="safe")
NO_LANGUAGE = error("description-language", "Descriptions are grouped by language: description → en → ...")
RULES = (LANGUAGE, NO_LANGUAGE)


_SIMPLE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(-(?P<script>[A-Za-z]{4}))?(-(?P<region>[A-Za-z]{2}|[0-9]{3}))?")
_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")
# Deprecated subtags are still valid tags (RFC 5646, 2.2.9), as the reference validator reads them.
_DEPRECATED = {1, 11}


@cache
def _subtags(kind: str) -> dict[str, int]:
    """One table of the IANA registry as language-tags ships it (small, fast to load).

    Read from the package's data folder without importing the package, whose import
    loads the whole registry.
    """
    import json
    from importlib.util import find_spec

    spec = find_spec("language_tags")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("language-tags is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads((folder / "data" / "json" / f"{kind}.json").read_text(encoding="utf-8"))


def is_language_tag(value: str) -> bool:
    """BCP 47 validity against the IANA registry (language-tags).

    Tags made of a language, an optional script and an optional region, nearly all of them
    in practice, are looked up in the registry's small tables; a tag that is not even made
    of 1-8 letter or digit subtags (`en_GB`) is rejected at once; the others go through the
    full parser, whose registry takes a while to load.
    """
    simple = _SIMPLE.fullmatch(value)
    if simple:
        return all(simple[kind] is None or simple[kind].lower() in _subtags(kind)
                   for kind in ("language", "script", "region"))
    if not all(_SUBTAG.fullmatch(part) for part in value.split("-")):
        return False
    from language_tags import tags

    return all(error.code in _DEPRECATED for error in tags.tag(value).errors)


def _hyphenated(value: str) -> str | None:
    """`en_GB` -> `en-GB`: the one spelling of a tag written with underscores, if it is valid."""
    tag = value.replace("_", "-")
    return tag if "_" in value and is_language_tag(tag) else None


def _hint(value: str, tag: str | None) -> str:
    """How to write `value` as a tag; `tag`: its `_hyphenated` spelling, if valid."""
    if tag:
        return f"BCP 47 separates subtags with a hyphen: `{tag}`"
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
                yield NO_LANGUAGE.at(doc, path, f"`{key}` is placed directly under `description`, "
                                  "but descriptions are given per language",
                                  hint=f"add a language level: description → en → {key}",
                                  on_key=True)
            else:
                tag = _hyphenated(key)
                fix = Fix((rename_key(path, tag),)) if tag and tag not in description else None
                yield LANGUAGE.at(doc, path, f"the description language `{key}` is not a valid "
                                  "BCP 47 language tag", hint=_hint(key, tag), on_key=True, fix=fix)
    for path, value in doc.find("localisation.availableLanguages[]"):
        if isinstance(value, str) and not is_language_tag(value):
            tag = _hyphenated(value)
            yield LANGUAGE.at(doc, path, f"`{value}` is not a valid BCP 47 language tag",
                              hint=_hint(value, tag), fix=Fix((set_value(path, tag),)) if tag else None)
