"""A README as a list of blocks (headings, paragraphs, lists, tables, the rest), parsed as a
document: Markdown with markdown-it-py, reStructuredText with docutils, HTML blocks with
the standard library's parser; plain text as Markdown (its paragraphs are the same).

Each block is plain text: images, badges, HTML tags, code marks, emphasis and link syntax
are gone, and reference-link definitions never show. What `readme.py` needs to tell prose
from the rest is kept: a paragraph's share of link text (a row of links) and the texts of its
links (a sentence that points elsewhere), its lines, and whether it is all emphasis (a
tagline). Lines that each start with the same symbol (`✅ Audit log`) are a list, as the
author meant them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, NamedTuple

MAX_PARSED = 200_000  # characters of a README worth parsing: the description is at its start


class Block(NamedTuple):
    kind: str  # heading, paragraph, list, table, quote, code
    text: str = ""  # a heading or paragraph, as plain text
    level: int = 0  # a heading's level
    items: tuple[str, ...] = ()  # a list's top-level items; a table's rows, cells joined by " | "
    links: float = 0.0  # the share of a paragraph's text that is link text
    unlinked: int = 0  # words of a paragraph outside links (a row of links has none)
    emphasis: bool = False  # a paragraph all in bold or italics
    anchors: bool = False  # a list whose items all link inside the page (a table of contents)
    linked: tuple[str, ...] = ()  # the texts of a paragraph's links
    lines: tuple[str, ...] = ()  # a paragraph's lines, when it has several


def blocks(text: str, syntax: str) -> list[Block]:
    """The blocks of a README written in `syntax`: markdown, rst or plain."""
    text = text[:MAX_PARSED]
    if syntax == "rst":
        return list(_rst(text))
    return list(_markdown(text))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _spaces(text: str) -> str:
    """One line, without control characters: README text reaches a terminal and the file."""
    return " ".join(_CONTROL.sub(" ", text).split())


# Markdown

def _markdown(text: str) -> Iterator[Block]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
    i = 0
    hidden = 0  # depth of <details> being skipped (a collapsed table of contents, mostly)
    while i < len(tokens):
        token = tokens[i]
        if token.type == "html_block":
            opened = len(re.findall(r"<details\b", token.content, re.IGNORECASE))
            closed = len(re.findall(r"</details\s*>", token.content, re.IGNORECASE))
            if not hidden and not opened:
                yield from _html(token.content)
            hidden = max(0, hidden + opened - closed)
            i += 1
            continue
        end = _close(tokens, i)
        if hidden:
            i = end + 1
            continue
        if token.type == "heading_open":
            yield Block("heading", _inline(tokens[i + 1])[0], int(token.tag[1:]))
        elif token.type == "paragraph_open":
            measure = _inline(tokens[i + 1])
            if measure.text:
                yield _paragraph(measure)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, anchors = _items(tokens[i + 1:end])
            if items:
                yield Block("list", items=items, anchors=anchors)
        elif token.type == "table_open":
            rows = _rows(tokens[i + 1:end])
            if rows:
                yield Block("table", items=rows)
        elif token.type == "blockquote_open":
            yield Block("quote")
        elif token.type in ("fence", "code_block"):
            yield Block("code")
        i = end + 1


def _close(tokens: list[Any], start: int) -> int:
    """The index of the token closing the one at `start` (itself when it is not an opening)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _inline(token: Any) -> _Measure:
    """Plain text of an inline token, its share of link text, and whether it is all emphasis."""
    parts: list[tuple[str, bool, bool]] = []  # (text, in a link, in emphasis)
    link = emphasis = 0
    for child in token.children or ():
        kind = child.type
        if kind in ("link_open", "link_close"):
            link += 1 if kind == "link_open" else -1
            parts.append(("", False, False))  # where a link starts or ends
        elif kind in ("em_open", "strong_open", "em_close", "strong_close"):
            emphasis += 1 if kind.endswith("open") else -1
        elif kind in ("text", "code_inline"):
            parts.append((child.content, link > 0, emphasis > 0))
        elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and
                                                      re.match(r"<br\b", child.content, re.IGNORECASE)):
            parts.append(("\n", link > 0, emphasis > 0))
    return _measured(parts)


