"""The structural check: the JSON Schema in `schemas/`, run through jsonschema.

Before validation the document is normalised, so that each mistake is reported
once and nothing passes silently: a number or boolean written where text is
expected becomes the text as written (a warning, as the reference validator
reads its source text), a YAML 1.1 boolean (`yes`, `off`) where a boolean is
expected is an error and becomes that boolean, an optional key left with no
value at all (`key:`) is dropped with a warning, and blank text at a mandatory
key or in a list becomes empty (null), which the schema reports as missing.
Every other value (`""`, `[]`, `{}`) is checked as written. jsonschema's errors
are then turned into problems with plain messages at the right key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

from .document import Document, blank
from .migrations import fix_for
from .problem import UNSAFE, Fix, KeyPath, Problem, format_path, remove_entry, rename_key, set_value
from .rule import Rule, error, warning
from .text import describe, grapheme_length, suggest
from .vocab import load_vocab

UNKNOWN_KEY = error("unknown-key", "Only the keys of the standard are allowed (keys are case-sensitive).",
                    fix="safe")
MISSING_KEY = error("missing-key", "Mandatory keys must be present.")
WRONG_TYPE = error("wrong-type", "Each value must have the type the standard gives it.", fix="safe")
BAD_VALUE = error("bad-value", "Values from a fixed list must be one of its items, exactly.", fix="unsafe")
LENGTH = error("length", "Texts must respect the standard's length limits (user-perceived characters).")
TOO_FEW = error("too-few-items", "Lists and sections that must not be empty hold at least one item.",
                fix="safe")
EMPTY_ITEM = error("empty-item", "List items are not empty or blank.", fix="safe")
NOT_ALLOWED = error("not-allowed", "Some keys are allowed only with certain values of others.")
EMPTY_VALUE = warning("empty-value", "An optional key written with no value (`key:`) is ignored; remove it "
                      "or fill it in.", fix="safe")
UNQUOTED = warning("unquoted-scalar", "Text that YAML reads as a number or boolean should be quoted.",
                   fix="safe")
YAML11_BOOLEAN = error("yaml11-boolean", "Booleans are written true or false (YAML 1.2).", fix="safe")

RULES = (UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, BAD_VALUE, LENGTH, TOO_FEW, EMPTY_ITEM, NOT_ALLOWED,
         EMPTY_VALUE, UNQUOTED, YAML11_BOOLEAN)

SCHEMA_NAME = "publiccode.schema.json"
# YAML 1.1's words for booleans, text in YAML 1.2 (`fix` quotes them in any case, `yEs` too)
YAML11_BOOLEANS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "off", "Off", "OFF"), False),
}
# Keys whose every problem a dedicated rule reports with a better message.
_OWNED_BY_RULES = {("publiccodeYmlVersion",)}
_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping of keys",
               "boolean": "true or false", "number": "a number", "integer": "a whole number",
               "null": "empty"}


def schema_file() -> Path:
    """The schema shipped in the wheel, or the repository's own in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas" / SCHEMA_NAME, here.parent / "schemas" / SCHEMA_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{SCHEMA_NAME} is missing from the installation")


@cache
def schema() -> dict[str, Any]:
    """The schema, read once per process (two threads asking first may read it twice: each
    copy is a whole schema, and `_expected_type` tells their subschemas apart)."""
    return json.loads(schema_file().read_text(encoding="utf-8"))


