"""Changes (in key paths) to text edits that leave every other character as it was.

A change becomes the smallest edit that makes it, found from the positions of the composed
YAML nodes: a value or a key is rewritten in its own span and quoting style; an entry is
removed with its own lines (a section left empty goes with it); new keys are inserted after
the last line of their section, with the file's indentation and line endings. Comment lines
are never removed, the byte order mark and the final newline stay as they are. What the
layout does not allow (flow collections, values shared through anchors or merge keys, block
scalars rewritten) gives no edit rather than a guess.

ruamel.yaml's round trip would re-serialise the whole file: of the 220 real files, only 106
come back byte-identical from it even with their indentation guessed, so the edits are made
on the text, the same way for every file.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from itertools import pairwise
from typing import Any, NamedTuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..document import Document
from ..load import DUPLICATE_KEY, Loaded, load, resolve_plain
from ..problem import Change, Fix, KeyPath, format_path
from ..schema import YAML11_BOOLEANS
from ..text import clean


class Edit(NamedTuple):
    """Replace `text[start:end]` with `text`; offsets count characters after a byte order mark."""

    start: int
    end: int
    text: str
    depth: int = 0  # of the section an insertion goes into: at one point, the deeper one first


class Placed(NamedTuple):
    """An edit at 1-based lines and columns (the end excluded), as reports give it."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


_BREAK = re.compile(r"\r\n|\r|\n")
_DASH = re.compile(r"( *)-( +)")  # a block sequence item's indicator, alone before the item
_BARE_DASH = re.compile(r" *-")  # where the composer starts an empty item (`-` and nothing else)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NUMBER_LIKE = re.compile(r"[-+.]?[0-9][0-9_:.,eE+-]*")  # numbers to YAML 1.1 (1_000, 1:20)


