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
from ..load import MAX_BYTES
from ..report import FORMATS, WITH_EDITS, chosen_format
from ..validate import Result, validate_paths, validate_text
from .options import (
    EXIT_CODES,
    EXIT_UNVALIDATED,
    EXIT_USAGE,
    add_check_options,
    add_request_options,
    exit_code,
    files_or_default,
    parse_checked,
    stdin_context,
    write_report,
)

if TYPE_CHECKING:
    from ..network import Network
    from .staged import Staged


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publiccode-check",
        description="Check publiccode.yml files against the publiccode.yml standard.",
        epilog="'publiccode-check rules' lists the rules; 'publiccode-check init' writes a first "
               "publiccode.yml; 'publiccode-check fix' repairs what it safely can; 'publiccode-check vet' "
               "checks many repositories for a catalogue; 'publiccode-check serve' is the validation "
               "service (API, web page, badges). Formats: "
               + "; ".join(f"{name}: {what}" for name, what in FORMATS.items())
               + ". " + EXIT_CODES)
    add_check_options(parser, "check")
    parser.add_argument("--staged", action="store_true",
                        help="check the publiccode.yml at the root of the git repository as staged for the "
                             "next commit, and fail when it is not added to git (the publiccode-present "
                             "hook); outside a git repository, the one in the current directory")
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
    args = parse_checked(parser, argv)
    args.edits = chosen_format(args.format, os.environ) in WITH_EDITS  # made while each file is read
    files = list(args.files)
    staged = None
    if args.staged:
        if files:
            parser.error("--staged checks the publiccode.yml at the root of the repository: name no FILE")
        from .staged import NotInGit, read_staged

        try:
            staged = read_staged(Path.cwd())
        except NotInGit as exc:
            print(f"publiccode-check: --staged: {exc}; checking the working tree instead.", file=sys.stderr)
        else:
            if staged.problem:
                print(f"publiccode-check: {staged.problem}.", file=sys.stderr)
                return EXIT_UNVALIDATED
    if not files and staged is None:
        files = files_or_default(files)
        if files is None:
            return EXIT_UNVALIDATED
    if args.jobs < 0:
        parser.error("--jobs must be 0 (one per core) or more")
    try:
        checked = [Path(name) for name in _local(files)] + ([staged.path] if staged else [])
        network_on = args.network or any(settings_for(path).network for path in checked)
        if not network_on and any(_is_url(name) for name in files):
            parser.error("reading a publiccode.yml from a URL needs --network")
        results = _validate_online(files, args, staged) if network_on else _validate_all(files, args, staged)
    except ConfigError as exc:
        print(f"publiccode-check: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    results.sort(key=lambda r: r.path)
    if not write_report(results, args):
        return EXIT_USAGE
    return exit_code(results, args.strict)


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def _local(files: list[str]) -> list[str]:
    return [name for name in files if name != "-" and not _is_url(name)]


def _validate_all(files: list[str], args: argparse.Namespace, staged: Staged | None,
                  network: Network | None = None) -> list[Result]:
    """Each file with the settings of its own configuration files, flags on top."""
    groups: dict[tuple[Path, ...], tuple[Settings, list[str]]] = {}  # by configuration files
    for name in _local(files):
        settings = settings_for(Path(name))
        groups.setdefault(settings.sources, (settings, []))[1].append(name)
    results = []
    for settings, names in groups.values():
        results += validate_paths(names, repo_root=args.repo_root or settings.repo_root,
                                  policy=settings.policy(args.profile), network=network, jobs=args.jobs,
                                  cpu_limit=args.cpu_limit, edits=args.edits)
    if "-" in files:
        results.append(_validate_stdin(args, network))
    if staged is not None:
        settings = settings_for(staged.path)
        results.append(validate_text(staged.data or b"", path=staged.shown, network=network,
                                     policy=settings.policy(args.profile),
                                     repo_root=args.repo_root or settings.repo_root or staged.top,
                                     cpu_limit=args.cpu_limit, edits=args.edits))
    return results


def _validate_online(files: list[str], args: argparse.Namespace, staged: Staged | None) -> list[Result]:
    """With network checks: one Network for the run (its cache and its URLs checked once)."""
    from ..network import FetchError, Network, NetworkOptions

    options = NetworkOptions(timeout=args.timeout, use_cache=not args.no_cache,
                             strict=args.network_strict, allow_private_hosts=args.allow_private_hosts)
    with Network(options) as network:
        results = _validate_all(files, args, staged, network)
        policy = settings_for(Path.cwd()).policy(args.profile)
        for url in filter(_is_url, files):
            try:
                data = network.fetch_publiccode(url)
            except FetchError as exc:
                results.append(Result(url, failure=str(exc)))
                continue
            results.append(validate_text(data, path=url, policy=policy, network=network, base_url=url,
                                         cpu_limit=args.cpu_limit, edits=args.edits))
    return results


def _validate_stdin(args: argparse.Namespace, network: Network | None = None) -> Result:
    root, policy = stdin_context(args)
    # at most the file-size limit and one byte: the loader says the input is too large
    return validate_text(sys.stdin.buffer.read(MAX_BYTES + 1), path=args.stdin_filename or "<stdin>",
                         repo_root=root, policy=policy, network=network, cpu_limit=args.cpu_limit,
                         edits=args.edits)

