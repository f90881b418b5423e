"""The licence, as an SPDX expression: from package metadata, else from the licence text; where
the two disagree, the text wins (it is what binds) and a note says so. Without either, a
REUSE `LICENSES/` folder holding one licence, or the one SPDX identifier the README's
licence section names, with a caveat."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..rules.licenses import expression_problems
from ..text import clean
from ..vocab import load_vocab
from . import Guess, first_file, manifest_values, read_text
from .manifests import toml_value

if TYPE_CHECKING:
    from .document import Block

LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt",
                 "COPYING", "COPYING.md", "COPYING.txt")
LESSER_FILES = ("COPYING.LESSER", "COPYING.LESSER.md", "COPYING.LESSER.txt", "LICENSE.LESSER", "COPYING.LGPL",
                "LICENSE.LGPL")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_TOKEN = re.compile(r"[^\s()]+")


def infer(root: Path) -> tuple[Guess[str] | None, list[str]]:
    """The licence of the repository at `root`, and notes on what could not be used."""
    notes: list[str] = []
    declared = None
    for source, value in _declared(root):
        errors, deprecated = expression_problems(value)
        if errors:
            notes.append(clean(f"{source} gives the licence as `{value}`, which is not an SPDX expression "
                               f"({'; '.join(errors)}): it was not used"))
        elif declared is None:
            declared = Guess(_replaced(value, dict(deprecated)), f"from {source}",
                             f"`{value}` is deprecated in the SPDX list" if deprecated else None)
    text = _from_text(root)
    if declared is None:
        return text or _from_reuse(root, notes) or _from_readme(root), notes
    if text is not None and not _agree(declared.value, text.value):
        notes.append(f"{declared.source.removeprefix('from ')} says `{declared.value}` but "
                     f"{text.source.removeprefix('from ')} reads as `{text.value}`: the licence text was "
                     "used, since it is what binds; correct the metadata, or the licence if the text is "
                     "wrong")
        return text, notes
    return declared, notes


def identify(text: str) -> tuple[str, bool] | None:
    """The SPDX id of a licence text, and whether it is a GNU licence (whose text does not
    say `-only` or `-or-later`); None when the text is none of the known licences."""
    flat = f" {_NOT_ALNUM.sub(' ', text.lower())} "
    for entry in load_vocab("license-texts")["licenses"]:
        if all(f" {phrase} " in flat for phrase in entry["all"]) and \
                not any(f" {phrase} " in flat for phrase in entry.get("none", ())):
            return entry["id"], bool(entry.get("gnu"))
    return None


def _from_text(root: Path) -> Guess[str] | None:
    # the GNU Lesser GPL comes as the GPL's text plus its own, in COPYING.LESSER
    path = first_file(root, LESSER_FILES) or first_file(root, LICENSE_FILES)
    text = read_text(path) if path else None
    found = identify(text) if text else None
    if path is None or found is None:
        return None
    ident, gnu = found
    if not gnu:
        return Guess(ident, f"from {path.name}")
    stated = _gnu_statement(root, ident)
    if stated:
        expression, readme, quote = stated
        return Guess(expression, f"from {path.name}, the text of {ident}, and {readme}, which says “{quote}”")
    return Guess(f"{ident}-or-later", f"from {path.name}",
                 f"{path.name} is the text of {ident}, which is the same for `{ident}-only` and "
                 f"`{ident}-or-later`: `{ident}-or-later` was assumed; give `--license {ident}-only` "
                 "if later versions of the licence may not be used")


_GNU = re.compile(r"\b(?:(?:GNU\s+)?(?P<kind>Affero\s+|Lesser\s+|Library\s+)?General\s+Public\s+Licen[cs]e"
                  r"|(?P<short>[AL]?)GPL)[\s,(-]*(?:v(?:ersion)?\.?\s*)?(?P<version>[123](?:\.[01])?)(?![\d.]\d)"
                  r"(?P<scope>\+|-or-later\b|,?\s+or\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?(?:later|newer)\b"
                  r"|[-\s]only\b)?",
                  re.IGNORECASE)
_FAMILIES = {"affero": "AGPL", "lesser": "LGPL", "library": "LGPL", "a": "AGPL", "l": "LGPL"}


def _gnu_statement(root: Path, ident: str) -> tuple[str, str, str] | None:
    """(expression, README, its words) when the README says which versions of the GNU licence
    whose text is `ident` apply (`GNU General Public License version 2 or later` beside the
    text of the GPL 3), which the text itself cannot say."""
    family, version = ident.split("-")[0], float(ident.split("-")[1])
    readme, parsed = _main_readme(root)
    for text in (text for block in parsed for text in (block.text, *block.items)):
        for match in _GNU.finditer(text):
            named = _FAMILIES.get((match["kind"] or match["short"] or "").strip().lower(), "GPL")
            stated = float(match["version"])
            scope = (match["scope"] or "").strip().lower()
            only = scope.endswith("only")
            if named != family or not scope or stated > version or (only and stated != version):
                continue  # another licence, no scope, or versions the text does not allow
            expression = f"{family}-{stated:.1f}-{'only' if only else 'or-later'}"
            if not expression_problems(expression)[0]:
                return expression, readme, clean(" ".join(match.group().split()))
    return None


def _main_readme(root: Path) -> tuple[str, list[Block]]:
    """The name and the blocks of the main README (the first of `readme.readme_files`); no
    blocks without one."""
    from .document import blocks
    from .readme import readme_files, syntax

    path = next(iter(readme_files(root)), None)
    return ("", []) if path is None else (path.name, blocks(read_text(path) or "", syntax(path)))


def _from_reuse(root: Path, notes: list[str]) -> Guess[str] | None:
    """The licence of a REUSE `LICENSES/` folder (one file per licence, named by its id)."""
    try:
        ids = sorted(path.stem for path in (root / "LICENSES").iterdir() if path.is_file())
    except OSError:
        return None
    valid = [ident for ident in ids if not expression_problems(ident)[0]]
    if len(valid) == 1:
        return Guess(valid[0], "from LICENSES/, the licence folder of REUSE")
    if valid:
        notes.append(f"LICENSES/ holds several licences ({', '.join(valid)}): the one of the project is "
                     "to give")
    return None


def _from_readme(root: Path) -> Guess[str] | None:
    """The one SPDX identifier written in the licence section of the README, if there is one."""
    from .prose import heading_is

    readme, parsed = _main_readme(root)
    level = 0
    found: set[str] = set()
    for block in parsed:
        if block.kind == "heading":
            if level and block.level <= level:
                break
            level = level or (block.level if heading_is(block, "license") else 0)
        elif level:
            found |= {token.rstrip(".,;:") for text in (block.text, *block.items)
                      for token in _SPDX_LIKE.findall(text)}
    ids = {token for token in found if not expression_problems(token)[0]}
    if len(ids) != 1:
        return None
    ident = ids.pop()
    return Guess(_replaced(ident, dict(expression_problems(ident)[1])),
                 f"from the licence section of {readme}",
                 f"{readme} names it, but the repository has no licence text: add one (a LICENSE "
                 "file with the licence's full text)")


_SPDX_LIKE = re.compile(r"\b(?=[A-Za-z0-9.+-]*[A-Z])(?:[A-Za-z][A-Za-z0-9.+]*-[A-Za-z0-9.+-]+|[A-Z]{3,})\b")


def _declared(root: Path) -> Iterator[tuple[str, str]]:
    """(file, licence) as package metadata declares it."""
    return manifest_values(root, _METADATA)


def _pyproject(text: str) -> Any:
    license = toml_value(text, "project", "license")
    return license.get("text") if isinstance(license, dict) else license


def _package_json(text: str) -> Any:
    license = json.loads(text).get("license")
    return license.get("type") if isinstance(license, dict) else license  # the old {type, url} form


def _cargo(text: str) -> Any:
    license = toml_value(text, "package", "license")
    return license.replace("/", " OR ") if isinstance(license, str) else None  # Cargo's old `A/B`


def _composer(text: str) -> Any:
    license = json.loads(text).get("license")
    return " OR ".join(license) if isinstance(license, list) else license  # a list means a choice


_METADATA: dict[str, Callable[[str], Any]] = {
    "pyproject.toml": _pyproject, "package.json": _package_json, "Cargo.toml": _cargo,
    "composer.json": _composer,
}


def _replaced(expression: str, replacements: dict[str, str]) -> str:
    """`expression` with deprecated ids replaced by their SPDX successors, where there is one."""
    def replace(match: re.Match[str]) -> str:
        new = replacements.get(match.group())
        return new if new and not expression_problems(new)[0] else match.group()

    return _TOKEN.sub(replace, expression)


def _agree(declared: str, detected: str) -> bool:
    """Whether the declared expression names the licence the text was read as."""
    base = detected.removesuffix("-or-later")
    return any(token.rstrip("+").removesuffix("-only").removesuffix("-or-later") == base
               for token in _TOKEN.findall(declared))