@cache
def _validator() -> Any:
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    def min_length(_validator: Any, limit: int, instance: Any, _schema: Any) -> Iterator[Any]:
        if isinstance(instance, str) and grapheme_length(instance) < limit:
            yield ValidationError(f"shorter than {limit}")

    def max_length(_validator: Any, limit: int, instance: Any, _schema: Any) -> Iterator[Any]:
        if isinstance(instance, str) and grapheme_length(instance) > limit:
            yield ValidationError(f"longer than {limit}")

    additional = validators.Draft202012Validator.VALIDATORS["additionalProperties"]

    def no_additional(validator: Any, allowed: Any, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
        """jsonschema's, without its message, which names every unknown key (sorted and quoted:
        0.2 s on a file of 240,000); `_unknown` names them, a few at a time."""
        if allowed is False and isinstance(instance, dict) and "patternProperties" not in schema:
            known = schema.get("properties", {})
            if any(key not in known for key in instance):
                yield ValidationError("additional properties are not allowed")
            return
        yield from additional(validator, allowed, instance, schema)

    cls = validators.extend(validators.Draft202012Validator, {
        "minLength": min_length, "maxLength": max_length, "additionalProperties": no_additional})
    return cls(schema())


def prepare() -> None:
    """Load the schema and jsonschema now, e.g. before forking workers that will need them."""
    _validator()


def _resolve(node: dict[str, Any] | None) -> dict[str, Any] | None:
    while node is not None and "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _child(node: dict[str, Any] | None, key: Any, value: Any) -> dict[str, Any] | None:
    """The subschema that applies to `value`, found under `key` in `node`."""
    node = _resolve(node)
    if node is None:
        return None
    if isinstance(key, int):
        child = node.get("items")
    else:
        child = node.get("properties", {}).get(key)
        if child is None and isinstance(node.get("additionalProperties"), dict):
            child = node["additionalProperties"]
    child = _resolve(child)
    if child is not None and "anyOf" in child:
        kind = "array" if isinstance(value, list) else "string"
        child = next((b for b in child["anyOf"] if b.get("type") == kind), child)
    return child


def _expected_type(node: dict[str, Any] | None) -> str | None:
    """The one JSON type a subschema asks for (an enum of strings asks for a string).
    Remembered by the subschema's id, with the subschema, which the entry keeps alive: a
    subschema of another copy of the schema cannot take the id of one that is gone."""
    if node is None:
        return None
    known = _EXPECTED.get(id(node))
    if known is not None and known[0] is node:  # the entry keeps its node alive: its id stays its own
        return known[1]
    kind = node.get("type")
    if kind is None and "enum" in node and all(isinstance(v, str) for v in node["enum"]):
        kind = "string"
    _EXPECTED[id(node)] = (node, kind if isinstance(kind, str) else None)
    return _EXPECTED[id(node)][1]


_EXPECTED: dict[int, tuple[dict[str, Any], str | None]] = {}


class _Normaliser:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def value(self, value: Any, node: dict[str, Any] | None, path: KeyPath, *,
              must_fill: bool = False) -> Any:
        """`value` as the schema will see it; `must_fill`: at a mandatory key or in a list,
        where blank text is as empty as no value."""
        if isinstance(value, dict):
            return self.mapping(value, _resolve(node), path)
        if isinstance(value, list):
            return [self.value(item, _child(node, i, item), (*path, i), must_fill=True)
                    for i, item in enumerate(value)]
        if must_fill and isinstance(value, str) and not value.strip() and path not in _OWNED_BY_RULES:
            return None  # the schema reports it once, as an empty mandatory key or list item
        return self.scalar(value, _resolve(node), path)

    def mapping(self, value: dict[str, Any], node: dict[str, Any] | None,
                path: KeyPath) -> dict[str, Any]:
        required = node.get("required", ()) if node else ()
        known = node.get("properties", {}) if node else {}
        result = {}
        for key, item in value.items():
            if item is None and key in known and key not in required:
                self.problems.append(EMPTY_VALUE.at(
                    self.doc, (*path, key), f"`{key}` is empty, so it is ignored",
                    hint="remove the key or give it a value", on_key=True,
                    fix=Fix((remove_entry((*path, key)),))))
                continue
            child = _child(node, key, item)
            if child is None and not isinstance(item, (dict, list)):
                result[key] = item  # a value the schema says nothing of (an unknown key's): as it is
                continue
            result[key] = self.value(item, child, (*path, key), must_fill=key in required)
        return result

    def scalar(self, value: Any, node: dict[str, Any] | None, path: KeyPath) -> Any:
        expected = _expected_type(node)
        if path in _OWNED_BY_RULES:
            return value
        if (expected == "boolean" and isinstance(value, str) and value in YAML11_BOOLEANS
                and self.source(path) is not None):
            word = str(YAML11_BOOLEANS[value]).lower()
            self.problems.append(YAML11_BOOLEAN.at(
                self.doc, path, f"`{value}` is a boolean only in YAML 1.1; in YAML 1.2, which the standard "
                "uses, it is text", hint=f"write `{word}`",
                fix=Fix((set_value(path, YAML11_BOOLEANS[value]),))))
            return YAML11_BOOLEANS[value]
        if expected != "string" or not isinstance(value, (bool, int, float)):
            return value
        source = self.source(path)
        if source is None:
            return value
        self.problems.append(UNQUOTED.at(self.doc, path, _unquoted_message(source, value),
                                         hint=f'write it in quotes: "{source}"',
                                         fix=Fix((set_value(path, source),))))
        return source

    def source(self, path: KeyPath) -> str | None:
        """The text of a plain (unquoted) scalar as written; None when it was quoted.
        Asked only of the rare values that need it: positions cost time."""
        info = self.doc.info(path)
        return info.source if info else None


def _unquoted_message(source: str, value: Any) -> str:
    if re.fullmatch(r"[-+]?0[0-9]+", source):
        return (f"`{source}` is read by YAML as the number {value}: the leading zero is lost "
                "(and a YAML 1.1 reader would even take it as an octal number)")
    return f"`{source}` is read by YAML as {describe(value)}, not as text"


_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "array": list, "object": dict, "boolean": bool, "number": (int, float), "integer": int,
    "null": type(None)}
