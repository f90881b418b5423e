"""A GitLab Code Quality report (a subset of Code Climate's format): a JSON array of issues,
shown in merge requests. Errors are `major`, warnings `minor`. The description is `KEY: MESSAGE`;
the hint, when there is one, is the issue's content."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..problem import Problem, Severity
from ..text import json_text
from ..validate import Result
from . import Options
from .common import fingerprints, headline, relative_path, reported

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def issue(problem: Problem, path: str, fingerprint: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "description": headline(problem),
        "check_name": problem.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[problem.severity],
        "location": {"path": path, "lines": {"begin": max(problem.line, 1)}},
    }
    if problem.hint:
        found["content"] = {"body": f"Hint: {problem.hint}"}
    return found


def render(results: Sequence[Result], options: Options) -> str:
    issues = []
    for result in results:
        path = relative_path(result.path, options.base)
        problems = reported(result)
        issues += [issue(problem, path, fingerprint)
                   for problem, fingerprint in zip(problems, fingerprints(path, problems), strict=True)]
    return json_text(issues, indent=2) + "\n"
