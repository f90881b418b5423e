"""The pipeline: bytes -> document -> schema and rules -> one sorted list of problems."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import schema
from .deadline import BACKSTOP_GRACE, DEFAULT_SECONDS, DeadlineExceeded, cpu_deadline
from .load import MAX_BYTES, load
from .problem import Problem, Severity
from .profiles import Policy
from .rule import error
from .rules import CHECKS, Context
from .rules.versions import detected
from .text import clean

if TYPE_CHECKING:
    from .network import Network


class Result:
    """The outcome for one file. `failure` says why a file could not be validated at all;
    `text` is the file's content as read (undecodable bytes replaced), for showing lines;
    `trace`, only for an internal error (a bug of ours), where it happened; `data` its plain
    values as the schema saw them (None when it could not be loaded); `edits`, when asked for,
    each problem's fix as text edits (`fix.edits_of`), made while the file's nodes are at hand."""

    def __init__(self, path: str, problems: list[Problem] | None = None, version: str | None = None,
                 failure: str | None = None, text: str | None = None, trace: str | None = None,
                 data: Any = None) -> None:
        self.edits: list[Any] | None = None
        self.path = path
        self.problems = problems if problems is not None else []
        self.version = version
        self.failure = failure
        self.text = text
        self.trace = trace
        self.data = data

    def __repr__(self) -> str:
        return f"Result({self.path!r}, valid={self.valid}, problems={len(self.problems)})"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return self.failure is None and not self.errors

    @property
    def internal_error(self) -> bool:
        """The check itself failed (a bug of ours), rather than the file."""
        return self.trace is not None


MAX_PROBLEMS = 1_000  # listed per file; past them, the check counts on a little, then stops
_COUNTED = 5 * MAX_PROBLEMS
TOO_MANY = error("too-many-problems", f"At most {MAX_PROBLEMS:,} problems are listed per file.")
RULES = (TOO_MANY,)


def validate_text(text: str | bytes, *, path: str = "<stdin>", repo_root: str | Path | None = None,
                  policy: Policy | None = None, network: Network | None = None,
                  base_url: str | None = None, cpu_limit: float | None = DEFAULT_SECONDS,
                  edits: bool = False) -> Result:
    """Validate publiccode.yml content; relative files are looked up in `repo_root` if given.

    `policy` (a profile and per-rule severities) decides which problems count; by default,
    the `standard` profile (`Policy()`); `policy=Policy("complete")` checks as the command line
    does, with a roadmap and a reachable contact. With a `network` (publiccode_check.network.Network), links,
    images and repositories are checked online too; `base_url` is where a remote file was
    read from, for its relative logos and screenshots.

    Whatever the content, the outcome is a Result: past `cpu_limit` seconds of CPU time
    (in the main thread: see `deadline`) the check stops, and an unexpected exception (a
    bug of ours) becomes an "internal error" failure; both say so in `failure`.

    `edits`: also give `Result.edits`, the fixes as text edits, for the reports that offer them
    (JSON, SARIF, the service): made here, the file is not read a second time for them.
    """
    return _guarded(path, cpu_limit, partial(_validate, text, path=path, repo_root=repo_root,
                                             policy=policy, network=network, base_url=base_url,
                                             edits=edits))


def _validate(text: str | bytes, *, path: str, repo_root: str | Path | None, policy: Policy | None,
              network: Network | None, base_url: str | None, edits: bool = False) -> Result:
    # surrogatepass: a lone surrogate becomes bytes that the loader reports as invalid UTF-8
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    loaded = load(data)
    policy = policy or _STANDARD
    cap = _Cap()
    problems = cap.take(policy.levelled(loaded.problems))
    # as the loader reads it: lines and columns count from after a byte order mark
    result = Result(path, text=data.removeprefix(_BOM).decode("utf-8", "replace"))
    if loaded.document is not None:
        document, structural = schema.check_lazily(loaded.document)
        context = Context(Path(repo_root) if repo_root is not None else None)
        from_rules = cap.take(policy.levelled(chain.from_iterable(check(document, context)
                                                                  for check in CHECKS)))
        if network is not None and not cap.full:
            from_rules += cap.take(policy.levelled(network.check(document, base_url=base_url)))
        problems += _one_per_key(cap.take(_without_cascades(policy.levelled(structural), from_rules))
                                 + from_rules)
        result.version = detected(document.data)
        result.data = document.data
    problems += cap.notice()
    result.problems = sorted(problems, key=Problem.sort_key)
    if edits and loaded.document is not None and any(problem.fix for problem in result.problems):
        from .fix import edits_of

        result.edits = edits_of(result, loaded)
    return result


def _guarded(path: str, cpu_limit: float | None, work: Callable[[], Result]) -> Result:
    """`work()`, or the Result that says why it did not end: out of time, or a bug of ours."""
    try:
        with cpu_deadline(cpu_limit), _without_cycle_collection():
            return work()
    except DeadlineExceeded as exc:
        return Result(path, failure=str(exc))
    except Exception as exc:  # a bug of ours: this file's outcome, not the end of the run
        return internal_error(path, exc)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The garbage collector's cycle search paused while one file is checked: a file becomes
    trees of objects without cycles, and the collector's passes over all of them (more, the
    larger the file) made the cost grow faster than the file: 60,000 description languages
    took 3.7 s with them, 1.4 s without. What the check leaves is collected afterwards.
    Whoever found the collector on turns it back on (other threads may check files too)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def internal_error(path: str, exc: BaseException) -> Result:
    """The outcome of a file whose check raised `exc`: an internal error, with a short trace."""
    import traceback  # here: only a bug of ours needs it, and it costs the cold start 2 ms

    frames = traceback.extract_tb(exc.__traceback__)[-_TRACE_FRAMES:]
    trace = "".join(f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}\n" for frame in frames)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Result(path, failure=f"internal error: {clean(what)} (a bug of publiccode-check: please "
                                f"report it)", trace=trace or "(no trace)\n")


_TRACE_FRAMES = 6


class _Cap:
    """Keeps the first MAX_PROBLEMS problems of a file, counts on up to _COUNTED, then stops
    asking for more: the work on a file with thousands of mistakes stays bounded."""

    def __init__(self) -> None:
        self.kept = 0
        self.more: list[Severity] = []  # the severities of the problems counted, not kept
        self.stopped = False

    @property
    def full(self) -> bool:
        return self.kept >= MAX_PROBLEMS

    def take(self, problems: Iterable[Problem]) -> list[Problem]:
        out: list[Problem] = []
        if self.stopped:
            return out
        for problem in problems:
            if self.kept < MAX_PROBLEMS:
                out.append(problem)
                self.kept += 1
            elif self.kept + len(self.more) < _COUNTED:
                self.more.append(problem.severity)
            else:
                self.stopped = True
                break
        return out

    def notice(self) -> list[Problem]:
        """The problem that says how many more there were, if any."""
        if not self.more:
            return []
        count = f"at least {len(self.more):,}" if self.stopped else f"{len(self.more):,}"
        severity = Severity.ERROR if Severity.ERROR in self.more else Severity.WARNING
        return [Problem(TOO_MANY.id, severity, f"the file has more than {MAX_PROBLEMS:,} problems: the "
                        f"first {MAX_PROBLEMS:,} are listed, and {count} more were found"
                        + (" before the check stopped" if self.stopped else ""),
                        line=1, column=1, hint="correct those listed (often a few mistakes repeated "
                        "many times, or the wrong file), then check again")]


def validate_path(path: str | Path, *, repo_root: str | Path | None = None,
                  policy: Policy | None = None, network: Network | None = None,
                  cpu_limit: float | None = DEFAULT_SECONDS, edits: bool = False) -> Result:
    """Validate a file; its directory is the repository root unless `repo_root` is given.
    The `standard` profile unless told otherwise: `validate_path(path, policy=Policy("complete"))`.
    Never raises: see `validate_text` for `cpu_limit` and internal errors."""
    return _guarded(str(path), cpu_limit, partial(_validate_path, path, repo_root=repo_root,
                                                  policy=policy, network=network, edits=edits))


def _validate_path(path: str | Path, *, repo_root: str | Path | None, policy: Policy | None,
                   network: Network | None, edits: bool) -> Result:
    file = Path(path)
    try:
        if file.is_dir():
            return Result(str(path), failure="is a directory, not a file")
        if file.exists() and not file.is_file():
            return Result(str(path), failure="is not a regular file (a device, a pipe...)")
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the loader reports a file over the limit
    except FileNotFoundError:
        return Result(str(path), failure="no such file")
    except (OSError, ValueError) as exc:
        return Result(str(path), failure=f"cannot be read: {getattr(exc, 'strerror', None) or exc}")
    root = Path(repo_root) if repo_root is not None else file.resolve().parent
    return _validate(data, path=str(path), repo_root=root, policy=policy, network=network, base_url=None,
                     edits=edits)


def validate_paths(paths: Sequence[str | Path], *, repo_root: str | Path | None = None,
                   policy: Policy | None = None, network: Network | None = None,
                   jobs: int | None = None, cpu_limit: float | None = DEFAULT_SECONDS,
                   edits: bool = False) -> list[Result]:
    """Validate many files, in `jobs` processes (default: one per core) when it pays off.

    Each file gets its own outcome, whatever happens to the others, and at most `cpu_limit`
    seconds of CPU time. With a network, in this process: its threads already check URLs
    concurrently, and it remembers the URLs it checked.
    """
    work = partial(validate_path, repo_root=repo_root, policy=policy, network=network, cpu_limit=cpu_limit,
                   edits=edits)
    return list(in_processes(work, paths, jobs=1 if network is not None else jobs, lost=lost_worker,
                             cpu_limit=cpu_limit))


def lost_worker(path: str | Path, exc: Exception) -> Result:
    """The outcome of a file whose check ended with its worker process: stopped by the kernel
    at the CPU deadline (`workers.Overrun`, said as the signal deadline says it), or killed,
    out of memory..."""
    from .workers import Overrun

    if isinstance(exc, Overrun):
        return Result(str(path), failure=str(exc))
    return Result(str(path), failure=f"the process checking it stopped unexpectedly ({clean(str(exc))})")


def in_processes(work: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
                 ordered: bool = True, lost: Callable[[T, Exception], R] | None = None,
                 cpu_limit: float | None = None) -> Iterator[R]:
    """`work` over `items` in forked processes (`jobs`, default one per core) when there are
    enough items to pay for them; results come as they are ready, in order if `ordered`.

    `work` bounds each item's CPU time with `cpu_deadline(cpu_limit)` (`validate_path` does);
    in a worker process, the kernel ends an item that goes on past it in C (see `deadline`).
    An item whose worker is ended so, or dies (killed, out of memory), becomes `lost(item,
    error)` (or the error is raised), and the others go on in a new worker. An interruption
    (Ctrl-C, which the workers leave to this process) ends the workers at once; unordered,
    every result finished was handed out before it.
    """
    if jobs == 1 or len(items) < _FILES_PER_PROCESS * 2 or sys.platform != "linux":
        yield from map(work, items)
        return
    from .workers import default_size, forked_map

    processes = min(jobs or default_size(), len(items) // _FILES_PER_PROCESS)
    if processes < 2:  # one core to use
        yield from map(work, items)
        return
    schema.prepare()  # imported once here, inherited by the forked workers
    yield from forked_map(work, items, processes=processes, cpu_seconds=cpu_limit, grace=BACKSTOP_GRACE,
                          ordered=ordered, lost=lost)


_FILES_PER_PROCESS = 16
T = TypeVar("T")
R = TypeVar("R")
_BOM = b"\xef\xbb\xbf"
_STANDARD = Policy()


def _without_cascades(structural: Iterable[Problem], from_rules: list[Problem]) -> Iterator[Problem]:
    """Drop structural errors under a key a rule already reported with a better message."""
    owned = {p.path for p in from_rules if p.severity is Severity.ERROR and p.rule in _REPLACES_STRUCTURE}
    return (p for p in structural
            if p.severity is Severity.WARNING
            or not any(p.path[:length] in owned for length in range(len(p.path) + 1)))


def _one_per_key(problems: list[Problem]) -> list[Problem]:
    """A key the file must fill but lacks or leaves empty is one problem, the requirement's
    ("`roadmap` is empty: give ..."), not also what other checks say of its empty value
    (`empty-value`, an empty URL...), unless they are more severe."""
    required = {p.path: p.severity for p in problems if _requires(p)}
    return [p for p in problems
            if _requires(p) or p.path not in required
            or (p.severity is Severity.ERROR and required[p.path] is Severity.WARNING)]


def _requires(problem: Problem) -> bool:
    """Whether `problem` says that its own key is missing or empty."""
    keys = _REQUIREMENTS.get(problem.rule, ())
    return bool(problem.path) and (keys is None or problem.path[-1] in keys)


# Rules that say a key must be filled, and the keys they are about (None: any): the schema's,
# and those a profile adds. (`stable-release-info` about a missing key is placed on
# `developmentStatus`, `contact-required` about nobody to reach on `maintenance`: those hide nothing.)
_REQUIREMENTS: dict[str, frozenset[str] | None] = {
    "missing-key": None, "roadmap-required": frozenset({"roadmap"}), "contact-required": frozenset({"email"}),
    "stable-release-info": frozenset({"softwareVersion", "releaseDate"})}
# Rules whose error replaces the structural errors under its key: `shortDescription` written
# directly under `description` is one mistake, not also "must be a mapping". (Other rules'
# errors leave the structure of what is under their key to be checked.)
_REPLACES_STRUCTURE = {"description-language"}
