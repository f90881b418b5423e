"""Every rule the tool has, in one place: for `publiccode-check rules`, SARIF and docs."""

from __future__ import annotations

from . import load, schema
from .rule import Rule
from .rules import RULES as CHECK_RULES

ALL_RULES: tuple[Rule, ...] = (*load.RULES, *schema.RULES, *CHECK_RULES)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
