"""The one home of the web assets: templates, style sheets and scripts, as files.

The report of `vet --html` and the page of `serve` are rendered here, with Jinja2 and
autoescaping, from `templates/` and `static/`: people who know the web edit them with
their own tools, and no string from a file or a server reaches a page unescaped.
Jinja2 is imported on the first render, never by the plain check.

Both pages carry their style and script inline, allowed by a Content-Security-Policy
that names the script by its hash (`digest`): markup slipping through the escaping
still runs nothing, and the pages ask for nothing from anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# an address a page may link to: http(s), nothing before the scheme, no space or control character in it
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
# what `script_json` escapes: nothing in the data can close its <script> or end a line of JavaScript
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


@cache
def environment() -> jinja2.Environment:
    """The templates' environment: autoescaped, strict about undefined names, with our filters."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["thousands"] = lambda number: f"{number:,}"
    env.filters["backticks"] = backticks
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    """`templates/<template>` rendered with `context`."""
    return environment().get_template(template).render(**context)


@cache
def asset(name: str) -> Markup:
    """The text of `static/<name>`, ours and so inlined unescaped (a style sheet or a script)."""
    from markupsafe import Markup

    return Markup((STATIC / name).read_text(encoding="utf-8"))


def digest(text: str) -> str:
    """The CSP source naming an inline script or style by its content: `'sha256-...'`."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def is_http(address: str) -> bool:
    """Whether a page may link to `address`: an http(s) address; anything else (javascript:, file:,
    data:, //host, an address with a space before it) is shown as text."""
    return _HTTP_URL.fullmatch(address) is not None


def address(value: str) -> dict[str, Any]:
    """An address (already cleaned) as the templates write it: `linked` only if it is an http(s)
    one, then `shown` without its scheme; else `value` is written as text."""
    return {"value": value, "linked": is_http(value), "shown": re.sub(r"^https?://", "", value, flags=re.I)}


def script_json(data: Any) -> Markup:
    """`data` as JSON that is safe inside a <script> element."""
    from markupsafe import Markup

    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES))


def backticks(text: str) -> Markup:
    """A message or hint, escaped, with the names and values it writes between backticks as <code>."""
    from markupsafe import Markup, escape

    parts = str(text).split("`")
    return Markup("").join(Markup("<code>{}</code>").format(part) if index % 2 else escape(part)
                           for index, part in enumerate(parts) if part)
