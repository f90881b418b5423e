"""The check itself (`publiccode-check [FILE...]`): validate, print a report, set the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import STANDARD_VERSIONS, __version__
from ..config import ConfigError, Settings, settings_for
from ..profiles import PROFILES
from ..report import AUTO, COLOR_CHOICES, FORMATS, Options, chosen_format, formatter, use_color
from ..validate import Result, validate_paths, validate_text
from .options import DEFAULT_NAMES, EXIT_ERRORS, EXIT_OK, EXIT_UNVALIDATED, EXIT_USAGE, add_request_options

if TYPE_CHECKING:
    from ..network import Network


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publiccode-check",
        description="Check publiccode.yml files against the publiccode.yml standard.",
        epilog="'publiccode-check rules' lists the rules; 'publiccode-check init' writes a first "
               "publiccode.yml; 'publiccode-check vet' checks many repositories for a catalogue; "
               "'publiccode-check serve' is the validation service (API, web page, badges). Formats: "
               + "; ".join(f"{name}: {what}" for name, what in FORMATS.items())
               + ". Exit codes: 0 no errors, 1 errors found, 2 usage error, 3 a file could not be "
               "validated.")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="files to check ('-' reads standard input); default: publiccode.yml "
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
    online = parser.add_argument_group(
        "network checks", "off by default: with --network, links, images, videos and repositories are "
                          "fetched, and FILE may be an http(s) URL")
    online.add_argument("--network", action="store_true", default=None,
                        help="check that links, images, videos and repositories really exist")
    add_request_options(online)
    online.add_argument("--network-strict", action="store_true",
                        help="a URL that could not be verified (timeout, DNS, 5xx) is an error")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="processes to check many files with (default: one per core)")
    parser.add_argument("--version", action="version",
                        version=f"publiccode-check {__version__} "
                                f"(publiccode.yml standard {STANDARD_VERSIONS})")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.repo_root is not None and not args.repo_root.is_dir():
        parser.error(f"--repo-root {args.repo_root}: not a directory")
    files = list(args.files)
    if not files:
        found = next((name for name in DEFAULT_NAMES if Path(name).is_file()), None)
        if found is None:
            print("publiccode-check: there is no publiccode.yml (or publiccode.yaml) in the current "
                  "directory. Run `publiccode-check init` to write a first one, or name the file to "
                  "check.", file=sys.stderr)
            return EXIT_UNVALIDATED
        files = [found]
    if files.count("-") > 1:
        parser.error("standard input ('-') can be read only once")
    if args.jobs < 0:
        parser.error("--jobs must be 0 (one per core) or more")
    if args.timeout <= 0:
        parser.error("--timeout must be more than 0 seconds")
    try:
        network_on = args.network or any(settings_for(Path(name)).network for name in _local(files))
        if not network_on and any(_is_url(name) for name in files):
            parser.error("reading a publiccode.yml from a URL needs --network")
        results = _validate_online(files, args) if network_on else _validate_all(files, args)
    except ConfigError as exc:
        print(f"publiccode-check: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    results.sort(key=lambda r: r.path)
    if not _report(results, args):
        return EXIT_USAGE
    return exit_code(results, args.strict)


def _report(results: list[Result], args: argparse.Namespace) -> bool:
    """The report on standard output, or in --output with a summary on standard output."""
    name = chosen_format(args.format, os.environ)
    options = Options(quiet=args.quiet, verbose=args.verbose, base=args.repo_root,
                      color=args.output is None and use_color(args.color, sys.stdout, os.environ))
    report = formatter(name)(results, options)
    if args.output is None:
        sys.stdout.write(report)
        return True
    try:
        args.output.write_text(report, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"publiccode-check: cannot write the report to {args.output}: {exc.strerror or exc}",
              file=sys.stderr)
        return False
    if not args.quiet:
        from ..report.text import summary

        color = use_color(args.color, sys.stdout, os.environ)
        print(f"{summary(results, color)} ({name} report in {args.output})")
    return True


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def _local(files: list[str]) -> list[str]:
    return [name for name in files if name != "-" and not _is_url(name)]


def _validate_all(files: list[str], args: argparse.Namespace, network: Network | None = None) -> list[Result]:
    """Each file with the settings of its own configuration files, flags on top."""
    groups: dict[tuple[Path, ...], tuple[Settings, list[str]]] = {}  # by configuration files
    for name in _local(files):
        settings = settings_for(Path(name))
        groups.setdefault(settings.sources, (settings, []))[1].append(name)
    results = []
    for settings, names in groups.values():
        results += validate_paths(names, repo_root=args.repo_root or settings.repo_root,
                                  policy=settings.policy(args.profile), network=network, jobs=args.jobs)
    if "-" in files:
        results.append(_validate_stdin(args, network))
    return results


def _validate_online(files: list[str], args: argparse.Namespace) -> list[Result]:
    """With network checks: one Network for the run (its cache and its URLs checked once)."""
    from ..network import FetchError, Network, NetworkOptions

    options = NetworkOptions(timeout=args.timeout, use_cache=not args.no_cache,
                             strict=args.network_strict, allow_private_hosts=args.allow_private_hosts)
    with Network(options) as network:
        results = _validate_all(files, args, network)
        policy = settings_for(Path.cwd()).policy(args.profile)
        for url in filter(_is_url, files):
            try:
                data = network.fetch_publiccode(url)
            except FetchError as exc:
                results.append(Result(url, failure=str(exc)))
                continue
            results.append(validate_text(data, path=url, policy=policy, network=network, base_url=url))
    return results


def _validate_stdin(args: argparse.Namespace, network: Network | None = None) -> Result:
    where = Path(args.stdin_filename).resolve().parent if args.stdin_filename else Path.cwd()
    settings = settings_for(where)
    root = args.repo_root or settings.repo_root
    if root is None and args.stdin_filename:
        root = where
    return validate_text(sys.stdin.buffer.read(), path=args.stdin_filename or "<stdin>",
                         repo_root=root, policy=settings.policy(args.profile), network=network)


def exit_code(results: Sequence[Result], strict: bool) -> int:
    if any(r.failure for r in results):
        return EXIT_UNVALIDATED
    if any(r.errors or (strict and r.warnings) for r in results):
        return EXIT_ERRORS
    return EXIT_OK

