"""`publiccode-check vet`: the command line of catalogue vetting."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from ..config import ConfigError, settings_for
from ..profiles import PROFILES, Policy
from ..text import json_text
from ..vet.fetch import KINDS
from ..vet.records import MAX_LINE, STATUSES, json_lines, json_value, summarise, well_formed
from ..vet.run import Record, VetOptions, vet
from ..vet.sources import FILE_NAMES, SourceError, targets
from .options import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_UNVALIDATED,
    EXIT_USAGE,
    add_cpu_limit_option,
    add_request_options,
    discard_stdout,
    forge_kinds,
)

MAX_RESUME = 1024 * 1024 * 1024  # bytes of a --resume file (all its records are kept in memory)


class _OutputFailed(Exception):
    """The JSON lines cannot be written (a full disk, a closed pipe)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publiccode-check vet",
        description="Check the publiccode.yml of many repositories in one run, for software "
                    "catalogues: one JSON line per repository as each finishes, a summary at the "
                    "end, and optionally an HTML report.",
        epilog="Statuses: " + "; ".join(f"{name}: {what}" for name, what in STATUSES.items())
               + ". Exit codes: 0 all valid, 1 some invalid, 2 usage error, 3 some could not be "
               "fetched, read or validated, 4 internal error on some (a bug of publiccode-check: please "
               "report it).")
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="a repository address (https://github.com/org/repo), a text file (or '-') "
                             "with one address per line, or a directory: every publiccode.yml and "
                             "publiccode.yaml beneath it")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="write the JSON lines to FILE (default: standard output)")
    parser.add_argument("--resume", metavar="FILE", type=Path,
                        help="skip the sources already recorded in FILE (the output of an earlier, "
                             "interrupted run); with the same FILE as --output, new lines are appended")
    parser.add_argument("--html", metavar="FILE", type=Path,
                        help="also write a self-contained HTML report of all the records")
    parser.add_argument("--profile", choices=tuple(PROFILES), default="standard",
                        help="standard: the publiccode.yml standard alone (default); complete: also a "
                             "roadmap, a reachable contact and fresh dates")
    parser.add_argument("--network", action=argparse.BooleanOptionalAction, default=True,
                        help="check that the links, images and repositories named in the files exist "
                             "(default: on); repositories given by address are fetched either way")
    parser.add_argument("-j", "--jobs", type=int, default=16, metavar="N",
                        help="repositories checked at once (default: 16)")
    parser.add_argument("--per-host", type=int, default=4, metavar="N",
                        help="requests under way to one host at most (default: 4)")
    add_request_options(parser)
    add_cpu_limit_option(parser)
    parser.add_argument("--forge", action="append", default=[], metavar="HOST=KIND",
                        help=f"say what software a host runs ({', '.join(KINDS)}), for self-hosted "
                             "forges not recognised by name or API; repeatable")
    parser.add_argument("--no-git", action="store_true",
                        help="do not fall back to git for repositories on unknown hosts")
    parser.add_argument("--name", action="append", metavar="PATTERN",
                        help="file names to look for in directories, as glob patterns (default: "
                             f"{' and '.join(sorted(FILE_NAMES))}); repeatable")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary and no progress bar")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.per_host < 1:
        parser.error("--jobs and --per-host must be 1 or more")
    kinds = forge_kinds(args.forge, parser)
    try:
        found = targets(args.sources, sys.stdin, names=args.name or sorted(FILE_NAMES))
        rules = settings_for(Path.cwd()).rules
    except (SourceError, ConfigError) as exc:
        print(f"publiccode-check vet: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not found:
        names = " or ".join(args.name or sorted(FILE_NAMES))
        print(f"publiccode-check vet: nothing to check: the sources name no repository, and their "
              f"directories hold no file named {names}", file=sys.stderr)
        return EXIT_USAGE
    try:
        earlier = _earlier(args.resume) if args.resume is not None and args.resume.exists() else []
    except SourceError as exc:
        print(f"publiccode-check vet: --resume {exc}", file=sys.stderr)
        return EXIT_USAGE
    done = {record["source"] for record in earlier}
    todo = [target for target in found if target.source not in done]
    options = VetOptions(policy=Policy(args.profile, rules), check_links=args.network, jobs=args.jobs,
                         kinds=kinds, use_git=not args.no_git, cpu_limit=args.cpu_limit,
                         network=_network_options(args) if args.network or any(t.remote for t in todo)
                         else None)
    appending = args.output is not None and args.resume is not None and _same(args.output, args.resume)
    try:
        output = _open(args.output, appending)
    except OSError as exc:
        print(f"publiccode-check vet: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    progress = _Progress(len(todo), sys.stderr if not args.quiet and sys.stderr.isatty() else None)
    records: list[Record] = list(earlier)  # the summary and the page cover the earlier run too
    lock = threading.Lock()

    def emit(record: Record) -> None:
        with lock:
            try:
                output.write(json_text(record) + "\n")
                output.flush()
            except OSError as exc:
                raise _OutputFailed(exc.strerror or str(exc)) from None
            records.append(record)
            progress.step(record["status"])

    try:
        vet(todo, options, emit)
    except KeyboardInterrupt:
        progress.close()
        print(f"publiccode-check vet: interrupted; {progress.done} of {len(todo)} recorded. Run again "
              "with --resume to go on.", file=sys.stderr)
        return 130
    except _OutputFailed as exc:
        progress.close()
        print(f"publiccode-check vet: cannot write the records to {args.output or 'standard output'}: "
              f"{exc}; {progress.done} of {len(todo)} recorded", file=sys.stderr)
        if output is sys.stdout:
            discard_stdout()
        return EXIT_USAGE
    finally:
        if output is not sys.stdout:
            with contextlib.suppress(OSError):
                output.close()
    progress.close()
    summary = summarise(records)
    if args.html is not None:
        from ..vet.html import render

        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        try:
            args.html.write_text(render(records, summary, generated=generated), encoding="utf-8")
        except OSError as exc:
            print(f"publiccode-check vet: cannot write {args.html}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    if not args.quiet:
        stream = sys.stderr if args.output is None else sys.stdout
        note = f"{len(todo)} checked in {time.monotonic() - progress.started:.1f} s"
        if len(todo) < len(found):
            note += f", {len(found) - len(todo)} already recorded in {args.resume}"
        stream.write(summary.text().replace(" repositories:", f" repositories ({note}):", 1))
    statuses = summary.statuses
    if summary.internal_errors:
        return EXIT_INTERNAL
    if statuses["missing"] or statuses["unreachable"]:
        return EXIT_UNVALIDATED
    return EXIT_ERRORS if statuses["invalid"] else EXIT_OK


def _network_options(args: argparse.Namespace) -> Any:
    from ..network import NetworkOptions

    return NetworkOptions(timeout=args.timeout, use_cache=not args.no_cache, workers=max(8, args.jobs),
                          per_host=args.per_host, allow_private_hosts=args.allow_private_hosts)


def _earlier(path: Path) -> list[Record]:
    """The records of an earlier run; a line that is not one (cut short by a crash, too long,
    of the wrong shape) is left out, and its repository checked again. A file that cannot be
    the output of a run (not a regular file, or too large) is a SourceError."""
    records = []
    try:
        if not path.is_file():
            raise SourceError(f"{path}: not a regular file, so not the output of an earlier run")
        size = path.stat().st_size
        if size > MAX_RESUME:
            raise SourceError(f"{path}: {size / 2**30:.1f} GiB, more than the {MAX_RESUME // 2**30} GiB "
                              "read back; split the catalogue into several runs")
        with path.open("rb") as handle:
            for number, (_, line) in enumerate(json_lines(handle), 1):
                record = _record(line) if line is not None else None
                if record is not None:
                    records.append(record)
                elif line is None or line.strip():
                    why = "longer than a record can be" if line is None else "not a record (cut short?)"
                    print(f"publiccode-check vet: {path}:{number}: {why}; its repository is checked again",
                          file=sys.stderr)
    except OSError as exc:
        print(f"publiccode-check vet: cannot read {path}: {exc.strerror or exc}; nothing is skipped",
              file=sys.stderr)
        return []
    return records


def _record(line: bytes) -> Record | None:
    """The record a JSON line holds, or None."""
    record = json_value(line)
    return record if well_formed(record) else None


def _same(first: Path, second: Path) -> bool:
    return first.resolve() == second.resolve()


def _open(path: Path | None, appending: bool) -> TextIO:
    if path is None:
        return sys.stdout
    if not appending:
        return path.open("w", encoding="utf-8")
    size = path.stat().st_size if path.is_file() else 0
    with path.open("rb") if size else contextlib.nullcontext() as handle:
        if handle is not None:
            handle.seek(max(0, size - MAX_LINE - 1))
            tail = handle.read()  # the last line, if it is a record; `_earlier` bounded the size
            if not tail.endswith(b"\n"):  # the last line was cut short by a crash
                start = tail.rfind(b"\n") + 1
                whole = start > 0 or len(tail) == size  # else a line too long to be a record
                if whole and _record(tail[start:]) is None:  # checked again: the new line replaces it
                    os.truncate(path, size - len(tail) + start)
                else:
                    with path.open("ab") as appended:
                        appended.write(b"\n")
    return path.open("a", encoding="utf-8")


class _Progress:
    """A one-line progress bar on a terminal; nothing at all elsewhere."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.started = time.monotonic()
        self._shown = 0.0

    def step(self, status: str) -> None:
        self.done += 1
        self.counts[status] += 1
        now = time.monotonic()
        if self.stream is not None and (now - self._shown >= 0.1 or self.done == self.total):
            self._shown = now
            filled = self.WIDTH * self.done // max(1, self.total)
            rate = self.done / max(now - self.started, 1e-6)
            counts = " ".join(f"{self.counts[s]} {s}" for s in STATUSES if self.counts[s])
            left = round((self.total - self.done) / rate)
            eta = f", {left // 60}:{left % 60:02d} left" if self.done < self.total else ""
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} "
                              f"{counts} ({rate:.1f}/s{eta})\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
