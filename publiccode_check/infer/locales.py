"""The languages the software speaks, from its translation files: localisationReady and
availableLanguages (signs in `vocab/locale-signs.json`).

A language is a folder or file named by a language tag in a translations folder
(`locales/fr.json`, `i18n/de/`), a gettext catalogue (`locale/it/LC_MESSAGES/app.po`,
`po/nl.po`), a resource bundle (`messages_fr.properties`), an Android resource folder
(`res/values-de/`) or an iOS one (`fr.lproj/`). Only tags the IANA registry knows count.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..rules.languages import is_language_tag
from ..vocab import load_vocab
from . import Guess, tree

_TAG = re.compile(r"([a-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}|[A-Z][a-z]{3}))?")
_ANDROID = re.compile(r"values-([a-z]{2,3})(?:-r[A-Z]{2})?")
_IOS = re.compile(r"([a-z]{2,3})(?:[-_][A-Za-z]{2,4})?\.lproj")
MAX_LANGUAGES = 100


def infer(root: Path, paths: list[str] | None = None) -> Guess[list[str]] | None:
    """The languages of the translation files, most files first; None when there are none;
    `paths`: the repository's files (`tree(root)`), when the caller has them already."""
    signs = load_vocab("locale-signs")
    found: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for path in tree(root) if paths is None else paths:
        language, kind = _language(path.split("/"), signs)
        if language:
            found[language] += 1
            kinds[kind] += 1
    if not found:
        return None
    languages = [language for language, _ in found.most_common(MAX_LANGUAGES)]
    files = sum(found.values())
    return Guess(languages, f"from {files} translation file{'s' if files > 1 else ''} "
                 f"({', '.join(kind for kind, _ in kinds.most_common(3))})")


def _language(parts: list[str], signs: dict[str, list[str]]) -> tuple[str | None, str]:
    """The language a path is a translation into, and the kind of sign; (None, "") if none."""
    name = parts[-1]
    stem, _, extension = name.rpartition(".")
    extension = f".{extension}".lower()
    if extension in signs["extensions"]:
        if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
            return _tag(parts[-3], signs), "gettext catalogues"
        return _tag(stem, signs), "gettext catalogues"
    if extension in signs["bundles"] and "_" in stem:
        return _tag(stem.split("_", 1)[1], signs), "resource bundles"
    for index, part in enumerate(parts[:-1]):
        if (match := _ANDROID.fullmatch(part)) and index and parts[index - 1] == "res":
            return _tag(match[1], signs), "Android resources"
        if match := _IOS.fullmatch(part):
            return _tag(match[1], signs), "iOS resources"
        if part.lower() in signs["folders"] and index + 1 < len(parts):
            following = parts[index + 1]
            return _tag(following if index + 2 < len(parts) else following.split(".")[0], signs), \
                f"{part}/ folders"
    return None, ""


def _tag(text: str, signs: dict[str, list[str]]) -> str | None:
    """The primary language of a tag written in a file name (`fr_FR` -> `fr`), if it is one."""
    match = _TAG.fullmatch(text)
    if not match or match[1] in signs["not_languages"]:
        return None
    return match[1] if is_language_tag(match[1]) else None
