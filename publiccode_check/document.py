"""A loaded publiccode.yml: plain values plus where each of them was written.

Nothing downstream of the loader reads YAML: rules ask the document for
values (`get`, `find`) and for positions (`where`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from .problem import KeyPath


class Span(NamedTuple):
    """Where one node was written. Lines and columns are 1-based."""

    line: int
    column: int
    end_line: int
    end_column: int


Written = tuple  # (value node, key node or None), as the YAML composer made them


def span_of(node: Any) -> Span:
    """The span of a composed YAML node (its marks are 0-based)."""
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


# Where a problem about the top level goes (a missing top-level key): the start of the file,
# an empty span, so that no report marks an unrelated key or the whole file.
FILE_START = Span(1, 1, 1, 1)


class NodeInfo(NamedTuple):
    """Position of a value and, for a mapping entry, of its key.

    `source` is the text as written for plain (unquoted) scalars, so that a
    message can say what YAML made of it; `style` is None for plain scalars
    and block collections, otherwise the YAML style character.
    """

    value: Span
    key: Span | None = None
    style: str | None = None
    source: str | None = None


def blank(value: Any) -> bool:
    """Whether a value says nothing: no value, blank text, an empty list or mapping."""
    return value is None or value in ([], {}) or (isinstance(value, str) and not value.strip())


class Document:
    def __init__(self, data: Any, nodes: dict[KeyPath, Written]) -> None:
        self.data = data
        self.nodes = nodes

    def info(self, path: KeyPath) -> NodeInfo | None:
        """Where the value at `path` was written, and how; None if it was not."""
        written = self.nodes.get(tuple(path))
        if written is None:
            return None
        node, key_node = written
        style = getattr(node, "style", None) or None
        source = node.value if style is None and isinstance(node.value, str) else None
        return NodeInfo(span_of(node), span_of(key_node) if key_node is not None else None, style, source)

    def where(self, path: KeyPath, *, key: bool = False) -> Span:
        """The span of `path`, or the key of its nearest written ancestor (for a missing key:
        its parent's key, or FILE_START at the top level).

        With `key=True` the span of the mapping key is preferred, which is
        where problems about the key itself (unknown, deprecated) belong.
        """
        path = tuple(path)
        while path:
            info = self.info(path)
            if info is not None:
                if key and info.key is not None:
                    return info.key
                return info.value
            path = path[:-1]
            key = True
        return FILE_START

    def get(self, path: KeyPath, default: Any = None) -> Any:
        value = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return default
            elif not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def find(self, pattern: str) -> Iterator[tuple[KeyPath, Any]]:
        """Yield `(path, value)` for each value matching a dotted pattern.

        `*` matches any mapping key, `[]` any list item, and a key ending in
        `[]` a list under that key: `description.*.screenshots[]`.
        """
        yield from _walk(self.data, (), _parts(pattern))


@lru_cache(maxsize=256)
def _parts(pattern: str) -> tuple[str, ...]:
    """`description.*.screenshots[]` -> ("description", "*", "screenshots", "[]")."""
    parts: list[str] = []
    for segment in pattern.split("."):
        name = segment
        while name.endswith("[]"):
            name = name[:-2]
        if name:
            parts.append(name)
        parts.extend(["[]"] * ((len(segment) - len(name)) // 2))
    return tuple(parts)


def _walk(value: Any, path: KeyPath, parts: tuple[str, ...]) -> Iterator[tuple[KeyPath, Any]]:
    if not parts:
        yield path, value
        return
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, (*path, index), rest)
    elif isinstance(value, dict):
        if head == "*":
            for key, item in value.items():
                yield from _walk(item, (*path, key), rest)
        elif head in value:
            yield from _walk(value[head], (*path, head), rest)
