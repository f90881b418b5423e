"""Formatters: a list of results in, text out. They know nothing about rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..validate import Result
from . import json, text

Formatter = Callable[[Sequence[Result], bool], str]

FORMATTERS: dict[str, Formatter] = {"text": text.render, "json": json.render}
