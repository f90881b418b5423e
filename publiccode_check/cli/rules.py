"""`publiccode-check rules`: the rule catalogue, for people or programs, with the severities of a
profile (and of the configuration here)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..config import ConfigError, settings_for
from ..profiles import PROFILES
from .options import EXIT_OK, EXIT_USAGE


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="publiccode-check rules",
        description="List every rule: its id, its severity under a profile and what it checks.")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="a table for people, or JSON (default: text)")
    parser.add_argument("--profile", choices=tuple(PROFILES),
                        help="the profile whose severities are listed (default: from the configuration "
                             "here, else complete, as for the check)")
    args = parser.parse_args(argv)
    from ..catalogue import listing

    try:
        policy = settings_for(Path.cwd()).policy(args.profile)
    except ConfigError as exc:
        print(f"publiccode-check: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(listing(policy, as_json=args.format == "json"))
    return EXIT_OK
