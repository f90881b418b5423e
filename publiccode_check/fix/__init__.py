"""Repairing a file's problems by editing its text, and nothing else of it.

A problem whose rule knows the repair carries a `Fix` (problem.py): changes in key paths,
`safe` or `unsafe`. `fix_text` makes them in passes. Each pass takes the fixes of the
current problems that touch different keys, turns them into text edits (edits.py) and
keeps them only if the file still parses, no rule reports more problems than before (but
for new problems that have a fix of their own: a quoted `publiccodeYmlVersion: 0.4` is
then an old version, raised in the next pass) and no fixed problem comes back with the
same fix; a group that fails is split in halves until the fix that breaks it is found and
left out. Passes go on until no fix applies, so that moves which enable others (an
`organisation` made from `IT.riuso.codiceIPA`, then `legal.repoOwner` moving into it) are
made, and a second run finds nothing to do. The result is the last state in which no rule
reports more problems than in the original.

Imported only by the `fix` command and by the reports that carry fixes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..load import Loaded
from ..problem import SAFE, Change, Fix, KeyPath, Problem
from ..validate import Result
from .edits import Placed, Source, apply, render

MAX_PASSES = 12  # the longest chain of fixes in the corpus takes four
MAX_ATTEMPTS = 64  # checks of the fixed text in one pass, when fixes have to be told apart
BOM = b"\xef\xbb\xbf"

Check = Callable[[bytes], Result]


class Outcome(NamedTuple):
    """What fixing did to one file's content."""

    before: Result  # the check of the content as it was
    after: Result  # the check of the fixed content (`before` itself when nothing changed)
    data: bytes  # the fixed content
    fixed: list[Problem]  # the problems whose fixes were made, over all passes
    refused: list[Problem]  # problems whose fix would have broken the file or added a problem

    @property
    def changed(self) -> bool:
        return self.after is not self.before


