"""GitHub Actions workflow commands: each problem becomes an annotation on its line.

`::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::KEY: MESSAGE` (the hint on
the lines below), escaped as GitHub requires; then the summary, as a plain log line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..problem import Severity
from ..text import escape_controls
from ..validate import Result
from . import Options
from .common import described, relative_path, reported
from .text import summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(severity: Severity, message: str, **properties: int | str | None) -> str:
    fields = ",".join(f"{name}={escape_property(str(value))}"
                      for name, value in properties.items() if value)
    return f"::{severity.value} {fields}::{escape_data(message)}"


def _file_name(path: str) -> str:
    """A file name as an annotation gives it: line breaks kept (the command's own escapes carry
    them, and GitHub reads them back), every other control character escaped."""
    parts = re.split(r"([\r\n])", path)
    return "".join(part if part in ("\r", "\n") else escape_controls(part) for part in parts)


def render(results: Sequence[Result], options: Options) -> str:
    lines = []
    for result in results:
        file = _file_name(relative_path(result.path, options.base))
        for problem in reported(result):
            if options.quiet and problem.severity is not Severity.ERROR:
                continue
            lines.append(command(problem.severity, described(problem), file=file, line=problem.line,
                                 col=problem.column, endLine=problem.end_line,
                                 endColumn=problem.end_column, title=problem.rule))
    if not options.quiet:
        lines.append(summary(results))
    return "".join(line + "\n" for line in lines)
