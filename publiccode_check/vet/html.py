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

The markup is `web/templates/vet-report.html`, the style and the script are
`web/static/vet-report.{css,js}` (after the shared `base.css`); this module turns
records into what the template shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from .. import web
from ..software import well_formed
from ..text import escape_controls
from .records import STATUSES, Summary, headline

COLUMNS = ("Repository", "Verdict", "Errors", "Warnings", "Version", "File")
PAGE = 200  # repositories listed at first, and added by "show more"
NUMERIC_COLUMNS = {"Errors", "Warnings"}  # right-aligned
SORTED_BY_NUMBER = {"Verdict", "Errors", "Warnings"}  # the verdict by its rank in STATUSES
# default order: what needs work first (invalid, or unreachable), then by number of errors
_DEFAULT_RANK = {"invalid": 0, "unreachable": 0, "missing": 1, "valid": 2}
OVERLAP_GROUPS = 100  # groups of look-alike repositories listed, the closest first
OVERLAPS_OPEN = 6  # of which shown at first; the others behind a "more" (the table comes next)

# chart geometry, in SVG user units (= CSS pixels at the natural size, which fits the page's grid)
_PROBLEMS_WIDTH = 720
_VERSIONS_WIDTH = 440
_ROW_HEIGHT = 26
_BAR_HEIGHT = 18
_CHAR_WIDTH = 7.4  # a rough average for 13 px system fonts; labels are right-aligned anyway


def policy() -> str:
    """The page's Content-Security-Policy: default-src 'none' forbids every request (images, fonts,
    fetch, frames...); the one script allowed is ours, by hash."""
    script = web.digest(web.asset("vet-report.js"))
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {script}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render(records: Sequence[dict[str, Any]], summary: Summary, *,
           title: str = "publiccode.yml vetting report", generated: str = "") -> str:
    """The whole page, as one string."""
    ordered = sorted(records, key=_default_order)
    errors = sum(_count(record.get("errors")) for record in records)
    warnings = sum(_count(record.get("warnings")) for record in records)
    meta = [f"Generated {generated}"] if generated else []
    meta.append(f"{summary.total:,} repositories · {errors:,} errors · {warnings:,} warnings")
    return web.render(
        "vet-report.html", title=title, meta=meta, csp=policy(),
        style=web.asset("base.css") + web.asset("vet-report.css"), script=web.asset("vet-report.js"),
        tiles=[{"status": status, "meaning": meaning, "count": summary.statuses[status],
                "share": _share(summary.statuses[status], summary.total)}
               for status, meaning in STATUSES.items()],
        problems_chart=_problems_chart(summary), versions_chart=_versions_chart(summary),
        files_read=sum(summary.versions.values()), overlaps=_overlaps(records),
        table=_table(ordered, summary), data=_data(ordered))


