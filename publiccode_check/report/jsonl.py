"""One JSON object per file and line, as in the `files` of the JSON report: for streaming."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..validate import Result
from . import Options
from .json import result_dict


def render(results: Sequence[Result], options: Options) -> str:
    return "".join(json.dumps(result_dict(result), ensure_ascii=False) + "\n" for result in results)
