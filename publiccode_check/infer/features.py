"""Features when a README has no features list or table: what the repository says of itself,
in its own words, reorganised (never a word it does not say).

- `from_sentences`: the sentences of the README's description (its tagline and opening
  text, else the sections under introduction headings further down) other than the short
  description, a clause each where a colon or semicolon parts them. Left out are those
  that send the reader elsewhere (`Check the [documentation] for more details`), say who
  made the software, ask, introduce what follows, only list names, or are too long for one
  line (`vocab/readme-headings.json`: `not_features`), and asides in brackets that only
  hold links.
- `from_sections`: the headings of capability sections: the sub-sections of a section that
  is not about setup, licence or contributing (a usage section may be), two or more, each
  written in prose without code (`IDE extensions` > `Syntax highlighting`, `Code formatting`).
- `from_manifest`: the description a package manifest gives of the software (pom.xml,
  package.json, pyproject.toml...), when it is in the README's language and says more than
  the short description.

`readme.py` offers them only when there is no features list, with a caveat: they are to
check and reword as what users can do with the software.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..text import grapheme_length
from ..vocab import load_vocab
from . import language, manifest_values
from .document import Block
from .manifests import toml_value
from .prose import heading_is, is_noise, sentence_spans

MAX_LETTERS = 250  # a longer sentence says too much for one feature
MAX_SENTENCES = 200  # the description is at the start of a README
MAX_WORDS_OF_HEADING = 8  # a longer heading is a sentence, not the name of a capability
MIN_SECTIONS = 2


def from_sentences(prose: Iterable[Block], short: str | None, limit: int) -> list[str]:
    """Features from the sentences of the description's paragraphs (at most `limit`). Only
    the first MAX_SENTENCES are read, and a sentence too long to be a feature is not split:
    the cost stays linear in a README's length."""
    out: list[str] = []
    folded_short = _folded(short) if short else None
    seen = {folded_short} if folded_short else set()
    read = 0
    for block in prose:
        spans = _link_spans(block)
        index = 0  # the first link not before the sentence: sentences and links come in order
        for start, end in sentence_spans(block.text):
            read += 1
            if read > MAX_SENTENCES:
                return out
            while index < len(spans) and spans[index][0] < start:
                index += 1
            links = []
            while index < len(spans) and spans[index][1] <= end:
                links.append(spans[index][2])
                index += 1
            sentence = block.text[start:end].strip()
            too_long = len(sentence) > 4 * MAX_LETTERS
            if too_long or (folded_short and _folded(sentence).startswith(folded_short)):
                continue  # too long for a feature, or the short description (perhaps cut)
            for clause in re.split(r"(?<=\w)[:;]\s+", sentence):
                feature = _feature(clause, links)
                if feature and _folded(feature) not in seen:
                    seen.add(_folded(feature))
                    out.append(feature)
                    if len(out) == limit:
                        return out
    return out


def _link_spans(block: Block) -> list[tuple[int, int, str]]:
    """Where the texts of a paragraph's links are in it (they come in order: one pass)."""
    out: list[tuple[int, int, str]] = []
    position = 0
    for text in block.linked:
        found = block.text.find(text, position)
        if found >= 0:
            out.append((found, found + len(text), text))
            position = found + len(text)
    return out


def _folded(text: str | None) -> str:
    """Text compared without case, accents, punctuation or a final full stop."""
    flat = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"\w+", flat)) or "\0"  # an empty text starts no other


def _feature(clause: str, linked: list[str]) -> str | None:
    """A sentence or clause as a feature, or None when it is no feature; `linked`: the texts
    of the sentence's links."""
    links = [text for text in linked if text in clause]
    for aside in re.findall(r"\s*\([^()]*\)", clause):
        if any(text in aside for text in links):
            clause = clause.replace(aside, "")  # `(like [this] and [that])`: examples elsewhere
            links = [text for text in links if text not in aside]
    text = " ".join(clause.split()).rstrip(" .,")
    words = re.findall(r"\w[\w'’-]*", text)
    if len(words) < 3 or grapheme_length(text) > MAX_LETTERS or text.endswith((":", "?", "…")) or \
            all(word[0].isupper() or word[0].isdigit() for word in words) or \
            re.search(r"https?://|www\.\w|@\w+\.\w", text) or not _about_the_software(text, links):
        return None
    return text[:1].upper() + text[1:]


