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
from typing import NamedTuple

from ..config import ConfigError, settings_for
from ..fix import Outcome, fix_text, fixable
from ..fix.files import NotWritten, read, write
from ..load import MAX_BYTES
from ..problem import Problem
from ..profiles import Policy
from ..text import clean, printable
from ..validate import Result, in_processes, internal_error, lost_worker, validate_path, validate_text
from .options import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNVALIDATED,
    EXIT_USAGE,
    add_check_options,
    exit_code,
    parse_with_files,
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
               "could not be written), 2 usage error, 3 a file could not be validated, 4 internal error "
               "(the file is left as it was). With --diff: 1 when a file would change, else 0 (3 and 4 "
               "as above).")
    add_check_options(parser, "fix")
    parser.add_argument("--diff", action="store_true",
                        help="print the changes as a unified diff and write nothing")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also make the fixes that are a guess: a misspelt key or value to the one "
                             "suggested, a deprecated key with no replacement removed, a single value "
                             "made a list (look at them with --diff first)")
    return parser


class _Done(NamedTuple):
    """What fixing one file gave: its result to report, whether it changed (or would), whether it
    was written as it should have been, the lines for standard error, and the diff."""

    result: Result
    changed: bool
    written: bool
    notes: list[str]
    diff: str


def main(argv: Sequence[str]) -> int:
    args, files = parse_with_files(_parser(), argv)
    if files is None:
        return EXIT_UNVALIDATED
    try:  # each file with the settings of its own configuration files, flags on top
        work = [(name, settings_for(Path(name))) for name in files if name != "-"]
        jobs = [(name, settings.policy(args.profile), args.repo_root or settings.repo_root)
                for name, settings in work]
        stdin = stdin_context(args) if "-" in files else None
    except ConfigError as exc:
        print(f"publiccode-check: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    done = list(in_processes(partial(_file, args=args), jobs, lost=_lost,  # in processes when there are many
                             cpu_limit=args.cpu_limit))
    if stdin is not None:
        done.append(_stdin(args, *stdin))
    for one in done:  # names and keys come from files: a terminal must not act on them
        sys.stderr.writelines(f"{clean(note)}\n" for note in one.notes)
        sys.stdout.write(one.diff)
    results = sorted((one.result for one in done), key=lambda r: r.path)
    if args.diff:
        changed = any(one.changed for one in done)
        if any(r.failure for r in results):
            return exit_code(results, args.strict)  # 4 for an internal error, else 3
        return EXIT_ERRORS if changed else EXIT_OK
    if not write_report(results, args, sys.stderr if "-" in files else sys.stdout):
        return EXIT_USAGE
    code = exit_code(results, args.strict)
    return max(code, EXIT_ERRORS) if not all(one.written for one in done) else code


def _file(job: tuple[str, Policy, Path | None], args: argparse.Namespace) -> _Done:
    """Fix one file (or say what would change, with --diff)."""
    name, policy, root = job
    path = Path(name)
    if not path.is_file():
        return _Done(validate_path(path, repo_root=root, policy=policy), False, True, [], "")
    try:
        data = read(path)
    except OSError as exc:
        return _Done(Result(name, failure=f"cannot be read: {exc.strerror or exc}"), False, True, [], "")
    check = partial(validate_text, path=name, repo_root=root or path.resolve().parent, policy=policy,
                    cpu_limit=args.cpu_limit)
    try:
        outcome = fix_text(data, check, unsafe=args.unsafe_fixes)
    except Exception as exc:  # a bug must not stop the other files, nor touch this one
        return _Done(internal_error(name, exc), False, True, [f"{name}: left as it was"], "")
    notes = _notes(name, outcome, args)
    if args.diff or not outcome.changed:
        diff = _diff(name, data, outcome) if args.diff else ""
        return _Done(outcome.before, outcome.changed, True, notes, diff)
    try:
        write(path, outcome.data, data)
    except NotWritten as exc:
        return _Done(outcome.before, False, False, [*notes, f"{name}: not fixed: {exc}"], "")
    return _Done(outcome.after, True, True, notes, "")


def _lost(job: tuple[str, Policy, Path | None], exc: Exception) -> _Done:
    """A file whose worker process ended (at the CPU deadline, or killed) before it was fixed."""
    return _Done(lost_worker(job[0], exc), False, True, [f"{job[0]}: left as it was"], "")


def _stdin(args: argparse.Namespace, root: Path | None, policy: Policy) -> _Done:
    """Standard input fixed to standard output (or its diff)."""
    name = args.stdin_filename or "<stdin>"
    check = partial(validate_text, path=name, repo_root=root, policy=policy, cpu_limit=args.cpu_limit)
    data = sys.stdin.buffer.read(MAX_BYTES + 1)  # the loader refuses more, and nothing is fixed then
    try:
        outcome = fix_text(data, check, unsafe=args.unsafe_fixes)
    except Exception as exc:  # the input goes out unchanged
        if not args.diff:
            sys.stdout.buffer.write(data)
        return _Done(internal_error(name, exc), False, True, [f"{name}: left as it was"], "")
    if not args.diff:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.data)
        sys.stdout.buffer.flush()
    diff = _diff(name, data, outcome) if args.diff else ""
    return _Done(outcome.after, outcome.changed, True, _notes(name, outcome, args), diff)


def _diff(name: str, data: bytes, outcome: Outcome) -> str:
    """The change as a unified diff of the file's lines as they are (a byte order mark
    included), but for the characters a terminal would act on."""
    if not outcome.changed:
        return ""
    before = _LINES.findall(data.decode("utf-8"))
    after = _LINES.findall(outcome.data.decode("utf-8"))
    out = []
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        content = line.rstrip("\r\n")
        ending = line[len(content):]
        out.append(printable(content) + (ending or "\n\\ No newline at end of file\n"))
    return "".join(out)


def _notes(name: str, outcome: Outcome, args: argparse.Namespace) -> list[str]:
    """What was fixed, what could not be, and what more `--unsafe-fixes` would do."""
    notes = []
    if outcome.refused:
        where = ", ".join(f"{problem.key or 'the file'} [{problem.rule}]" for problem in outcome.refused)
        notes.append(f"{name}: {_count(outcome.refused, 'fix')} not made, as the file would then break or "
                     f"have a problem it does not have now: {where}")
    if args.quiet:
        return notes
    if outcome.fixed:
        verb = "would fix" if args.diff else "fixed"
        notes.append(f"{name}: {verb} {_count(outcome.fixed, 'problem')} ({_rules(outcome.fixed)})")
    more = [p for p in outcome.after.problems if fixable(p, True) and not fixable(p, False)]
    if more and not args.unsafe_fixes:
        notes.append(f"{name}: {_count(more, 'more fix', 'more fixes')} with --unsafe-fixes ({_rules(more)})")
    return notes


def _count(problems: list[Problem], one: str, many: str | None = None) -> str:
    return f"1 {one}" if len(problems) == 1 else f"{len(problems)} {many or one + 's'}"


def _rules(problems: list[Problem]) -> str:
    counts = Counter(problem.rule for problem in problems)
    return ", ".join(rule if count == 1 else f"{rule} ×{count}" for rule, count in counts.items())
