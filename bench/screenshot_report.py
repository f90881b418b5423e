"""Render the HTML page of a vetting run and take a screenshot of it in Chromium.

    python bench/screenshot_report.py RECORDS.jsonl OUT.png [--html OUT.html] [--full-page] [--expand TEXT]

RECORDS.jsonl holds one record per line (publiccode_check/vet/records.py); lines that
are not records (no "status") are skipped and counted. The page is opened from a
file:// URL in the system Chromium (/usr/bin/chromium, as in tests/test_vet_html.py),
with every request but the page's own aborted, like a reader offline. The screenshot
is of a 1280x1600 viewport (the top of the page), or of the whole page with
--full-page; --expand shows the problems of the first repository whose name contains
TEXT, as a reader would by clicking it (and "Show more" first, while it is not listed:
the page lists the first 200 repositories). docs/vet-report.png is made this way from
the records of the corpus, tall enough to show the possible overlaps and the table:

    (cd ../shared/corpus && publiccode-check vet --no-network --name '*.yml' real -o /tmp/corpus.jsonl)
    python bench/screenshot_report.py /tmp/corpus.jsonl docs/vet-report.png --height 2500 \
        --expand globaleaks__GlobaLeaks.yml --title "publiccode.yml vetting report: the real-world corpus"
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from publiccode_check.vet.html import render
from publiccode_check.vet.records import summarise

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def read_records(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The records of a JSON Lines file, and the number of other lines (blank ones aside)."""
    records, skipped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        value = json.loads(line)
        if isinstance(value, dict) and "status" in value:
            records.append(value)
        else:
            skipped += 1
    return records, skipped


def screenshot(html: Path, png: Path, *, width: int, height: int, full_page: bool,
               expand: Sequence[str] = ()) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html.resolve().as_uri())
            for text in expand:
                rows = page.locator("#repos tr.repo").filter(has_text=text)
                while not rows.count() and page.locator("#show-more").is_visible():
                    page.locator("#show-more").click()
                rows.first.locator("button.more").click()
            page.screenshot(path=str(png), full_page=full_page)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=Path, help="a JSON Lines file of records")
    parser.add_argument("png", type=Path, help="the screenshot to write")
    parser.add_argument("--html", type=Path, help="also keep the page there")
    parser.add_argument("--generated", default=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                        help="the generation time written on the page (default: now)")
    parser.add_argument("--title", default="publiccode.yml vetting report")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the viewport")
    parser.add_argument("--expand", action="append", default=[], metavar="TEXT",
                        help="show the problems of the first repository whose name contains TEXT")
    args = parser.parse_args(argv)

    records, skipped = read_records(args.records)
    if skipped:
        print(f"{args.records}: {skipped} lines are not records, skipped", file=sys.stderr)
    page = render(records, summarise(records), title=args.title, generated=args.generated)
    with tempfile.TemporaryDirectory() as scratch:
        html = args.html or Path(scratch) / "report.html"
        html.write_text(page, encoding="utf-8")
        screenshot(html, args.png, width=args.width, height=args.height, full_page=args.full_page,
                   expand=args.expand)
    print(f"{len(records)} records -> {args.png} ({args.png.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
