"""The pipeline: bytes -> document -> schema and rules -> one sorted list of problems."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import schema
from .load import MAX_BYTES, load
from .problem import Problem, Severity
from .profiles import Policy
from .rules import CHECKS, Context
from .rules.versions import detected

if TYPE_CHECKING:
    from .network import Network


class Result:
    """The outcome for one file. `failure` says why a file could not be validated at all;
    `text` is the file's content as read (undecodable bytes replaced), for showing lines;
    `data` its plain values as the schema saw them (None when it could not be loaded)."""

    def __init__(self, path: str, problems: list[Problem] | None = None, version: str | None = None,
                 failure: str | None = None, text: str | None = None, data: Any = None) -> None:
        self.path = path
        self.problems = problems if problems is not None else []
        self.version = version
        self.failure = failure
        self.text = text
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


def validate_text(text: str | bytes, *, path: str = "<stdin>", repo_root: str | Path | None = None,
                  policy: Policy | None = None, network: Network | None = None,
                  base_url: str | None = None) -> Result:
    """Validate publiccode.yml content; relative files are looked up in `repo_root` if given.

    `policy` (a profile and per-rule severities) decides which problems count; by default,
    the `standard` profile. With a `network` (publiccode_check.network.Network), links,
    images and repositories are checked online too; `base_url` is where a remote file was
    read from, for its relative logos and screenshots.
    """
    # surrogatepass: a lone surrogate becomes bytes that the loader reports as invalid UTF-8
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    loaded = load(data)
    policy = policy or _STANDARD
    problems = policy.apply(loaded.problems)
    # as the loader reads it: lines and columns count from after a byte order mark
    result = Result(path, problems, text=data.removeprefix(_BOM).decode("utf-8", "replace"))
    if loaded.document is not None:
        document, structural = schema.check(loaded.document)
        context = Context(Path(repo_root) if repo_root is not None else None)
        found = [problem for check in CHECKS for problem in check(document, context)]
        if network is not None:
            found += network.check(document, base_url=base_url)
        from_rules = policy.apply(found)
        problems += _without_cascades(policy.apply(structural), from_rules) + from_rules
        result.version = detected(document.data)
        result.data = document.data
    result.problems = sorted(problems, key=Problem.sort_key)
    return result


def validate_path(path: str | Path, *, repo_root: str | Path | None = None,
                  policy: Policy | None = None, network: Network | None = None) -> Result:
    """Validate a file; its directory is the repository root unless `repo_root` is given."""
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
    return validate_text(data, path=str(path), repo_root=root, policy=policy, network=network)


def validate_paths(paths: Sequence[str | Path], *, repo_root: str | Path | None = None,
                   policy: Policy | None = None, network: Network | None = None,
                   jobs: int | None = None) -> list[Result]:
    """Validate many files, in `jobs` processes (default: one per core) when it pays off.

    With a network, in this process: its threads already check URLs concurrently, and it
    remembers the URLs it checked.
    """
    work = partial(validate_path, repo_root=repo_root, policy=policy, network=network)
    return list(in_processes(work, paths, jobs=1 if network is not None else jobs))


def in_processes(work: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None) -> Iterator[R]:
    """`work` over `items`, in order, in forked processes (`jobs`, default one per core) when
    there are enough items to pay for them; results come as they are ready, in order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(items) < _FILES_PER_PROCESS * 2 or sys.platform != "linux":
        yield from map(work, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    schema.prepare()  # imported once here, inherited by the forked workers
    jobs = min(jobs, len(items) // _FILES_PER_PROCESS)
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(work, items, chunksize=max(1, len(items) // (jobs * 4)))


_FILES_PER_PROCESS = 16
T = TypeVar("T")
R = TypeVar("R")
_BOM = b"\xef\xbb\xbf"
_STANDARD = Policy("standard")


def _without_cascades(structural: list[Problem], from_rules: list[Problem]) -> list[Problem]:
    """Drop structural errors under a key a rule already reported with a better message."""
    owned = {p.path for p in from_rules if p.severity is Severity.ERROR and p.rule in _REPLACES_STRUCTURE}
    return [p for p in structural
            if p.severity is Severity.WARNING
            or not any(p.path[:length] in owned for length in range(len(p.path) + 1))]


# Rules whose error replaces the structural errors under its key: `shortDescription` written
# directly under `description` is one mistake, not also "must be a mapping". (Other rules'
# errors leave the structure of what is under their key to be checked.)
_REPLACES_STRUCTURE = {"description-language"}
