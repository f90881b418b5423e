"""The description from the READMEs, one per language: a short and a long description,
the features, and the product's name from the title.

Every README at the top (`README.md`, `README.en.md`, `README.EN.md`, `LEGGIMI.md`...) and
in `docs/` is read as a document (`document.py`). Its language comes from its name
(`README.fr.md`, `LEGGIMI`) or, failing that, from its prose (`language.py`); the first
README in each language gives that language's description. Badges, rows of links, notes,
quotes, tables of contents, code and setup instructions are not description: the opening
text is the prose from the title to the first heading that is not an introduction
(`vocab/readme-headings.json`), the short description its first sentence (or the title's
tagline), the features the list or table under a features heading in any language. Without
one, the features are derived from what the README says of itself (`features.py`): a list
in its description, else the other sentences of its description, else the headings of its
capability sections; each such source is said, for the user to check.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ..schema import schema
from ..text import grapheme_length
from ..vocab import load_vocab
from . import Guess, read_text
from . import features as derived
from . import language as detection
from .document import Block, blocks
from .prose import cut, first_sentence, heading_is, is_noise

README_NAME = re.compile(r"(readme|leggimi|leesmij|lisezmoi|liesmich|läsmig|lueminut)"
                         r"(?:[._-]([a-z]{2,3}(?:[-_][a-z]{2})?))?", re.IGNORECASE)  # without extension
_EXTENSION = re.compile(r"\.(md|markdown|mdown|rst|txt)$", re.IGNORECASE)
NAME_LANGUAGES = {"leggimi": "it", "leesmij": "nl", "lisezmoi": "fr", "liesmich": "de", "läsmig": "sv",
                  "lueminut": "fi"}
MAX_FEATURES = 20  # the standard suggests 5 to 20
OPENING_LETTERS = 200  # an opening text this long tells the README's language better than all its prose


class Description(NamedTuple):
    language: Guess[str]
    short: Guess[str] | None = None
    long: Guess[str] | None = None
    features: Guess[list[str]] | None = None
    source: str = ""  # the README it comes from
    notes: tuple[tuple[str, str], ...] = ()  # (short, long or features; why it was not found)


class Readme(NamedTuple):
    descriptions: tuple[Description, ...] = ()  # the main README's language first
    name: Guess[str] | None = None


def infer(root: Path) -> Readme:
    found: dict[str, Description] = {}
    name = None
    for path in readme_files(root):
        text = read_text(path)
        if not text:
            continue
        source = path.relative_to(root).as_posix()
        written = syntax(path)
        parsed = blocks(text, written)
        title, rest = _title(parsed, written == "plain")
        opening = _opening(rest, written == "plain")
        language = _language(path, parsed, opening.paragraphs, source)
        if language is None or language.value in found:
            continue
        if name is None and title:
            name = _name(title, source)
        found[language.value] = _describe(root, language, rest, opening, source)
    return Readme(tuple(found.values()), name)


def readme_files(root: Path) -> list[Path]:
    """The READMEs at the top, then in docs/: the one without a language first, then variants."""
    out: list[Path] = []
    for directory in (root, root / "docs"):
        try:
            entries = [entry for entry in directory.iterdir() if entry.is_file() and _readme_name(entry)]
        except OSError:
            continue
        out += sorted(entries, key=lambda entry: (bool(_readme_name(entry)[2]),  # type: ignore[index]
                                                    entry.suffix.lower() not in (".md", ".rst"), entry.name))
    return out


def _readme_name(path: Path) -> re.Match[str] | None:
    """(base name, language) of a README's name (`README.fr.md` -> README, fr), if it is one."""
    return README_NAME.fullmatch(_EXTENSION.sub("", path.name))


def syntax(path: Path) -> str:
    suffix = path.suffix.lower()
    return "rst" if suffix == ".rst" else "markdown" if suffix in (".md", ".markdown", ".mdown") else "plain"


def _language(path: Path, parsed: list[Block], opening: list[str], source: str) -> Guess[str] | None:
    """The README's language: from its name, else detected in its opening text (a README in
    two languages opens in its first), else in all its prose; None when a variant's cannot be
    told (the main README's is then assumed to be English, with a caveat)."""
    match = _readme_name(path)
    tag = (match[2] or "").replace("_", "-") if match else ""
    ours = set(load_vocab("languages")["languages"])
    if tag.split("-")[0].lower() in ours:
        return Guess(tag.split("-")[0].lower(), f"from the name {source}")
    if match and match[1].lower() in NAME_LANGUAGES:
        return Guess(NAME_LANGUAGES[match[1].lower()], f"from the name {source}")
    prose = "\n".join(block.text for block in parsed if block.kind == "paragraph" and block.links < 0.5)
    text = "\n".join(opening)
    detected = (detection.detect(text) if sum(char.isalpha() for char in text) >= OPENING_LETTERS
                else None) or detection.detect(prose)
    if detected:
        return Guess(detected, f"the language of {source}")
    if match and match[2]:
        return None
    why = "its text is too short or mixed" if detection.available() else \
        "pycld2 is not installed on this platform"
    return Guess("en", "a default", f"the language of {source} could not be told ({why}): `en` was assumed; "
                 "check it, and give --language if it is another")


