"""What the service answers: the validation document, and RFC 9457 problem details for refusals.

The validation document has the fields of the reference API (italia/publiccode-validator-api),
so that its clients work unchanged:

    {"valid": false, "results": [{"type": "error", "key": "url", "description": "...",
                                  "line": 3, "column": 6}, ...]}

and ours beside them: per result `rule`, `hint`, `endLine`, `endColumn`, `path` and `fix` (every
field of a problem in the JSON report, under the reference's names where it has one), and at
the top `profile`, `publiccodeYmlVersion`, `errors` and `warnings`. `openapi.json` describes it.
"""

from __future__ import annotations

from typing import Any

from ..report.common import fix_edits
from ..report.json import fix_dict, problem_dict
from ..text import clean
from ..validate import Result

PROBLEM_JSON = "application/problem+json"
# the reference API's names for fields the JSON report calls otherwise
_REFERENCE_NAMES = {"severity": "type", "message": "description"}
_FIRST = ("type", "key", "description", "line", "column")  # the reference's fields, in its order


def validation(result: Result, profile: str) -> dict[str, Any]:
    """The answer to a validation: the reference API's fields, then ours."""
    results = [result_item(problem, edits) for problem, edits in zip(result.problems, fix_edits(result),
                                                                         strict=True)]
    return {"valid": result.valid, "results": results,
            "profile": profile, "publiccodeYmlVersion": result.version,
            "errors": len(result.errors), "warnings": len(result.warnings)}


def result_item(problem: Any, edits: Any = None) -> dict[str, Any]:
    """One problem as a result: the JSON report's problem, renamed where the reference names it,
    with its fix as text edits (`edits`, from `report.common.fix_edits`; null without)."""
    item = {_REFERENCE_NAMES.get(name, name): value for name, value in problem_dict(problem).items()}
    item["fix"] = fix_dict(problem, edits)
    return {**{name: item.pop(name) for name in _FIRST}, **item}


class Refusal(Exception):
    """A request the service does not answer with a validation; becomes an RFC 9457 problem.

    `kind` names the problem type (`urn:publiccode-check:problem:<kind>`, listed in the OpenAPI
    file); `detail` says what happened to this request and what to do, in plain words.
    """

    def __init__(self, status: int, kind: str, title: str, detail: str, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        detail = clean(detail)  # it may quote the request (an address, a parameter): no control characters
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra  # extension members, e.g. {"limit": 1048576}

    def document(self, instance: str) -> dict[str, Any]:
        return {"type": f"urn:publiccode-check:problem:{self.kind}", "title": self.title,
                "status": self.status, "detail": self.detail, "instance": instance, **self.extra}
