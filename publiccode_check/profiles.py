"""Profiles: which rules count, and how much. Checks never read them; `Policy` applies them.

`standard` is the publiccode.yml standard alone; `complete` adds what makes work in
progress discoverable from the first commit (status, roadmap, contacts, freshness).
A profile lists only the rules it changes; every other rule keeps its default severity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from .problem import Problem, Severity

if TYPE_CHECKING:
    from .rule import Rule

OFF = "off"
PROFILES: dict[str, dict[str, str]] = {
    "standard": {
        "stable-release-info": OFF,
        "future-release-date": "warning",
        "roadmap-required": OFF,
        "contact-required": OFF,
        "unmaintained": OFF,
        "expired-contract": "warning",
    },
    "complete": {},
}
DEFAULT_PROFILE = "complete"  # of the command line and the hooks
LIBRARY_PROFILE = "standard"  # of the Python functions and of `Policy()`
LEVELS = ("error", "warning", OFF)


class Policy:
    """A profile plus per-rule overrides (from configuration): rule id -> error/warning/off.

    `Policy()` is the `standard` profile, as the functions use by default; to check as the
    command line does:

        >>> from publiccode_check import Policy, validate_path
        >>> validate_path("publiccode.yml", policy=Policy("complete")).valid
        >>> Policy("complete", {"roadmap-required": "warning"})  # with a rule turned down
    """

    def __init__(self, profile: str = LIBRARY_PROFILE, overrides: Mapping[str, str] | None = None) -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; use one of: {', '.join(PROFILES)}")
        self.profile = profile
        self.levels = {**PROFILES[profile], **(overrides or {})}

    def level(self, rule: Rule) -> str:
        """The level of `rule` under this policy: error, warning or off."""
        return self.levels.get(rule.id, rule.severity.value)

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems that count under this policy, with their severity."""
        return list(self.levelled(problems))

    def levelled(self, problems: Iterable[Problem]) -> Iterator[Problem]:
        """`apply`, one problem at a time, as they are found."""
        for problem in problems:
            level = self.levels.get(problem.rule)
            if level is None:
                yield problem
            elif level != OFF:
                yield problem._replace(severity=Severity(level))
