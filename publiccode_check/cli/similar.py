"""`publiccode-check similar`: the initiatives in a catalogue closest to a publiccode.yml or a draft."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import ConfigError, settings_for
from ..load import MAX_BYTES
from ..problem import Severity
from ..validate import validate_text
from .options import DEFAULT_NAMES, EXIT_OK, EXIT_USAGE, add_request_options

DEFAULT_LIMIT = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publiccode-check similar",
        description="Before you start, look at what exists: list the initiatives in a catalogue that "
                    "are closest to a publiccode.yml (or a draft of one, valid or not), best first, with "
                    "their status, roadmap, contacts and why each came up. Words are compared across "
                    "Italian, Dutch, German, French, English, Swedish, Spanish and more; categories and "
                    "scope weigh most.",
        epilog="Exit codes: 0 searched (even if nothing is close), 2 usage error (no catalogue, a draft "
               "that cannot be read).")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="the publiccode.yml or draft to compare, '-' for standard input (default: "
                             "publiccode.yml or publiccode.yaml in the current directory)")
    parser.add_argument("--catalogue", action="append", metavar="SOURCE",
                        help="where to look: a JSONL file written by `publiccode-check vet`, a directory "
                             "of publiccode.yml files, or anything `vet` accepts (repeat for several "
                             "sources; default: `catalogue` in the configuration)")
    parser.add_argument("-n", "--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"how many initiatives to show (default: {DEFAULT_LIMIT})")
    parser.add_argument("--status", metavar="STATUS[,STATUS]",
                        help="only initiatives in these development statuses, e.g. concept,development "
                             "for plans and work in progress you could join")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), or JSON for programs")
    add_request_options(parser)
    return parser


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error("--limit must be 1 or more")
    statuses = _statuses(parser, args.status)
    try:
        settings = settings_for(Path(args.file) if args.file not in (None, "-") else Path.cwd())
    except ConfigError as exc:
        return _usage(str(exc))
    sources = args.catalogue or ([settings.catalogue] if settings.catalogue else [])
    if not sources:
        return _usage("no catalogue to search: give --catalogue with a JSONL file written by "
                      "`publiccode-check vet`, a directory of publiccode.yml files or a repository address, "
                      "or set `catalogue` in .publiccode-check.toml")
    if args.file == "-" and "-" in sources:
        parser.error("standard input ('-') can be read only once: it is the draft or the catalogue")
    draft_path, software = _draft(args.file)
    if software is None:
        return EXIT_USAGE

    from ..similar import cache_directory
    from ..similar.analysis import Analyser, language_of
    from ..similar.catalogue import CatalogueError, closest, open_catalogue
    from ..similar.present import as_json, name_of, text
    from ..similar.search import Draft

    analyser = Analyser()
    try:
        catalogue = open_catalogue(sources, network=lambda: _network_options(args),
                                   cache_dir=None if args.no_cache else cache_directory(), analyser=analyser)
    except CatalogueError as exc:
        return _usage(str(exc))
    draft = Draft.of(software, analyser, _own_sources(draft_path, sources))
    if not draft.analysed.terms:
        return _usage(f"{args.file or draft_path}: nothing to compare: the file has no name, description, "
                      "categories or scope yet")
    try:
        found = closest(catalogue, draft, analyser, limit=args.limit, statuses=statuses)
    except CatalogueError as exc:
        return _usage(str(exc))
    if args.format == "json":
        sys.stdout.write(as_json(found, catalogue=catalogue.name, records=catalogue.records))
    else:
        languages = [language_of(tag) for tag in software.get("description") or {}]
        sys.stdout.write(text(found, draft_name=name_of(software), catalogue=catalogue.name,
                              records=catalogue.records, languages=languages))
    return EXIT_OK


def _own_sources(draft: Path | None, sources: list[str]) -> set[str]:
    """How the catalogue's records would name the draft's own file: as given, resolved, and
    relative to each directory searched (as `vet` names the files of a directory)."""
    if draft is None:
        return set()
    real = draft.resolve()
    own = {str(draft), str(real)}
    for source in sources:
        directory = Path(source)
        if directory.is_dir() and real.is_relative_to(directory.resolve()):
            own.add(real.relative_to(directory.resolve()).as_posix())
    return own


def _statuses(parser: argparse.ArgumentParser, given: str | None) -> set[str] | None:
    if given is None:
        return None
    from ..schema import schema

    allowed = schema()["properties"]["developmentStatus"]["enum"]
    chosen = {status.strip() for status in given.split(",") if status.strip()}
    wrong = sorted(chosen - set(allowed))
    if wrong or not chosen:
        parser.error(f"--status {given}: the statuses are {', '.join(allowed)} (several separated by commas)")
    return chosen


def _draft(file: str | None) -> tuple[Path | None, dict[str, Any] | None]:
    """The draft's path and summary; None (after saying why) when it cannot be read. At most the
    check's size limit is read (and one byte more, which the loader reports)."""
    from ..software import summary

    if file == "-":
        path, data = None, sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        found = Path(file) if file else next((Path(name) for name in DEFAULT_NAMES if Path(name).is_file()),
                                             Path(DEFAULT_NAMES[0]))
        path = found
        try:
            with found.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            _usage(f"{found}: cannot be read: {exc.strerror or exc}" +
                   ("; give the file to compare, or run this in a directory with a publiccode.yml"
                    if file is None else ""))
            return path, None
    name = str(path) if path is not None else "<stdin>"
    result = validate_text(data, path=name)
    software = summary(result.data)
    if software is None:
        fatal = next((p for p in result.problems if p.severity is Severity.ERROR), None)
        where = f"{name}:{fatal.line}:{fatal.column}: {fatal.message}" if fatal else f"{name}: not a mapping"
        _usage(f"{where}; fix this first (a draft may be incomplete, but it must be YAML with keys)")
    return path, software


def _usage(message: str) -> int:
    from ..text import clean

    print(f"publiccode-check similar: {clean(message)}", file=sys.stderr)
    return EXIT_USAGE


def _network_options(args: argparse.Namespace) -> Any:
    from ..network import NetworkOptions

    return NetworkOptions(timeout=args.timeout, use_cache=not args.no_cache,
                          allow_private_hosts=args.allow_private_hosts)
