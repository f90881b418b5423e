"""A versioned JSON document; its shape is described in the README.

Each problem carries its fix, when it has one, as text edits of the file (`fix`), for
editors and bots to offer (vet's records too: their problems are these).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..problem import Problem, shortened_key
from ..text import json_text
from ..validate import Result
from . import Options
from .common import TOOL, fix_edits

if TYPE_CHECKING:
    from ..fix.edits import Placed

FORMAT_VERSION = 1


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "key": problem.key,
        "path": [shortened_key(part) for part in problem.path],  # as written, but for very long keys
        "line": problem.line,
        "column": problem.column,
        "endLine": problem.end_line,
        "endColumn": problem.end_column,
        "severity": problem.severity.value,
        "rule": problem.rule,
        "message": problem.message,
        "hint": problem.hint,
    }


def fix_dict(problem: Problem, edits: list[Placed] | None) -> dict[str, Any] | None:
    """`{"safety", "description", "edits": [{"line", "column", "endLine", "endColumn", "text"}]}`:
    replace each range (the end excluded) with its text, all edits together."""
    if problem.fix is None or edits is None:
        return None
    from ..fix.edits import describe

    return {"safety": problem.fix.safety, "description": describe(problem.fix),
            "edits": [{"line": edit.line, "column": edit.column, "endLine": edit.end_line,
                       "endColumn": edit.end_column, "text": edit.text} for edit in edits]}


def result_dict(result: Result) -> dict[str, Any]:
    """A file's result, each problem with its `fix` (or null)."""
    problems = [{**problem_dict(problem), "fix": fix_dict(problem, edits)}
                for problem, edits in zip(result.problems, fix_edits(result), strict=True)]
    return {
        "path": result.path,
        "publiccodeYmlVersion": result.version,
        "valid": result.valid,
        "failure": result.failure,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": problems,
    }


def render(results: Sequence[Result], options: Options) -> str:
    document = {
        "formatVersion": FORMAT_VERSION,
        "tool": TOOL,
        "files": [result_dict(r) for r in results],
        "summary": {
            "files": len(results),
            "valid": sum(1 for r in results if r.valid),
            "errors": sum(len(r.errors) for r in results),
            "warnings": sum(len(r.warnings) for r in results),
        },
    }
    return json_text(document, indent=2) + "\n"