class _Measure(NamedTuple):
    text: str
    links: float
    emphasis: bool
    unlinked: int
    linked: tuple[str, ...]
    lines: tuple[str, ...]


def _measured(parts: list[tuple[str, bool, bool]]) -> _Measure:
    """Plain text, its share of link text, whether all its words are emphasised (emoji and
    punctuation aside), how many words stand outside links, the links' texts and the lines."""
    joined = "".join(part for part, _, _ in parts)
    text = _spaces(joined)
    letters = sum(len(part.strip()) for part, _, _ in parts) or 1
    links = sum(len(part.strip()) for part, linked, _ in parts if linked) / letters
    plain = [part for part, _, emphasised in parts if not emphasised and any(char.isalnum() for char in part)]
    unlinked = sum(len(re.findall(r"\w{2,}", part)) for part, linked, _ in parts if not linked)
    linked: list[str] = []
    previous = False
    for part, in_link, _ in parts:
        if in_link and previous:
            linked[-1] += part
        elif in_link:
            linked.append(part)
        previous = in_link
    lines = tuple(line for line in map(_spaces, joined.split("\n")) if line)
    return _Measure(text, links, bool(text) and not plain, unlinked,
                    tuple(found for found in map(_spaces, linked) if found), lines if len(lines) > 1 else ())


def _paragraph(measure: _Measure) -> Block:
    """A paragraph, or a list when each of its lines starts with the same symbol."""
    bullets = {_bullet(line) for line in measure.lines}
    if measure.lines and len(bullets) == 1 and None not in bullets and measure.links < 0.5:
        items = tuple(text for line in measure.lines if (text := line[len(_bullet(line) or ""):].strip()))
        if items:
            return Block("list", items=items)
    return Block("paragraph", measure.text, links=measure.links, emphasis=measure.emphasis,
                 unlinked=measure.unlinked, linked=measure.linked, lines=measure.lines)


_BULLETS = frozenset("•·▪▫‣◦►▶▸→➜➔✓✔✗✘☑☐")


def _bullet(line: str) -> str | None:
    """The symbol a line starts with, used as a bullet (an emoji, a check mark), with its
    variation selector; None when it starts with a letter, a digit or punctuation."""
    first = line[:1]
    if not first or not (first in _BULLETS or unicodedata.category(first) == "So"):
        return None
    return line[:2] if line[1:2] in ("\ufe0f", "\ufe0e") else first


def _items(tokens: list[Any]) -> tuple[tuple[str, ...], bool]:
    """The first paragraph of each top-level item; whether every item links inside the page."""
    items: list[str] = []
    anchors = True
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            depth += 1
            if depth == 1:
                inline = next((t for t in tokens[index:] if t.type == "inline"), None)
                text = _inline(inline)[0] if inline is not None else ""
                text = re.sub(r"^\[[ xX]\]\s+", "", text)  # a task list's box
                if text:
                    items.append(text)
                children = inline.children or () if inline is not None else ()
                targets = [child.attrs.get("href", "") for child in children if child.type == "link_open"]
                anchors = anchors and bool(targets) and all(str(t).startswith("#") for t in targets)
        elif token.type == "list_item_close":
            depth -= 1
    return tuple(items), anchors and bool(items)


def _rows(tokens: list[Any]) -> tuple[str, ...]:
    """The body rows of a table, their cells' plain text joined by ` | `."""
    rows: list[str] = []
    cells: list[str] = []
    in_body = False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline" and in_body:
            cells.append(_inline(token)[0])
        elif token.type == "tr_close" and in_body and any(cells):
            rows.append(" | ".join(cells))
    return tuple(rows)


