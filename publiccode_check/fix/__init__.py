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

from ..problem import SAFE, Change, Fix, Problem
from ..validate import Result
from .edits import Placed, Source, apply, render

MAX_PASSES = 12  # the longest chain of migrations takes four
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


def edits_of(result: Result) -> list[list[Placed] | None]:
    """For each problem of `result`, its fix as text edits of `result.text`, or None (no fix,
    or none the file's layout allows). For the reports that offer fixes."""
    edits: list[list[Placed] | None] = [None] * len(result.problems)
    if result.text is None or not any(problem.fix for problem in result.problems):
        return edits
    source = Source.of(result.text)
    if source is None:
        return edits
    for index, problem in enumerate(result.problems):
        found = render(source, problem.fix.changes) if problem.fix is not None else None
        edits[index] = [source.place(edit) for edit in found] if found is not None else None
    return edits


class _Run:
    """The state of fixing one text: where it is, what its check says, what was done."""

    def __init__(self, text: str, result: Result, check: Callable[[str], Result], unsafe: bool) -> None:
        self.text = text
        self.result = result
        self.check = check
        self.unsafe = unsafe
        self.fixed: list[Problem] = []
        self.refused: list[Problem] = []
        self._refused_fixes: set[str] = set()

    def one_pass(self) -> bool:
        """Make the fixes of the current problems that go together; False when none could be."""
        groups: dict[str, list[Problem]] = {}  # problems sharing one fix (by its repr: values may be lists)
        for problem in self.result.problems:
            if fixable(problem, self.unsafe) and repr(problem.fix) not in self._refused_fixes:
                groups.setdefault(repr(problem.fix), []).append(problem)
        if not groups:
            return False
        source = Source.of(self.text)
        if source is None:
            return False
        chosen: list[list[Problem]] = []
        for problems in groups.values():
            fix = problems[0].fix
            assert fix is not None
            if render(source, fix.changes) is None:
                self._refuse(problems, record=False)  # the layout does not allow it: it stays a problem
            elif not any(_clash(fix, other[0].fix) for other in chosen):
                chosen.append(problems)
        return self._make(source, chosen)

    def _make(self, source: Source, chosen: list[list[Problem]]) -> bool:
        """Keep the largest part of `chosen` that the check accepts, splitting failing groups."""
        accepted: list[list[Problem]] = []
        best: tuple[str, Result] | None = None
        queue = [chosen] if chosen else []
        while queue:
            group = queue.pop(0)
            trial = accepted + group
            outcome = self._attempt(source, trial)
            if outcome is not None:
                accepted, best = trial, outcome
            elif len(group) > 1:
                half = len(group) // 2
                queue[:0] = [group[:half], group[half:]]
            else:
                self._refuse(group[0], record=True)
        if best is None:
            return False
        self.text, self.result = best
        self.fixed += [problem for problems in accepted for problem in problems]
        return True

    def _attempt(self, source: Source, groups: list[list[Problem]]) -> tuple[str, Result] | None:
        changes: list[Change] = [change for problems in groups for change in _fix(problems).changes]
        edits = render(source, changes)
        if edits is None:
            return None
        text = apply(self.text, edits)
        result = self.check(text)
        fixed = [problem for problems in groups for problem in problems]
        return (text, result) if _no_worse(self.result, result, fixed, self.unsafe) else None

    def _refuse(self, problems: list[Problem], *, record: bool) -> None:
        self._refused_fixes.add(repr(problems[0].fix))
        if record:
            self.refused += problems


def _fix(problems: list[Problem]) -> Fix:
    fix = problems[0].fix
    assert fix is not None
    return fix


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


def _clash(one: Fix | None, other: Fix | None) -> bool:
    """Whether two fixes touch the same keys: one pass makes only fixes that do not."""
    assert one is not None and other is not None
    return any(_changes_clash(a, b) for a in one.changes for b in other.changes)


def _changes_clash(a: Change, b: Change) -> bool:
    if a.kind == b.kind == "append" and a.path == b.path:
        return False  # items added to one list go in together
    short, long = (a, b) if len(a.path) <= len(b.path) else (b, a)
    if long.path[:len(short.path)] != short.path:
        return False
    # renaming a section leaves what is inside it where it is
    return not (short.kind == "rename" and len(long.path) > len(short.path))
