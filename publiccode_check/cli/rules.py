"""`publiccode-check rules`: the rule catalogue, for people or programs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .options import EXIT_OK


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="publiccode-check rules",
        description="List every rule: its id, its default severity and what it checks.")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="a table for people, or JSON (default: text)")
    args = parser.parse_args(argv)
    from ..catalogue import listing

    sys.stdout.write(listing(as_json=args.format == "json"))
    return EXIT_OK
