"""Robustness: whatever the bytes, a positioned result and never a traceback.

A deterministic mutation fuzzer (seeded `random`, no extra dependency) takes every file of
the real-world corpus and the standard's examples, mutates them (lines deleted, duplicated,
swapped, re-indented; tabs; truncation; scalars replaced by numbers, booleans, null, lists,
mappings, long or exotic text; anchors, aliases, merge keys; random bytes; other encodings
and line ends; deep nesting; tags, complex keys, document markers, comments) and checks that
each mutant gets a result: no exception, problems with a known rule, a message and a line
and column inside the text, the same problems twice. A few mutants also go through the
command line.

Failures the fuzzer found are minimised into the plain tests at the end of this file,
marked `xfail(strict=True)` with the reason: the suite stays green while the bugs are
visible, and a fix turns the xfail into an unexpected pass that asks for the mark to go.
Until then the fuzzer tolerates those crashes by their signature (`KNOWN_CRASHES`) and
those wrong positions by their cause (`KNOWN_POSITION_BUGS`), so that it still fails on
any new one.

`ROBUSTNESS_MUTANTS=20000 pytest tests/test_robustness.py` fuzzes longer (default: 1500
mutants, under ten seconds).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, VALID, require_shared

from publiccode_check import Problem, load, rules, schema, validate, validate_text
from publiccode_check.report import Options
from publiccode_check.report.text import render
from publiccode_check.validate import Result

SEED = int(os.environ.get("ROBUSTNESS_SEED", "20240601"))
MUTANTS = int(os.environ.get("ROBUSTNESS_MUTANTS", "1500"))
KNOWN_RULES = frozenset(rule.id for rule in (*load.RULES, *schema.RULES, *rules.RULES, *validate.RULES))
# Line breaks as YAML 1.2 and editors count them (not NEL, LS, PS: only YAML 1.1 breaks lines there).
_BREAK = re.compile("\r\n|[\r\n]")

Mutation = Callable[[random.Random, bytes], bytes]


# --------------------------------------------------------------------------- the seeds


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of every corpus file and example, and of the tests' valid file."""
    files = sorted(require_shared(CORPUS).glob("*.yml")) + sorted(require_shared(EXAMPLES).glob("*.yml"))
    return (*((file.name, file.read_bytes()) for file in files), ("VALID", VALID.encode()))