def _describe(root: Path, language: Guess[str], parsed: list[Block], found: _Opening,
              source: str) -> Description:
    tag = language.value
    notes: list[tuple[str, str]] = []
    short = long = None
    if found.paragraphs:
        short = _short(found.paragraphs[0], source)
        long = _long(found.paragraphs, f"the opening paragraphs of {source}")
        if long is None and found.tagline:  # the tagline says more of it
            long = _long([found.tagline, *found.paragraphs],
                         f"the tagline and opening paragraphs of {source}")
        if long is None:
            length = grapheme_length("\n\n".join(filter(None, [found.tagline, *found.paragraphs])))
            notes.append(("long", f"the opening text of {source} has {length} characters and a long "
                          f"description needs at least {limits()[1]}: the long description in `{tag}` is to "
                          "fill in"))
    elif found.tagline:
        short = _short(found.tagline, source)
    if short is None:
        notes.append(("short", f"{source} has no opening text before its setup instructions: the short "
                      f"description in `{tag}` is to fill in"))
        notes.append(("long", f"{source} has no opening text: the long description in `{tag}` is to fill in"))
    features = _features(root, parsed, found, short.value if short else None, source, tag)
    if features is None:
        notes.append(("features", f"{source} has no list or table under a features heading (Features, "
                      f"Funzionalità, Fonctionnalités, Functies...), and no other sentence or capability "
                      f"section to derive them from: the features in `{tag}` are to fill in"))
    return Description(language, short, long, features, source, tuple(notes))


_DERIVED = "derived from the README's own words, not from a features list: check that each is something " \
    "users can do with the software, and reword or remove it"


def _features(root: Path, parsed: list[Block], found: _Opening, short: str | None, source: str,
              tag: str) -> Guess[list[str]] | None:
    """The features: the features section's list or table, else what the README says of
    itself (a list in its description, its other sentences, its capability sections), else
    the description of a package manifest in the README's language."""
    items, heading = _features_section(parsed)
    if items:
        return Guess(items, f"from the \"{heading}\" section of {source}")
    if found.listed:
        return Guess(found.listed[:MAX_FEATURES], f"from the list in the description of {source}", _DERIVED)
    for prose, where in ((found.prose, "opening text"), (found.later, "introduction sections")):
        sentences = derived.from_sentences(prose, short, MAX_FEATURES)
        if sentences:
            return Guess(sentences, f"from the sentences of {source}'s {where}", _DERIVED)
    headings, section = derived.from_sections(parsed, MAX_FEATURES)
    if headings:
        return Guess(headings, f"from the sub-headings of the \"{section}\" section of {source}", _DERIVED)
    described = derived.from_manifest(root, tag, short)
    if described:
        return Guess([described[0]], f"from the description in {described[1]}", _DERIVED)
    return None


def _title(parsed: list[Block], plain: bool) -> tuple[str | None, list[Block]]:
    """The title (a first heading before any prose, or a plain text's first short line) and
    the blocks after it."""
    for index, block in enumerate(parsed):
        if block.kind == "heading":
            return block.text, parsed[index + 1:]
        if block.kind == "paragraph" and plain and len(block.text) <= 60 and block.unlinked and \
                not block.text.endswith("."):
            return block.text, parsed[index + 1:]  # a plain text's first short line
        if block.kind == "paragraph" and not is_noise(block):
            return None, parsed
    return None, parsed


_CUT = re.compile(r"\s+[—–-]\s+|:\s+|\s*\(")


def _name(title: str, source: str) -> Guess[str] | None:
    """The product's name in a title (`IO — the app of public services` -> `IO`), unless the
    title is a phrase rather than a name, or a heading such as `About the register`."""
    if heading_is(Block("heading", title), "intro"):
        return None
    name = _CUT.split(re.sub(r"https?://\S+", "", title), 1)[0].strip(" .,;:!?-–—|")
    words = name.split()
    lowercase = [word for word in words if len(word) > 3 and word[0].islower()]
    if not words or len(words) > 5 or len(lowercase) > 1 or not any(char.isalpha() for char in name):
        return None
    return Guess(name, f"from the title of {source}")


class _Opening(NamedTuple):
    paragraphs: list[str]  # the opening text: paragraphs, and the lists among them as Markdown
    tagline: str | None
    listed: list[str]  # the items of the first list in the description
    prose: list[Block]  # the tagline and the opening's paragraphs
    later: list[Block]  # the paragraphs under introduction headings after the opening


