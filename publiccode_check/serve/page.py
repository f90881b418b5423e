"""The web page of the service: a form to paste, upload or name a file, and the file with its problems.

Rendered from `web/templates/page.html` (the whole page) and `page-results.html` (the results
alone, which the page's script asks for to show them without reloading). Each problem is shown
under its line with its severity, message and hint, and a link to where the standard documents
its key (`vocab/standard-docs.json`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import web
from ..text import printable
from ..vocab import load_vocab
from .answers import Refusal

PROFILES = {"standard": "the publiccode.yml standard alone",
            "complete": "the standard, plus a roadmap, a reachable contact and fresh dates"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's line breaks, as the loader counts lines


@cache
def policy() -> str:
    """The page's Content-Security-Policy (the header adds frame-ancestors, which a <meta> cannot
    carry): its own style and script by hash, requests to this service only."""
    style = web.digest(style_sheet())
    script = web.digest(web.asset("page.js"))
    return (f"default-src 'none'; style-src {style}; script-src {script}; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'")


def style_sheet() -> str:
    return web.asset("base.css") + web.asset("page.css")


def render(*, text: str = "", url: str = "", profile: str = "standard", outcome: dict[str, Any] | None = None,
           refusal: Refusal | None = None, badge: str | None = None, results_only: bool = False) -> str:
    """The page (or, with `results_only`, its results part) for a form filled with `text` or `url`."""
    context = {"outcome": outcome, "refusal": refusal, "badge": badge}
    if results_only:
        return web.render("page-results.html", **context)
    return web.render("page.html", csp=policy(), style=style_sheet(), script=web.asset("page.js"),
                      text=text, url=url, profile=profile, profiles=PROFILES, **context)


def outcome(answer: dict[str, Any], text: str, *, source: str | None = None,
            file_url: str | None = None) -> dict[str, Any]:
    """What the results show: the summary, the problems about the whole file, and every line of
    the file with the problems found on it."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":  # the break that ends the last line starts no line
        lines.pop()
    on_line: dict[int, list[dict[str, Any]]] = {}
    whole = []
    for result in answer["results"]:
        problem = {"severity": result["type"], "message": result["description"], "hint": result["hint"],
                   "rule": result["rule"], "key": result["key"], "line": result["line"],
                   "column": result["column"], "docs": docs_link(result["path"])}
        if result["line"] > 0:
            on_line.setdefault(result["line"], []).append(problem)
        else:
            whole.append(problem)
    lines += [""] * (max(on_line, default=0) - len(lines))  # a problem at the end of the file
    return {"valid": answer["valid"], "errors": answer["errors"], "warnings": answer["warnings"],
            "profile": answer["profile"], "version": answer["publiccodeYmlVersion"],
            "source": source, "file_url": file_url, "whole": whole,
            "flagged": sorted(on_line),
            "lines": [{"number": number, "text": printable(line), "problems": on_line.get(number, [])}
                      for number, line in enumerate(lines, 1)]}


def docs_link(path: list[str | int]) -> dict[str, str] | None:
    """Where the standard documents the key at `path` (or its nearest documented parent), if
    anywhere: {"url": ..., "key": the key documented there, as the standard names it}."""
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return None
    docs = load_vocab("standard-docs")
    page = "schema.core.html"
    if names[0] in ("IT", "it"):  # the Italian section, on its own page
        page, names = "schema.it.html", names[1:]
    elif names[0] == "description" and len(names) > 1:
        names[1] = "[lang]"
    anchors = docs["pages"][page]
    for length in range(len(names), 0, -1):
        key = "/".join(names[:length])
        if key in anchors:
            return {"url": f"{docs['base']}{page}#{anchors[key]}", "key": key}
    return {"url": f"{docs['base']}{page}", "key": "IT"} if page == "schema.it.html" else None
