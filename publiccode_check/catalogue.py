"""Every rule the tool has, in one place: for `publiccode-check rules`, SARIF and docs."""

from __future__ import annotations

import json

from . import load, schema
from .network.rules import RULES as NETWORK_RULES
from .rule import Rule
from .rules import RULES as CHECK_RULES

ALL_RULES: tuple[Rule, ...] = (*load.RULES, *schema.RULES, *CHECK_RULES, *NETWORK_RULES)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}


def listing(*, as_json: bool = False) -> str:
    """What `publiccode-check rules` prints: a table for people, or JSON for programs."""
    if as_json:
        rules = [{"id": rule.id, "severity": rule.severity.value, "fix": rule.fix, "summary": rule.summary}
                 for rule in ALL_RULES]
        return json.dumps({"formatVersion": 1, "rules": rules}, indent=2, ensure_ascii=False) + "\n"
    rows = [("RULE", "SEVERITY", "FIX", "WHAT IT CHECKS")]
    rows += [(rule.id, rule.severity.value, rule.fix or "-", rule.summary) for rule in ALL_RULES]
    width = max(len(row[0]) for row in rows)
    lines = [f"{rule_id:<{width}}  {severity:<8}  {fix:<6}  {summary}"
             for rule_id, severity, fix, summary in rows]
    lines.append(f"{len(ALL_RULES)} rules. Each problem names its rule in brackets, e.g. [wrong-type]; "
                 "a profile or the configuration can turn a rule down or off. FIX: whether "
                 "`publiccode-check fix` can repair its problems (safe), or only with --unsafe-fixes "
                 "(unsafe).")
    return "\n".join(lines) + "\n"
