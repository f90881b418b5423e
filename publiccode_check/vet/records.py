"""One record per repository (a JSON Lines object), and the summary of many records.

A record is a plain dict so that it can be read back from a JSON Lines file
(`--resume`, `--html` from an earlier run) without a second type:

    {"formatVersion": 2, "source": "https://github.com/org/repo",
     "fileUrl": "https://raw.githubusercontent.com/org/repo/HEAD/publiccode.yml",
     "status": "invalid", "publiccodeYmlVersion": "0.4", "valid": false,
     "errors": 2, "warnings": 1, "problems": [ ...as in the JSON report... ],
     "failure": null, "timings": {"fetch": 0.21, "check": 0.01},
     "software": {"name": "...", "developmentStatus": "...", ...as software.py says}}

`status` is one of STATUSES; `failure` says in words why a file could not be
fetched or read (statuses `missing` and `unreachable`). A record of a file that
publiccode-check itself failed on (a bug) is `unreachable` and has `"internalError": true`.
`software` is what a file that could be loaded says about its software (valid or not; None
otherwise), so that records are a catalogue `similar` can search.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from ..software import summary
from ..text import QUOTE_LIMIT, clean, escape_controls

if TYPE_CHECKING:
    from ..validate import Result

FORMAT_VERSION = 2  # 2: `software` added

# status -> what it means, in the order reports show them
STATUSES: dict[str, str] = {
    "valid": "publiccode.yml found and valid",
    "invalid": "publiccode.yml found, with errors",
    "missing": "no publiccode.yml in the repository (or not readable there)",
    "unreachable": "the repository or its file could not be fetched (timeout, server error...)",
}
TOP_PROBLEMS = 20
UNKNOWN_VERSION = "unknown"


def from_result(source: str, file_url: str, result: Result, timings: dict[str, float]) -> dict[str, Any]:
    """The record of a file that was read and validated."""
    from ..report.json import result_dict

    checked = result_dict(result)
    return {"formatVersion": FORMAT_VERSION, "source": source, "fileUrl": file_url,
            "status": "valid" if result.valid else "invalid",
            "publiccodeYmlVersion": checked["publiccodeYmlVersion"], "valid": checked["valid"],
            "errors": checked["errors"], "warnings": checked["warnings"],
            "problems": checked["problems"], "failure": result.failure,
            "timings": _rounded(timings), "software": summary(result.data)}


def failed(source: str, status: str, failure: str, timings: dict[str, float],
           file_url: str | None = None, *, internal_error: bool = False) -> dict[str, Any]:
    """The record of a repository whose file could not be fetched or read (`missing`, `unreachable`),
    or, `internal_error`, on which publiccode-check failed."""
    assert status in STATUSES and status not in ("valid", "invalid")
    record = {"formatVersion": FORMAT_VERSION, "source": source, "fileUrl": file_url, "status": status,
              "publiccodeYmlVersion": None, "valid": False, "errors": 0, "warnings": 0, "problems": [],
              "failure": failure, "timings": _rounded(timings), "software": None}
    if internal_error:
        record[INTERNAL_ERROR] = True
    return record


INTERNAL_ERROR = "internalError"
# What a record read back (--resume) must hold for the summary and the page: key -> types.
_SHAPE: dict[str, tuple[type, ...]] = {
    "source": (str,), "status": (str,), "fileUrl": (str, type(None)),
    "publiccodeYmlVersion": (str, type(None)), "errors": (int,), "warnings": (int,), "problems": (list,),
    "failure": (str, type(None)),
}
_PROBLEM_SHAPE: dict[str, tuple[type, ...]] = {
    "rule": (str,), "severity": (str,), "message": (str,), "hint": (str, type(None)),
    "line": (int,), "column": (int,), "key": (str,),
}


def well_formed(record: Any) -> bool:
    """Whether `record` (read back from a JSON line) has the shape of a record."""
    return (isinstance(record, dict) and record.get("status") in STATUSES
            and all(isinstance(record.get(key), types) for key, types in _SHAPE.items())
            and isinstance(record.get(INTERNAL_ERROR, False), bool)
            and all(isinstance(problem, dict) and all(isinstance(problem.get(key), types)
                                                      for key, types in _PROBLEM_SHAPE.items())
                    for problem in record["problems"]))


MAX_LINE = 64 * 2**20  # bytes of one JSON line read back (a record of 1,000 problems is far less)


def json_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) of each line of a JSON Lines file read back (`vet --resume`, a catalogue);
    the line is None when it is longer than MAX_LINE (read past, not kept)."""
    offset = 0
    while line := handle.readline(MAX_LINE + 1):
        start = offset
        offset += len(line)
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield start, line
            continue
        while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            offset += len(rest)
        offset += len(rest)
        yield start, None


