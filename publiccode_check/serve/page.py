"""The web page of the service: a form to paste, upload or name a file, and the file with its problems.

Rendered from `web/templates/page.html` (the whole page) and `page-results.html` (the results
alone, which the page's script asks for to show them without reloading; a worker process
renders them, under its CPU deadline, since their size grows with the file). Each problem is shown
under its line with its severity, message and hint, and a link to where the standard documents
its key (`vocab/standard-docs.json`). With a catalogue, the results end with the initiatives
closest to the file (`initiatives`), to look at before going further.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import web
from ..text import escape_controls, printable
from ..vocab import load_vocab
from .answers import Refusal

if TYPE_CHECKING:
    from ..similar.catalogue import Found

PROFILES = {"standard": "the publiccode.yml standard alone",
            "complete": "the standard, plus a roadmap, a reachable contact and fresh dates"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's line breaks, as the loader counts lines
LONG_FILE = 400  # lines; a longer file is shown around its problems only
CONTEXT = 3  # lines shown before and after a line with a problem, in a long file
MOST_PROBLEMS = 1000  # shown on the page
CONTACTS = 3  # people to talk to, shown for a similar initiative
SHORT_TEXT = 400  # characters of a description or of why an initiative came up, shown at most


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


def render(*, text: str = "", url: str = "", profile: str = "standard", results: str = "",
           verdict: str = "", catalogue: int = 0) -> str:
    """The page, its forms filled with `text` or `url`, and `results` (made by `results()`) below;
    `verdict` ("Valid", "Not valid", why it was not checked) goes first in its title; `catalogue` is
    the number of initiatives the service compares files with (0: it has no catalogue)."""
    from markupsafe import Markup

    return web.render("page.html", csp=policy(), style=style_sheet(), script=web.asset("page.js"),
                      text=text, url=url, profile=profile, profiles=PROFILES, results=Markup(results),
                      verdict=verdict, catalogue=catalogue)


def results(*, outcome: dict[str, Any] | None = None, refusal: Refusal | None = None,
            badge: str | None = None, similar: dict[str, Any] | None = None) -> str:
    """The results part of the page: an `outcome` (from `outcome()`) and the initiatives `similar`
    to the file (from `initiatives()`, when the service has a catalogue), or a `refusal`."""
    return web.render("page-results.html", outcome=outcome, refusal=refusal, badge=badge, similar=similar)


def initiatives(found: Sequence[Found] | None, catalogue: int,
                languages: Sequence[str] = ()) -> dict[str, Any]:
    """What the "similar initiatives" show: for each of `found` (None: the file gave nothing to compare)
    its name, address, status, what it is (in the first of `languages` it is described in), roadmap,
    whom to talk to and why it came up. Every value comes from a stranger's file: each is cleaned
    (control characters escaped) and cut, and only an http(s) address becomes a link. `catalogue` is
    the number of initiatives searched."""
    from ..similar.present import contacts, name_of, person, short_description

    if found is None:
        return {"catalogue": catalogue, "found": None}
    items = []
    for item in found:
        software = item.record["software"]
        organisation = (software.get("organisation") or {}).get("name")
        items.append({"name": _cleaned(name_of(software)),
                      "status": _cleaned(software.get("developmentStatus")),
                      "address": _address(software.get("url") or software.get("landingURL")),
                      "description": _cleaned(short_description(software, languages), SHORT_TEXT),
                      "roadmap": _address(software.get("roadmap")),
                      "contacts": [_cleaned(person(contact)) for contact in contacts(software)[:CONTACTS]],
                      "organisation": _cleaned(organisation), "why": _cleaned(item.match.why, SHORT_TEXT)})
    return {"catalogue": catalogue, "found": items}


def _address(value: Any) -> dict[str, Any] | None:
    """An address from a file: a link if it is an http(s) one, shown without its scheme; else text."""
    text = _cleaned(value)
    return web.address(text) if text else None


def _cleaned(value: Any, limit: int = 500) -> str:
    """A value from a file, on one line and cut to `limit` characters ("" for none)."""
    text = escape_controls(" ".join(str(value).split())) if value else ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def outcome(answer: dict[str, Any], text: str, *, source: str | None = None,
            file_url: str | None = None) -> dict[str, Any]:
    """What the results show: the summary, the problems about the whole file, and the lines of the
    file with the problems found on each.

    A long file (more than LONG_FILE lines) is shown around its problems only, CONTEXT lines on
    each side, the rest as gaps; at most MOST_PROBLEMS problems are shown (the API has them all).
    """
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":  # the break that ends the last line starts no line
        lines.pop()
    shown = answer["results"][:MOST_PROBLEMS]
    on_line: dict[int, list[dict[str, Any]]] = {}
    whole = []
    for result in shown:
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
            "source": source, "file_url": file_url, "whole": whole, "flagged": sorted(on_line),
            "shown": len(shown), "hidden": len(answer["results"]) - len(shown),
            "elided": len(lines) > LONG_FILE, "lines": _rows(lines, on_line)}


def _rows(lines: list[str], on_line: dict[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every line, or for a long file the lines near a problem and gaps between them."""
    count = len(lines)
    if count <= LONG_FILE:
        numbers: list[int] = list(range(1, count + 1))
    else:
        numbers = sorted({near for number in on_line
                          for near in range(max(1, number - CONTEXT), min(count, number + CONTEXT) + 1)})
    rows: list[dict[str, Any]] = []
    previous = 0
    for number in [*numbers, count + 1]:
        if number > previous + 1:
            rows.append({"gap": (previous + 1, number - 1)})
        if number <= count:
            rows.append({"number": number, "text": printable(lines[number - 1]),
                         "problems": on_line.get(number, [])})
        previous = number
    return rows


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
