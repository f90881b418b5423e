"""A description from the README: its first sentence, its opening paragraphs, its features.

The README is read as Markdown, reStructuredText or plain text, as far as a description
needs: headings (`#`, underlined, or HTML `<h1>`), paragraphs and list items; code, tables,
directives, badges, images, HTML and link syntax are left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ..schema import schema
from ..text import grapheme_length
from . import Guess, first_file, read_text

README_FILES = ("README.md", "README.rst", "README.txt", "README", "README.markdown")
FEATURE_HEADING = re.compile(r"\b(features|funzionalità|caratteristiche)\b", re.IGNORECASE)


class Description(NamedTuple):
    short: Guess[str] | None = None
    long: Guess[str] | None = None
    features: Guess[list[str]] | None = None
    notes: tuple[tuple[str, str], ...] = ()  # (long or features, why it was not found)


class _Block(NamedTuple):
    kind: str  # heading, paragraph, list or other (code, a table, a quote, a directive)
    text: str = ""  # a paragraph or heading, as plain text
    level: int = 0  # a heading's level
    items: tuple[str, ...] = ()  # a list's top-level items, as plain text


def limits() -> tuple[int, int, int]:
    """The standard's limits: shortDescription at most, longDescription at least and at most."""
    fields = schema()["$defs"]["description"]["properties"]
    return (fields["shortDescription"]["maxLength"], fields["longDescription"]["minLength"],
            fields["longDescription"]["maxLength"])


def infer(root: Path) -> Description:
    path = first_file(root, README_FILES)
    text = read_text(path) if path else None
    if path is None or text is None:
        return Description()
    blocks = list(_blocks(text))
    opening = _opening(blocks)
    notes: list[tuple[str, str]] = []
    short = long = features = None
    if opening:
        short = _short(opening[0], path.name)
        long = _long(opening, path.name, notes)
    items = _features(blocks)
    if items:
        features = Guess(items, f"from the \"Features\" list of {path.name}")
    else:
        notes.append(("features", f"{path.name} has no list under a \"Features\" heading: the "
                      "features are to fill in"))
    return Description(short, long, features, tuple(notes))


def first_sentence(paragraph: str) -> str:
    """The paragraph up to the end of its first sentence: a full stop, question or exclamation
    mark followed by a capital or a digit, not ending an abbreviation or an initial."""
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[max(0, match.start() - 20):match.start()].rsplit(None, 1)
        word = before[-1].lower() if before else ""
        following = paragraph[match.end():match.end() + 8].lstrip("\"'“‘([")[:1]
        if (following.isupper() or following.isdigit()) and word not in _ABBREVIATIONS \
                and not (len(word) == 1 and word.isalpha()):
            return paragraph[:match.end()].strip()
    return paragraph


def cut(text: str, limit: int) -> str:
    """`text` cut after the last whole word that fits in `limit` characters."""
    words = text.split()
    length = grapheme_length(words[0])
    kept = [words[0]]
    for word in words[1:]:
        length += 1 + grapheme_length(word)  # a space never joins two characters into one
        if length > limit:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:-–—")


def _short(paragraph: str, source: str) -> Guess[str]:
    sentence = first_sentence(paragraph)
    limit = limits()[0]
    length = grapheme_length(sentence)
    if length <= limit:
        return Guess(sentence, f"from the first sentence of {source}")
    return Guess(cut(sentence, limit), f"from the first sentence of {source}",
                 f"the sentence has {length} characters and a short description at most {limit}: "
                 "it was cut after the last whole word that fits; check that it still reads well")


def _long(opening: list[str], source: str, notes: list[tuple[str, str]]) -> Guess[str] | None:
    _, minimum, maximum = limits()
    text = "\n\n".join(opening)
    length = grapheme_length(text)
    if length < minimum:
        notes.append(("long", f"the opening text of {source} has {length} characters and a long "
                      f"description needs at least {minimum}: the long description is to fill in"))
        return None
    if length <= maximum:
        return Guess(text, f"from the opening paragraphs of {source}")
    kept = opening[0] if grapheme_length(opening[0]) <= maximum else cut(opening[0], maximum)
    for paragraph in opening[1:]:
        if grapheme_length(f"{kept}\n\n{paragraph}") > maximum:
            break
        kept = f"{kept}\n\n{paragraph}"
    return Guess(kept, f"from the opening paragraphs of {source}",
                 f"they have {length} characters and a long description at most {maximum}: "
                 "the last paragraphs were left out")


def _opening(blocks: list[_Block]) -> list[str]:
    """The paragraphs (and lists among them) from the first paragraph to the next heading or
    code; a paragraph that only introduces the code (`Install it with:`) is left out."""
    out: list[str] = []
    for block in blocks:
        if block.kind in ("heading", "other") and out:
            if block.kind == "other" and out[-1].endswith(":"):
                out.pop()
            break
        if block.kind == "paragraph":
            out.append(block.text)
        elif block.kind == "list" and out:
            out.append("\n".join(f"- {item}" for item in block.items))
    return out


def _features(blocks: list[_Block]) -> list[str]:
    """The list items in the first section whose heading says "Features"."""
    items: list[str] = []
    level = 0
    for block in blocks:
        if block.kind == "heading":
            if level and block.level <= level:
                break
            if not level and FEATURE_HEADING.search(block.text):
                level = block.level
        elif level and block.kind == "list":
            items += block.items
    return items


