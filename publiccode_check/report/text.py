"""`PATH:LINE:COL: SEVERITY: KEY: MESSAGE [RULE-ID]`, one line a problem, a hint below it."""

from __future__ import annotations

from collections.abc import Sequence

from ..problem import Severity
from ..validate import Result


def render(results: Sequence[Result], quiet: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        if result.failure:
            lines.append(f"{result.path}: error: cannot validate: {result.failure} [unreadable]")
            continue
        for problem in result.problems:
            if quiet and problem.severity is not Severity.ERROR:
                continue
            key = problem.key or "(file)"
            lines.append(f"{result.path}:{problem.line}:{problem.column}: "
                         f"{problem.severity.value}: {key}: {problem.message} [{problem.rule}]")
            if problem.hint and not quiet:
                lines.extend(f"    {'hint: ' if i == 0 else '      '}{part}"
                             for i, part in enumerate(problem.hint.splitlines()))
    if not quiet:
        lines.append(summary(results))
    return "\n".join(lines) + "\n" if lines else ""


def summary(results: Sequence[Result]) -> str:
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    failed = sum(1 for r in results if r.failure)
    files = f"{len(results)} file" + ("s" if len(results) != 1 else "")
    text = f"{files} checked: {errors} error{'s' * (errors != 1)}, " \
           f"{warnings} warning{'s' * (warnings != 1)}"
    if failed:
        text += f", {failed} could not be validated"
    return text