# --------------------------------------------------------------------------- mutations


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _pick_line(rng: random.Random, data: bytes) -> tuple[list[bytes], int]:
    lines = _lines(data)
    return lines, rng.randrange(len(lines))


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines, i = _pick_line(rng, data)
    del lines[i]
    return b"".join(lines)


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines, i = _pick_line(rng, data)
    lines.insert(i, lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n")
    return b"".join(lines)


def swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def reindent(rng: random.Random, data: bytes) -> bytes:
    lines, i = _pick_line(rng, data)
    if rng.random() < 0.5:
        lines[i] = b" " * rng.randint(1, 5) + lines[i]
    else:
        lines[i] = lines[i][rng.randint(1, 4):] if lines[i].startswith(b" ") else lines[i]
    return b"".join(lines)


def insert_tab(rng: random.Random, data: bytes) -> bytes:
    lines, i = _pick_line(rng, data)
    line = lines[i]
    where = rng.choice((0, len(line) - len(line.lstrip(b" ")), rng.randint(0, len(line))))
    lines[i] = line[:where] + b"\t" * rng.randint(1, 2) + line[where:]
    return b"".join(lines)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def _unicode(text: str) -> bytes:
    return text.encode("utf-8")


REPLACEMENTS: tuple[Callable[[random.Random], bytes], ...] = (
    lambda rng: str(rng.randint(-10**6, 10**6)).encode(),
    lambda rng: rng.choice((b"1.10", b"-0.5e3", b"0x1F", b"0o17", b".inf", b"-.Inf", b".nan", b"007")),
    lambda rng: rng.choice((b"true", b"False", b"yes", b"No", b"on", b"OFF", b"y")),
    lambda rng: rng.choice((b"null", b"~", b"", b"NULL", b"''", b'""')),
    lambda rng: rng.choice((b"[a, 1, null]", b"[]", b"{}", b"{a: 1, b: [2, {c: d}]}", b"[[[]]]")),
    lambda rng: b"\n" + b"  " * 8 + b"- nested\n" + b"  " * 8 + b"- list",
    lambda rng: b"x" * rng.choice((256, 10_000, 100_000)),
    lambda rng: b'"' + b"y " * rng.randint(1000, 20_000) + b'"',
    lambda rng: _unicode(rng.choice((
        "\U0001F600" * 300, "\U0001F1EE\U0001F1F9" * 50, "e\u0301" * 200, "\u202eevil\u202c",
        "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", "\u200d\u200c\ufeff",
        "Z\u0351\u0364\u036b" * 40, "\u0000"))),
    lambda rng: rng.choice((b"a\x00b", b"\x01\x07", b"x\x1b[31mred", b"\x7f", b"\xc2\x80", b"\xef\xbf\xbe")),
    lambda rng: rng.choice((b'"\\0 nul"', b'"\\x1b[2J"', b'"\\ud800"', b'"\\U0010FFFF"', b'"\\q"',
                            b'"a\\nb"')),
    lambda rng: rng.choice((b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc3", b"\xf4\x90\x80\x80", b"\xc0\xaf")),
    lambda rng: rng.choice((b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\x0b", b"\x0c")),
    lambda rng: rng.choice((b"'unterminated", b'"unterminated', b"`tick`", b"@at", b"%pct", b"a: b: c",
                            b"- item", b"? key", b"#notcomment", b"a #comment", b"[unclosed", b"{a: ")),
    lambda rng: rng.choice((b"|\n  block\n  text\n", b">-\n  folded\n\n  more\n", b"|2+\n    x\n   \n",
                            b"|-\n", b">\n", b"|0\n x\n", b"|+\n\n\n")),
    lambda rng: rng.choice((b"*undefined", b"&anchor value", b"&r [*r]", b"&m {<<: *m}")),
    lambda rng: rng.choice((b"!!binary aGk=", b"!custom x", b"!!int abc", b"!!str 12", b"!!float 1",
                            b"!!bool yes", b"!!null x", b"!!map {a: 1}", b"!!seq [1]", b"!<tag:x,1:y> z",
                            b"!!timestamp 2020-01-01", b"!!set {a}", b"!!omap [a: 1]")),
    lambda rng: rng.choice((b"2024-02-30", b"2024-1-1", b"https://", b"git@h:p", b"http://[::1",
                            b"http://a:99999/", b"javascript:alert(1)", b"../../etc/passwd", b"/abs.png",
                            b"C:\\\\x.png", b"a.gif", b"(MIT", b"MIT AND", b"GPL-2.0+ WITH", b"en_GB",
                            b"x-klingon", b"a@@b", b"\xe2\x80\xae@x.org")),
)


_SCALAR_LINE = re.compile(rb"^(?P<head>[ \t]*(?:- )*(?:[^\s#:][^:\n]*:[ \t]+|- ))(?P<value>[^\r\n]*)", re.M)


def replace_scalar(rng: random.Random, data: bytes) -> bytes:
    matches = list(_SCALAR_LINE.finditer(data))
    if not matches:
        return data
    match = rng.choice(matches)
    new = rng.choice(REPLACEMENTS)(rng)
    return data[: match.start("value")] + new + data[match.end("value"):]


def _key_lines(data: bytes) -> list[re.Match[bytes]]:
    return list(re.finditer(rb"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w.-]*):(?P<rest>[^\r\n]*)", data, re.M))


def inject_alias(rng: random.Random, data: bytes) -> bytes:
    """An anchor on one value and an alias (or merge key) to it elsewhere."""
    keys = _key_lines(data)
    if len(keys) < 2:
        return data
    first, second = sorted(rng.sample(keys, 2), key=lambda m: m.start())
    anchored = data[: first.end("key") + 1] + b" &A" + data[first.end("key") + 1:]
    shift = 3
    start, end = second.start("rest") + shift, second.end("rest") + shift
    use = rng.choice((b" *A", b" *A  # alias", b" [*A, *A]", b" {<<: *A}", b" {<<: [*A, {x: 1}]}", b" *B"))
    mutated = anchored[:start] + use + anchored[end:]
    if rng.random() < 0.3:  # a merge key line at the second key's indentation
        merge = rng.choice((b"<<: *A\n", b"<<: [*A]\n", b"<<: 1\n", b"<<: {name: m}\n"))
        line = second.group("indent") + merge
        mutated = mutated[: second.start() + shift] + line + mutated[second.start() + shift:]
    if rng.random() < 0.2:  # an alias used as a key
        mutated = mutated + second.group("indent") + b"*A : key-alias\n"
    return mutated


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        where = rng.randint(0, len(out))
        if rng.random() < 0.5:
            out[where:where] = chunk
        else:
            out[where:where + len(chunk)] = chunk
    return bytes(out)


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig"))
    return text.encode(encoding, "replace")


def line_ends(rng: random.Random, data: bytes) -> bytes:
    unix = data.replace(b"\r\n", b"\n")
    mode = rng.choice(("crlf", "cr", "mixed", "none"))
    if mode == "crlf":
        return unix.replace(b"\n", b"\r\n")
    if mode == "cr":
        return unix.replace(b"\n", b"\r")
    if mode == "mixed":
        return b"".join(line.replace(b"\n", rng.choice((b"\n", b"\r\n", b"\r"))) for line in _lines(unix))
    return unix.rstrip(b"\n")


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    """Nesting below, at and above the 64 levels the loader allows (never near the depth
    where the C composer itself crashes: see test_deep_nesting_without_indentation)."""
    depth = rng.choice((10, 63, 64, 65, 200, 3000))
    form = rng.choice(("flow-seq", "flow-map", "block-seq", "block-map"))
    if form == "flow-seq":
        nested = b"[" * depth + b"x" + b"]" * depth
    elif form == "flow-map":
        nested = b"{a: " * depth + b"x" + b"}" * depth
    elif form == "block-seq":
        nested = b"\n  " + b"- " * depth + b"x"
    else:
        nested = b"".join(b"\n" + b" " * (2 + level) + b"k:" for level in range(min(depth, 300))) + b" x"
    keys = _key_lines(data)
    if not keys:
        return b"top: " + nested + b"\n" + data
    match = rng.choice(keys)
    return data[: match.start("rest")] + b" " + nested + data[match.end("rest"):]


def bom(rng: random.Random, data: bytes) -> bytes:
    return rng.choice((b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xef\xbb")) + data


def document_markers(rng: random.Random, data: bytes) -> bytes:
    marker = rng.choice((b"---\n", b"...\n", b"--- # c\n", b"%YAML 1.1\n---\n", b"%YAML 1.2\n---\n",
                         b"%YAML 2.0\n---\n", b"%TAG !e! tag:example.org,2000:\n---\n", b"---\n...\n",
                         b"--- |\n  text\n", b"... # end\n---\nname: second\n"))
    lines, i = _pick_line(rng, data)
    where = rng.choice((0, i, len(lines)))
    if where == len(lines) and lines and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    lines.insert(where, marker)
    return b"".join(lines)


def tag_value(rng: random.Random, data: bytes) -> bytes:
    keys = _key_lines(data)
    if not keys:
        return data
    match = rng.choice(keys)
    tag = rng.choice((b" !!str", b" !!int", b" !!map", b" !!seq", b" !foo", b" !<tag:yaml.org,2002:str>",
                      b" !!binary", b" !e!x"))
    return data[: match.end("key") + 1] + tag + data[match.end("key") + 1:]


def complex_key(rng: random.Random, data: bytes) -> bytes:
    keys = _key_lines(data)
    indent = rng.choice(keys).group("indent") if keys else b""
    block = rng.choice((b"? [a, b]\n: c\n", b"? |\n  block key\n: v\n", b"[a]: b\n", b"{a: 1}: b\n",
                        b"? name\n: explicit\n", b"? \n: null key\n", b"1: number key\n", b"true: bool\n",
                        b"null: x\n", b"~: y\n", b"'': empty\n", b"? - a\n  - b\n: seq key\n"))
    block = b"".join(indent + line for line in block.splitlines(keepends=True))
    lines, i = _pick_line(rng, data)
    lines.insert(i, block)
    return b"".join(lines)


def comments(rng: random.Random, data: bytes) -> bytes:
    lines, i = _pick_line(rng, data)
    body = lines[i].rstrip(b"\r\n")
    ending = lines[i][len(body):]
    choice = rng.choice((b" # comment", b"#no-space", b" #", b" # \xe2\x80\xae rtl"))
    if rng.random() < 0.5:
        lines[i] = body + choice + ending
    else:
        lines.insert(i, choice.strip() + b"\n")
    return b"".join(lines)


def requote(rng: random.Random, data: bytes) -> bytes:
    matches = list(_SCALAR_LINE.finditer(data))
    if not matches:
        return data
    match = rng.choice(matches)
    value = match.group("value")
    if value[:1] in (b'"', b"'"):
        new = value.strip(b"\"'")
    else:
        new = rng.choice((b'"', b"'")) + value + rng.choice((b'"', b"'", b""))
    return data[: match.start("value")] + new + data[match.end("value"):]


MUTATIONS: tuple[Mutation, ...] = (
    delete_line, duplicate_line, swap_lines, reindent, insert_tab, truncate, replace_scalar,
    replace_scalar, replace_scalar, inject_alias, random_bytes, reencode, line_ends, deep_nesting,
    bom, document_markers, tag_value, complex_key, comments, requote,
)


@dataclass(frozen=True)
class Mutant:
    seed: str
    steps: tuple[str, ...]
    data: bytes

    def describe(self) -> str:
        return f"{self.seed} after {' + '.join(self.steps)} ({len(self.data)} bytes)"


@cache
def mutants() -> tuple[Mutant, ...]:
    rng = random.Random(SEED)
    corpus = seeds()
    out: list[Mutant] = []
    for _ in range(MUTANTS):
        name, data = rng.choice(corpus)
        steps: list[str] = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            mutation = rng.choice(MUTATIONS)
            data = mutation(rng, data)
            steps.append(mutation.__name__)
        out.append(Mutant(name, tuple(steps), data))
    return tuple(out)


# --------------------------------------------------------------------------- the checks

# Crashes the fuzzer has found, by (exception type, module of the package where it was
# raised), each with the strict xfail below that shows it. Remove an entry with its fix.
KNOWN_CRASHES: dict[tuple[str, str], str] = {}


def crash_signature(exc: BaseException) -> tuple[str, str]:
    """(exception type, the package module of the innermost frame in the package)."""
    module = "?"
    for frame in traceback.extract_tb(exc.__traceback__):
        if f"publiccode_check{os.sep}" in frame.filename:
            module = Path(frame.filename).name
    return type(exc).__name__, module


def yaml_lines(text: str) -> list[str]:
    return _BREAK.split(text)


def decoded(data: bytes) -> str:
    """The text the positions refer to (undecodable bytes count as one character each)."""
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")


# Wrong positions the fuzzer has found, each with the strict xfail below that shows it.
KNOWN_POSITION_BUGS: dict[str, Callable[[bytes, Problem], bool]] = {}


def violations(data: bytes, result: Result, known: dict[str, int] | None = None) -> list[str]:
    """What is wrong with the problems reported for `data` (known bugs are counted in `known`)."""
    lines = yaml_lines(decoded(data))
    # The line count + 1: the end of a text without a final line break is (count + 1):1.
    last_line = len(lines) if lines[-1] == "" else len(lines) + 1
    found: list[str] = []
    if result.failure is not None:
        found.append(f"failure for text input: {result.failure}")
    for problem in result.problems:
        where = f"{problem.line}:{problem.column} [{problem.rule}] {problem.message[:80]!r}"
        if problem.rule not in KNOWN_RULES:
            found.append(f"unknown rule id: {where}")
        if not problem.message or not problem.message.strip():
            found.append(f"empty message: {where}")
        bug = next((name for name, matches in KNOWN_POSITION_BUGS.items() if matches(data, problem)), None)
        if bug is not None:
            if known is not None:
                known[bug] = known.get(bug, 0) + 1
        elif not isinstance(problem.line, int) or not isinstance(problem.column, int):
            found.append(f"line or column not an integer: {where}")
        elif not 1 <= problem.line <= last_line or problem.column < 1:
            found.append(f"line outside the text ({len(lines)} lines): {where}")
        elif problem.line > len(lines):
            if problem.column != 1:
                found.append(f"column after the end of the text: {where}")
        elif problem.column > len(lines[problem.line - 1]) + 1:
            found.append(f"column outside line {problem.line} "
                         f"({len(lines[problem.line - 1])} characters): {where}")
    return found


@dataclass
class Outcome:
    result: Result | None = None
    crash: tuple[str, str] | None = None
    detail: str = ""


def run_one(data: bytes, repo_root: Path) -> Outcome:
    try:
        return Outcome(result=validate_text(data, path="mutant.yml", repo_root=repo_root))
    except Exception as exc:
        return Outcome(crash=crash_signature(exc), detail=f"{type(exc).__name__}: {exc}"[:300])


def as_tuples(result: Result) -> list[tuple[object, ...]]:
    return [tuple(problem) for problem in result.problems]


# --------------------------------------------------------------------------- the fuzzer


def test_seeds_are_there() -> None:
    names = [name for name, _ in seeds()]
    assert len(names) >= 200
    assert "publiccode.yml" in names and "publiccode.minimal.yml" in names


def test_mutants_are_deterministic() -> None:
    assert mutants() == mutants.__wrapped__()


def test_every_mutant_gets_a_positioned_deterministic_result(tmp_path: Path) -> None:
    """The fuzzer proper: every mutant, validated twice, with the repository root known."""
    failures: list[str] = []
    known: dict[str, int] = {}
    started = time.monotonic()
    for mutant in mutants():
        first = run_one(mutant.data, tmp_path)
        if first.crash is not None:
            if first.crash in KNOWN_CRASHES:
                known[KNOWN_CRASHES[first.crash]] = known.get(KNOWN_CRASHES[first.crash], 0) + 1
            else:
                failures.append(f"{mutant.describe()}: crashed: {first.detail}")
            continue
        assert first.result is not None
        failures.extend(f"{mutant.describe()}: {v}" for v in violations(mutant.data, first.result, known))
        second = run_one(mutant.data, tmp_path)
        if second.result is None or as_tuples(second.result) != as_tuples(first.result):
            failures.append(f"{mutant.describe()}: a second run gave other problems")
    elapsed = time.monotonic() - started
    print(f"{len(mutants())} mutants in {elapsed:.1f} s; known bugs hit: {known}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


def _cli(*args: str, stdin: bytes | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "publiccode_check", *args], input=stdin,
                          capture_output=True, timeout=120, env=env)


def _cli_mutants(count: int) -> list[Mutant]:
    """Mutants of different kinds that validate without a known crash."""
    chosen: list[Mutant] = []
    kinds: set[tuple[str, ...]] = set()
    for mutant in mutants():
        if mutant.steps in kinds or run_one(mutant.data, Path.cwd()).crash is not None:
            continue
        kinds.add(mutant.steps)
        chosen.append(mutant)
        if len(chosen) == count:
            break
    return chosen


def test_command_line_on_mutants(tmp_path: Path) -> None:
    """Exit code 0 or 1 and no traceback, one file at a time, from stdin, in JSON, and many
    files in worker processes."""
    chosen = _cli_mutants(40)
    paths = []
    for index, mutant in enumerate(chosen):
        path = tmp_path / f"mutant {index}: {mutant.steps[0]}.yml"
        path.write_bytes(mutant.data)
        paths.append(str(path))
    for path, mutant in zip(paths[:4], chosen[:4], strict=True):
        done = _cli(path)
        assert done.returncode in (0, 1), (mutant.describe(), done.stderr)
        assert b"Traceback" not in done.stderr, (mutant.describe(), done.stderr.decode("utf-8", "replace"))
    done = _cli("-", "--stdin-filename", "publiccode.yml", stdin=chosen[4].data)
    assert done.returncode in (0, 1) and not done.stderr, chosen[4].describe()
    done = _cli("--format", "json", paths[5])
    assert done.returncode in (0, 1) and not done.stderr, chosen[5].describe()
    report = json.loads(done.stdout)
    assert report["files"][0]["path"] == paths[5]
    done = _cli("-j", "2", *paths)  # 40 files: checked by two worker processes
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert not done.stderr
    assert f"{len(paths)} files checked".encode() in done.stdout


# --------------------------------------------------------------------------- by hand: YAML


def problems(text: str | bytes, **kwargs: object) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.column) for p in validate_text(text, **kwargs).problems  # type: ignore[arg-type]
            if p.rule != "missing-key"]


def data_of(text: str) -> object:
    loaded = load.load(text.encode())
    assert loaded.document is not None, loaded.problems
    return loaded.document.data


@pytest.mark.parametrize(("text", "expected"), [
    ("a: !!str 12\nb: !!int '7'\n", {"a": "12", "b": 7}),
    ("a: {b: [1, {c: d}]}\n", {"a": {"b": [1, {"c": "d"}]}}),
    ("a: multi\n  line\n\n  plain\n", {"a": "multi line\nplain"}),
    ("a: |2-\n    x\n   y\nb: >+\n  z\n\nc: d\n", {"a": "  x\n y", "b": "z\n\n", "c": "d"}),
    ("a: &x {n: 1}\nb:\n  <<: [*x, {m: 2}]\n  n: 3\n", {"a": {"n": 1}, "b": {"n": 3, "m": 2}}),
    ("&k a: 1\nb: *k\n", {"a": 1, "b": "a"}),
    ("a: &k name\n*k : M\n", {"a": "name", "name": "M"}),
    ("# c\n--- # c\na: 1 # c\n# c\n... # c\n", {"a": 1}),
])
def test_yaml_edge_cases_read_as_yaml_says(text: str, expected: object) -> None:
    assert data_of(text) == expected


@pytest.mark.parametrize(("text", "rule"), [
    ("? [a]\n: b\n", "non-string-key"),
    ("[a]: b\n", "non-string-key"),
    ("1: a\n", "non-string-key"),
    ("a: 1\na: 2\n", "duplicate-key"),
    ("a: !custom x\n", "yaml-tag"),
    ("%YAML 1.1\n---\na: 1\n", "yaml-version"),
    ("a: 1\n---\nb: 2\n", "multiple-documents"),
    ("a: [\n", "yaml-syntax"),
    ("a:\n\t- b\n", "yaml-syntax"),
    ("- a\n", "not-a-mapping"),
    ("# only\n", "empty-file"),
    ("a: *nothing\n", "yaml-syntax"),
    ("a: &r [*r]\n", "yaml-limits"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", "yaml-limits"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-limits"),
])
def test_yaml_problems_are_positioned(text: str, rule: str) -> None:
    found = problems(text)
    assert rule in [r for r, _, _ in found], found
    lines = yaml_lines(text)
    assert all(1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1
               for _, line, column in found), found


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.monotonic()
    assert ("yaml-limits", 1, 5) in problems("\n".join(lines) + "\n")
    assert time.monotonic() - started < 5


def test_long_lines_and_large_values_are_fine() -> None:
    long_value = VALID.replace("Medusa", "M" * 2_000_000)
    started = time.monotonic()
    assert problems(long_value) == []
    too_long = VALID.replace("A rather short", "A" * 300_000)
    assert [r for r, _, _ in problems(too_long)] == ["length"]
    assert time.monotonic() - started < 10


# ------------------------------------------------ found bugs (fixed, and strict xfails for those left)


@pytest.mark.parametrize("data", [b"name: a\x01b\n", b"name: a\x00b\n", b"name: \x7f\n",
                                  b"name: \xef\xbf\xbe\n"])
def test_control_character_gets_a_positioned_error(data: bytes) -> None:
    assert [r for r, _, _ in problems(data)][:1] in (["yaml-syntax"], ["encoding"])


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("text", ["'? a\\n: ' + '- ' * 30000 + 'x\\n'", "'x:\\r' + '- ' * 30000 + 'y\\r'"],
                         ids=["value-indicator", "cr-line-ends"])
def test_deep_nesting_without_indentation(text: str) -> None:
    done = _run_python("from publiccode_check import validate_text\n"
                       f"print([p.rule for p in validate_text({text}).problems])")
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-300:]}"
    assert "yaml-limits" in done.stdout


def test_deeply_parenthesised_license() -> None:
    """Parentheses are bounded (the parser recurses per level): 50 pass, 400 are one error."""
    deep = VALID.replace("AGPL-3.0-or-later", "'" + "(" * 50 + "MIT" + ")" * 50 + "'")
    assert problems(deep) == []
    too_deep = VALID.replace("AGPL-3.0-or-later", "'" + "(" * 400 + "MIT" + ")" * 400 + "'")
    assert [r for r, _, _ in problems(too_deep)] == ["license"]


def test_file_name_too_long(tmp_path: Path) -> None:
    text = VALID + "logo: " + "a" * 300 + ".png\n"
    assert [r for r, _, _ in problems(text, repo_root=tmp_path)] == ["file-missing"]


def test_file_name_with_nul(tmp_path: Path) -> None:
    text = VALID + 'logo: "a\\0.png"\n'
    assert [r for r, _, _ in problems(text, repo_root=tmp_path)] in (["file-missing"], ["file-reference"])


def test_text_with_a_lone_surrogate() -> None:
    assert [r for r, _, _ in problems("name: \ud800\n")][:1] in (["encoding"], [])


def test_many_problems_are_reported_in_linear_time() -> None:
    count = 450  # twice that is under the cap on problems (tests/test_hostile.py tests the cap)
    text = ("description:\n  en:\n    features: [" + ", ".join(["{}"] * count) + "]\n"
            "localisation:\n  availableLanguages: [" + ", ".join(["x_y"] * count) + "]\n")
    started = time.monotonic()
    found = problems(text)
    elapsed = time.monotonic() - started
    assert len(found) > 2 * count
    assert elapsed < 1.0, f"{elapsed:.1f} s"


def test_merge_of_a_mapping_that_merges() -> None:
    assert data_of("a: &a {name: M}\nb: &b {<<: *a, url: x}\nc: {<<: *b}\n") == {
        "a": {"name": "M"}, "b": {"url": "x", "name": "M"}, "c": {"url": "x", "name": "M"}}


def test_repeated_merge_key_is_a_duplicate() -> None:
    assert "duplicate-key" in [r for r, _, _ in problems("a: &x {b: 1}\n<<: *x\n<<: {c: 3}\n")]


@pytest.mark.xfail(strict=True, reason="a key written as an alias is positioned at its anchor: the "
                   "duplicate is reported at 1:4, before the first occurrence it names (line 2)")
def test_duplicate_key_written_as_alias_is_positioned_at_the_alias() -> None:
    assert ("duplicate-key", 3, 1) in problems("a: &k name\nname: 1\n*k : M\n")


def test_deep_nesting_message_does_not_blame_aliases() -> None:
    result = validate_text("? a\n: " + "- " * 70 + "x\n")
    messages = [p.message for p in result.problems if p.rule == "yaml-limits"]
    assert messages and not any("alias" in m for m in messages), messages


def test_many_values_message_does_not_blame_aliases() -> None:
    result = validate_text("a: [" + "0," * 250_001 + "]\n")
    messages = [p.message for p in result.problems if p.rule == "yaml-limits"]
    assert messages and not any("alias" in m for m in messages), messages


@pytest.mark.parametrize("text", ["---\n", "---\n...\n", "%YAML 1.2\n---\n", "---\n---\n"])
def test_document_of_only_markers_is_empty(text: str) -> None:
    assert [r for r, _, _ in problems(text)] == ["empty-file"]


@pytest.mark.parametrize("text", ["a: 1\n...\nb: 2\n", "%YAML 2.0\n---\na: 1\n", "a: @handle\n", "a: `x`\n",
                                  "a:\n  - b\n\t- c\n", "a: 1\n\t\n", "a: |\n\tx\n", "a: !e!x y\n",
                                  "a: |0\n x\n"])
def test_syntax_messages_are_plain(text: str) -> None:
    messages = [p.message for p in validate_text(text).problems if p.rule == "yaml-syntax"]
    assert messages and not any(m.startswith("YAML syntax error:") for m in messages), messages


def test_text_report_has_one_line_per_problem() -> None:
    text = VALID.replace("development\n", '"x\\nfake.yml:1:1: error: spoofed [x]\\u001b[2J"\n')
    result = validate_text(text, path="publiccode.yml")
    report = render([result], Options(quiet=True))
    assert len(report.splitlines()) == len(result.errors), report


def test_report_survives_a_non_utf8_stdout(tmp_path: Path) -> None:
    path = tmp_path / "publiccode.yml"
    path.write_text(VALID.replace("development\n", "dev\U0001F600\n"), encoding="utf-8")
    done = _cli(str(path), env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr[-300:]


def test_missing_colon_is_reported_on_its_own_line() -> None:
    assert problems("a: 1\nfoo\nb: 2\n") == [("yaml-syntax", 2, 1)]


def test_encoding_error_position_with_cr_line_ends() -> None:
    assert problems(b"a: 1\rb: \xe9\r") == [("encoding", 2, 4)]


def test_yaml11_line_breaks_are_not_line_breaks() -> None:
    assert problems('a: "x\u2028y"\nb: @\n')[-1:] == [("yaml-syntax", 2, 4)]


def test_line_separator_in_a_plain_scalar_is_text() -> None:
    assert data_of("a: x\u2028y\n") == {"a": "x\u2028y"}


@pytest.mark.xfail(strict=True, reason="the C composer rejects a repeated anchor, which YAML 1.2 allows "
                   "(an alias refers to the latest one), and the message is 'YAML syntax error: second "
                   "occurrence'")
def test_repeated_anchor_is_valid_yaml() -> None:
    assert data_of("a: &x 1\nb: &x 2\nc: *x\n") == {"a": 1, "b": 2, "c": 2}


@pytest.mark.parametrize("value", ["true", "[0.7]", "{a: 1}"])
def test_version_message_names_the_right_type(value: str) -> None:
    result = validate_text(VALID.replace('"0.7"', value, 1))
    messages = [p.message for p in result.problems if p.rule == "version"]
    assert messages and not any("as a number" in m or "{'" in m for m in messages), messages