# Keywords that only annotate; `conforms` knows every other keyword the schema may use.
ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "format", "examples"}
ASSERTIONS = {"$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items",
              "minItems", "minProperties", "minLength", "maxLength", "pattern", "anyOf", "allOf", "if",
              "then", "else", "not"}


def conforms(value: Any, node: dict[str, Any]) -> bool:
    """Whether `value` is valid against the schema `node`: a fast yes/no.

    Most files are valid, and importing jsonschema costs more than checking a whole
    file, so jsonschema runs only when this says no, to report every error. A test keeps
    both verdicts equal on the corpus and the fixtures.
    """
    node = _resolve(node) or {}
    kind = node.get("type")
    if kind is not None and not isinstance(value, _TYPES[kind]):
        return False
    if kind in ("number", "integer") and isinstance(value, bool):
        return False  # a bool is an int in Python, not in JSON
    if ("enum" in node and value not in node["enum"]) or ("const" in node and value != node["const"]):
        return False
    if isinstance(value, str) and "pattern" in node and not re.search(node["pattern"], value):
        return False
    if isinstance(value, str) and ("minLength" in node or "maxLength" in node):
        length = grapheme_length(value)
        if not node.get("minLength", 0) <= length <= node.get("maxLength", length):
            return False
    if isinstance(value, list):
        if len(value) < node.get("minItems", 0):
            return False
        if "items" in node and not all(conforms(item, node["items"]) for item in value):
            return False
    if isinstance(value, dict) and not _conforms_mapping(value, node):
        return False
    if "anyOf" in node and not any(conforms(value, branch) for branch in node["anyOf"]):
        return False
    if "not" in node and conforms(value, node["not"]):
        return False
    for part in node.get("allOf", ()):
        if "if" in part:
            branch = part.get("then") if conforms(value, part["if"]) else part.get("else")
            if branch is not None and not conforms(value, branch):
                return False
        elif not conforms(value, part):
            return False
    return True


def _conforms_mapping(value: dict[str, Any], node: dict[str, Any]) -> bool:
    if len(value) < node.get("minProperties", 0) or any(key not in value for key in node.get("required", ())):
        return False
    properties = node.get("properties", {})
    extra = node.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            if not conforms(item, properties[key]):
                return False
        elif extra is False or (isinstance(extra, dict) and not conforms(item, extra)):
            return False
    return True


def check(doc: Document) -> tuple[Document, list[Problem]]:
    """Normalise `doc` and validate it; returns the normalised document and problems."""
    normalised, problems = check_lazily(doc)
    return normalised, list(problems)


