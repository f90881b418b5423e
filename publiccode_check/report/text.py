"""`PATH:LINE:COL: SEVERITY: KEY: MESSAGE [RULE-ID]`, one line a problem, a hint below it.

With `verbose`, the source line is shown under each problem with a caret under the column;
with `color`, plain ANSI codes mark severities, carets and the summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document import FILE_START
from ..problem import Problem, Severity
from ..text import escape_controls, printable
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
        path = escape_controls(result.path)  # a file name can hold a newline or an escape too
        if result.failure:
            unreadable = failure(result)
            lines.append(_headline(f"{path}:", unreadable, unreadable.message, color))
            if options.verbose and result.trace:
                lines.extend(f"    {paint('at', DIM, color)} {frame}" for frame in result.trace.splitlines())
            continue
        source = _LINE_BREAK.split(result.text) if options.verbose and result.text is not None else []
        for problem in result.problems:
            if options.quiet and problem.severity is not Severity.ERROR:
                continue
            lines.append(_headline(f"{path}:{problem.line}:{problem.column}:", problem,
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
    line, problem = _window(line, problem)
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


EXCERPT_WIDTH = 160  # characters of a long source line shown around a problem's column


def _window(line: str, problem: Problem) -> tuple[str, Problem]:
    """A long line cut to EXCERPT_WIDTH characters around the problem's column (with `…` where
    it was cut), and the problem's columns moved to match: a line of megabytes with many
    problems on it would otherwise be printed once for each."""
    if len(line) <= EXCERPT_WIDTH:
        return line, problem
    begin = max(0, min(problem.column - 1 - EXCERPT_WIDTH // 4, len(line) - EXCERPT_WIDTH))
    before = "…" if begin else ""
    after = "…" if begin + EXCERPT_WIDTH < len(line) else ""
    column = problem.column - begin + len(before)
    end_column = problem.end_column
    if problem.end_line == problem.line and end_column:
        end_column = min(end_column - begin + len(before), EXCERPT_WIDTH + len(before) + 1)
    return (before + line[begin:begin + EXCERPT_WIDTH] + after,
            problem._replace(column=column, end_column=end_column))


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
