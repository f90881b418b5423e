"""A rule: a stable id, a default severity, a one-line summary and whether it can fix.

Every problem names the rule that found it, so users can look rules up and
configuration can turn them down or off by id. `fix` is the safest fix the rule's
problems can have (`safe`, `unsafe`, or None): `publiccode-check fix` applies safe fixes,
and unsafe ones with `--unsafe-fixes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .document import Document
from .problem import Fix, KeyPath, Problem, Severity
from .text import clean, clean_lines


class Rule(NamedTuple):
    id: str
    severity: Severity
    summary: str
    fix: str | None = None  # "safe", "unsafe" or None: the safest fix its problems can have

    def at(
        self,
        doc: Document,
        path: KeyPath,
        message: str,
        *,
        hint: str | Sequence[str] | None = None,
        on_key: bool = False,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Problem:
        """A problem of this rule at the value (or, `on_key`, the key) of `path`.

        The message and the hint are cleaned here, for every rule: a value quoted in them
        cannot forge a report line. A hint of several lines is given as a sequence of lines.
        """
        span = doc.where(path, key=on_key)
        return Problem(
            rule=self.id,
            severity=severity or self.severity,
            message=clean(message),
            path=tuple(path),
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            hint=clean_lines(hint) if hint else None,
            fix=fix,
        )


def error(rule_id: str, summary: str, *, fix: str | None = None) -> Rule:
    return Rule(rule_id, Severity.ERROR, summary, fix)


def warning(rule_id: str, summary: str, *, fix: str | None = None) -> Rule:
    return Rule(rule_id, Severity.WARNING, summary, fix)