def check_lazily(doc: Document) -> tuple[Document, Iterator[Problem]]:
    """`check`, with the schema's errors found as they are asked for: the pipeline stops
    asking past its cap on problems, which bounds the work on a file with thousands."""
    normaliser = _Normaliser(doc)
    data = normaliser.value(doc.data, schema(), ())
    normalised = Document(data, doc.nodes)
    if conforms(data, schema()):
        return normalised, iter(normaliser.problems)
    return normalised, chain(normaliser.problems, _structural(normalised))


def _structural(doc: Document) -> Iterator[Problem]:
    seen: set[tuple[str, KeyPath]] = set()
    for err in _errors(doc.data):
        for problem in _to_problems(doc, err):
            if problem.path[:1] and tuple(problem.path[:1]) in _OWNED_BY_RULES:
                continue
            if (problem.rule, problem.path) not in seen:
                seen.add((problem.rule, problem.path))
                yield problem


def _errors(data: dict[str, Any]) -> Iterator[Any]:
    """jsonschema's errors for `data`, skipping the top-level keys already known to be valid.

    The schema is run with `true` (always valid) in place of the subschemas of those keys:
    the errors are the same, for half the work on a typical file.
    """
    root = schema()
    properties = {key: True if key in data and conforms(data[key], sub) else sub
                  for key, sub in root["properties"].items()}
    # without `$schema`, which would make `evolve` choose jsonschema's own validator for that
    # dialect, without our keywords (lengths counted in graphemes, unknown keys)
    pruned = {key: value for key, value in root.items() if key != "$schema"}
    return _validator().evolve(schema={**pruned, "properties": properties}).iter_errors(data)


def _to_problems(doc: Document, err: Any) -> Iterator[Problem]:
    path: KeyPath = tuple(err.absolute_path)
    key = _name(path)
    kind = err.validator
    instance = err.instance
    if kind == "required":
        yield from _missing(doc, err, path)
    elif kind == "additionalProperties":
        yield from _unknown(doc, err, path)
    elif kind == "type":
        yield _wrong_type(doc, path, key, err.validator_value, instance)
    elif kind == "anyOf":
        yield from _any_of(doc, err, path, key)
    elif kind == "enum":
        yield _bad_value(doc, path, key, err.validator_value, instance)
    elif kind in ("minItems", "minProperties"):
        what = "at least one language" if key == "description" else "at least one item"
        yield TOO_FEW.at(doc, path, f"`{key}` is empty; it needs {what}", hint=explain(path)[1],
                         fix=removal(doc, path))
    elif kind in ("minLength", "maxLength"):
        length = grapheme_length(instance)
        bound = "at least" if kind == "minLength" else "at most"
        yield LENGTH.at(doc, path, f"`{key}` is {length} characters long; it must be {bound} "
                        f"{err.validator_value}")
    elif kind == "not":
        # `not: {required: [...]}` holds vacuously for a value that is not a mapping, or lacks
        # the keys: only keys really written are reported (a wrong type is reported on its own).
        written = instance if isinstance(instance, dict) else {}
        for name in (n for n in err.validator_value.get("required", ()) if n in written):
            reason = err.schema.get("$comment", "not allowed here")
            yield NOT_ALLOWED.at(doc, (*path, name), f"`{name}` is {reason}", on_key=True,
                                 hint=f"remove `{name}`")
    else:
        yield WRONG_TYPE.at(doc, path, f"`{key}`: {err.message}")


def _any_of(doc: Document, err: Any, path: KeyPath, key: str) -> Iterator[Problem]:
    """A value matching none of several forms: the errors of the form of its own type, if any."""
    branches = err.validator_value
    for index, branch in enumerate(branches):
        if branch.get("type") and isinstance(err.instance, _TYPES[branch["type"]]):
            for sub_error in err.context:
                if sub_error.relative_schema_path[0] == index:
                    yield from _to_problems(doc, sub_error)
            return
    wanted = " or ".join(_TYPE_WORDS.get(b.get("type"), "another form") for b in branches)
    yield WRONG_TYPE.at(doc, path, f"`{key}` must be {wanted}, not {describe(err.instance)}",
                        fix=removal(doc, path) if blank(err.instance) else None)


