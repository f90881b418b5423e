"""What several formatters share: the tool's identity, paths, messages, fingerprints and the
fixes as text edits."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..problem import Problem, Severity
from ..text import escape_controls
from ..validate import Result

if TYPE_CHECKING:
    from ..fix.edits import Placed

TOOL = {"name": "publiccode-check", "version": __version__}
UNREADABLE = "unreadable"  # named like a rule where a file could not be validated at all


def relative_path(path: str, base: Path | None) -> str:
    """`path` relative to `base` (default: the current directory) with `/`, as forges want it;
    absolute when it is outside `base`."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(base or ".")).as_posix()
    except ValueError:
        return absolute.as_posix()


def headline(problem: Problem) -> str:
    """`KEY: MESSAGE`, or the message alone for the whole file."""
    return f"{problem.key}: {problem.message}" if problem.key else problem.message


def described(problem: Problem) -> str:
    """The headline and, on the lines below, the hint: what a forge shows at the problem's line."""
    return f"{headline(problem)}\nhint: {problem.hint}" if problem.hint else headline(problem)


def failure(result: Result) -> Problem:
    """Why a file could not be validated at all, as a problem of the pseudo-rule `unreadable`."""
    return Problem(UNREADABLE, Severity.ERROR, f"cannot validate: {escape_controls(result.failure or '')}")


def reported(result: Result) -> list[Problem]:
    """The problems of a file, or why it could not be validated."""
    return [failure(result)] if result.failure else result.problems


def fingerprints(path: str, problems: Sequence[Problem]) -> list[str]:
    """A stable id for each problem: its file, rule, key and rank among problems alike, but not
    its line, so that it survives edits elsewhere in the file."""
    import hashlib  # lazily: the text report does not need it

    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for problem in problems:
        alike = (problem.rule, problem.key)
        identity = "\0".join((path, *alike, str(seen[alike])))
        seen[alike] += 1
        out.append(hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest())
    return out


def fix_edits(result: Result) -> list[list[Placed] | None]:
    """For each problem, its fix as text edits (None when it has none); the fixer is imported
    only for a file with fixes."""
    if result.edits is not None:  # made during the check (`validate_text(edits=True)`)
        return result.edits
    if not any(problem.fix for problem in result.problems):
        return [None] * len(result.problems)
    from ..fix import edits_of

    return edits_of(result)