# HTML blocks (titles and taglines in centred <h1>/<p> are common)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BREAKS = frozenset({"p", "div", "li", "tr", "table", "ul", "ol", "details", "summary", *_HEADINGS})


class _HtmlBlocks(HTMLParser):
    """Headings and paragraphs of an HTML block, with their links and emphasis."""


    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Block] = []
        self.parts: list[tuple[str, bool, bool]] = []
        self.heading = 0
        self.link = self.emphasis = self.skipped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.flush()
            if tag in _HEADINGS:
                self.heading = int(tag[1])
        if tag == "br":
            self.parts.append(("\n", self.link > 0, self.emphasis > 0))
        elif tag == "a":
            self.link += 1
            self.parts.append(("", False, False))  # where a link starts
        elif tag in ("i", "em", "b", "strong"):
            self.emphasis += 1
        elif tag in ("script", "style", "summary"):
            self.skipped += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.link = max(0, self.link - 1)
            self.parts.append(("", False, False))
        elif tag in ("i", "em", "b", "strong"):
            self.emphasis = max(0, self.emphasis - 1)
        elif tag in ("script", "style", "summary"):
            self.skipped = max(0, self.skipped - 1)
        if tag in _BREAKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipped:
            self.parts.append((data, self.link > 0, self.emphasis > 0))

    def flush(self) -> None:
        measure = _measured(self.parts)
        if measure.text and self.heading:
            self.out.append(Block("heading", measure.text, self.heading))
        elif measure.text:
            self.out.append(_paragraph(measure))
        self.parts, self.heading = [], 0


def _html(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.out


# reStructuredText

def _rst(text: str) -> Iterator[Block]:
    from docutils import nodes
    from docutils.core import publish_doctree
    from docutils.utils import SystemMessage

    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False,
                "doctitle_xform": False, "_disable_config": True, "warning_stream": io.StringIO(),
                "input_encoding": "unicode"}
    try:
        tree = publish_doctree(text, settings_overrides=settings)
    except (SystemMessage, RecursionError, ValueError, IndexError, AttributeError, TypeError):
        return  # docutils gave up on it: nothing to read

    def text_of(node: Any) -> _Measure:
        parts: list[tuple[str, bool, bool]] = []

        def walk(item: Any, linked: bool, emphasised: bool) -> None:
            if isinstance(item, nodes.Text):
                parts.append((str(item), linked, emphasised))
            elif not isinstance(item, (nodes.image, nodes.substitution_reference, nodes.target,
                                       nodes.footnote_reference, nodes.problematic, nodes.system_message)):
                reference = isinstance(item, nodes.reference)
                emphasis = isinstance(item, (nodes.emphasis, nodes.strong))
                for child in item.children:
                    walk(child, linked or reference, emphasised or emphasis)
                if reference:
                    parts.append(("", False, False))  # where a link ends

        walk(node, False, False)
        return _measured(parts)

    def walk(node: Any, level: int) -> Iterator[Block]:
        for child in node.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                if title is not None:
                    yield Block("heading", text_of(title)[0], level + 1)
                yield from walk(child, level + 1)
            elif isinstance(child, nodes.paragraph):
                measure = text_of(child)
                if measure.text:
                    yield _paragraph(measure)
            elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
                items = tuple(text for item in child.children
                              if (first := item.next_node(nodes.paragraph)) is not None
                              and (text := text_of(first)[0]))
                if items:
                    yield Block("list", items=items)
            elif isinstance(child, nodes.table):
                rows = tuple(" | ".join(text_of(entry)[0] for entry in row.children)
                             for body in child.findall(nodes.tbody) for row in body.children)
                if rows:
                    yield Block("table", items=rows)
            elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
                yield Block("code")
            elif isinstance(child, (nodes.block_quote, nodes.Admonition, nodes.topic, nodes.sidebar)):
                yield Block("quote")
            # field lists, comments, targets, substitution definitions, images, raw: not text

    yield from walk(tree, 0)
