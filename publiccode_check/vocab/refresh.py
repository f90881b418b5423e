"""Refresh the shipped list of Italian public administration codes (for maintainers).

    python -m publiccode_check.vocab.refresh                 # from upstream (needs the internet)
    python -m publiccode_check.vocab.refresh ipa-codes.txt   # from a copy of it
    python -m publiccode_check.vocab.refresh URL --date 2026-08-18 --into DIR

The source is the `ipa-codes.txt` of the publiccodeyml organisation's
italian-organizations-ipa-vocabulary repository, open data of the Italian public
administration index (IndicePA) refreshed weekly upstream: one `urn:x-italian-pa:CODE`
a line (bare codes are read too). The codes are written sorted, gzipped, to
`it-ipa-codes.txt.gz`, and where and when they were taken to `it-ipa-codes.json`.
Commit both, with the count of codes added and removed that the command prints.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import IPA_ABOUT, IPA_CODES

UPSTREAM = ("https://raw.githubusercontent.com/publiccodeyml/italian-organizations-ipa-vocabulary/"
            "HEAD/ipa-codes.txt")
PREFIX = "urn:x-italian-pa:"
MAX_BYTES = 16 * 1024 * 1024  # the list is about 0.6 MB
_CODE = re.compile(r"[A-Za-z0-9_.-]+")


class SourceError(Exception):
    """The source cannot be read, or is not a list of codes."""


def read_source(source: str, timeout: float = 60.0) -> bytes:
    """The bytes of a local file, or of an http(s) URL."""
    if re.match(r"https?://", source, re.IGNORECASE):
        from urllib.error import HTTPError, URLError
        from urllib.request import urlopen

        try:
            with urlopen(source, timeout=timeout) as response:
                data: bytes = response.read(MAX_BYTES + 1)
        except HTTPError as exc:
            raise SourceError(f"cannot read {source}: the server answers {exc.code} {exc.reason}") from None
        except (URLError, OSError, ValueError) as exc:
            raise SourceError(f"cannot read {source}: {getattr(exc, 'reason', None) or exc}") from None
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"cannot read {source}: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"{source} is larger than {MAX_BYTES // 2**20} MiB: not the list of codes")
    return data


def parse_codes(data: bytes, source: str) -> list[str]:
    """The codes of the list, sorted and without duplicates; `SourceError` on any other line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{source} is not UTF-8 text: not the list of codes") from None
    codes = set()
    for number, line in enumerate(text.splitlines(), 1):
        code = line.strip()
        if code[:len(PREFIX)].lower() == PREFIX:
            code = code[len(PREFIX):]
        if not code or code.startswith("#"):
            continue
        if not _CODE.fullmatch(code):
            raise SourceError(f"{source}:{number}: {line[:80]!r} is not `{PREFIX}CODE`: "
                              "not the list of codes")
        codes.add(code)
    if not codes:
        raise SourceError(f"{source} holds no code")
    return sorted(codes)


def write(codes: list[str], source: str, taken: date, into: Path) -> None:
    """The gzipped list (reproducible: no time or name in the gzip header) and its description."""
    into.mkdir(parents=True, exist_ok=True)
    text = ("\n".join(codes) + "\n").encode("utf-8")
    with open(into / IPA_CODES.name, "wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle:
        handle.write(text)
    about = {
        "what": "codes of the Italian public administrations (IndicePA codiceIPA), one a line, "
                "without the urn:x-italian-pa: prefix; they match without regard to case",
        "source": UPSTREAM,
        "read from": source,
        "date": taken.isoformat(),
        "codes": len(codes),
        "refresh": "python -m publiccode_check.vocab.refresh",
    }
    (into / IPA_ABOUT.name).write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")


def current(into: Path) -> set[str]:
    """The codes shipped now in `into`, if any."""
    try:
        with gzip.open(into / IPA_CODES.name, "rt", encoding="utf-8") as handle:
            return set(handle.read().split())
    except OSError:
        return set()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publiccode_check.vocab.refresh",
                                     description="Refresh the list of Italian public administration codes.")
    parser.add_argument("source", nargs="?", default=UPSTREAM,
                        help="a local file or an http(s) URL (default: upstream, %(default)s)")
    parser.add_argument("--date", type=date.fromisoformat, default=None,
                        help="the day the list was taken, YYYY-MM-DD (default: today)")
    parser.add_argument("--into", type=Path, default=IPA_CODES.parent,
                        help="the directory to write into (default: the package's vocab/)")
    args = parser.parse_args(argv)
    try:
        codes = parse_codes(read_source(args.source), args.source)
    except SourceError as exc:
        print(f"refresh: {exc}; nothing was written", file=sys.stderr)
        return 1
    before = current(args.into)
    write(codes, args.source, args.date or date.today(), args.into)
    added, removed = len(set(codes) - before), len(before - set(codes))
    print(f"{len(codes)} codes written to {args.into / IPA_CODES.name} ({added} added, {removed} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
