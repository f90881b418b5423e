"""`PATH:LINE:COL: SEVERITY: KEY: MESSAGE [RULE-ID]`, one line a problem, a hint below it.

With `verbose`, the source line is shown under each problem with a caret under the column;
with `color`, plain ANSI codes mark severities, carets and the summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document import FILE_START
from ..problem import Problem, Severity
from ..text import printable
from ..validate import Result
from . import Options
from .common import failure

BOLD, DIM, RED, GREEN, YELLOW, CYAN = "1", "2", "1;31", "1;32", "1;33", "36"
SEVERITY_COLORS = {Severity.ERROR: RED, Severity.WARNING: YELLOW}
# Lines end where the loader ends them: at CR LF, CR or LF (not at NEL, LS or PS: YAML 1.2).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(results: Sequence[Result], options: Options) -> str:
    lines: list[str] = []
    color = options.color
    for result in results:
        if result.failure:
            unreadable = failure(result)
            lines.append(_headline(f"{result.path}:", unreadable, unreadable.message, color))
            continue
        source = _LINE_BREAK.split(result.text) if options.verbose and result.text is not None else []
        for problem in result.problems:
            if options.quiet and problem.severity is not Severity.ERROR:
                continue
            lines.append(_headline(f"{result.path}:{problem.line}:{problem.column}:", problem,
                                   f"{problem.key or '(file)'}: {problem.message}", color))
            if 0 < problem.line <= len(source) and _spans(problem) != FILE_START:  # not about one line
                lines.extend(excerpt(source[problem.line - 1], problem, color))
            if problem.hint and not options.quiet:
                lines.extend(f"    {paint('hint:', CYAN, color) if i == 0 else '     '} {part}"
                             for i, part in enumerate(problem.hint.splitlines()))
    if not options.quiet:
        lines.append(summary(results, color))
    return "\n".join(lines) + "\n" if lines else ""


def _spans(problem: Problem) -> tuple[int, int, int | None, int | None]:
    return problem.line, problem.column, problem.end_line, problem.end_column


def _headline(where: str, problem: Problem, text: str, color: bool) -> str:
    severity = paint(problem.severity.value, SEVERITY_COLORS[problem.severity], color)
    return f"{paint(where, BOLD, color)} {severity}: {text} {paint(f'[{problem.rule}]', DIM, color)}"


def excerpt(line: str, problem: Problem, color: bool) -> list[str]:
    """The source line, numbered, and a caret under the problem's column (tildes to its end)."""
    shown = printable(line)
    start = len(printable(line[: problem.column - 1]))
    if problem.end_line == problem.line and problem.end_column and problem.end_column > problem.column:
        end = len(printable(line[: problem.end_column - 1]))
    elif problem.end_line and problem.end_line > problem.line:  # to the end of the line
        end = len(shown)
    else:  # where it ends is not known
        end = start + 1
    gutter = f"    {problem.line} | "
    marker = "^" + "~" * (len(_blank(shown[start:end]).replace("\t", " ")) - 1)
    return [gutter + shown,
            " " * (len(gutter) - 2) + "| " + _blank(shown[:start]) + paint(marker, GREEN, color)]


def _blank(prefix: str) -> str:
    """Spaces as wide as `prefix` on a terminal: tabs kept, wide characters doubled,
    combining ones dropped."""
    if prefix.isascii():
        return re.sub(r"[^\t]", " ", prefix)
    import unicodedata

    return "".join("\t" if char == "\t" else "" if unicodedata.combining(char)
                   else "  " if unicodedata.east_asian_width(char) in "WF" else " " for char in prefix)


def summary(results: Sequence[Result], color: bool = False) -> str:
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    failed = sum(1 for r in results if r.failure)
    files = f"{len(results)} file" + ("s" if len(results) != 1 else "")
    text = f"{files} checked: {errors} error{'s' * (errors != 1)}, " \
           f"{warnings} warning{'s' * (warnings != 1)}"
    if failed:
        text += f", {failed} could not be validated"
    return paint(text, RED if errors or failed else YELLOW if warnings else GREEN, color)
