"""What several commands share: exit codes, default file names, request options."""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNVALIDATED = 0, 1, 2, 3
DEFAULT_NAMES = ("publiccode.yml", "publiccode.yaml")


def add_request_options(group: argparse._ActionsContainer) -> None:
    """The options of every command that makes requests: time limit, cache, private hosts."""
    group.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="time limit of each request (default: 10)")
    group.add_argument("--no-cache", action="store_true",
                       help="ask again for every URL instead of using results cached on disk")
    group.add_argument("--allow-private-hosts", action="store_true",
                       help="allow URLs on private and local addresses (intranet catalogues and forges)")


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
