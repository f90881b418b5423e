"""SARIF 2.1.0 for GitHub code scanning and other tools: one run, every rule of the catalogue,
one result a problem at a repository-relative URI, with a fingerprint that ignores the line.

A file that could not be validated is a tool execution notification, not a result: no
rule found it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import HOMEPAGE, RULES_DOC
from ..catalogue import ALL_RULES
from ..problem import Problem, Severity
from ..rule import Rule
from ..text import json_text
from ..validate import Result
from . import Options
from .common import TOOL, described, failure, fingerprints, relative_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "publiccodeCheck/v1"
RULE_INDEX = {rule.id: index for index, rule in enumerate(ALL_RULES)}


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.summary},
        "helpUri": f"{RULES_DOC}#{rule.id}",
        "defaultConfiguration": {"level": rule.severity.value},
    }


def artifact(path: str) -> dict[str, str]:
    """A location inside the repository is relative to %SRCROOT%; outside it, a file URI."""
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def region(problem: Problem) -> dict[str, int]:
    found = {"startLine": problem.line, "startColumn": problem.column,
             "endLine": problem.end_line, "endColumn": problem.end_column}
    return {name: value for name, value in found.items() if value}


def result_dict(problem: Problem, location: dict[str, str], fingerprint: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": location}
    if problem.line:
        physical["region"] = region(problem)
    out: dict[str, Any] = {
        "ruleId": problem.rule,
        "level": problem.severity.value,
        "message": {"text": described(problem)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if problem.rule in RULE_INDEX:
        out["ruleIndex"] = RULE_INDEX[problem.rule]
    return out


def render(results: Sequence[Result], options: Options) -> str:
    found = []
    notifications = []
    for result in results:
        path = relative_path(result.path, options.base)
        location = artifact(path)
        if result.failure:
            notifications.append({
                "level": Severity.ERROR.value,
                "message": {"text": failure(result).message},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
            })
        found += [result_dict(problem, location, fingerprint) for problem, fingerprint
                  in zip(result.problems, fingerprints(path, result.problems), strict=True)]
    run = {
        "tool": {"driver": {**TOOL, "informationUri": HOMEPAGE, "rules": [rule_dict(r) for r in ALL_RULES]}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": found,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document, indent=2) + "\n"