def _name(path: KeyPath) -> str:
    """How a message names the value at `path`: its key, or the list item (`features[1]`); never
    the whole key path, which every report shows before the message."""
    if not path:
        return "the file"
    named = len(path) - next((i for i, part in enumerate(reversed(path)) if isinstance(part, str)), len(path))
    return format_path(path[max(named - 1, 0):])


def _missing(doc: Document, err: Any, path: KeyPath) -> Iterator[Problem]:
    instance = err.instance
    reason = err.schema.get("$comment")
    parent = _resolve(_schema_at(path))
    known = (parent or {}).get("properties", {})
    # near misses are looked for among the first unknown keys only: a file with thousands
    # of them has its problems capped anyway, and each key looked at costs a comparison
    unknown = list(islice((k for k in instance if k not in known), _NEAR_MISSES_LOOKED_AT))
    for name in err.validator_value:
        if name in instance:
            continue
        if suggest(name, unknown):
            continue  # reported as an unknown key with a "did you mean"
        key = (*path, name)
        if doc.info(key) is not None:  # written, but left empty (the normaliser dropped it)
            yield empty_value(doc, key, reason)
            continue
        message = f"the mandatory key `{name}` is missing"
        if reason:
            message = f"`{name}` is missing: it is {reason}"
        yield MISSING_KEY.at(doc, key, message, hint=add_hint(key), on_key=True)


_NEAR_MISSES_LOOKED_AT = 1_000


def empty_value(doc: Document, path: KeyPath, reason: str | None = None, *,
                rule: Rule = MISSING_KEY) -> Problem:
    """One problem for a key the file must fill but leaves empty: what to give, and how.
    (A profile's rules say it too, with their own id: `roadmap` under `complete`.)"""
    purpose, how = explain(path)
    message = f"`{_name(path)}` is empty"
    if purpose:
        message += f": give {purpose}"
    if reason:
        message += f" (it is {reason})"
    return rule.at(doc, path, message, hint=how, on_key=True)


def add_hint(path: KeyPath) -> str | tuple[str, ...]:
    """`add `name:` under `parent:` with WHAT IT HOLDS; for example ...`, from the schema's data."""
    parent = path[:-1]
    where = ""
    if parent:
        where = f" under `{parent[-1]}:`" if isinstance(parent[-1], str) else f" to `{format_path(parent)}`"
    purpose, how = explain(path)
    hint = f"add `{path[-1]}:`{where}"
    if purpose:
        hint += f" with {purpose}"
    if isinstance(how, tuple):
        return (f"{hint}; {how[0]}", *how[1:])
    return f"{hint}; {how}" if how else hint


def explain(path: KeyPath) -> tuple[str, str | tuple[str, ...] | None]:
    """What the key at `path` holds (its schema description, to follow "give" or "with") and how
    to write it (its values, or its example), for the messages about a missing or empty key."""
    return _explained(tuple(0 if isinstance(part, int) else part for part in path))


@lru_cache(maxsize=512)
def _explained(path: KeyPath) -> tuple[str, str | tuple[str, ...] | None]:
    """`explain` for a path whose list indexes are all 0: every item of a list has the same
    schema, and writing the example as YAML costs more than checking a small file."""
    node = _resolve(_schema_at(path)) or {}
    purpose = str(node.get("description") or "").rstrip(".")
    first = purpose.split(" ", 1)[0]
    if first[1:].islower() or first in ("A", "An"):  # not an acronym such as SPDX
        purpose = purpose[0].lower() + purpose[1:]
    values = node.get("enum") or (_resolve(node.get("items")) or {}).get("enum") or ()
    if 0 < len(values) <= 12:
        return purpose, "write one of: " + ", ".join(values)
    if not node.get("examples") or not isinstance(path[-1], str):
        return purpose, None
    written = _yaml({path[-1]: node["examples"][0]})
    if "\n" not in written.rstrip("\n"):
        return purpose, f"for example `{written.strip()}`"
    return purpose, ("for example:", *(f"  {line}" for line in written.rstrip("\n").splitlines()))


