"""The one value type every stage produces: a positioned problem."""

from __future__ import annotations

from enum import Enum
from typing import Any, NamedTuple

from .text import escape_controls, shortened

KeyPath = tuple  # a path into the document, e.g. ("description", "en", "features", 2)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


def format_path(path: KeyPath) -> str:
    """`("description", "en", "features", 2)` -> `description.en.features[2]`, for showing:
    keys come from the file, so their control characters are escaped and long ones cut."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{shortened_key(part)}" if out else shortened_key(part)
    return escape_controls(out)


KEY_LIMIT = 200  # characters of a key shown in a report


def shortened_key(part: str | int) -> str | int:
    """A key of a path as reports show it: cut to KEY_LIMIT characters. Every problem under a
    key repeats it, so a key of megabytes would make a report of gigabytes."""
    return shortened(part, KEY_LIMIT) if isinstance(part, str) else part


class Change(NamedTuple):
    """One change to the document, said in key paths rather than text: `set` a value (creating
    the keys above it if needed), `append` an item to a list, `rename` a key, `remove` an entry
    (and a section it leaves empty). `publiccode_check.fix` turns changes into text edits."""

    kind: str  # "set", "append", "rename" or "remove"
    path: KeyPath
    value: Any = None  # set: the new value; append: the new item; rename: the new key


class Fix(NamedTuple):
    """How to repair a problem: its changes, all or none, and whether they keep the file's
    meaning (`safe`) or are a guess to be reviewed (`unsafe`, applied only when asked)."""

    changes: tuple[Change, ...]
    safety: str = "safe"


SAFE, UNSAFE = "safe", "unsafe"


def set_value(path: KeyPath, value: Any) -> Change:
    return Change("set", tuple(path), value)


def append_item(path: KeyPath, item: Any) -> Change:
    return Change("append", tuple(path), item)


def rename_key(path: KeyPath, new_key: str) -> Change:
    return Change("rename", tuple(path), new_key)


def remove_entry(path: KeyPath) -> Change:
    return Change("remove", tuple(path))


class Problem(NamedTuple):
    """Something wrong (or worth changing) at one place of one file.

    Lines and columns are 1-based; 0 means the position is unknown. `fix`, when the rule
    knows one, says how to repair it.
    """

    rule: str
    severity: Severity
    message: str
    path: KeyPath = ()
    line: int = 0
    column: int = 0
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    fix: Fix | None = None

    @property
    def key(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple:
        return (self.line, self.column, self.rule, self.message)