def _about_the_software(text: str, links: list[str]) -> bool:
    """Not a sentence that sends the reader elsewhere (it starts with a verb such as `see`, or
    holds a link and a word such as `documentation`) nor one that says who made the software."""
    phrases = load_vocab("readme-headings")["not_features"]
    lowered = " {} ".format(" ".join(re.findall(r"[\w’']+", text.lower())))
    return not (any(lowered.startswith(f" {phrase} ") for phrase in phrases["starts"]) or
                any(f" {phrase} " in lowered for phrase in phrases["credits"]) or
                (links and any(f" {phrase} " in lowered for phrase in phrases["with_a_link"])))


def from_sections(parsed: list[Block], limit: int) -> tuple[list[str], str]:
    """The headings of the first section's sub-sections that read as capabilities, and that
    section's heading."""
    for start, end in _sections(parsed):
        if not _may_hold_capabilities(parsed[start]):
            continue
        children = _children(parsed[start + 1:end])
        if len(children) >= MIN_SECTIONS and all(_capability(heading, body) for heading, body in children):
            return [heading.text for heading, _ in children][:limit], parsed[start].text
    return [], ""


def _sections(parsed: list[Block]) -> list[tuple[int, int]]:
    """(index of a heading, index where its section ends), in one pass; each block is inside
    as many sections as there are heading levels above it, so reading them all stays linear."""
    ends: dict[int, int] = {}
    open_sections: list[int] = []
    for index, block in enumerate(parsed):
        if block.kind == "heading":
            while open_sections and parsed[open_sections[-1]].level >= block.level:
                ends[open_sections.pop()] = index
            open_sections.append(index)
    ends.update(dict.fromkeys(open_sections, len(parsed)))
    return sorted(ends.items())


def _may_hold_capabilities(block: Block) -> bool:
    """A section whose sub-sections may be capabilities: not one about setup, licence,
    features or the introduction, unless it is about how the software is used."""
    return heading_is(block, "usage") or not any(
        heading_is(block, kind) for kind in ("intro", "setup", "features", "license"))


def _children(inside: list[Block]) -> list[tuple[Block, list[Block]]]:
    """The sub-sections of a section: each heading of the highest level in it, and the
    blocks that follow that heading."""
    top = min((block.level for block in inside if block.kind == "heading"), default=0)
    out: list[tuple[Block, list[Block]]] = []
    for block in inside:
        if block.kind == "heading" and block.level == top:
            out.append((block, []))
        elif out:
            out[-1][1].append(block)
    return out


def _capability(heading: Block, body: list[Block]) -> bool:
    """A sub-section that reads as a capability: a short heading that is no setup step, over
    prose without code or deeper headings."""
    words = heading.text.split()
    if not words or len(words) > MAX_WORDS_OF_HEADING or re.search(r"https?://", heading.text) or \
            any(heading_is(heading, kind) for kind in ("setup", "license", "intro")):
        return False
    kinds = {block.kind for block in body}
    return "code" not in kinds and "heading" not in kinds and \
        any(block.kind == "paragraph" and not is_noise(block) for block in body)


def from_manifest(root: Path, tag: str, short: str | None) -> tuple[str, str] | None:
    """(feature, file) from the first package manifest whose description of the software is
    written in the language `tag` (short texts, whose language cannot be told, are not used)
    and is not the short description again."""
    for name, text in manifest_values(root, _DESCRIPTIONS):
        feature = _feature(text, [])
        if feature and language.detect(feature) == tag and \
                not (short and _folded(short).startswith(_folded(feature))):
            return feature, name
    return None


def _json_description(text: str) -> Any:
    return json.loads(text).get("description")


def _pom_description(text: str) -> Any:
    found = re.search(r"<description>([^<]{1,500})</description>", text)  # the project's comes first
    return found[1] if found else None


def _qgis_description(text: str) -> Any:
    lines = text.splitlines()
    return next((line.split("=", 1)[1] for line in lines if line.startswith("description=")), None)


def _pyproject_description(text: str) -> Any:
    return toml_value(text, "project", "description")


def _cargo_description(text: str) -> Any:
    return toml_value(text, "package", "description")


_DESCRIPTIONS: dict[str, Callable[[str], Any]] = {
    "pyproject.toml": _pyproject_description, "Cargo.toml": _cargo_description,
    "package.json": _json_description, "composer.json": _json_description, "pom.xml": _pom_description,
    "metadata.txt": _qgis_description,
}