def _opening(parsed: list[Block], plain: bool) -> _Opening:
    """The opening prose (paragraphs, and the lists among them as Markdown), the tagline (a
    first paragraph all in emphasis, or a plain text's first line over lines of details), the
    items of the first list in the description, and the description's paragraphs, which go
    on in the sections under introduction headings further down."""
    out: list[str] = []
    tagline: Block | None = None
    listed: list[str] = []
    prose: list[Block] = []
    end = len(parsed)
    for index, block in enumerate(parsed):
        if block.kind == "heading":
            if heading_is(block, "intro"):
                continue
            if out or heading_is(block, "setup") or heading_is(block, "features"):
                end = index
                break
        elif block.kind == "paragraph":
            if is_noise(block):
                continue
            if not out and (block.emphasis or (plain and _details(block))):
                tagline = tagline or (block if block.emphasis else block._replace(text=block.lines[0]))
                continue
            out.append(block.text)
            prose.append(block)
        elif block.kind == "list" and out and not block.anchors and \
                not any(re.search(r"https?://", item) for item in block.items):
            out.append("\n".join(f"- {item}" for item in block.items))
            listed = listed or _listed(block)
        elif block.kind == "code" and out:
            end = index
            break
    while out and out[-1].endswith(":") and not out[-1].startswith("- "):
        out.pop()  # it introduced what was left out
    later, later_listed = _introductions(parsed[end:])
    return _Opening(out, tagline.text if tagline else None, [item for item in listed or later_listed if item],
                    ([tagline] if tagline else []) + prose, later)


def _details(block: Block) -> bool:
    """Lines of a plain text that are no prose: short, none ending a sentence (a tagline over
    a version, a licence, an author)."""
    return len(block.lines) > 1 and all(len(line) <= 60 and not line.endswith((".", "!", "?"))
                                        for line in block.lines)


def _introductions(parsed: list[Block]) -> tuple[list[Block], list[str]]:
    """The paragraphs under introduction headings (`What it does`), and the items of the first
    list there."""
    prose: list[Block] = []
    listed: list[str] = []
    inside = False
    for block in parsed:
        if block.kind == "heading":
            inside = heading_is(block, "intro")
        elif inside and block.kind == "paragraph" and not is_noise(block):
            prose.append(block)
        elif inside and block.kind == "list" and not listed and not block.anchors and prose:
            listed = _listed(block)
    return prose, listed


def _features_section(parsed: list[Block]) -> tuple[list[str], str]:
    """The items of the lists and tables in the first features section that has any."""
    items: list[str] = []
    level = 0
    heading = ""
    for block in parsed:
        if block.kind == "heading":
            if level and block.level <= level:
                if items:
                    break
                level = 0
            if not level and heading_is(block, "features"):
                level, heading = block.level, block.text
        elif level and block.kind in ("list", "table") and not block.anchors:
            items += [_feature(item) for item in block.items]
    return [item for item in items if item][:MAX_FEATURES], heading


def _listed(block: Block) -> list[str]:
    """The items of a list in the description that may be features: not single words (the
    names of interfaces, a technology stack)."""
    return [_feature(item) for item in block.items if len(item.split()) > 1]


def _feature(item: str) -> str:
    """A list item or a table row as a feature: one line, two cells as `name: detail`."""
    cells = [cell.strip() for cell in item.split(" | ")]
    text = f"{cells[0]}: {cells[1]}" if len(cells) == 2 and cells[1] else cells[0]
    text = " ".join(text.split()).strip(" ;,")
    return first_sentence(text) if grapheme_length(text) > 200 else text


def limits() -> tuple[int, int, int]:
    """The standard's limits: shortDescription at most, longDescription at least and at most."""
    fields = schema()["$defs"]["description"]["properties"]
    return (fields["shortDescription"]["maxLength"], fields["longDescription"]["minLength"],
            fields["longDescription"]["maxLength"])


def _short(paragraph: str, source: str) -> Guess[str]:
    sentence = first_sentence(paragraph)
    limit = limits()[0]
    length = grapheme_length(sentence)
    if length <= limit:
        return Guess(sentence, f"from the first sentence of {source}")
    return Guess(cut(sentence, limit), f"from the first sentence of {source}",
                 f"the sentence has {length} characters and a short description at most {limit}: "
                 "it was cut after the last whole word that fits; check that it still reads well")


def _long(opening: list[str], source: str) -> Guess[str] | None:
    """The paragraphs as a long description, the last ones left out beyond its maximum; None
    when they are too short for one."""
    _, minimum, maximum = limits()
    text = "\n\n".join(opening)
    length = grapheme_length(text)
    if length < minimum:
        return None
    if length <= maximum:
        return Guess(text, f"from {source}")
    kept = opening[0] if grapheme_length(opening[0]) <= maximum else cut(opening[0], maximum)
    for paragraph in opening[1:]:
        if grapheme_length(f"{kept}\n\n{paragraph}") > maximum:
            break
        kept = f"{kept}\n\n{paragraph}"
    return Guess(kept, f"from {source}",
                 f"they have {length} characters and a long description at most {maximum}: "
                 "the last paragraphs were left out")