def fix_text(data: bytes, check: Check, *, unsafe: bool = False) -> Outcome:
    """Make the safe fixes (and the unsafe ones with `unsafe`) of `data`'s problems.

    `check` validates content the way the caller reports it (path, policy, repository root):
    fixes follow the policy, so a rule turned off fixes nothing.
    """
    before = check(data)
    bom = BOM if data.startswith(BOM) else b""
    try:
        text = data[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        return Outcome(before, before, data, [], [])
    run = _Run(text, before, lambda content: check(bom + content.encode("utf-8")), unsafe)
    states = [(text, before, 0)]  # after each pass: the text, its check, how many problems fixed
    for _ in range(MAX_PASSES):
        if not run.one_pass():
            break
        states.append((run.text, run.result, len(run.fixed)))
    # a problem left for a later pass whose fix could not be made: back to before it appeared
    text, result, count = next(state for state in reversed(states) if not _gained(before, state[1]))
    refused = run.refused + run.fixed[count:]
    if result is before:
        return Outcome(before, before, data, [], refused)
    return Outcome(before, result, bom + text.encode("utf-8"), run.fixed[:count], refused)


def fixable(problem: Problem, unsafe: bool) -> bool:
    return problem.fix is not None and (unsafe or problem.fix.safety == SAFE)


def edits_of(result: Result, loaded: Loaded | None = None) -> list[list[Placed] | None]:
    """For each problem of `result`, its fix as text edits of `result.text`, or None (no fix,
    or none the file's layout allows). For the reports that offer fixes. `loaded`: the text as
    the loader read it, when the caller has it (else it is read again)."""
    edits: list[list[Placed] | None] = [None] * len(result.problems)
    if result.text is None or not any(problem.fix for problem in result.problems):
        return edits
    source = Source.of(result.text, loaded)
    if source is None:
        return edits
    for index, problem in enumerate(result.problems):
        found = render(source, problem.fix.changes) if problem.fix is not None else None
        edits[index] = [source.place(edit) for edit in found] if found is not None else None
    return edits


class _Group(NamedTuple):
    """A fix and the problems it repairs (several problems may share one: `IT` and
    `IT.countryExtensionVersion` both remove the section)."""

    fix: Fix
    problems: list[Problem]


class _Run:
    """The state of fixing one text: where it is, what its check says, what was done."""

    def __init__(self, text: str, result: Result, check: Callable[[str], Result], unsafe: bool) -> None:
        self.text = text
        self.result = result
        self.check = check
        self.unsafe = unsafe
        self.fixed: list[Problem] = []
        self.refused: list[Problem] = []
        self._left_out: set[str] = set()  # fixes not to try again, by repr (values may be lists)

    def one_pass(self) -> bool:
        """Make the fixes of the current problems that go together; False when none could be."""
        groups: dict[str, _Group] = {}
        for problem in self.result.problems:
            fix = problem.fix
            if fix is None or not fixable(problem, self.unsafe) or repr(fix) in self._left_out:
                continue
            groups.setdefault(repr(fix), _Group(fix, [])).problems.append(problem)
        source = Source.of(self.text) if groups else None
        if source is None:
            return False
        chosen: list[_Group] = []
        claims = _Claims()
        for group in groups.values():
            if render(source, group.fix.changes) is None:
                self._left_out.add(repr(group.fix))  # the layout does not allow it: it stays a problem
            elif not claims.clash(group.fix):
                claims.add(group.fix)
                chosen.append(group)
        return self._make(source, chosen)

    def _make(self, source: Source, chosen: list[_Group]) -> bool:
        """Keep the largest part of `chosen` that the check accepts, splitting failing parts."""
        accepted: list[_Group] = []
        best: tuple[str, Result] | None = None
        queue = [chosen] if chosen else []
        attempts = 0
        while queue and attempts < MAX_ATTEMPTS:
            part = queue.pop(0)
            attempts += 1
            outcome = self._attempt(source, accepted + part)
            if outcome is not None:
                accepted, best = accepted + part, outcome
            elif len(part) > 1:
                queue[:0] = [part[:len(part) // 2], part[len(part) // 2:]]
            else:
                self._left_out.add(repr(part[0].fix))
                self.refused += part[0].problems
        if best is None:
            return False
        self.text, self.result = best
        self.fixed += [problem for group in accepted for problem in group.problems]
        return True

    def _attempt(self, source: Source, groups: list[_Group]) -> tuple[str, Result] | None:
        edits = render(source, [change for group in groups for change in group.fix.changes])
        if edits is None:
            return None
        text = apply(self.text, edits)
        result = self.check(text)
        fixed = [problem for group in groups for problem in group.problems]
        return (text, result) if _no_worse(self.result, result, fixed, self.unsafe) else None


def _no_worse(before: Result, after: Result, fixed: Sequence[Problem], unsafe: bool) -> bool:
    """The fixed content still parses; no rule reports more than before, but for problems with
    a fix of their own; and no fixed problem is still there with the same fix, which would mean
    that the fix did nothing (a problem may stay with another fix: `IT.conforme` once its
    `gdpr` has moved)."""
    pending = Counter(problem.rule for problem in after.problems if fixable(problem, unsafe))
    if after.failure is not None or _gained(before, after, pending):
        return False
    again = {_identity(problem) for problem in after.problems if problem.fix is not None}
    return not any(_identity(problem) in again for problem in fixed)


def _gained(before: Result, after: Result, allowed: Counter[str] | None = None) -> bool:
    """Whether a rule reports more problems in `after` than in `before` (beyond `allowed`)."""
    rules_before = Counter(problem.rule for problem in before.problems)
    rules_after = Counter(problem.rule for problem in after.problems)
    allowed = allowed or Counter()
    return any(count - allowed[rule] > rules_before[rule] for rule, count in rules_after.items())


def _identity(problem: Problem) -> tuple[str, tuple, str]:
    return problem.rule, problem.path, repr(problem.fix)


class _Claims:
    """The keys touched by the fixes chosen for a pass: one pass makes only fixes that touch
    different keys. Indexed by path, so that many fixes are not compared pair by pair."""

    def __init__(self) -> None:
        self._at: dict[KeyPath, list[Change]] = {}  # path -> the chosen changes there
        self._below: dict[KeyPath, list[Change]] = {}  # path -> the chosen changes under it

    def clash(self, fix: Fix) -> bool:
        for change in fix.changes:
            path = change.path
            near = [other for length in range(len(path) + 1) for other in self._at.get(path[:length], ())]
            if any(_changes_clash(change, other) for other in near + self._below.get(path, [])):
                return True
        return False

    def add(self, fix: Fix) -> None:
        for change in fix.changes:
            self._at.setdefault(change.path, []).append(change)
            for length in range(len(change.path)):
                self._below.setdefault(change.path[:length], []).append(change)


def _changes_clash(a: Change, b: Change) -> bool:
    if a.kind == b.kind == "append" and a.path == b.path:
        return False  # items added to one list go in together
    short, long = (a, b) if len(a.path) <= len(b.path) else (b, a)
    if long.path[:len(short.path)] != short.path:
        return False
    # renaming a section leaves what is inside it where it is
    return not (short.kind == "rename" and len(long.path) > len(short.path))
