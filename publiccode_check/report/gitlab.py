"""A GitLab Code Quality report (a subset of Code Climate's format): a JSON array of issues,
shown in merge requests. Errors are `major`, warnings `minor`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..problem import Problem, Severity
from ..text import json_text
from ..validate import Result
from . import Options
from .common import described, fingerprints, relative_path, reported

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def issue(problem: Problem, path: str, fingerprint: str) -> dict[str, Any]:
    return {
        "description": " ".join(line.strip() for line in described(problem).splitlines()),
        "check_name": problem.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[problem.severity],
        "location": {"path": path, "lines": {"begin": max(problem.line, 1)}},
    }


def render(results: Sequence[Result], options: Options) -> str:
    issues = []
    for result in results:
        path = relative_path(result.path, options.base)
        problems = reported(result)
        issues += [issue(problem, path, fingerprint)
                   for problem, fingerprint in zip(problems, fingerprints(path, problems), strict=True)]
    return json_text(issues, indent=2) + "\n"