def json_value(line: bytes) -> Any:
    """The JSON value of a line read back, None when it is not JSON (or nested too deep to read)."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {name: round(seconds, 4) for name, seconds in timings.items()}


@dataclass
class ProblemCount:
    """How often one rule fired across the records."""

    rule: str
    severity: str
    occurrences: int = 0
    repositories: int = 0
    example: str = ""  # its first occurrence: `KEY: MESSAGE`


@dataclass
class Summary:
    total: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)  # of the files that were read
    problems: list[ProblemCount] = field(default_factory=list)  # the most frequent first
    internal_errors: int = 0  # records of files publiccode-check itself failed on

    def text(self) -> str:
        """The summary for a terminal: counts by verdict, by version, and the top problems."""
        lines = [f"{self.total} repositories: " + ", ".join(
            f"{self.statuses[status]} {status}" for status in STATUSES if self.statuses[status])]
        if self.internal_errors:
            lines.append(f"publiccode-check failed on {self.internal_errors} of them (internal errors: "
                         "please report them)")
        if self.versions:  # the versions and messages come from the files: cleaned for a terminal
            lines.append("publiccode.yml versions: " + ", ".join(
                f"{escape_controls(version)[:QUOTE_LIMIT]} ({count})"
                for version, count in _by_count(self.versions)))
        if self.problems:
            lines.append("most frequent problems:")
            width = max(len(count.rule) for count in self.problems)
            lines += [f"  {count.occurrences:6d} in {count.repositories:5d} repositories  "
                      f"{escape_controls(count.rule):<{width}}  {escape_controls(count.severity):<7}  "
                      f"{clean(count.example)}"
                      for count in self.problems]
        return "\n".join(lines) + "\n"


def summarise(records: Iterable[dict[str, Any]], top: int = TOP_PROBLEMS) -> Summary:
    summary = Summary()
    counts: dict[tuple[str, str], ProblemCount] = {}
    for record in records:
        summary.total += 1
        summary.statuses[record["status"]] += 1
        summary.internal_errors += record.get(INTERNAL_ERROR) is True
        if record["status"] in ("valid", "invalid"):
            summary.versions[record.get("publiccodeYmlVersion") or UNKNOWN_VERSION] += 1
        seen = set()
        for problem in record.get("problems", ()):
            key = (problem["rule"], problem["severity"])
            count = counts.get(key)
            if count is None:
                count = counts[key] = ProblemCount(*key, example=headline(problem))
            count.occurrences += 1
            if key not in seen:
                seen.add(key)
                count.repositories += 1
    summary.problems = sorted(counts.values(), key=lambda c: (-c.occurrences, c.rule, c.severity))[:top]
    return summary


def headline(problem: dict[str, Any]) -> str:
    """`KEY: MESSAGE`, as every report shows a problem (a message does not repeat its key): what
    `report.common.headline` makes of a `Problem`, for a problem read back from a record."""
    message = str(problem.get("message") or "")
    return f"{problem['key']}: {message}" if problem.get("key") else message


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