# Blocks

_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_ATX = re.compile(r"\s{0,3}(#{1,6})(\s|$)")
_HTML_HEADING = re.compile(r"\s*<h([1-6])\b[^>]{0,2000}>", re.IGNORECASE)  # the closing tag goes as HTML
_UNDERLINE = re.compile(r"([=\-~^\"'*+#_:.`])\1{2,}")
_ITEM = re.compile(r"(\s*)([-*+•]|\d{1,3}[.)])\s+(.*)")
_DIRECTIVE = re.compile(r"\.\.(\s|$)")
_TABLE = re.compile(r"\s*(\||\+[-=+]+\+)")
_LEVELS = {"=": 1, "-": 2}  # of underlined headings; others are 3


def _blocks(text: str) -> Iterator[_Block]:
    lines = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).replace("\r\n", "\n").split("\n")
    paragraph: list[str] = []
    items: list[tuple[int, list[str]]] = []  # (indent, lines) of the current list's items
    blank = True  # the previous line was blank

    def flush() -> Iterator[_Block]:
        if paragraph and (plain := _plain(" ".join(paragraph))):
            yield _Block("paragraph", plain)
        if items:
            top = min(indent for indent, _ in items)
            kept = tuple(p for indent, lines in items
                         if indent == top and (p := _plain(" ".join(lines)).rstrip(";,")))
            if kept:
                yield _Block("list", items=kept)
        paragraph.clear()
        items.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        after_blank, blank = blank, not stripped
        i += 1
        if not stripped:
            continue
        if _UNDERLINE.fullmatch(stripped):
            if paragraph and not after_blank:  # the paragraph was a heading: Setext, or underlined
                title = " ".join(paragraph)
                paragraph.clear()
                yield from flush()
                yield _Block("heading", _plain(title), _LEVELS.get(stripped[0], 3))
                continue
            yield from flush()
            title, closing = [*lines, "", ""][i:i + 2]
            if title.strip() and _UNDERLINE.fullmatch(closing.strip()):  # overline, title, underline
                yield _Block("heading", _plain(title), _LEVELS.get(stripped[0], 3))
                i += 2
            continue  # else a horizontal rule
        heading = _ATX.match(line) or _HTML_HEADING.match(line)
        if heading:
            yield from flush()
            level = int(heading[1]) if heading[1].isdigit() else len(heading[1])
            yield _Block("heading", _plain(_without_closing_hashes(line[heading.end():])), level)
            continue
        fence = _FENCE.match(line)
        if fence:
            yield from flush()
            yield _Block("other")
            while i < len(lines) and not lines[i].lstrip().startswith(fence[1]):
                i += 1
            i += 1
            continue
        item = _ITEM.fullmatch(line)
        indented = line.startswith((" ", "\t"))
        if item:
            if paragraph:
                yield from flush()
            items.append((len(item[1].expandtabs()), [item[3]]))
        elif items and not after_blank:
            items[-1][1].append(stripped)  # an item going on over several lines
        elif items and indented:
            pass  # a further paragraph of an item
        elif _DIRECTIVE.match(line) or _TABLE.match(line) or stripped.startswith(">") or \
                (indented and (after_blank or not paragraph)):
            yield from flush()  # a directive, a table, a quote or code: up to the next blank line
            yield _Block("other")
            while i < len(lines) and lines[i].strip():
                i += 1
        else:
            if after_blank:
                yield from flush()
            paragraph.append(stripped)
    yield from flush()


def _without_closing_hashes(title: str) -> str:
    """`Title ##` -> `Title`: the closing sequence of a Markdown heading."""
    title = title.rstrip()
    bare = title.rstrip("#")
    return bare.rstrip() if bare != title and (not bare or bare[-1].isspace()) else title


# Inline syntax (spans are bounded, and classes exclude the closing mark: linear time on any text)

_INLINE = (
    (re.compile(r"!\[[^\[\]]{0,1000}\](\([^()\s]{0,2000}\)|\[[^\[\]]{0,1000}\])"), ""),  # images
    (re.compile(r"\[([^\[\]]{0,1000})\](\([^()\s]{0,2000}\)|\[[^\[\]]{0,1000}\])"), r"\1"),  # links
    (re.compile(r"`([^`<>]{1,1000})<[^`<>]{1,2000}>`_{1,2}"), r"\1"),  # reStructuredText links
    (re.compile(r"`([^`]{1,1000})`_{1,2}"), r"\1"),
    (re.compile(r"<(https?://[^<>\s]{1,2000})>"), r"\1"),  # autolinks
    (re.compile(r"<[A-Za-z/!][^<>]{0,2000}>"), ""),  # HTML tags
    (re.compile(r"\|[\w -]{1,100}\|_{0,2}"), ""),  # reStructuredText substitutions (badges)
    (re.compile(r"``([^`]{1,1000})``|`([^`]{1,1000})`"), r"\1\2"),  # code
    (re.compile(r"(\*\*|__)(?=\S)([^*_]{1,1000})(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?=\S)([^*_]{1,1000})(?<=\S)\1(?![\w*])"), r"\2"),  # italics
)


def _plain(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(html.unescape(text).split())


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "cf", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig",
                  "ing", "dott", "es", "p.es", "ecc", "sig", "approx", "ca"}
