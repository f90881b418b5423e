"""Bytes to a `Document`: decoding, YAML 1.2 parsing, positions, limits.

The C composer of ruamel.yaml (ruamel.yaml.clib) builds nodes with their
marks; we then turn nodes into plain values ourselves, because that is where
the YAML 1.2 core schema, duplicate keys, non-string keys, merge keys and
alias expansion limits are decided, each with a positioned problem.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from _ruamel_yaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.tag import Tag

from .document import Document, Written, span_of
from .problem import KeyPath, Problem, Severity
from .rule import Rule, error, warning
from .text import clean, clean_lines

ENCODING = error("encoding", "The file must be UTF-8 text.")
BOM = warning("byte-order-mark", "A UTF-8 byte order mark is not needed.")
SYNTAX = error("yaml-syntax", "The file must be well-formed YAML.")
EMPTY = error("empty-file", "The file must hold a publiccode.yml document.")
NOT_MAPPING = error("not-a-mapping", "The top level must be a mapping of keys.")
MULTIPLE_DOCUMENTS = error("multiple-documents", "The file must hold a single YAML document.")
DUPLICATE_KEY = error("duplicate-key", "A key must appear once in a mapping.")
NON_STRING_KEY = error("non-string-key", "Keys must be strings.")
LIMITS = error("yaml-limits", "Nesting and alias expansion are bounded.")
YAML_TAG = warning("yaml-tag", "Only the YAML core tags are understood.")
YAML_VERSION = warning("yaml-version", "publiccode.yml is YAML 1.2.")

RULES = (ENCODING, BOM, SYNTAX, EMPTY, NOT_MAPPING, MULTIPLE_DOCUMENTS, DUPLICATE_KEY,
         NON_STRING_KEY, LIMITS, YAML_TAG, YAML_VERSION)

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 250_000
_TOO_DEEP = f"the document nests deeper than {MAX_DEPTH} levels; a publiccode.yml needs only a few"
_COMPOSER_SAFE_DEPTH = 2_000  # the C composer was seen to crash only past 20,000 levels

_PLAIN = "!plain"  # our tag for untagged plain scalars, resolved below with the 1.2 core schema
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG = (Tag(suffix=name) for name in (
    _PLAIN, _CORE + "str", _CORE + "seq", _CORE + "map"))
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_MAY_NOT_BE_TEXT = frozenset("-+.0123456789~nNtTfF")  # first characters of non-text scalars
_YAML11_DIRECTIVE = re.compile(r"^%YAML[ \t]+1\.[01]\b", re.MULTILINE)
# What YAML does not allow in a file: control characters but tab and line breaks, surrogates,
# U+FFFE and U+FFFF (the complement of its printable set, which is slow to compile as a regex).
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Line breaks in YAML 1.1 (and in the C parser), ordinary characters in YAML 1.2.
_YAML11_BREAKS = "\x85\u2028\u2029"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def resolve_plain(text: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema."""
    if text and text[0] not in _MAY_NOT_BE_TEXT:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return int(text) if len(text) <= _MAX_DIGITS else _infinite(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8) if len(text) <= _MAX_DIGITS else _infinite(text)
    if _HEX.fullmatch(text):
        return int(text[2:], 16) if len(text) <= _MAX_DIGITS else _infinite(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return _infinite(text)
    if _NAN.fullmatch(text):
        return float("nan")
    return text


# Python refuses to convert integers of more than 4,300 digits (the conversion is quadratic);
# no publiccode.yml needs a tenth of that. Such a number is still a number: an infinite one.
_MAX_DIGITS = 400


def _infinite(text: str) -> float:
    """The infinity of the number's sign: `.inf`, or an integer of too many digits."""
    return float("-inf") if text.startswith("-") else float("inf")


class _Resolver(BaseResolver):
    """Tags untagged plain scalars with a marker so we resolve them ourselves, and the other
    untagged nodes with their plain kind. The C composer calls these for every node, so
    they do nothing more (no path-based resolvers), and they give every node one of four
    `Tag` objects: the builder knows an untagged plain scalar by `node.ctag is _PLAIN_TAG`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _Parser(CParser, _Resolver):
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        _Resolver.__init__(self)


class Loaded(NamedTuple):
    document: Document | None
    problems: list[Problem]


def _problem(rule: Rule, message: str, line: int = 1, column: int = 1, *,
             hint: str | None = None, path: KeyPath = ()) -> Problem:
    return Problem(rule.id, rule.severity, clean(message), path, line, column,
                   hint=clean_lines(hint) if hint else None)


def load(data: bytes) -> Loaded:
    """Decode and parse `data`; the document is None when nothing can be checked."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        problems.append(_problem(LIMITS, f"the file is {len(data) / 2**20:.1f} MiB; a publiccode.yml "
                                 f"is a few kilobytes, and at most {MAX_BYTES // 2**20} MiB are read"))
        return Loaded(None, problems)
    text = _decode(data, problems)
    if text is None:
        return Loaded(None, problems)
    forbidden = _NOT_PRINTABLE.search(text)
    if forbidden:
        line, column = _position(text, forbidden.start())
        problems.append(_problem(
            ENCODING, f"the file contains the control character U+{ord(forbidden.group()):04X}, which "
            "YAML does not allow", line, column, hint="remove it (it often comes with a copy and paste)"))
        return Loaded(None, problems)
    text, restore = _protect_breaks(text)
    directive = _YAML11_DIRECTIVE.search(text) if "%YAML" in text else None
    if directive:
        line = text.count("\n", 0, directive.start()) + 1
        problems.append(_problem(
            YAML_VERSION, "the %YAML directive asks for YAML 1.1, which the standard deprecates; "
            "values are read as YAML 1.2", line,
            hint="remove the %YAML line or write `%YAML 1.2`"))
    if _too_deep(text):
        problems.append(_problem(LIMITS, _TOO_DEEP))
        return Loaded(None, problems)
    node = _compose(text, problems)
    if isinstance(node, ScalarNode) and node.value == "":
        node = None  # only `---` or `...`: an empty document
    if node is None:
        if not problems or all(p.severity is Severity.WARNING for p in problems):
            only_comments = any(line.lstrip().startswith("#") for line in text.splitlines())
            problems.append(_problem(
                EMPTY, "the file holds only comments" if only_comments else "the file is empty",
                hint="run `publiccode-check init` to write a first publiccode.yml"))
        return Loaded(None, problems)
    if not isinstance(node, MappingNode):
        found = "a list" if isinstance(node, SequenceNode) else "a single value"
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        problems.append(_problem(
            NOT_MAPPING, f"the top level must be a mapping of keys such as `name: ...`, "
            f"but it is {found}", line, column))
        return Loaded(None, problems)
    builder = _Builder(problems, restore, anchors="&" in text)
    try:
        data_value = builder.build(node, ())
    except _LimitExceeded as exc:
        problems.append(_problem(LIMITS, str(exc), exc.line, exc.column))
        return Loaded(None, problems)
    return Loaded(Document(data_value, builder.nodes), problems)


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(data) >= 2 and (data[0] == 0 or data[1] == 0)
    ):
        problems.append(_problem(
            ENCODING, "the file is encoded as UTF-16 (or UTF-32); publiccode.yml must be UTF-8",
            hint="save the file again choosing the UTF-8 encoding"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(_problem(
            BOM, "the file starts with a UTF-8 byte order mark, which is not needed",
            hint="save the file as UTF-8 without BOM"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", "replace"), exc.start)
        byte = data[exc.start]
        problems.append(_problem(
            ENCODING, f"the file is not valid UTF-8: byte 0x{byte:02X} cannot start or continue a "
            "UTF-8 character (the file was probably saved as Latin-1 or Windows-1252)",
            line, column, hint="save the file again choosing the UTF-8 encoding"))
        return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]` (or of the end of `text` when index is past it)."""
    lines = _LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _protect_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    """Hide NEL, LS and PS from the C parser, which breaks lines there as YAML 1.1 did.

    In YAML 1.2 they are ordinary characters: each is swapped for a private-use character
    absent from the text (same length, so positions stay right) and swapped back in values.
    """
    if not any(char in text for char in _YAML11_BREAKS):
        return text, None
    spares = [chr(code) for code in range(0xF8FF, 0xF800, -1) if chr(code) not in text][:3]
    if len(spares) < 3:
        return text, None
    hide = str.maketrans(dict(zip(_YAML11_BREAKS, spares, strict=True)))
    return text.translate(hide), str.maketrans(dict(zip(spares, _YAML11_BREAKS, strict=True)))


def _too_deep(text: str) -> bool:
    """True when nesting exceeds MAX_DEPTH, found before the C composer, which recurses and
    would crash on a document nested thousands of levels deep.

    A flow collection needs a bracket; a block collection nested in another needs one more
    column of indentation or of `- ` / `? ` indicators at the start of a line, except a
    list directly under a key, which may keep the key's indentation. So when brackets are
    few and line prefixes short, the document cannot nest that deep and the event scan is
    skipped. (Depths between MAX_DEPTH and the bound are caught when building values.)
    """
    room = (_COMPOSER_SAFE_DEPTH - text.count("[") - text.count("{")) // 2 - 1
    if room > 0 and (len(text) <= room or not re.search(f"(?:\\A|[\r\n])[ \t?:-]{{{room + 1}}}", text)):
        return False
    parser = _Parser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            name = type(event).__name__
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    return True
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
            elif name == "StreamEndEvent":
                return False
    except YAMLError:
        return False  # the syntax error is reported by the composer


_SYNTAX_MESSAGES = (
    ("did not find expected ',' or ']'", "a list in brackets is not closed with `]`, or its items are "
     "not separated by commas"),
    ("did not find expected ',' or '}'", "a mapping in braces is not closed with `}`, or its entries "
     "are not separated by commas"),
    ("mapping values are not allowed", "a ':' appears where no key can start; if a value contains "
     "': ', put the value in quotes, otherwise check the indentation of this line"),
    ("could not find expected ':'", "this line is not a `key: value` pair: a ':' is missing or "
     "the indentation is wrong"),
    ("did not find expected key", "this line does not line up with the keys above it; check "
     "its indentation"),
    ("did not find expected '-' indicator", "this line does not line up with the list items "
     "above it; check its indentation"),
    ("found undefined alias", "this alias (*name) refers to an anchor (&name) that is not "
     "defined before it"),
    ("found unexpected end of stream", "this quoted value is not closed: a closing quote is missing"),
    ("did not find expected <document start>", "this line cannot be read as part of the document: "
     "check its indentation, and that no `---` or `...` line stands before it"),
    ("found incompatible YAML document", "the %YAML directive names a version of YAML that cannot be "
     "read; remove the %YAML line"),
    ("found undefined tag handle", "the tag handle of this tag (`!name!`) is not declared; remove the tag"),
    ("indentation indicator equal to 0", "the indentation indicator of a block value (the digit after "
     "`|` or `>`) must be 1 to 9"),
    ("found duplicate anchor", "this anchor (&name) is defined a second time; YAML 1.2 allows it, but "
     "this validator needs each anchor once: rename one of them"),
    ("cannot start any token", "this character cannot start a value: put the value in quotes"),
    ("found unknown escape character", "a backslash escape in a double-quoted value is not "
     "valid YAML; use single quotes or write the backslash twice"),
    ("block sequence entries are not allowed", "a list item '-' appears where a value was "
     "already given; check the indentation"),
)


def _compose(text: str, problems: list[Problem]) -> Node | None:
    try:
        return _Parser(text).get_single_node()
    except MarkedYAMLError as exc:
        problem = exc.problem or ""
        # where the mistake is: the parser notices a missing ':' or quote only further on
        context = exc.context or ""
        at_start = "expected ':'" in problem or ("end of stream" in problem and "quoted" in context)
        mark = (exc.context_mark if at_start else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        if "expected a single document" in (exc.context or "") + problem:
            lines = text.splitlines(keepends=True)
            # the mark is where the second document's content starts: go back to its `---`
            start = next((i for i in range(min(line, len(lines)) - 1, -1, -1)
                          if lines[i].startswith("---")), line - 1)
            line, column = start + 1, 1
            if _only_document_markers("".join(lines[start:])):
                return _compose("".join(lines[:start]), problems)
            problems.append(_problem(
                MULTIPLE_DOCUMENTS, "a second YAML document starts here; a publiccode.yml holds "
                "a single document", line, column,
                hint="remove this `---` line and what follows, or merge the two documents"))
            return None
        if "tab" in problem or _char_at(text, line, column) == "\t":
            message = "a tab is used for indentation; YAML allows only spaces there"
            hint = "replace the tab with spaces"
        else:
            message = next((plain for known, plain in _SYNTAX_MESSAGES if known in problem),
                           f"YAML syntax error: {problem or exc.context}")
            hint = _open_quote_hint(text, line)
        problems.append(_problem(SYNTAX, message, line, column, hint=hint))
        return None
    except YAMLError as exc:  # not expected after the checks in `load`, but never a traceback
        problems.append(_problem(SYNTAX, f"YAML syntax error: {exc}"))
        return None


def _open_quote_hint(text: str, line: int) -> str | None:
    """A quoted value left open runs on into the next lines, and the parser stumbles later:
    point at the line above the error whose quotes do not pair up, if there is one."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)) - 1, max(line - 6, 0), -1):
        content = lines[number - 1].split(" #", 1)[0]
        if content.count('"') % 2 or (content.count("'") % 2 and ": '" in content):
            return f"is a closing quote missing on line {number}?"
    return None


def _only_document_markers(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if stripped not in ("", "---", "..."):
            return False
    return True


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


class _LimitExceeded(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class _Builder:
    """Turns composed nodes into plain values, recording each value's position."""

    def __init__(self, problems: list[Problem], restore: dict[int, str] | None = None,
                 anchors: bool = True) -> None:
        self.problems = problems
        self.restore = restore  # undoes `_protect_breaks` in scalar values
        self.anchors = anchors  # whether the text may hold anchors, hence aliases
        self.nodes: dict[KeyPath, Written] = {}
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: Node, path: KeyPath, key_node: Node | None = None) -> Any:
        self.nodes[path] = (node, key_node)
        if node.__class__ is ScalarNode:
            return self._scalar(node, path)
        self._count(node)
        if len(path) >= MAX_DEPTH:
            raise _LimitExceeded(_TOO_DEEP, node.start_mark.line + 1, node.start_mark.column + 1)
        self._enter(node)
        try:
            if node.__class__ is SequenceNode:
                return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _count(self, node: Node) -> None:
        """Counts a collection's values against MAX_VALUES: checked per collection, since it
        is where aliases and merge keys multiply the work."""
        self.count += len(node.value) + 1
        if self.count > MAX_VALUES:
            why = " (is an alias or a merge key (<<) repeating a large part of it?)" if self.anchors else ""
            raise _LimitExceeded(
                f"the document holds more than {MAX_VALUES} values, where a publiccode.yml holds a "
                f"few hundred{why}; nothing else was checked",
                node.start_mark.line + 1, node.start_mark.column + 1)

    def _enter(self, node: Node) -> None:
        if id(node) in self.active:
            raise _LimitExceeded("an alias refers to the collection that contains it, which "
                                 "would repeat forever", node.start_mark.line + 1, node.start_mark.column + 1)
        self.active.add(id(node))

    def _scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        ctag = node.ctag  # not node.tag: that property builds a new string on every call
        tag = ctag.suffix if ctag.handle is None else str(ctag)
        text = node.value if self.restore is None else node.value.translate(self.restore)
        if tag == _PLAIN:
            return text if text and text[0] not in _MAY_NOT_BE_TEXT else resolve_plain(text)
        if tag is None or tag == _CORE + "str":
            return text
        if tag.startswith(_CORE) and tag[len(_CORE):] in ("int", "float", "bool", "null"):
            return resolve_plain(text)
        self.problems.append(_problem(
            YAML_TAG, f"the tag {tag} is not understood here; the value is read as text",
            node.start_mark.line + 1, node.start_mark.column + 1, path=path))
        return text

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        """Merged keys (`<<`) first, so that the keys written here override them."""
        result: dict[str, Any] = {}
        entries = []
        merge_key: Node | None = None
        sources: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.value == "<<" and str(key_node.ctag) in (
                    _PLAIN, _CORE + "merge"):
                if merge_key is not None:
                    self._duplicate("<<", merge_key, key_node, path)
                    continue
                merge_key = key_node
                sources = value_node.value if value_node.__class__ is SequenceNode else [value_node]
            else:
                entries.append((key_node, value_node))
        for source in reversed(sources):  # the first source wins, for values and positions alike
            result.update(self._merged(source, path))
        seen: dict[str, Node] = {}
        nodes, plain = self.nodes, self.restore is None
        for key_node, value_node in entries:
            # Plain text keys and plain values, most of a file, are read here rather than by
            # `_key` and `build`: on a file of 240,000 keys, those calls were a third of the loader.
            key = key_node.value
            if not (plain and key_node.ctag is _PLAIN_TAG and key and key[0] not in _MAY_NOT_BE_TEXT):
                key = self._key(key_node, path)
                if key is None:
                    continue
            if key in seen:
                self._duplicate(key, seen[key], key_node, path)
                continue
            seen[key] = key_node
            if plain and value_node.ctag is _PLAIN_TAG:
                nodes[(*path, key)] = (value_node, key_node)
                text = value_node.value
                result[key] = text if text and text[0] not in _MAY_NOT_BE_TEXT else resolve_plain(text)
            else:
                result[key] = self.build(value_node, (*path, key), key_node)
        return result

    def _merged(self, node: Node, path: KeyPath) -> dict[str, Any]:
        """The entries a merge key brings, its own merge keys included.

        Every entry merged counts against MAX_VALUES, like the values of a collection: a
        mapping merged ten times, whose own merges are merged ten times, and so on, is
        work that grows tenfold a level, even when the values merged are few in the end.
        """
        if node.__class__ is not MappingNode:
            span = span_of(node)
            self.problems.append(_problem(
                SYNTAX, "a merge key (<<) must be given a mapping or a list of mappings",
                span.line, span.column, path=path))
            return {}
        self._count(node)
        self._enter(node)
        try:
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _duplicate(self, key: str, first_node: Node, again_node: Node, path: KeyPath) -> None:
        first, again = span_of(first_node), span_of(again_node)
        self.problems.append(_problem(
            DUPLICATE_KEY, f"the key `{key}` appears twice in this mapping; the first is "
            f"at line {first.line}, column {first.column}, and its value is the one "
            "checked", again.line, again.column, path=(*path, key), hint="remove one of the two"))

    def _key(self, key_node: Node, path: KeyPath) -> str | None:
        if isinstance(key_node, ScalarNode):
            value = self._scalar(key_node, path)
            if isinstance(value, str):
                return value
            kind = {bool: "a boolean", int: "a number", float: "a number",
                    type(None): "null"}[type(value)]
            message = (f"the key `{key_node.value or '(empty)'}` is read as {kind}, "
                       "not as text; keys must be strings")
            hint = f'write it in quotes: "{key_node.value}"'
        else:
            message, hint = "a list or mapping cannot be used as a key", None
        span = span_of(key_node)
        self.problems.append(_problem(NON_STRING_KEY, message, span.line, span.column,
                                      hint=hint, path=path))
        return None
