"""publiccodeYmlVersion: present, written as text, and a version we support."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..problem import Fix, Problem, set_value
from ..rule import error, warning
from ..schema import schema
from ..text import describe, suggest

VERSION = error("version", "publiccodeYmlVersion must be a supported version, written as text.", fix="safe")
OLD_VERSION = warning("old-version", "Files older than the latest version are checked as the latest.",
                      fix="safe")
RULES = (VERSION, OLD_VERSION)

LATEST = "0.7"
PATH = ("publiccodeYmlVersion",)


def supported() -> list[str]:
    return schema()["properties"]["publiccodeYmlVersion"]["enum"]


def detected(data: Any) -> str | None:
    """The version a file declares, when it declares it as text."""
    value = data.get(PATH[0]) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    listing = ", ".join(f'"{v}"' for v in supported() if v.count(".") < 2)
    if PATH[0] not in doc.data:
        if any(suggest(key, PATH) for key in doc.data):
            return  # a misspelt key: reported as unknown, with "did you mean"
        yield VERSION.at(doc, PATH, "the mandatory key `publiccodeYmlVersion` is missing",
                         hint=f'add `publiccodeYmlVersion: "{LATEST}"` at the top', on_key=True)
        return
    value = doc.data[PATH[0]]
    info = doc.info(PATH)
    if value is None:
        yield VERSION.at(doc, PATH, "`publiccodeYmlVersion` is empty",
                         hint=f'write `publiccodeYmlVersion: "{LATEST}"`')
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and info and info.source:
        yield VERSION.at(doc, PATH, f"`publiccodeYmlVersion` must be text, but YAML reads "
                         f"`{info.source}` as a number", hint=f'quote it: "{info.source}"',
                         fix=Fix((set_value(PATH, info.source),)))
    elif not isinstance(value, str):
        yield VERSION.at(doc, PATH, f"`publiccodeYmlVersion` must be text, not {describe(value)}",
                         hint=f'write publiccodeYmlVersion: "{LATEST}"')
    elif value not in supported():
        yield VERSION.at(doc, PATH, f'version "{value}" is not supported; the supported versions '
                         f"are {listing} (and their x.y.0 forms)",
                         hint=f'write publiccodeYmlVersion: "{LATEST}" and check the file '
                         "against the current standard")
    elif value not in ("0", LATEST, f"{LATEST}.0"):
        yield OLD_VERSION.at(doc, PATH, f'version "{value}" is older than {LATEST}; the file is '
                             f"checked with the {LATEST} rules",
                             hint=f'write publiccodeYmlVersion: "{LATEST}"',
                             fix=Fix((set_value(PATH, LATEST),)))
