"""What several commands share: exit codes, default file names, the options and the report of
the check (also `fix`'s), the CPU limit of a file's check, request options, `--forge`."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..config import settings_for
from ..deadline import DEFAULT_SECONDS
from ..profiles import PROFILES, Policy
from ..report import AUTO, COLOR_CHOICES, FORMATS, Options, chosen_format, formatter, use_color

if TYPE_CHECKING:
    from ..validate import Result

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNVALIDATED, EXIT_INTERNAL = 0, 1, 2, 3, 4
DEFAULT_NAMES = ("publiccode.yml", "publiccode.yaml")
EXIT_CODES = ("Exit codes: 0 no errors, 1 errors found, 2 usage error, 3 a file could not be validated "
              "(unreadable, too costly...), 4 internal error (a bug of publiccode-check: please report it).")


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds more than 0")
    return value


def add_cpu_limit_option(parser: argparse._ActionsContainer) -> None:
    """The CPU time one file's check may take, enforced where files are checked in processes."""
    parser.add_argument("--cpu-limit", type=seconds, default=DEFAULT_SECONDS, metavar="SECONDS",
                        help="CPU time one file's check may take before it is stopped and reported "
                             f"as not validated (default: {DEFAULT_SECONDS:g})")


def add_request_options(group: argparse._ActionsContainer) -> None:
    """The options of every command that makes requests: time limit, cache, private hosts."""
    group.add_argument("--timeout", type=seconds, default=10.0, metavar="SECONDS",
                       help="time limit of each request (default: 10)")
    group.add_argument("--no-cache", action="store_true",
                       help="ask again for every URL instead of using results cached on disk")
    group.add_argument("--allow-private-hosts", action="store_true",
                       help="allow URLs on private and local addresses (intranet catalogues and forges)")


def add_check_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """The files, the report and the policy: the options of the check and of `fix`."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help=f"files to {verb} ('-' reads standard input); default: publiccode.yml "
                             "or publiccode.yaml in the current directory")
    parser.add_argument("--format", choices=(AUTO, *FORMATS), default=AUTO,
                        help="report format (default: auto, which is github inside GitHub Actions, "
                             "else text)")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="write the report to FILE and only a summary to the terminal")
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the text report (default: auto, on a terminal unless NO_COLOR "
                             "is set, or when FORCE_COLOR is set)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument("--profile", choices=tuple(PROFILES),
                        help="complete: the publiccode.yml standard, plus a roadmap, a reachable "
                             "contact and fresh dates; standard: the standard alone (default: from "
                             "the configuration, else complete)")
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("-q", "--quiet", action="store_true",
                        help="print errors only, without hints or summary")
    amount.add_argument("-v", "--verbose", action="store_true",
                        help="show the offending line of the file under each problem")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the name to report for standard input")
    parser.add_argument("--repo-root", metavar="DIR", type=Path,
                        help="where relative paths (logo, screenshots) are looked up; default: "
                             "the directory of each file. Forge reports (github, sarif, gitlab) give "
                             "paths relative to it, by default to the current directory")
    add_cpu_limit_option(parser)


def parse_checked(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """The arguments of the check (or `fix`), with what argparse cannot check itself."""
    args = parser.parse_args(argv)
    if args.repo_root is not None and not args.repo_root.is_dir():
        parser.error(f"--repo-root {args.repo_root}: not a directory")
    if args.files.count("-") > 1:
        parser.error("standard input ('-') can be read only once")
    return args


def files_or_default(files: list[str]) -> list[str] | None:
    """The files named, or the publiccode.yml of the current directory; None (said on standard
    error) when there is none."""
    if files:
        return files
    found = next((name for name in DEFAULT_NAMES if Path(name).is_file()), None)
    if found is None:
        print("publiccode-check: there is no publiccode.yml (or publiccode.yaml) in the current "
              "directory. Run `publiccode-check init` to write a first one, or name the file to "
              "check.", file=sys.stderr)
        return None
    return [found]


def parse_with_files(parser: argparse.ArgumentParser,
                     argv: Sequence[str]) -> tuple[argparse.Namespace, list[str] | None]:
    """The arguments, and the files named or the publiccode.yml of the current directory; None
    (said on standard error) when there is none."""
    args = parse_checked(parser, argv)
    return args, files_or_default(list(args.files))


def stdin_context(args: argparse.Namespace) -> tuple[Path | None, Policy]:
    """The repository root and the policy for standard input: those of the directory of
    --stdin-filename (which is then the root), else of the current directory."""
    where = Path(args.stdin_filename).resolve().parent if args.stdin_filename else Path.cwd()
    settings = settings_for(where)
    root = args.repo_root or settings.repo_root
    if root is None and args.stdin_filename:
        root = where
    return root, settings.policy(args.profile)


def write_text(text: str, stream: TextIO | None = None) -> bool:
    """Write to standard output (or `stream`); False, said on standard error, when it cannot take
    it (a full disk, a closed pipe)."""
    stream = stream or sys.stdout
    try:
        stream.write(text)
        stream.flush()
        return True
    except OSError as exc:
        print(f"publiccode-check: cannot write to standard output: {exc.strerror or exc}", file=sys.stderr)
        if stream is sys.stdout:
            discard_stdout()
        return False


def discard_stdout() -> None:
    """Point standard output, which failed, at /dev/null: the flush at exit must not fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_report(results: Sequence[Result], args: argparse.Namespace, stream: TextIO | None = None) -> bool:
    """The report on standard output (or `stream`), or in --output with a summary there."""
    stream = stream or sys.stdout
    name = chosen_format(args.format, os.environ)
    options = Options(quiet=args.quiet, verbose=args.verbose, base=args.repo_root,
                      color=args.output is None and use_color(args.color, stream, os.environ))
    report = formatter(name)(results, options)
    if args.output is None:
        return write_text(report, stream)
    try:
        args.output.write_text(report, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"publiccode-check: cannot write the report to {args.output}: {exc.strerror or exc}",
              file=sys.stderr)
        return False
    if not args.quiet:
        from ..report.text import summary

        color = use_color(args.color, stream, os.environ)
        return write_text(f"{summary(results, color)} ({name} report in {args.output})\n", stream)
    return True


def exit_code(results: Sequence[Result], strict: bool) -> int:
    if any(r.internal_error for r in results):
        return EXIT_INTERNAL
    if any(r.failure for r in results):
        return EXIT_UNVALIDATED
    if any(r.errors or (strict and r.warnings) for r in results):
        return EXIT_ERRORS
    return EXIT_OK


def forge_kinds(given: list[str], parser: argparse.ArgumentParser) -> dict[str, str]:
    """`--forge HOST=KIND` options as {host: kind}; a malformed one is a usage error."""
    from ..vet.fetch import KINDS

    kinds = {}
    for value in given:
        host, _, kind = value.partition("=")
        if kind not in KINDS or not host:
            parser.error(f"--forge {value}: write HOST=KIND, KIND being one of {', '.join(KINDS)}")
        kinds[host.lower()] = kind
    return kinds
