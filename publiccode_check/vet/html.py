"""The HTML page of a vetting run: one self-contained file for the editors of a catalogue.

The page is read by civil servants as much as by developers, offline, from a file
or an attachment, and printed: no external asset of any kind, system fonts, charts
drawn here as inline SVG, and a small script for sorting, filtering and showing the
problems of one repository.

A national catalogue has thousands of repositories, and a browser takes seconds to lay
out a table of thousands of rows, again at each sort. So the table lists the first
`PAGE` repositories (those needing work first), with buttons for more; every repository
travels as JSON, from which the script sorts and filters in memory and builds the rows
it lists, and their problems, on demand (printing lists them all). Without JavaScript
the first `PAGE` rows are there, and a <noscript> says that the others need it. On wide
screens the columns have fixed widths, so that the table is laid out without measuring
its cells, and does not jump when sorted.

Every string of a record comes from files and servers nobody has vetted yet. So:
all text is escaped, links are emitted only for http(s) addresses, the problems
travel as JSON in which `<`, `>` and `&` are escaped (a message cannot close its
<script>), the script builds rows and details with `textContent` (and links only where
this module decided there is an http(s) address), and a
Content-Security-Policy forbids every request and every script but ours (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any, NamedTuple

from ..text import escape_controls
from .records import STATUSES, Summary, described

COLUMNS = ("Repository", "Verdict", "Errors", "Warnings", "Version", "File")
PAGE = 200  # repositories listed at first, and added by "show more"
NUMERIC_COLUMNS = {"Errors", "Warnings"}  # right-aligned
SORTED_BY_NUMBER = {"Verdict", "Errors", "Warnings"}  # the verdict by its rank in STATUSES
# default order: what needs work first (invalid, or unreachable), then by number of errors
_DEFAULT_RANK = {"invalid": 0, "unreachable": 0, "missing": 1, "valid": 2}
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}

# chart geometry, in SVG user units (= CSS pixels at the natural size, which fits the page's grid)
_PROBLEMS_WIDTH = 720
_VERSIONS_WIDTH = 440
_ROW_HEIGHT = 26
_BAR_HEIGHT = 18
_CHAR_WIDTH = 7.4  # a rough average for 13 px system fonts; labels are right-aligned anyway

CSS = """
:root { --valid: #1a7f37; --valid-bg: #e9f6ec; --invalid: #b42318; --invalid-bg: #fdeceb;
  --missing: #8a5300; --missing-bg: #fdf3e1; --unreachable: #5b4a8a; --unreachable-bg: #f0edf8;
  --warning: #b25e00; --line: #d0d7de; --muted: #57606a; --ink: #1f2328; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Liberation Sans", Arial, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.1rem; margin: 0 0 10px; }
.meta, .note { color: var(--muted); margin: 0; }
.note { font-size: .85rem; margin: 0 0 8px; }
code, .rule { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: .88em; }
a { color: var(--accent); }
section { margin: 22px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px;
  list-style: none; padding: 0; margin: 0; }
.tile { border: 1px solid var(--line); border-left: 8px solid; border-radius: 6px; padding: 10px 14px; }
.tile .count { display: block; font-size: 2.1rem; font-weight: 700; line-height: 1.1; }
.tile .label { font-weight: 600; text-transform: capitalize; }
.tile .share { color: var(--muted); }
.tile .what { display: block; color: var(--muted); font-size: .85rem; }
.valid { --c: var(--valid); --bg: var(--valid-bg); }
.invalid { --c: var(--invalid); --bg: var(--invalid-bg); }
.missing { --c: var(--missing); --bg: var(--missing-bg); }
.unreachable { --c: var(--unreachable); --bg: var(--unreachable-bg); }
.tile, .badge { border-left-color: var(--c); background: var(--bg); }
.tile .count, .badge { color: var(--c); }
.charts { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 28px; }
@media (max-width: 900px) { .charts { grid-template-columns: minmax(0, 1fr); } }
.chart { display: block; max-width: 100%; height: auto; }
.chart text { font-size: 13px; fill: var(--ink); font-family: inherit; }
.chart .label { text-anchor: end; }
.chart .value { fill: var(--muted); }
.chart .bar.error { fill: var(--invalid); }
.chart .bar.warning { fill: var(--warning); }
.chart .bar.version { fill: var(--accent); }
.chart .track { fill: #f3f4f6; }
#problems-chart .row { cursor: pointer; }
#problems-chart .row:hover .track { fill: #e5e7eb; }
.key { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -1px; }
.key.error { background: var(--invalid); }
.key.warning { background: var(--warning); }
.controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: end; margin-bottom: 10px; }
.controls label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.controls input, .controls select { font: inherit; color: var(--ink); padding: 5px 8px;
  border: 1px solid #8c959f; border-radius: 5px; min-width: 12em; background: #fff; }
.controls input { min-width: 22em; }
#shown { color: var(--muted); padding-bottom: 6px; }
table { width: 100%; border-collapse: collapse; font-size: .93rem; }
/* fixed layout: the <col>s size the columns, the browser measures no cell (seconds for thousands of
   rows) and the columns stay put when sorting; narrower, and on paper, the names need the room */
@media screen and (min-width: 1001px) {
  #repos { table-layout: fixed; }
  #repos td { overflow-wrap: anywhere; }  /* nothing spills over into the next column */
  col.verdict { width: 8.8em; } col.errors { width: 5.8em; } col.warnings { width: 7.7em; }
  col.version { width: 6.7em; } col.file { width: 28%; }
}
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { white-space: nowrap; position: sticky; top: 0; z-index: 1; background: #f6f8fa;
  border-bottom: 2px solid var(--line); }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0;
  cursor: pointer; }
th button::after { content: " \\2195"; color: #8c959f; }
th[aria-sort=ascending] button::after { content: " \\25B2"; color: var(--ink); }
th[aria-sort=descending] button::after { content: " \\25BC"; color: var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.src, td.file { overflow-wrap: anywhere; }
td.src { min-width: 14em; }
td.file { min-width: 16em; max-width: 26em; font-size: .85rem; }
/* the button hangs in the padding: the names line up, and wrap beside it */
th.src, td.src { padding-left: calc(14px + 1.7em); }
tbody:hover > tr.repo { background: #f6f8fa; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-weight: 600; font-size: .85rem;
  border: 1px solid var(--c); }
.more { font: inherit; float: left; width: 1.7em; margin-left: calc(-6px - 1.7em); padding: 0;
  border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; color: var(--muted); }
.more::before { content: "\\25B8"; }
.more[aria-expanded=true]::before { content: "\\25BE"; }
.none { color: var(--muted); }
.more-rows { display: flex; gap: 10px; margin: 12px 0 0; }
.more-rows[hidden] { display: none; }
.more-rows button { font: inherit; color: var(--accent); background: #fff; border: 1px solid #8c959f;
  border-radius: 5px; padding: 5px 14px; cursor: pointer; }
.more-rows button:hover { background: #f6f8fa; }
tr.detail > td { background: #fafbfc; padding: 4px 8px 10px 40px; }
.failure { margin: 6px 0; }
/* one grid for all the problems of a repository, so that their columns line up */
.problems { list-style: none; margin: 0; padding: 0; display: grid;
  grid-template-columns: max-content max-content max-content minmax(0, 1fr); gap: 0 12px; }
.problems li { display: grid; grid-column: 1 / -1; grid-template-columns: subgrid;
  padding: 4px 0; border-bottom: 1px dashed var(--line); }
.problems .msg code, .problems .hint code, .failure code { background: #eef1f4; border-radius: 3px;
  padding: 0 3px; overflow-wrap: anywhere; }
.problems li:last-child { border-bottom: 0; }
.problems .pos { font-variant-numeric: tabular-nums; color: var(--muted); text-align: right; }
.problems .sev { font-weight: 600; }
.problems .sev.error { color: var(--invalid); }
.problems .sev.warning { color: var(--warning); }
.problems .hint { grid-column: 4; color: var(--muted); font-size: .9em; }
.problems .hint::before { content: "Hint: "; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
@media print {
  body { font-size: 11pt; } header, main { max-width: none; padding: 0; }
  .controls, .more, .more-rows, noscript, .screen-only { display: none; }
  .tiles { grid-template-columns: repeat(4, 1fr); }
  th { position: static; } th button::after { content: none; } th.src, td.src { padding-left: 8px; }
  th[aria-sort=ascending] button::after { content: " \\25B2"; }
  th[aria-sort=descending] button::after { content: " \\25BC"; }
  .tile, .badge, .chart, .key, tr.detail > td {
    print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section, tbody, .chart { break-inside: avoid; }
  a { color: inherit; }
}
"""

JS = """
"use strict";
(() => {
  const table = document.getElementById("repos");
  if (!table) return;
  // made when first needed: each takes tens of milliseconds to make, which the page's load need not wait for
  let collator = null, numbers = null;
  const number = (count) => (numbers = numbers || new Intl.NumberFormat("en")).format(count);  // as {:,}
  const headers = Array.from(table.tHead.rows[0].cells);
  const numeric = headers.map((th) => th.dataset.type === "number");
  const SCHEME = /^https?:\\/\\//i;
  const named = (address, linked) => linked ? address.replace(SCHEME, "") : address;  // as shown
  // Every repository is in the JSON; only those listed are in the document (a browser lays out
  // thousands of rows slowly). Sort keys and search texts are read from the JSON once, when the
  // page is idle or at the first thing asked of it: sorting and filtering are then done in memory.
  let read = false, page = 0, strings = [], rows = [];
  let order = [];  // all the repositories, sorted
  let matching = [];  // those the filters let through, in that order
  let listed = [];  // those in the table: the first `limit` of them
  let limit = 0;  // `page`, and more when asked; a new sort or filter lists the first `page` again
  const ready = () => {
    if (read) return;
    read = true;
    const data = JSON.parse(document.getElementById("repos-data").textContent);
    ({page, strings} = data);
    rows = data.rows.map(([source, file, links, status, errors, warnings, version, failure, problems],
                          index) => {
      status = strings[status];
      version = version === null ? null : strings[version];
      const rank = data.statuses.indexOf(status);
      const keys = [named(source, links & 1).trim(), rank < 0 ? data.statuses.length : rank, errors,
                    warnings, version === null ? "" : version.trim(), named(file, links & 2).trim()];
      return {index, source, file, links, status, errors, warnings, version, failure, problems, keys,
              body: null, rules: new Set(problems.map((problem) => strings[problem[3]])),
              // what the search box looks in: the names shown, and the addresses behind them
              text: [keys[0], keys[5], links & 1 ? source : "", links & 2 ? file : ""].join("\\n")
                .toLowerCase()};
    });
    // the rows written in the page are used as they are; the others are built when first listed
    listed = Array.from(table.tBodies, (body) => Object.assign(rows[body.dataset.i], {body}));
    order = rows.slice();
    matching = order;
    limit = page;
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  // a line may break after each "/" of a path or an address (<wbr>), rather than inside a name
  const breakable = (node, text) => {
    const parts = text.split("/");
    parts.forEach((part, index) => {
      if (index < parts.length - 1) node.append(part + "/", document.createElement("wbr"));
      else if (part) node.append(part);
    });
    return node;
  };
  // a link only for what the page's writer found to be an http(s) address (`linked`); else text
  const link = (cell, address, linked) => {
    if (!linked || !SCHEME.test(address)) {
      breakable(cell, address);
      return;
    }
    const anchor = element("a");
    anchor.setAttribute("href", address);
    anchor.rel = "noopener noreferrer";
    cell.append(breakable(anchor, named(address, true)));
  };
  const build = (row) => {  // the same markup as the rows written in the page
    const body = document.createElement("tbody");
    body.dataset.i = row.index;
    body.dataset.status = row.status;
    const tr = body.insertRow();
    tr.className = "repo";
    const cell = (className, ...content) => {
      const td = tr.insertCell();
      if (className) td.className = className;
      td.append(...content);
      return td;
    };
    const source = cell("src");
    if (row.problems.length || row.failure) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "more";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", "show " + (row.problems.length ? row.problems.length + " problems"
                                                                         : "why"));
      source.append(button);
    }
    link(source, row.source, row.links & 1);
    cell("", element("span", "badge " + row.status, row.status));
    cell("num", String(row.errors));
    cell("num", String(row.warnings));
    cell("", row.version === null ? element("span", "none", "\\u2014") : row.version);
    link(cell("file"), row.file, row.links & 2);
    return body;
  };
  const bodyOf = (row) => row.body || (row.body = build(row));

  const filter = document.getElementById("filter");
  const verdict = document.getElementById("verdict");
  const rule = document.getElementById("rule");
  const shown = document.getElementById("shown");
  const footer = document.getElementById("more-rows");
  const showMore = document.getElementById("show-more");
  const showAll = document.getElementById("show-all");
  const describe = () => {
    const left = matching.length - listed.length, count = number(matching.length);
    shown.textContent = count + " of " + number(rows.length) + " repositories "
      + (left ? "match, the first " + number(listed.length) + " are shown" : "shown");
    footer.hidden = !left;
    showMore.textContent = "Show " + number(Math.min(page, left)) + " more";
    showAll.textContent = "Show all " + count;
    showAll.hidden = left <= page;
  };
  const append = (added) => {  // one insertion, one layout
    const fragment = document.createDocumentFragment();
    for (const row of added) fragment.appendChild(bodyOf(row));
    table.appendChild(fragment);
    listed = listed.concat(added);
  };
  const list = () => {
    const wanted = matching.slice(0, limit);
    if (wanted.length !== listed.length || wanted.some((row, index) => row !== listed[index])) {
      for (const row of listed) row.body.remove();
      listed = [];
      append(wanted);
    }
    describe();
  };
  const apply = () => {
    ready();
    const words = filter.value.trim().toLowerCase();
    matching = !words && !verdict.value && !rule.value ? order : order.filter((row) =>
      (!words || row.text.includes(words)) && (!verdict.value || row.status === verdict.value)
      && (!rule.value || row.rules.has(rule.value)));
    limit = page;
    list();
  };
  const extend = (to) => {
    ready();
    limit = to;
    const added = matching.slice(listed.length, limit);
    append(added);
    describe();
    // the reader goes on where the new rows start (the button may be gone)
    const next = added.length && added[0].body.querySelector("a, button");
    if (next) next.focus();
  };
  showMore.addEventListener("click", () => { ready(); extend(listed.length + page); });
  showAll.addEventListener("click", () => extend(Infinity));
  // a printed report has every repository the filters let through
  let saved = 0;
  addEventListener("beforeprint", () => { ready(); saved = limit; limit = Infinity; list(); });
  addEventListener("afterprint", () => { if (saved) { limit = saved; saved = 0; list(); } });
  footer.hidden = table.tBodies.length === Number(table.dataset.rows);

  // a text column is put in order by the collator once, as ranks: each sort is then one of numbers
  const ranks = [];
  const ranked = (column) => {
    if (!ranks[column]) {
      collator = collator || new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
      const sorted = rows.slice().sort((a, b) => collator.compare(a.keys[column], b.keys[column]));
      const rank = ranks[column] = new Float64Array(rows.length);
      sorted.forEach((row, index) => {
        const previous = sorted[index - 1];
        rank[row.index] = previous && !collator.compare(previous.keys[column], row.keys[column])
          ? rank[previous.index] : index;
      });
    }
    return ranks[column];
  };
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));
  idle(() => {
    ready();
    numeric.forEach((isNumber, column) => { if (!isNumber) idle(() => ranked(column)); });
  });
  headers.forEach((th, column) => {
    th.querySelector("button").addEventListener("click", () => {
      ready();
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sign = ascending ? 1 : -1;
      const key = numeric[column] ? rows.map((row) => row.keys[column]) : ranked(column);
      order.sort((a, b) => sign * (key[a.index] - key[b.index]) || a.index - b.index);
      apply();
    });
  });

  let pending = 0;
  filter.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(apply, 120); });
  verdict.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  const chart = document.getElementById("problems-chart");
  if (chart) chart.addEventListener("click", (event) => {
    const bar = event.target.closest("[data-rule]");
    if (!bar) return;
    rule.value = bar.dataset.rule;
    apply();
    table.scrollIntoView({behavior: "smooth"});
  });

  // messages write names and values between backticks: those parts as <code>, all as text nodes
  const marked = (tag, className, text) => {
    const node = element(tag, className);
    String(text).split("`").forEach((part, index) => {
      if (part) node.append(index % 2 ? element("code", "", part) : part);
    });
    return node;
  };
  const SEVERITIES = new Set(["error", "warning"]);
  const detailRow = ({index, failure, problems}) => {
    const row = element("tr", "detail");
    row.id = "problems-" + index;
    const cell = row.insertCell();
    cell.colSpan = headers.length;
    if (failure) cell.appendChild(marked("p", "failure", failure));
    if (problems.length) {
      const items = element("ul", "problems");
      for (const [line, column, ...texts] of problems) {
        const [severity, ruleId, message, hint] = texts.map((index) => index === null ? "" : strings[index]);
        const item = element("li");
        item.append(element("span", "pos", line ? line + ":" + column : "\\u2014"),
                    element("span", SEVERITIES.has(severity) ? "sev " + severity : "sev", severity),
                    element("code", "rule", ruleId), marked("span", "msg", message));
        if (hint) item.appendChild(marked("span", "hint", hint));
        items.appendChild(item);
      }
      cell.appendChild(items);
    }
    return row;
  };
  table.addEventListener("click", (event) => {
    const button = event.target.closest("button.more");
    if (!button) return;
    const body = button.closest("tbody");
    let row = body.rows[1];
    if (!row) {
      ready();
      row = body.appendChild(detailRow(rows[body.dataset.i]));
      button.setAttribute("aria-controls", row.id);
    }
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    row.hidden = !open;
  });
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(JS.encode()).digest()).decode()
# default-src 'none' forbids every request (images, fonts, fetch, frames...); the one script
# allowed is ours, by hash, so that markup slipping through the escaping still runs nothing
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def render(records: Sequence[dict[str, Any]], summary: Summary, *,
           title: str = "publiccode.yml vetting report", generated: str = "") -> str:
    """The whole page, as one string."""
    ordered = sorted(records, key=_default_order)
    errors = sum(_count(record.get("errors")) for record in records)
    warnings = sum(_count(record.get("warnings")) for record in records)
    meta = [f"Generated {escape(generated)}"] if generated else []
    meta.append(f"{summary.total:,} repositories · {errors:,} errors · {warnings:,} warnings")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        "</header>",
        "<main>",
        _tiles(summary),
        '<div class="charts">',
        _problems_chart(summary),
        _versions_chart(summary),
        "</div>",
        _table(ordered, summary),
        "</main>",
        f'<script type="application/json" id="repos-data">{_data_json(ordered)}</script>',
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _tiles(summary: Summary) -> str:
    tiles = []
    for status, meaning in STATUSES.items():
        count = summary.statuses[status]
        share = _share(count, summary.total)
        tiles.append(f'<li class="tile {status}" data-status="{status}"><span class="count">{count:,}</span>'
                     f' <span class="label">{status}</span> <span class="share">({share})</span>'
                     f' <span class="what">{escape(meaning)}</span></li>')
    return ('<section aria-labelledby="verdicts-title"><h2 id="verdicts-title" class="visually-hidden">'
            f'Verdicts</h2><ul class="tiles">{"".join(tiles)}</ul></section>')


def _problems_chart(summary: Summary) -> str:
    if not summary.problems:
        return _section("problems", "Most frequent problems", '<p class="note">No problem found.</p>')
    note = ('<p class="note">Occurrences of each <span class="key error"></span> error and '
            '<span class="key warning"></span> warning, and in how many repositories. '
            '<span class="screen-only">Point at a bar for an example message; click it to list those '
            "repositories.</span></p>")
    bars = [Bar(count.rule, count.occurrences,
                f"{count.occurrences:,} in {_repositories(count.repositories)}", count.severity,
                f"{count.rule} ({count.severity}): {count.occurrences:,} occurrences in "
                f"{_repositories(count.repositories)}. Example: {count.example}",
                (("data-rule", count.rule),)) for count in summary.problems]
    label = "Most frequent problems: " + "; ".join(
        f"{count.rule}, {count.severity}, {count.occurrences} occurrences in "
        f"{_repositories(count.repositories)}" for count in summary.problems)
    chart = _bar_chart("problems-chart", label, bars, _PROBLEMS_WIDTH)
    return _section("problems", "Most frequent problems", note + chart)


def _versions_chart(summary: Summary) -> str:
    if not summary.versions:
        return _section("versions", "publiccode.yml versions", '<p class="note">No file was read.</p>')
    read = sum(summary.versions.values())
    versions = sorted(summary.versions.items(), key=lambda item: (-item[1], item[0]))
    bars = [Bar(version, count, f"{count:,} ({_share(count, read)})", "version",
                f"publiccodeYmlVersion {version}: {count:,} of the {read:,} files read")
            for version, count in versions]
    label = "publiccode.yml versions: " + "; ".join(
        f"{version}, {count} files" for version, count in versions)
    note = (f'<p class="note">The <code>publiccodeYmlVersion</code> of the {read:,} files '
            "that could be read.</p>")
    chart = _bar_chart("versions-chart", label, bars, _VERSIONS_WIDTH)
    return _section("versions", "publiccode.yml versions", note + chart)


def _section(name: str, heading: str, content: str) -> str:
    return (f'<section aria-labelledby="{name}-title"><h2 id="{name}-title">{heading}</h2>'
            f"{content}</section>")


class Bar(NamedTuple):
    label: str
    count: int
    value: str  # the number(s) written beside the bar
    kind: str  # its class: error, warning, version
    tooltip: str
    attributes: tuple[tuple[str, str], ...] = ()


def _bar_chart(chart_id: str, label: str, bars: Sequence[Bar], chart_width: int) -> str:
    """A horizontal bar chart, in SVG.

    Bar widths are exactly proportional to the counts (no minimum width that would
    make 1 look like 5); the value beside each bar says the number anyway.
    """
    label_width = min(260, round(max(len(bar.label) for bar in bars) * _CHAR_WIDTH) + 16)
    fits = int((label_width - 16) / _CHAR_WIDTH)
    value_room = round(max(len(bar.value) for bar in bars) * _CHAR_WIDTH) + 12  # right of the longest bar
    room = chart_width - label_width - value_room
    largest = max(bar.count for bar in bars) or 1
    height = len(bars) * _ROW_HEIGHT + 4
    rows = []
    for index, bar in enumerate(bars):
        y = 2 + index * _ROW_HEIGHT
        width = room * bar.count / largest
        extra = "".join(f' {key}="{escape(value)}"' for key, value in bar.attributes)
        shown = bar.label if len(bar.label) <= fits else bar.label[:fits - 1] + "…"  # the tooltip has it all
        rows.append(
            f'<g class="row"{extra}><title>{escape(bar.tooltip)}</title>'
            f'<rect class="track" x="{label_width}" y="{y}" width="{room}" height="{_BAR_HEIGHT}" rx="2"/>'
            f'<rect class="bar {escape(bar.kind)}" x="{label_width}" y="{y}" width="{width:.3f}" '
            f'height="{_BAR_HEIGHT}" rx="2" data-count="{bar.count}"/>'
            f'<text class="label" x="{label_width - 8}" y="{y + 13.5}">{escape(shown)}</text>'
            f'<text class="value" x="{label_width + width + 6:.1f}" y="{y + 13.5}">{escape(bar.value)}</text>'
            "</g>")
    return (f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(label)}" '
            f'xmlns="http://www.w3.org/2000/svg" width="{chart_width}" height="{height}" '
            f'viewBox="0 0 {chart_width} {height}">{"".join(rows)}</svg>')


def _table(records: Sequence[dict[str, Any]], summary: Summary) -> str:
    headers = "".join(
        f'<th scope="col"{_column_class(name)} '
        f'data-type="{"number" if name in SORTED_BY_NUMBER else "text"}">'
        f'<button type="button">{name}</button></th>' for name in COLUMNS)
    verdicts = "".join(f'<option value="{status}">{status} ({summary.statuses[status]:,})</option>'
                       for status in STATUSES)
    repositories: Counter[str] = Counter(rule for record in records for rule in _rules(record))
    rules = "".join(f'<option value="{escape(rule)}">{escape(rule)} ({count:,})</option>'
                    for rule, count in sorted(repositories.items(), key=lambda item: (-item[1], item[0])))
    total, listed = len(records), min(len(records), PAGE)
    controls = (
        '<div class="controls">'
        '<label>Search<input type="search" id="filter" placeholder="repository or file address" '
        'autocomplete="off"></label>'
        f'<label>Verdict<select id="verdict"><option value="">all</option>{verdicts}</select></label>'
        '<label>With the problem<select id="rule"><option value="">any or none</option>'
        f"{rules}</select></label>"
        f'<output id="shown" aria-live="polite">{_shown(total, total, listed)}</output>'
        "</div>")
    columns = "".join(f'<col class="{name.lower()}">' for name in COLUMNS)
    body = "\n".join(_row(index, record) for index, record in enumerate(records[:listed]))
    # shown by the script when there are more to list
    all_hidden = " hidden" if total - listed <= PAGE else ""
    more = ('<p class="more-rows" id="more-rows" hidden>'
            f'<button type="button" id="show-more" aria-controls="repos">Show {min(PAGE, total - listed):,} '
            f'more</button><button type="button" id="show-all" aria-controls="repos"{all_hidden}>'
            f"Show all {total:,}</button></p>")
    needed = "Sorting, filtering and the problems of each repository need JavaScript."
    if listed < total:
        needed = (f"Only the first {listed:,} of the {total:,} repositories are listed: the others, sorting, "
                  "filtering and the problems of each repository need JavaScript.")
    return ('<section aria-labelledby="repos-title"><h2 id="repos-title">Repositories</h2>'
            '<p class="note">Those needing work first.<span class="screen-only"> Click a column title to '
            'sort; click <span aria-hidden="true">▸</span> to see the problems of a repository.</span></p>'
            f'<noscript><p class="note">{needed}</p></noscript>'
            f'{controls}<table id="repos" data-rows="{total}"><colgroup>{columns}</colgroup>'
            f"<thead><tr>{headers}</tr></thead>\n{body}\n</table>{more}</section>")


def _shown(matching: int, total: int, listed: int) -> str:
    """What the table lists, as the script writes it too."""
    if listed >= matching:
        return f"{matching:,} of {total:,} repositories shown"
    return f"{matching:,} of {total:,} repositories match, the first {listed:,} are shown"


def _row(index: int, record: dict[str, Any]) -> str:
    """One repository as its own <tbody>, so that its problems' row moves with it when sorting.

    The script builds the same markup (`build`) for the rows it lists beyond these.
    """
    status = str(record.get("status", ""))
    source, file_url = _address(record.get("source")), _address(record.get("fileUrl"))
    version = record.get("publiccodeYmlVersion")
    problems = record.get("problems") or []
    more = ""
    if problems or record.get("failure"):
        what = f"{len(problems)} problems" if problems else "why"
        more = f'<button type="button" class="more" aria-expanded="false" aria-label="show {what}"></button>'
    version_cell = ('<td><span class="none">—</span></td>' if version is None
                    else f"<td>{escape(str(version))}</td>")
    return "".join([
        f'<tbody data-i="{index}" data-status="{escape(status)}"><tr class="repo">',
        f'<td class="src">{more}{_link(source)}</td>',
        f'<td><span class="badge {escape(status)}">{escape(status)}</span></td>',
        f'<td class="num">{_count(record.get("errors"))}</td>',
        f'<td class="num">{_count(record.get("warnings"))}</td>',
        version_cell,
        f'<td class="file">{_link(file_url)}</td></tr></tbody>'])


def _column_class(name: str) -> str:
    """The class attribute of a column's title, as that of its cells."""
    name = {"Repository": "src", "File": "file"}.get(name, "num" if name in NUMERIC_COLUMNS else "")
    return f' class="{name}"' if name else ""


def _data_json(records: Sequence[dict[str, Any]]) -> str:
    """Every repository of the table, in the page's order, as JSON that is safe inside <script>.

    {"page": PAGE, "statuses": [...], "strings": [...], "rows": [[source, file address, links,
    status, errors, warnings, version, failure, [[line, column, severity, rule, KEY: MESSAGE, hint], ...]],
    ...]}, where links is 1 if the source is an http(s) address to link, plus 2 if the file's is;
    status, version, severity, rule, message and hint are indexes in `strings` (or null): across a
    catalogue the same messages and hints come back again and again (3 times smaller on the corpus).
    """
    strings: dict[str, int] = {}

    def index(value: Any) -> int | None:
        return None if value is None else strings.setdefault(str(value), len(strings))

    rows = []
    for record in records:
        source, file_url = _address(record.get("source")), _address(record.get("fileUrl"))
        failure = record.get("failure")
        rows.append([source, file_url, _linked(source) | _linked(file_url) << 1,
                     index(str(record.get("status", ""))), _count(record.get("errors")),
                     _count(record.get("warnings")), index(record.get("publiccodeYmlVersion")),
                     str(failure) if failure else None,
                     [[_count(p.get("line")), _count(p.get("column")), index(p.get("severity")),
                       index(p.get("rule")), index(described(p)), index(p.get("hint"))]
                      for p in record.get("problems") or []]])
    data = {"page": PAGE, "statuses": list(STATUSES), "strings": list(strings), "rows": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _linked(value: str) -> int:
    return 1 if _HTTP_URL.fullmatch(value) else 0


def _link(value: str) -> str:
    """An <a> for http(s) addresses only; anything else (javascript:, file:, //host) stays text."""
    if _linked(value):
        shown = re.sub(r"^https?://", "", value, flags=re.IGNORECASE)
        return f'<a href="{escape(value)}" rel="noopener noreferrer">{_breakable(shown)}</a>'
    return _breakable(value)


def _breakable(text: str) -> str:
    """Escaped, with a line break allowed after each "/": paths and addresses wrap there, not mid-word."""
    return escape(text).replace("/", "/<wbr>")


def _repositories(count: int) -> str:
    return f"{count:,} repository" if count == 1 else f"{count:,} repositories"


def _share(part: int, whole: int) -> str:
    """A percentage for people: 1 in 222 is "<1 %", not "0 %"."""
    if not whole:
        return "–"
    percent = 100 * part / whole
    return "<1 %" if 0 < percent < 1 else f"{percent:.0f} %"


def _rules(record: dict[str, Any]) -> set[str]:
    return {str(problem.get("rule")) for problem in record.get("problems") or []}


def _count(value: Any) -> int:
    """A count or position from a record; anything else (a hand-edited file) counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _default_order(record: dict[str, Any]) -> tuple[int, int, int, str]:
    return (_DEFAULT_RANK.get(record.get("status", ""), 3), -_count(record.get("errors")),
            -_count(record.get("warnings")), str(record.get("source") or ""))


def _address(address: object) -> str:
    """A source or file address as the page shows it: its control characters escaped (a
    bidirectional control would make it read as another address)."""
    return escape_controls(str(address or ""))
