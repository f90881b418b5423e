"""Where the keys of older versions of the standard go in 0.7, as fixes (vocab/migrations.json).

The rules that report an old key (`deprecated-key`, `unknown-key`) ask `fix_for` for its fix:
safe when the target is certain (a rename, a move to a key not given yet, a platform flag
to a `supports` item) or nothing is lost (an old key left empty, a flag that is `false`, a
`genericName` whose words the file already says), unsafe when the key has no replacement and
can only be removed. A target that is already present with another value gives no fix: the
problem stays for a person to decide.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .document import Document, blank
from .problem import UNSAFE, Change, Fix, KeyPath, append_item, remove_entry, rename_key, set_value
from .vocab import load_vocab

_SUPPORTS = ("supports",)
_CODE = re.compile(r"[^\s:]+")  # an administration's code, as it goes into a URN


def fix_for(doc: Document, path: KeyPath) -> Fix | None:
    """The fix of the old key at `path` (a path of `doc`), or None."""
    table = _table()
    path = tuple(path)
    if _section_leftover(doc, path, load_vocab("migrations")["section"]):
        return Fix((remove_entry(path[:1]),))
    new_key = _entry(table["rename"], path)
    if new_key is not None:
        parent = doc.get(path[:-1])
        free = isinstance(parent, dict) and new_key not in parent
        return Fix((rename_key(path, new_key),)) if free else None
    if blank(doc.get(path)) and any(_entry(table[kind], path) is not None for kind in _NO_LOSS_WHEN_EMPTY):
        return Fix((remove_entry(path),))  # an old key left empty says nothing
    move = _entry(table["move"], path)
    if move is not None:
        return _move(doc, path, move)
    alias = _entry(table["supports"], path)
    if alias is not None:
        return _supports(doc, path, alias)
    if _entry(table["remove"], path) is None:
        return None
    places = _entry(table["said-elsewhere"], path)
    if places is not None and _said_in(doc, path, places):
        return Fix((remove_entry(path),))
    section = doc.get(path)
    # `IT.conforme`: its `gdpr` has a home, and its flags that are false say nothing (safe); a
    # flag that is true has no home, and only the removal of the whole section drops it (unsafe)
    changes = [change for key in (section if isinstance(section, dict) else ())
               for change in _settled((*path, key), doc)]
    return Fix(tuple(changes)) if changes else Fix((remove_entry(path),), UNSAFE)


_NO_LOSS_WHEN_EMPTY = ("move", "supports", "flags", "remove")


def _settled(path: KeyPath, doc: Document) -> tuple[Change, ...]:
    """The changes that take the key at `path` out of its old section without losing anything:
    its move to `supports`, or its removal when it is false or empty; none if it holds more."""
    alias = _entry(_table()["supports"], path)
    if alias is not None:
        fix = _supports(doc, path, alias)
        return fix.changes if fix is not None else ()
    value = doc.get(path)
    if blank(value) or (value is False and _entry(_table()["flags"], path) is not None):
        return (remove_entry(path),)
    return ()


def _said_in(doc: Document, path: KeyPath, places: list[str]) -> bool:
    """Whether the text at `path` is written, as whole words (case and spacing aside), in one of
    the keys at `places` (patterns whose `*` stands for the part of `path` at the same place).
    Short texts only, so that the search stays cheap whatever the file holds."""
    value = doc.get(path)
    if not isinstance(value, str) or len(value) > _SAID_LIMITS[0]:
        return False
    said = re.compile(rf"(?<!\w){re.escape(' '.join(value.split()).casefold())}(?!\w)")
    for place in places:
        parts = place.split(".")
        other = doc.get(tuple(path[index] if part == "*" else part for index, part in enumerate(parts)))
        if isinstance(other, str) and said.search(" ".join(other[:_SAID_LIMITS[1]].split()).casefold()):
            return True
    return False


# the longest text looked for (the standard allows 35 characters for a `genericName`), and how
# much of each other key is looked at (a `shortDescription` has at most 150)
_SAID_LIMITS = (100, 1_000)


Entries = dict[tuple[int, str], list[tuple[tuple[str, ...], Any]]]


@cache
def _table() -> dict[str, Entries]:
    """The vocabulary's patterns split into parts, once, and found by their length and last key
    (a key under `IT` is looked up for the `it` section too): kind -> entries."""
    vocab = load_vocab("migrations")
    table: dict[str, Entries] = {}
    for kind in ("rename", "move", "supports", "flags", "remove", "said-elsewhere"):
        given = vocab[kind] if isinstance(vocab[kind], dict) else dict.fromkeys(vocab[kind], True)
        entries: Entries = {}
        table[kind] = entries
        for pattern, value in given.items():
            parts = tuple(pattern.split("."))
            entries.setdefault((len(parts), parts[-1]), []).append((parts, value))
    return table


def _entry(entries: Entries, path: KeyPath) -> Any:
    """The value of the first pattern matching `path`: `description.*.genericName` matches
    ("description", "en", "genericName"); a pattern under `IT` matches the `it` section too."""
    if not path or not isinstance(path[-1], str):
        return None
    if len(path) > 1 and path[0] == "it":
        path = ("IT", *path[1:])
    for parts, value in entries.get((len(path), path[-1]), ()):
        if all(part in ("*", step) for part, step in zip(parts, path, strict=True)):
            return value
    return None


def _section_leftover(doc: Document, path: KeyPath, spec: dict[str, Any]) -> bool:
    """Whether `path` is the country section, or a key of it, and the section holds nothing
    but keys that go with it (`countryExtensionVersion`): then the whole section goes."""
    if not path or path[0] not in (spec["key"], spec["key"].lower()):
        return False
    if len(path) > 2 or (len(path) == 2 and path[1] not in spec["leftover"]):
        return False
    section = doc.get(path[:1])
    return isinstance(section, dict) and set(section) <= set(spec["leftover"])


def _move(doc: Document, path: KeyPath, spec: dict[str, str]) -> Fix | None:
    value = doc.get(path)
    if not isinstance(value, str) or not value.strip():
        return None
    template = spec.get("value")
    if template is not None and not _CODE.fullmatch(value):
        return None  # a code that cannot go into a URN as it is
    new_value = template.format(value) if template is not None else value
    target = tuple(spec["to"].split("."))
    needs = spec.get("needs")
    if needs is not None and not isinstance(doc.get(tuple(needs.split("."))), str):
        return None
    current = doc.get(target)
    if current == new_value:
        return Fix((remove_entry(path),))
    parent = doc.get(target[:-1])
    if current is not None or (parent is not None and not isinstance(parent, dict)):
        return None  # the target says something else: a person decides
    return Fix((remove_entry(path), set_value(target, new_value)))


def _supports(doc: Document, path: KeyPath, alias: str) -> Fix | None:
    """`true` becomes the `supports` item `{id: alias}`; `false` says nothing in 0.7: removed."""
    value = doc.get(path)
    if value is False:
        return Fix((remove_entry(path),))
    if value is not True:
        return None
    supports = doc.get(_SUPPORTS)
    if supports is None:
        return Fix((remove_entry(path), append_item(_SUPPORTS, {"id": alias})))
    if not isinstance(supports, list):
        return None
    if any(isinstance(item, dict) and item.get("id") == alias for item in supports):
        return Fix((remove_entry(path),))
    return Fix((remove_entry(path), append_item(_SUPPORTS, {"id": alias})))
