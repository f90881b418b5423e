"""A rule: a stable id, a default severity and a one-line summary.

Every problem names the rule that found it, so users can look rules up and
configuration can turn them down or off by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .document import Document
from .problem import KeyPath, Problem, Severity
from .text import clean, clean_lines


class Rule(NamedTuple):
    id: str
    severity: Severity
    summary: str

    def at(
        self,
        doc: Document,
        path: KeyPath,
        message: str,
        *,
        hint: str | Sequence[str] | None = None,
        on_key: bool = False,
        severity: Severity | None = None,
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
        )


def error(rule_id: str, summary: str) -> Rule:
    return Rule(rule_id, Severity.ERROR, summary)


def warning(rule_id: str, summary: str) -> Rule:
    return Rule(rule_id, Severity.WARNING, summary)