def _yaml(value: Any) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.dump(value, out)
    return out.getvalue()


def _schema_at(path: KeyPath) -> dict[str, Any] | None:
    node: dict[str, Any] | None = schema()
    for part in path:
        node = _child(node, part, None)
    return node


def _unknown(doc: Document, err: Any, path: KeyPath) -> Iterator[Problem]:
    known = err.schema.get("properties", {})
    renamed = load_vocab("renamed-keys")
    for name in err.instance:
        if name in known:
            continue
        dotted = format_path((*path, name))
        old = renamed.get(re.sub(r"^it\.", "IT.", dotted)) or renamed.get(name)
        guess = suggest(name, known)
        if old is not None:
            message = f"unknown key `{name}`: {old}"
        elif not path and len(name) == 2 and name.isalpha() and name.upper() != "IT":
            message = (f"unknown key `{name}`: the standard has no country-specific section but "
                       "`IT`, itself deprecated")
            guess = None
        elif guess:
            same = guess.lower() == name.lower()
            message = (f"unknown key `{name}`: keys are case-sensitive, did you mean `{guess}`?"
                       if same else f"unknown key `{name}`: did you mean `{guess}`?")
        else:
            message = f"unknown key `{name}` in `{format_path(path)}`" if path else \
                f"unknown key `{name}`"
        hint = f"rename it to `{guess}`" if guess and old is None else \
            _owner_hint(name, known) or "remove it, or check the spelling against the standard"
        fix = fix_for(doc, (*path, name))
        if fix is None and guess and old is None and guess not in err.instance:
            fix = Fix((rename_key((*path, name), guess),), UNSAFE)
        yield UNKNOWN_KEY.at(doc, (*path, name), message, hint=hint, on_key=True, fix=fix)


def _owner_hint(name: str, siblings: dict[str, Any]) -> str | None:
    """`indent it under legal` when the unknown key belongs to a sibling section."""
    for owner, node in siblings.items():
        if name in ((_resolve(node) if isinstance(node, dict) else None) or {}).get("properties", {}):
            return f"if it belongs to `{owner}`, indent it under `{owner}:`"
    return None


def _empty(doc: Document, path: KeyPath) -> Problem:
    """An empty (or blank) value where one is needed: a list item, or a mandatory key."""
    if path and isinstance(path[-1], int):
        return EMPTY_ITEM.at(doc, path, f"an item of `{_name(path[:-1])}` is empty",
                             hint="write its value, or remove the item", fix=removal(doc, path))
    return empty_value(doc, path)


def removal(doc: Document, path: KeyPath) -> Fix | None:
    """The safe fix of an empty value where the file may do without it: removing it. A key goes
    when it is optional (`optional`); an empty list item goes when another item of the list says
    something, or when the list itself is optional (a list left with no items goes with it)."""
    if path and isinstance(path[-1], int):
        if not _empty_items_may_go(doc, path[:-1]):
            return None
    elif not optional(doc, path):
        return None
    return Fix((remove_entry(path),))


def _empty_items_may_go(doc: Document, path: KeyPath) -> bool:
    """Whether the empty items of the list at `path` may be removed: the list keeps an item that
    says something, or may go itself. Remembered for the last list asked about: the problems of a
    list's items come one after another, and a list of thousands of empty items is read once."""
    items = doc.get(path)
    last = _LAST_LIST[0]
    if last is not None and last[0] is items:
        return last[1]
    may_go = (isinstance(items, list) and any(not blank(item) for item in items)) or optional(doc, path)
    if isinstance(items, list):
        _LAST_LIST[0] = (items, may_go)
    return may_go


_LAST_LIST: list[tuple[list[Any], bool] | None] = [None]


