"""Property-based fuzzing with Hypothesis: whatever the bytes, an outcome, soon, in clean words.

Seeds are the real corpus, the standard's examples and every rule fixture; Hypothesis
mutates them (inserting, deleting and replacing pieces: YAML syntax, anchors and merge
keys, escapes, controls, bidirectional marks, forged annotations, long numbers, random
bytes) and shrinks any failure to a small file. For each mutant the whole pipeline must
return a Result without an internal error, within a time bound, and every string it
reports, and every line of the text and GitHub reports, must be clean. The loader alone
is also fed arbitrary bytes.

The budget is small in CI (`FUZZ_EXAMPLES`, default 2,000 mutants, about 10 s); run longer with e.g.
`FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py`. Under `CI` the examples are derandomised
(the same every run); elsewhere each run explores new ones.
"""

from __future__ import annotations

import os
import re
import time
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, UNSAFE, VALID, require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publiccode_check import validate_text
from publiccode_check.load import Loaded, load
from publiccode_check.report import Options
from publiccode_check.report.github import render as github
from publiccode_check.report.text import render as text_report

EXAMPLES_COUNT = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
FIXTURES = Path(__file__).parent / "fixtures"
UNSAFE_BUT_TAB = re.compile("(?!\t)" + UNSAFE.pattern)  # the text report shows source lines, tabs kept
SECONDS_PER_FILE = 10  # a guard against a hang; bench/hostile_bench.py measures the real cost
FUZZ = settings(max_examples=EXAMPLES_COUNT, deadline=None, database=None,
                derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@cache
def seeds() -> tuple[bytes, ...]:
    files = [*sorted(require_shared(CORPUS).glob("*.yml")), *sorted(require_shared(EXAMPLES).glob("*.yml")),
             *sorted(FIXTURES.glob("rules/*/*.yml")), *sorted(FIXTURES.glob("report/**/*.y*ml"))]
    return (*(file.read_bytes() for file in files), VALID.encode())


PIECES = tuple(piece.encode("utf-8", "surrogatepass") if isinstance(piece, str) else piece for piece in (
    "\n", "\r\n", "\r", ": ", "- ", "  ", "\t", "[", "]", "{", "}", ",", "'", '"', "#", "---\n", "...\n",
    "? ", "&a ", "*a", "<<: *a\n", "<<: [*a, *a, *a]\n", "x: &a {<<: [*a]}\n", "!!binary ", "!custom ",
    "%YAML 1.1\n", '"\\x1b[2J"', '"\\u202e"', '"\\n::error file=README.md,line=1::forged"', "\u202e",
    "\u2066", "\u200f", "\x85", "\u2028", "::error file=x::y", "\x1b[31m", "\x00", "\x7f", "\ufeff", "\ud800",
    "0x" + "f" * 500, "1" * 600, ".inf", "~", "null", "yes", "2024-02-30", "http://[x", "http://h:0/",
    "../../etc/passwd", "/dev/zero", "\U0001F1EE" * 64, "e\u0301" * 20, "(" * 40 + "MIT" + ")" * 40,
    "a" * 300, "\xff", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80",
))
piece = st.one_of(st.sampled_from(PIECES), st.binary(max_size=12),
                  st.text(max_size=12).map(lambda s: s.encode("utf-8", "surrogatepass")))


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(seeds()))
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(data)))
        end = min(len(data), start + draw(st.integers(0, 40)))
        operation = draw(st.sampled_from(("insert", "replace", "delete", "repeat")))
        if operation == "insert":
            data = data[:start] + draw(piece) + data[start:]
        elif operation == "replace":
            data = data[:start] + draw(piece) + data[end:]
        elif operation == "delete":
            data = data[:start] + data[end:]
        else:  # a stretch repeated: many keys, long lists, repeated anchors
            data = data[:end] + data[start:end] * draw(st.integers(2, 200)) + data[end:]
    return data


def assert_clean(where: str, text: str | None, unsafe: re.Pattern[str] = UNSAFE) -> None:
    for line in (text or "").split("\n"):
        assert not unsafe.search(line), f"{where}: {line[:200]!r}"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repository")
    (root / "img").mkdir()
    (root / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return root


@FUZZ
@given(data=mutants())
def test_every_mutant_is_answered_soon_in_clean_words(data: bytes, repository: Path) -> None:
    started = time.monotonic()
    result = validate_text(data, path="publiccode.yml", repo_root=repository)
    elapsed = time.monotonic() - started
    assert not result.internal_error, f"{result.failure}\n{result.trace}"
    assert result.failure is None, result.failure
    assert elapsed < SECONDS_PER_FILE, f"{elapsed:.1f} s"
    for problem in result.problems:
        assert_clean("key", problem.key)
        assert_clean("message", problem.message)
        assert_clean("hint", problem.hint)
        assert problem.line >= 0 and problem.column >= 0
    options = Options(verbose=True)
    assert_clean("text report", text_report([result], options), UNSAFE_BUT_TAB)
    for line in github([result], Options()).splitlines():
        assert line.startswith(("::error file=publiccode.yml,", "::warning file=publiccode.yml,",
                                "1 file checked")), line[:200]


@settings(max_examples=EXAMPLES_COUNT, deadline=None, database=None, derandomize=bool(os.environ.get("CI")))
@given(data=st.binary(max_size=2000))
def test_the_loader_takes_any_bytes(data: bytes) -> None:
    loaded = load(data)
    assert isinstance(loaded, Loaded)
    assert loaded.document is not None or loaded.problems