def _overlaps(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The "possible overlaps": groups of repositories of different organisations whose files
    describe the same thing (`similar.overlaps`, bounded by the number of records), the closest
    first, each with why and, for each repository, its name, organisation, status and address.
    Repositories come in the order of their sources (records come in the order they were checked)."""
    compared = sum(1 for record in records if well_formed(record.get("software")))
    groups = []
    if compared > 1:  # the search (its stemmers and stop words) is loaded only then
        from ..similar.overlaps import overlaps

        groups = overlaps(sorted(records, key=lambda record: str(record.get("source") or "")))
    shown = [{"similarity": f"{group['similarity']:.2f}", "why": escape_controls(group["why"]),
              "size": group["size"], "repositories": [_member(member) for member in group["repositories"]]}
             for group in groups[:OVERLAP_GROUPS]]
    return {"compared": compared, "groups": shown[:OVERLAPS_OPEN], "later": shown[OVERLAPS_OPEN:],
            "more": max(0, len(groups) - OVERLAP_GROUPS)}


def _member(member: dict[str, Any]) -> dict[str, Any]:
    """A repository of a group, as the template shows it: every value cleaned, the name linked to the
    repository's address if that is an http(s) one."""
    return {"name": _cleaned(member.get("name")), "organisation": _cleaned(member.get("organisation")),
            "status": _cleaned(member.get("developmentStatus")),
            "address": web.address(_cleaned(member.get("url"))), "source": _cleaned(member.get("source"))}


def _problems_chart(summary: Summary) -> dict[str, Any] | None:
    if not summary.problems:
        return None
    bars = [Bar(count.rule, count.occurrences,
                f"{count.occurrences:,} in {_repositories(count.repositories)}", count.severity,
                f"{count.rule} ({count.severity}): {count.occurrences:,} occurrences in "
                f"{_repositories(count.repositories)}. Example: {count.example}",
                (("data-rule", count.rule),)) for count in summary.problems]
    label = "Most frequent problems: " + "; ".join(
        f"{count.rule}, {count.severity}, {count.occurrences} occurrences in "
        f"{_repositories(count.repositories)}" for count in summary.problems)
    return bar_chart("problems-chart", label, bars, _PROBLEMS_WIDTH)


def _versions_chart(summary: Summary) -> dict[str, Any] | None:
    if not summary.versions:
        return None
    read = sum(summary.versions.values())
    versions = sorted(summary.versions.items(), key=lambda item: (-item[1], item[0]))
    bars = [Bar(version, count, f"{count:,} ({_share(count, read)})", "version",
                f"publiccodeYmlVersion {version}: {count:,} of the {read:,} files read")
            for version, count in versions]
    label = "publiccode.yml versions: " + "; ".join(
        f"{version}, {count} files" for version, count in versions)
    return bar_chart("versions-chart", label, bars, _VERSIONS_WIDTH)


class Bar(NamedTuple):
    label: str
    count: int
    value: str  # the number(s) written beside the bar
    kind: str  # its class: error, warning, version
    tooltip: str
    attributes: tuple[tuple[str, str], ...] = ()


def bar_chart(chart_id: str, label: str, bars: Sequence[Bar], chart_width: int) -> dict[str, Any]:
    """The geometry of a horizontal bar chart, for the `bar_chart` macro of `charts.html`.

    Bar widths are exactly proportional to the counts (no minimum width that would
    make 1 look like 5); the value beside each bar says the number anyway.
    """
    label_width = min(260, round(max(len(bar.label) for bar in bars) * _CHAR_WIDTH) + 16)
    fits = int((label_width - 16) / _CHAR_WIDTH)
    value_room = round(max(len(bar.value) for bar in bars) * _CHAR_WIDTH) + 12  # right of the longest bar
    room = chart_width - label_width - value_room
    largest = max(bar.count for bar in bars) or 1
    rows = [{"y": 2 + index * _ROW_HEIGHT, "width": room * bar.count / largest, "count": bar.count,
             "kind": bar.kind, "tooltip": bar.tooltip, "value": bar.value, "attributes": bar.attributes,
             # the tooltip has it all
             "shown": bar.label if len(bar.label) <= fits else bar.label[:fits - 1] + "…"}
            for index, bar in enumerate(bars)]
    return {"id": chart_id, "label": label, "width": chart_width, "height": len(bars) * _ROW_HEIGHT + 4,
            "left": label_width, "room": room, "bar_height": _BAR_HEIGHT, "rows": rows}


def _table(records: Sequence[dict[str, Any]], summary: Summary) -> dict[str, Any]:
    repositories: Counter[str] = Counter(rule for record in records for rule in _rules(record))
    total, listed = len(records), min(len(records), PAGE)
    needed = "Sorting, filtering and the problems of each repository need JavaScript."
    if listed < total:
        needed = (f"Only the first {listed:,} of the {total:,} repositories are listed: the others, sorting, "
                  "filtering and the problems of each repository need JavaScript.")
    return {
        "columns": [{"name": name, "cls": _column_class(name),
                     "type": "number" if name in SORTED_BY_NUMBER else "text"} for name in COLUMNS],
        "verdicts": [(status, summary.statuses[status]) for status in STATUSES],
        "rules": sorted(repositories.items(), key=lambda item: (-item[1], item[0])),
        "total": total, "shown": _shown(total, total, listed), "needed": needed,
        "rows": [_row(index, record) for index, record in enumerate(records[:listed])],
        "more": min(PAGE, total - listed), "all_hidden": total - listed <= PAGE,  # shown by the script
    }


def _shown(matching: int, total: int, listed: int) -> str:
    """What the table lists, as the script writes it too."""
    if listed >= matching:
        return f"{matching:,} of {total:,} repositories shown"
    return f"{matching:,} of {total:,} repositories match, the first {listed:,} are shown"


def _row(index: int, record: dict[str, Any]) -> dict[str, Any]:
    """One repository, written as its own <tbody> so that its problems' row moves with it when sorting.

    The script builds the same markup (`build`) for the rows it lists beyond these.
    """
    problems = record.get("problems") or []
    more = ""
    if problems or record.get("failure"):
        more = f"{len(problems)} problems" if problems else "why"
    version = record.get("publiccodeYmlVersion")
    return {"index": index, "status": str(record.get("status", "")), "more": more,
            "source": web.address(_cleaned(record.get("source"))),
            "file": web.address(_cleaned(record.get("fileUrl"))),
            "errors": _count(record.get("errors")), "warnings": _count(record.get("warnings")),
            "version": None if version is None else str(version)}


def _column_class(name: str) -> str:
    """The class of a column's title, as that of its cells."""
    return {"Repository": "src", "File": "file"}.get(name, "num" if name in NUMERIC_COLUMNS else "")


def _data(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every repository of the table, in the page's order, for the script (as JSON in the page).

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
        source, file_url = _cleaned(record.get("source")), _cleaned(record.get("fileUrl"))
        failure = record.get("failure")
        rows.append([source, file_url, _linked(source) | _linked(file_url) << 1,
                     index(str(record.get("status", ""))), _count(record.get("errors")),
                     _count(record.get("warnings")), index(record.get("publiccodeYmlVersion")),
                     str(failure) if failure else None,
                     [[_count(p.get("line")), _count(p.get("column")), index(p.get("severity")),
                       index(p.get("rule")), index(headline(p)), index(p.get("hint"))]
                      for p in record.get("problems") or []]])
    return {"page": PAGE, "statuses": list(STATUSES), "strings": list(strings), "rows": rows}


def _linked(value: str) -> int:
    return 1 if web.is_http(value) else 0


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


def _cleaned(value: object) -> str:
    """A value of a record (an address, a name...) as the page shows it: its control characters
    escaped (a bidirectional control would make an address read as another)."""
    return escape_controls(str(value or ""))
