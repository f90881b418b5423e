"""SARIF 2.1.0 for GitHub code scanning and other tools: one run, every rule of the catalogue,
one result a problem at a repository-relative URI, with a fingerprint that ignores the line.

A file that could not be validated is a tool execution notification, not a result: no
rule found it. A rule that can fix says so in its properties (`fix`: safe or unsafe), and a
problem with a fix carries it as SARIF `fixes` (the safety in their properties).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import HOMEPAGE, RULES_DOC
from ..catalogue import ALL_RULES
from ..problem import Problem, Severity
from ..rule import Rule
from ..text import json_text
from ..validate import Result
from . import Options
from .common import TOOL, described, failure, fingerprints, fix_edits, relative_path

if TYPE_CHECKING:
    from ..fix.edits import Placed

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "publiccodeCheck/v1"
RULE_INDEX = {rule.id: index for index, rule in enumerate(ALL_RULES)}


def rule_dict(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.summary},
        "helpUri": f"{RULES_DOC}#{rule.id}",
        "defaultConfiguration": {"level": rule.severity.value},
    }
    if rule.fix:
        out["properties"] = {"fix": rule.fix}
    return out


def artifact(path: str) -> dict[str, str]:
    """A location inside the repository is relative to %SRCROOT%; outside it, a file URI."""
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def region(problem: Problem) -> dict[str, int]:
    found = {"startLine": problem.line, "startColumn": problem.column,
             "endLine": problem.end_line, "endColumn": problem.end_column}
    return {name: value for name, value in found.items() if value}


def fix_dict(problem: Problem, location: dict[str, str], edits: list[Placed]) -> dict[str, Any]:
    """A SARIF fix: each edit replaces a region (empty for an insertion) with its text."""
    from ..fix.edits import describe

    assert problem.fix is not None
    replacements = [{"deletedRegion": {"startLine": edit.line, "startColumn": edit.column,
                                       "endLine": edit.end_line, "endColumn": edit.end_column},
                     "insertedContent": {"text": edit.text}} for edit in edits]
    return {"description": {"text": describe(problem.fix)},
            "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
            "properties": {"safety": problem.fix.safety}}


def result_dict(problem: Problem, location: dict[str, str], fingerprint: str,
                edits: list[Placed] | None = None) -> dict[str, Any]:
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
    if edits is not None:
        out["fixes"] = [fix_dict(problem, location, edits)]
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
        edits = fix_edits(result)
        found += [result_dict(problem, location, fingerprint, fix) for problem, fingerprint, fix
                  in zip(result.problems, fingerprints(path, result.problems), edits, strict=True)]
    run = {
        "tool": {"driver": {**TOOL, "informationUri": HOMEPAGE, "rules": [rule_dict(r) for r in ALL_RULES]}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": found,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document, indent=2) + "\n"