def optional(doc: Document, path: KeyPath) -> bool:
    """Whether the file may leave out the key at `path`: a key of the standard that its section
    does not require, not even under a condition the section meets (`maintenance.contacts` when
    the type is `internal`). A key the standard does not know is not said to be optional."""
    if not path or not isinstance(path[-1], str):
        return False
    section = _resolve(_schema_at(path[:-1]))
    if section is None or path[-1] not in section.get("properties", {}):
        return False
    value = doc.get(path[:-1])
    required = set(section.get("required", ()))
    for part in section.get("allOf", ()):
        branch = part.get("then" if conforms(value, part["if"]) else "else") if "if" in part else part
        required.update((branch or {}).get("required", ()))
    return path[-1] not in required


def _wrong_type(doc: Document, path: KeyPath, key: str, expected: Any,
                instance: Any) -> Problem:
    if instance is None:
        return _empty(doc, path)
    words = [_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)]
    wanted = " or ".join(words)
    hint: str | tuple[str, ...] | None = None
    fix = removal(doc, path) if blank(instance) else None  # `""`, `[]`, `{}` at an optional key
    if expected == "array" and isinstance(instance, str) and not instance.strip():
        hint = f"remove `{key}`, or list its items under it"
    elif expected == "array" and isinstance(instance, (str, int, float)):
        hint = ("write it as a list:", f"  {key}:", f"    - {instance}")
        fix = Fix((set_value(path, [instance]),), UNSAFE) if isinstance(instance, str) else None
    elif expected == "string" and isinstance(instance, (list, dict)):
        hint = "give a single text value"
    elif expected == "boolean" and (meant := _quoted_boolean(instance)) is not None:
        hint = f"write {str(meant).lower()} without quotes"
        fix = Fix((set_value(path, meant),))
    return WRONG_TYPE.at(doc, path, f"`{key}` must be {wanted}, not {describe(instance)}", hint=hint, fix=fix)


def _quoted_boolean(value: Any) -> bool | None:
    """The boolean that quoted text means, when it is one of YAML's words for a boolean
    (`"true"`, `"False"`, or YAML 1.1's `"yes"`, `"off"`...); None otherwise."""
    if not isinstance(value, str):
        return None
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return YAML11_BOOLEANS.get(value)


def _bad_value(doc: Document, path: KeyPath, key: str, allowed: list[Any],
               instance: Any) -> Problem:
    if instance is None or (isinstance(instance, str) and not instance.strip()):
        return _empty(doc, path)
    name = key if not isinstance(path[-1], int) else _name(path[:-1])
    listed = ".".join(part for part in path if isinstance(part, str))
    guess = _meant(listed, instance, allowed)
    if len(allowed) <= 12:
        message = (f"{describe(instance)} is not a valid value for `{name}`; use one of: "
                   + ", ".join(allowed))
    else:
        message = f"{describe(instance)} is not in the standard's list of values for `{name}`"
    hint = fix = None
    if guess:
        message += f" (did you mean `{guess}`?)"
        hint = f"write `{guess}`"
        fix = Fix((set_value(path, guess),), UNSAFE)
    elif (other := _OTHER_LISTS.get(listed)) and instance in _allowed((*other, 0)):
        message += f"; it is a value of `{'.'.join(other)}`"
        hint = f"move it to `{'.'.join(other)}`, and choose {'a value' if len(allowed) <= 12 else 'one'} " \
               f"from the standard's list for `{name}` if one fits"
    return BAD_VALUE.at(doc, path, message, hint=hint, fix=fix)


# Fixed lists whose values people mix up: a scope written as a category, and the other way.
_OTHER_LISTS = {"categories": ("intendedAudience", "scope"), "intendedAudience.scope": ("categories",)}


def _meant(listed: str, value: Any, allowed: list[Any]) -> str | None:
    """The value of the list that `value` most likely means: the same in another case or with a
    typo, or a word people use for it (vocab/synonyms.json)."""
    if not isinstance(value, str):
        return None
    synonym = load_vocab("synonyms").get(listed, {}).get(re.sub(r"[\s_]+", "-", value.strip().lower()))
    return synonym if synonym in allowed else suggest(value, allowed)


def _allowed(path: KeyPath) -> list[Any]:
    return (_resolve(_schema_at(path)) or {}).get("enum", [])
