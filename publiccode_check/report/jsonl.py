"""One JSON object per file and line, as in the `files` of the JSON report: for streaming."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import json_text
from ..validate import Result
from . import Options
from .json import result_dict


def render(results: Sequence[Result], options: Options) -> str:
    return "".join(json_text(result_dict(result)) + "\n" for result in results)
