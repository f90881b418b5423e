"""The languages the software speaks, from its translation files: localisationReady and
availableLanguages (signs in `vocab/locale-signs.json`).

A language is a folder or file named by a language tag in a translations folder
(`locales/fr.json`, `i18n/de/`), a gettext catalogue (`locale/it/LC_MESSAGES/app.po`,
`po/nl.po`), a resource bundle (`messages_fr.properties`), an Android resource folder
(`res/values-de/`) or an iOS one (`fr.lproj/`). Only tags the IANA registry knows count.
gettext catalogues translate from English (their msgids), which has no catalogue of its own.
Without translation files, a module for internationalisation (`src/i18n.ts`) or a
translation library in the manifests (`@ngx-translate/core`, `symfony/translation`) still
says the software is ready for localisation, though not in which languages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from ..rules.languages import is_language_tag
from ..vocab import load_vocab
from . import Guess, tree
from .kind import counts
from .manifests import declares, dependencies

_TAG = re.compile(r"([a-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}|[A-Z][a-z]{3}))?")
_ANDROID = re.compile(r"values-([a-z]{2,3})(?:-r[A-Z]{2})?")
_IOS = re.compile(r"([a-z]{2,3})(?:[-_][A-Za-z]{2,4})?\.lproj")
MAX_LANGUAGES = 100


class Localisation(NamedTuple):
    ready: Guess[bool]  # localisationReady
    languages: Guess[list[str]] | None = None  # availableLanguages, when translation files tell them


def infer(root: Path, paths: list[str] | None = None) -> Localisation | None:
    """Whether the software is ready for localisation and the languages of its translation
    files, most files first; None when nothing tells; `paths`: the repository's files
    (`tree(root)`), when the caller has them already."""
    signs = load_vocab("locale-signs")
    paths = tree(root) if paths is None else paths
    found: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for path in paths:
        language, kind = _language(path.split("/"), signs)
        if language:
            found[language] += 1
            kinds[kind] += 1
    for language in _variants(paths, signs):
        found[language] += 1
        kinds["the same file in several languages"] += 1
    if not found:
        ready = _ready(root, paths, signs)
        return Localisation(Guess(True, f"from {ready}", "no translation file tells the languages it is "
                                  "available in: the description's language was written; add the others"),
                            None) if ready else None
    languages = [language for language, _ in found.most_common(MAX_LANGUAGES)]
    files = sum(found.values())
    source = f"from {files} translation file{'s' if files > 1 else ''} " \
             f"({', '.join(kind for kind, _ in kinds.most_common(3))})"
    caveat = None
    for kind, original in signs["sources"].items():
        if kind in kinds and original not in languages:
            languages.append(original)
            caveat = f"`{original}` is the language {kind} translate from, by convention: check that the " \
                     "software is written in it"
    return Localisation(Guess(True, source), Guess(languages, source, caveat))


def _ready(root: Path, paths: list[str], signs: dict[str, Any]) -> str | None:
    """What says the software is built to be translated, without translation files: a module
    for it (not under tests, examples, docs...: software-signs.json's `ignored`), or a
    translation library among the dependencies."""
    ready = signs["ready"]
    for sign in ready["paths"]:
        pattern = re.compile(sign["pattern"])
        found = next((path for path in paths if pattern.search(path) and counts(path)), None)
        if found:
            return f"{sign['what']} ({found})"
    declared = dependencies(root)
    for ecosystem, libraries in ready["dependencies"].items():
        library = next((name for name in libraries if declares(declared.get(ecosystem, set()), name)), None)
        if library:
            return f"the dependency on {library}, a translation library"
    return None


_VARIANT = re.compile(r"(.+?)[._-]([a-z]{2,3})((?:\.[A-Za-z0-9]+)+)")


def _variants(paths: list[str], signs: dict[str, Any]) -> list[str]:
    """The languages of files that come in several languages under one name, each named by
    its language after the same stem (`lexer_en.mli`, `lexer_fr.mli`; `Strings_nl.wxl`;
    `messages.fr.yaml`), outside tests, docs and examples, and not documents or media
    (`variants.not_extensions`), nor the gettext catalogues and bundles read already."""
    ours = set(load_vocab("languages")["languages"])
    skipped = {*signs["variants"]["not_extensions"], *signs["extensions"], *signs["bundles"]}
    groups: dict[tuple[str, str, str], set[str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        match = _VARIANT.fullmatch(name)
        if match and match[2] in ours and f".{match[3].rsplit('.', 1)[-1].lower()}" not in skipped and \
                counts(path):
            groups.setdefault((folder, match[1], match[3]), set()).add(match[2])
    return [language for languages in groups.values() if len(languages) > 1 for language in sorted(languages)]


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
