"""A versioned JSON document; its shape is described in the README."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..problem import Problem, shortened_key
from ..text import json_text
from ..validate import Result
from . import Options
from .common import TOOL

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


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "path": result.path,
        "publiccodeYmlVersion": result.version,
        "valid": result.valid,
        "failure": result.failure,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [problem_dict(p) for p in result.problems],
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
