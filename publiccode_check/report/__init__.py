"""Formatters: a list of results in, text out. One module a format, imported only when used.

They know nothing about rules, except SARIF, which describes the catalogue's rules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..validate import Result


class Options:
    """How to render. `quiet`, `verbose` and `color` concern the formats for people.

    A plain class rather than a NamedTuple: it is built on every run, and creating a
    NamedTuple type costs the cold start a fifth of a millisecond.
    """

    __slots__ = ("base", "color", "quiet", "verbose")

    def __init__(self, *, quiet: bool = False, verbose: bool = False, color: bool = False,
                 base: Path | None = None) -> None:
        self.quiet = quiet  # errors only, without hints or summary (text, github)
        self.verbose = verbose  # the offending source line with a caret under the column (text)
        self.color = color  # ANSI colours (text)
        self.base = base  # paths are given relative to it; None: the current directory


Formatter = Callable[[Sequence["Result"], Options], str]

# name -> what it is; the module `report/NAME.py` has `render(results, options)`.
FORMATS: dict[str, str] = {
    "text": "lines for people (the default outside GitHub Actions)",
    "json": "one JSON document for all files",
    "jsonl": "one JSON object per file, one a line",
    "github": "GitHub Actions annotations on the lines of the pull request",
    "sarif": "SARIF 2.1.0, for GitHub code scanning and other tools",
    "gitlab": "GitLab Code Quality report",
}
# the formats that give each problem's fix as text edits (`Result.edits`, asked of the check)
WITH_EDITS = frozenset({"json", "jsonl", "sarif"})
AUTO = "auto"
COLOR_CHOICES = ("auto", "always", "never")


def formatter(name: str) -> Formatter:
    return importlib.import_module(f"{__name__}.{name}").render


def chosen_format(name: str, environ: Mapping[str, str]) -> str:
    """`auto` is `github` inside GitHub Actions, else `text`."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """`--color always|never` wins; otherwise NO_COLOR, then FORCE_COLOR, then a terminal
    (not `TERM=dumb`) decides, as no-color.org and force-color.org have it."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and environ.get("TERM") != "dumb"
