"""`publiccode-check fix [FILE...]`: repair files in place, then report what remains as the check does.

What was fixed, and what was not written and why, goes to standard error; standard output
gets the check's report (or, for `-`, the fixed file, the report going to standard error;
with `--diff`, the diff alone).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..config import ConfigError, settings_for
from ..fix import Outcome, fix_text, fixable
from ..fix.files import NotWritten, read, write
from ..problem import Problem
from ..text import printable
from ..validate import Result, validate_path, validate_text
from .options import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNVALIDATED,
    EXIT_USAGE,
    add_check_options,
    checked_files,
    exit_code,
    stdin_context,
    write_report,
)

_LINES = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.DOTALL)  # YAML's line breaks, not str.splitlines'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publiccode-check fix",
        description="Repair publiccode.yml files in place, changing nothing but what is fixed, then "
                    "report what remains as the check does. Safe fixes keep the meaning (quoting, "
                    "YAML 1.1 booleans, language tags, country codes, SPDX ids, SSH addresses, empty "
                    "keys, the move to version 0.7); unsafe ones are guesses, made only when asked.",
        epilog="Exit codes: as the check, after fixing: 0 no errors, 1 errors found (or a file that "
               "could not be written), 2 usage error, 3 a file could not be validated. With --diff: "
               "1 when a file would change, else 0 (3 as above).")
    add_check_options(parser, "fix")
    parser.add_argument("--diff", action="store_true",
                        help="print the changes as a unified diff and write nothing")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also make the fixes that are a guess: a misspelt key or value to the one "
                             "suggested, a deprecated key with no replacement removed, a single value "
                             "made a list (look at them with --diff first)")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    files = checked_files(parser, args)
    if files is None:
        return EXIT_UNVALIDATED
    results: list[Result] = []
    changed = not_written = 0
    try:
        for name in files:
            result, was_changed, written = _stdin(args) if name == "-" else _file(name, args)
            results.append(result)
            changed += was_changed
            not_written += not written
    except ConfigError as exc:
        print(f"publiccode-check: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.diff:
        return EXIT_UNVALIDATED if any(r.failure for r in results) else EXIT_ERRORS if changed else EXIT_OK
    results.sort(key=lambda r: r.path)
    if not write_report(results, args, sys.stderr if "-" in files else sys.stdout):
        return EXIT_USAGE
    code = exit_code(results, args.strict)
    return max(code, EXIT_ERRORS) if not_written else code


def _file(name: str, args: argparse.Namespace) -> tuple[Result, bool, bool]:
    """Fix one file; the result to report, whether it changed, whether it was written."""
    path = Path(name)
    settings = settings_for(path)
    policy = settings.policy(args.profile)
    root = args.repo_root or settings.repo_root
    if not path.is_file():
        return validate_path(path, repo_root=root, policy=policy), False, True
    try:
        data = read(path)
    except OSError as exc:
        return Result(name, failure=f"cannot be read: {exc.strerror or exc}"), False, True
    check = partial(validate_text, path=name, repo_root=root or path.resolve().parent, policy=policy)
    outcome = fix_text(data, check, unsafe=args.unsafe_fixes)
    _tell(name, outcome, args)
    if args.diff:
        _print_diff(name, outcome)
    if args.diff or not outcome.changed:
        return outcome.before, outcome.changed, True
    try:
        write(path, outcome.data, data)
    except NotWritten as exc:
        print(f"{name}: not fixed: {exc}", file=sys.stderr)
        return outcome.before, False, False
    return outcome.after, True, True


def _stdin(args: argparse.Namespace) -> tuple[Result, bool, bool]:
    """Standard input fixed to standard output (or its diff)."""
    root, policy = stdin_context(args)
    name = args.stdin_filename or "<stdin>"
    check = partial(validate_text, path=name, repo_root=root, policy=policy)
    outcome = fix_text(sys.stdin.buffer.read(), check, unsafe=args.unsafe_fixes)
    _tell(name, outcome, args)
    if args.diff:
        _print_diff(name, outcome)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.data)
        sys.stdout.buffer.flush()
    return outcome.after, outcome.changed, True


def _print_diff(name: str, outcome: Outcome) -> None:
    """The change as a unified diff; the file's lines are printed as they are, but for the
    characters a terminal would act on."""
    before = _LINES.findall(outcome.before.text or "")
    after = _LINES.findall(outcome.after.text or "")
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        content = line.rstrip("\r\n")
        ending = line[len(content):]
        sys.stdout.write(printable(content) + (ending or "\n\\ No newline at end of file\n"))


def _tell(name: str, outcome: Outcome, args: argparse.Namespace) -> None:
    """What was fixed, what could not be, and what more `--unsafe-fixes` would do."""
    if outcome.refused:
        print(f"{name}: {_count(outcome.refused, 'fix')} not made: it would break the file or add a "
              f"problem ({_rules(outcome.refused)})", file=sys.stderr)
    if args.quiet:
        return
    if outcome.fixed:
        verb = "would fix" if args.diff else "fixed"
        print(f"{name}: {verb} {_count(outcome.fixed, 'problem')} ({_rules(outcome.fixed)})", file=sys.stderr)
    if not args.unsafe_fixes:
        more = [p for p in outcome.after.problems if fixable(p, True) and not fixable(p, False)]
        if more:
            print(f"{name}: {_count(more, 'more fix', 'more fixes')} with --unsafe-fixes "
                  f"({_rules(more)})", file=sys.stderr)


def _count(problems: list[Problem], one: str, many: str | None = None) -> str:
    return f"1 {one}" if len(problems) == 1 else f"{len(problems)} {many or one + 's'}"


def _rules(problems: list[Problem]) -> str:
    counts = Counter(problem.rule for problem in problems)
    return ", ".join(rule if count == 1 else f"{rule} ×{count}" for rule, count in counts.items())
