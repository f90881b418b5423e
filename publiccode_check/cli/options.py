"""What several commands share: exit codes, default file names, request options."""

from __future__ import annotations

import argparse
import math

from ..deadline import DEFAULT_SECONDS

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
