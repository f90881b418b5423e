"""inputTypes and outputTypes (deprecated, still checked): media types as RFC 6838 writes them.

The syntax is RFC 6838's (section 4.2: `type/subtype`, each a restricted name of at
most 127 characters, compared without regard to case), and the type must be one of
IANA's registered top-level types (`vocab/media-top-level-types.json`, from
https://www.iana.org/assignments/media-types/). Subtypes are not looked up:
vendor (`vnd.`), personal (`prs.`) and unregistered (`x.`, `x-`) trees are all valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import Problem
from ..rule import error
from ..vocab import load_vocab

MEDIA_TYPE = error("media-type", "inputTypes and outputTypes are media types (type/subtype, RFC 6838).")
RULES = (MEDIA_TYPE,)

PATTERNS = ("inputTypes[]", "outputTypes[]")
_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(rf"(?P<type>{_NAME})/(?P<subtype>{_NAME})")
_HINT = "write type/subtype, like text/plain or application/json"


def media_type_problem(value: str) -> str | None:
    """Why `value` is not a media type, or None when it is one."""
    match = _MEDIA_TYPE.fullmatch(value)
    if match is None:
        return f"`{value}` is not a media type: it is written type/subtype, like text/plain"
    top = load_vocab("media-top-level-types")
    if match["type"].lower() not in top:
        return (f"`{match['type']}` in `{value}` is not a registered top-level media type "
                f"({', '.join(top)})")
    return None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern in PATTERNS:
        for path, value in doc.find(pattern):
            if isinstance(value, str) and (reason := media_type_problem(value)):
                yield MEDIA_TYPE.at(doc, path, reason, hint=_HINT)
