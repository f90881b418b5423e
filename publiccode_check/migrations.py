"""Where the keys of older versions of the standard go in 0.7, as fixes (vocab/migrations.json).

The rules that report an old key (`deprecated-key`, `unknown-key`) ask `fix_for` for its fix:
safe when the target is certain (a rename, a move to a key not given yet, a platform flag
to a `supports` item), unsafe when the key has no replacement and can only be removed. A
target that is already present with another value gives no fix: the problem stays for a
person to decide.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .document import Document
from .problem import UNSAFE, Fix, KeyPath, append_item, remove_entry, rename_key, set_value
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
    move = _entry(table["move"], path)
    if move is not None:
        return _move(doc, path, move)
    alias = _entry(table["supports"], path)
    if alias is not None:
        return _supports(doc, path, alias)
    if _entry(table["remove"], path) is None:
        return None
    section = doc.get(path)
    for key in section if isinstance(section, dict) else ():
        alias = _entry(table["supports"], (*path, key))
        if alias is not None:  # `IT.conforme`: its `gdpr` has a home (safe), the rest has none
            return _supports(doc, (*path, key), alias)
    return Fix((remove_entry(path),), UNSAFE)


Entries = dict[tuple[int, str], list[tuple[tuple[str, ...], Any]]]


@cache
def _table() -> dict[str, Entries]:
    """The vocabulary's patterns split into parts, once, and found by their length and last key
    (a key under `IT` is looked up for the `it` section too): kind -> entries."""
    vocab = load_vocab("migrations")
    table: dict[str, Entries] = {}
    for kind in ("rename", "move", "supports", "remove"):
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