class Source:
    """A text and its composed nodes, with what edits need: lines, the line ending, the
    indentation, and the children of each path. `hidden` are the lines of keys written twice
    (sorted), whose second value the document does not hold: no removal may take them."""

    def __init__(self, text: str, doc: Document, hidden: Sequence[int] = ()) -> None:
        self.text = text
        self.nodes = doc.nodes
        self.hidden = hidden
        breaks = list(_BREAK.finditer(text))
        self.line_starts = [0] + [match.end() for match in breaks]
        self.content_ends = [match.start() for match in breaks] + [len(text)]
        self.eol = breaks[0].group() if breaks else "\n"
        self.children: dict[KeyPath, list[KeyPath]] = defaultdict(list)
        for path in self.nodes:
            if path:
                self.children[path[:-1]].append(path)
        self._uses = Counter(id(node) for node, _ in self.nodes.values())
        self.unit, self.sequence_indent = self._indentation()
        self._text_lines: set[int] | None = None

    @classmethod
    def of(cls, text: str, loaded: Loaded | None = None) -> Source | None:
        """The source of a text (`loaded`: as the loader read it, if that is known already), or
        None when it cannot be loaded."""
        loaded = loaded or load(text.encode("utf-8", "surrogatepass"))
        if loaded.document is None:
            return None
        hidden = sorted({problem.line - 1 for problem in loaded.problems if problem.rule == DUPLICATE_KEY.id})
        return cls(text, loaded.document, hidden)

    def node(self, path: KeyPath) -> Node:
        return self.nodes[path][0]

    def owned(self, path: KeyPath) -> bool:
        """Whether the text of `path` belongs to it alone: not an alias of a node used elsewhere,
        not an entry brought by a merge key (written outside its mapping)."""
        for length in range(1, len(path) + 1):
            node, key = self.nodes[path[:length]]
            if self._uses[id(node)] > 1:
                return False
            parent = self.node(path[:length - 1])
            if key is not None and not (parent.start_mark.index <= key.start_mark.index
                                        < parent.end_mark.index):
                return False
        return True

    def is_comment_line(self, line: int) -> bool:
        """Whether a 0-based line holds only a comment (a `#` line inside a multi-line scalar is
        text, not a comment)."""
        if not self.text[self.line_starts[line]:self.content_ends[line]].lstrip().startswith("#"):
            return False
        if self._text_lines is None:
            self._text_lines = set()
            for node, _ in self.nodes.values():
                if node.__class__ is ScalarNode and node.end_mark.line > node.start_mark.line:
                    # a block scalar ends at the start of the line after it
                    last = node.end_mark.line - (node.end_mark.column == 0)
                    self._text_lines.update(range(node.start_mark.line + 1, last + 1))
        return line not in self._text_lines

    def line_of(self, offset: int) -> int:
        """The 0-based line of an offset."""
        return bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset, as problems give them."""
        line = self.line_of(offset)
        return line + 1, offset - self.line_starts[line] + 1

    def place(self, edit: Edit) -> Placed:
        return Placed(*self.position(edit.start), *self.position(edit.end), edit.text)

    def last_line(self, path: KeyPath, removed: Set[KeyPath] = frozenset()) -> int | None:
        """The 0-based line where the value of `path` ends, leaving out removed entries; None
        when nothing of it is left."""
        node = self.node(path)
        if isinstance(node, ScalarNode) or node.flow_style:
            end = node.end_mark
            # a block scalar ends at the start of the line after it
            return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
        kept = [child for child in self.children[path] if child not in removed]
        return self.last_line(kept[-1], removed) if kept else None

    def _indentation(self) -> tuple[int, int]:
        """How far a nested mapping is indented, and a list under a key (0: at the key's column)."""
        unit = sequence = None
        for path, (node, key) in self.nodes.items():
            if key is None or not path or node.__class__ is ScalarNode or node.flow_style:
                continue
            if node.start_mark.line == key.start_mark.line:
                continue
            offset = node.start_mark.column - key.start_mark.column
            if unit is None and node.__class__ is MappingNode and offset > 0:
                unit = offset
            elif sequence is None and node.__class__ is SequenceNode and offset >= 0:
                sequence = offset
            if unit is not None and sequence is not None:
                break
        unit = unit or 2
        return unit, unit if sequence is None else sequence


def render(source: Source, changes: Iterable[Change]) -> list[Edit] | None:
    """The edits that make all `changes` at once, or None when the layout does not allow it."""
    return _Renderer(source, list(changes)).edits()


def apply(text: str, edits: Sequence[Edit]) -> str:
    """`text` with non-overlapping `edits` made."""
    out = []
    position = 0
    for edit in sorted(edits, key=_order):
        out += [text[position:edit.start], edit.text]
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def _order(edit: Edit) -> tuple[int, int, int]:
    return edit.start, edit.end, -edit.depth


class _Renderer:
    def __init__(self, source: Source, changes: list[Change]) -> None:
        self.source = source
        self.text = source.text
        self.changes = changes
        self.removed: set[KeyPath] = set()
        self.out: list[Edit] = []

    def edits(self) -> list[Edit] | None:
        nodes = self.source.nodes
        touched = [change.path for change in self.changes if change.path in nodes]
        if not all(self.source.owned(path) for path in touched):
            return None
        self.removed = {change.path for change in self.changes if change.kind == "remove"}
        if not self.removed <= nodes.keys():
            return None
        self._close_emptied()
        if not all(step() for step in (self._removals, self._renames, self._replacements, self._insertions)):
            return None
        edits = sorted(self.out, key=_order)
        if any(later.start < earlier.end for earlier, later in pairwise(edits)):
            return None
        return edits

    def _close_emptied(self) -> None:
        """A section whose entries are all removed is removed too (unless something goes into it)."""
        receiving = {change.path[:length] for change in self.changes if change.kind in ("set", "append")
                     for length in range(len(change.path) + 1)}
        changed = True
        while changed:
            changed = False
            for parent in {path[:-1] for path in self.removed if len(path) > 1}:
                if parent in self.removed or parent in receiving:
                    continue
                if all(child in self.removed for child in self.source.children[parent]):
                    self.removed.add(parent)
                    changed = True

    def _inside_removed(self, path: KeyPath) -> bool:
        return any(path[:length] in self.removed for length in range(1, len(path) + 1))

    # --- removals ------------------------------------------------------------------------

    def _removals(self) -> bool:
        outermost = sorted((path for path in self.removed if not self._inside_removed(path[:-1])),
                           key=lambda path: self.source.node(path).start_mark.index)
        covered: set[KeyPath] = set()
        spans: list[tuple[int, int]] = []
        for path in outermost:
            if path in covered:
                continue
            if self.source.node(path[:-1]).flow_style:
                return False
            found = self._entry_spans(path, covered)
            if found is None:
                return False
            spans += found
        merged: list[list[int]] = []
        for start, end in sorted(spans):  # entries next to each other go as one span
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        if any(self._takes_hidden(start, end) for start, end in merged):
            return False  # a key written twice would go with them
        if merged and merged[-1][1] == len(self.text) and not self.text.endswith(("\n", "\r")):
            # the last lines of a file without a final newline: take the line break before them
            line = self.source.line_of(merged[-1][0])
            if line > 0 and merged[-1][0] == self.source.line_starts[line]:
                merged[-1][0] = self.source.content_ends[line - 1]
        self.out += [Edit(start, end, "") for start, end in merged]
        return True

    def _takes_hidden(self, start: int, end: int) -> bool:
        """Whether the span holds a line of a key written twice (`Source.hidden`)."""
        first = self.source.line_of(start)
        last = self.source.line_of(end) - (end < len(self.text))
        index = bisect_left(self.source.hidden, first)
        return index < len(self.source.hidden) and self.source.hidden[index] <= last

    def _entry_spans(self, path: KeyPath, covered: set[KeyPath]) -> list[tuple[int, int]] | None:
        """The text of one entry (or list item), as spans to delete; comment lines stay."""
        node, key = self.source.nodes[path]
        first = key if key is not None else node
        start = first.start_mark.index
        line = first.start_mark.line
        before = self.text[self.source.line_starts[line]:start]
        if key is None:  # a list item: its `- ` must open the line (a bare `-` for an empty item)
            if not (_DASH.fullmatch(before) or (_BARE_DASH.fullmatch(before) and _is_empty_plain(node))):
                return None
        elif before.strip():
            if not _DASH.fullmatch(before):
                return None
            return self._first_key_spans(path, covered)
        last = self.source.last_line(path)
        return self._line_spans(line, last if last is not None else line)

    def _first_key_spans(self, path: KeyPath, covered: set[KeyPath]) -> list[tuple[int, int]] | None:
        """The first key of a list item's mapping (`- name: x`) and the removed keys after it:
        the text up to the next key that stays, which moves up after the `- `."""
        siblings = self.source.children[path[:-1]]
        index = siblings.index(path)
        gone = [path]
        for sibling in siblings[index + 1:]:
            if sibling not in self.removed:
                break
            gone.append(sibling)
        else:
            return None  # the whole item goes: removed as an item
        start = self.source.nodes[path][1].start_mark.index
        kept = self.source.nodes[siblings[index + len(gone)]][1].start_mark.index
        lines = range(self.source.line_of(start), self.source.line_of(kept))
        if any(self.source.is_comment_line(line) for line in lines):
            return None  # a comment would go with them
        covered.update(gone)
        return [(start, kept)]

    def _line_spans(self, first: int, last: int) -> list[tuple[int, int]]:
        """Lines `first` to `last` with their line breaks, less the comment lines among them."""
        spans: list[tuple[int, int]] = []
        run_start = None
        for line in range(first, last + 1):
            is_comment = self.source.is_comment_line(line)
            if not is_comment and run_start is None:
                run_start = line
            if is_comment and run_start is not None:
                spans.append(self._lines(run_start, line - 1))
                run_start = None
        if run_start is not None:
            spans.append(self._lines(run_start, last))
        return spans

    def _lines(self, first: int, last: int) -> tuple[int, int]:
        """Lines `first` to `last` with their line breaks."""
        starts = self.source.line_starts
        return starts[first], starts[last + 1] if last + 1 < len(starts) else len(self.text)

    # --- renames and new values in place --------------------------------------------------

    def _renames(self) -> bool:
        for change in self.changes:
            if change.kind != "rename" or self._inside_removed(change.path):
                continue
            key = self.source.nodes[change.path][1] if change.path in self.source.nodes else None
            if key is None or not isinstance(change.value, str):
                return False
            flow = bool(self.source.node(change.path[:-1]).flow_style)
            self.out.append(Edit(key.start_mark.index, key.end_mark.index,
                                 scalar(change.value, key.style or None, flow=flow)))
        return True

    def _replacements(self) -> bool:
        for change in self.changes:
            if change.kind != "set" or change.path not in self.source.nodes:
                continue
            node = self.source.node(change.path)
            if node.__class__ is not ScalarNode or node.style in ("|", ">"):
                return False
            start, end = node.start_mark.index, node.end_mark.index
            flow = bool(self.source.node(change.path[:-1]).flow_style)
            if start == end:  # `key:` with nothing after it
                self.out.append(Edit(start, end, " " + scalar(change.value, None, flow=flow)))
            else:
                self.out.append(Edit(start, end, scalar(change.value, node.style or None, flow=flow)))
        return True

    # --- new keys and list items -----------------------------------------------------------

    def _insertions(self) -> bool:
        into_mappings: dict[KeyPath, dict[str, Any]] = {}
        into_lists: dict[KeyPath, list[Any]] = defaultdict(list)
        nodes = self.source.nodes
        for change in self.changes:
            if change.kind not in ("set", "append") or (change.kind == "set" and change.path in nodes):
                continue
            if change.kind == "append" and change.path in nodes:
                node = self.source.node(change.path)
                if node.__class__ is not SequenceNode or node.flow_style:
                    return False
                into_lists[change.path].append(change.value)
                continue
            anchor = change.path[:-1]
            while anchor not in nodes:
                anchor = anchor[:-1]
            node = self.source.node(anchor)
            if node.__class__ is not MappingNode or node.flow_style or not self.source.owned(anchor) \
                    or self._inside_removed(anchor):
                return False
            relative = change.path[len(anchor):]
            if not all(isinstance(part, str) for part in relative):
                return False
            tree = into_mappings.setdefault(anchor, {})
            for part in relative[:-1]:
                tree = tree.setdefault(part, {})
                if not isinstance(tree, dict):
                    return False
            if change.kind == "set":
                tree[relative[-1]] = change.value
            else:
                items = tree.setdefault(relative[-1], [])
                if not isinstance(items, list):
                    return False
                items.append(change.value)
        for path, tree in into_mappings.items():
            keys = [nodes[child][1] for child in self.source.children[path] if child not in self.removed]
            lines = self._mapping_lines(tree, keys[0].start_mark.column) if keys else None
            if not self._insert_after(path, lines):
                return False
        for path, items in into_lists.items():
            first = self.source.node((*path, 0)) if (*path, 0) in nodes else None
            dash = first and _DASH.fullmatch(self.text[self.source.line_starts[first.start_mark.line]:
                                                       first.start_mark.index])
            if not dash or not self._insert_after(path, self._item_lines(items, len(dash[1]), dash[2])):
                return False
        return True

    def _insert_after(self, path: KeyPath, lines: list[str] | None) -> bool:
        last = self.source.last_line(path, self.removed)
        if lines is None or last is None:
            return False
        at = self.source.content_ends[last]
        eol = self.source.eol
        self.out.append(Edit(at, at, eol + eol.join(lines), depth=len(path)))
        return True

    def _mapping_lines(self, tree: dict[str, Any], column: int) -> list[str] | None:
        lines = []
        pad = " " * column
        for key, value in tree.items():
            name = scalar(key)
            if isinstance(value, dict):
                inner = self._mapping_lines(value, column + self.source.unit)
            elif isinstance(value, list):
                inner = self._item_lines(value, column + self.source.sequence_indent, " ")
            else:
                lines.append(f"{pad}{name}: {scalar(value)}")
                continue
            if inner is None:
                return None
            lines += [f"{pad}{name}:", *inner]
        return lines

    @staticmethod
    def _item_lines(items: list[Any], column: int, gap: str) -> list[str] | None:
        """`- item` lines; an item that is a mapping of plain values has its keys lined up."""
        lines = []
        pad = " " * column
        for item in items:
            if isinstance(item, dict):
                if not item or any(isinstance(value, (dict, list)) for value in item.values()):
                    return None
                entries = [f"{scalar(key)}: {scalar(value)}" for key, value in item.items()]
                lines.append(f"{pad}-{gap}{entries[0]}")
                lines += [f"{pad} {' ' * len(gap)}{entry}" for entry in entries[1:]]
            elif isinstance(item, list):
                return None
            else:
                lines.append(f"{pad}-{gap}{scalar(item)}")
        return lines


def _is_empty_plain(node: Node) -> bool:
    return node.__class__ is ScalarNode and not node.style and node.value == ""


def scalar(value: Any, style: str | None = None, *, flow: bool = False) -> str:
    """A value written as YAML: in the quoting style it had (`style`: None for plain, `'`, `"`),
    as a plain scalar when that reads back as the same text, else in double quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item, style, flow=True) for item in value) + "]"
    text = str(value)
    if style == "'" and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    if style is None and _plain_is_safe(text, flow):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _plain_is_safe(text: str, flow: bool) -> bool:
    """Whether `text` written without quotes is read back as this same text, by YAML 1.2 and 1.1."""
    if not text or text != text.strip() or text[0] in _INDICATORS or not text.isprintable():
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(char in text for char in ",[]{}"):
        return False
    if text.lower() in YAML11_BOOLEANS or _NUMBER_LIKE.fullmatch(text):
        return False
    return resolve_plain(text) == text


def describe(fix: Fix) -> str:
    """What a fix does, in words: rename `Name` to `name`."""
    parts = []
    for change in fix.changes:
        where = format_path(change.path)
        if change.kind == "rename":
            parts.append(f"rename `{where}` to `{change.value}`")
        elif change.kind == "remove":
            parts.append(f"remove `{where}`")
        elif change.kind == "set":
            parts.append(f"set `{where}` to {json.dumps(change.value, ensure_ascii=False)}")
        else:
            parts.append(f"add {json.dumps(change.value, ensure_ascii=False)} to `{where}`")
    return clean(", ".join(parts))
