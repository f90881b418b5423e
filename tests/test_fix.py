"""`publiccode-check fix`: each fix on its own fixture, the command, refusals, the real corpus.

Each directory of fixtures/fix/ holds `publiccode.yml` (the file before), `fixed.yml` (the
file after `fix`), `fix.diff` (what `fix --diff` prints) and `problems.txt` (for each rule
whose problems change, `RULE BEFORE -> AFTER`); directories named `unsafe-*` are fixed with
`--unsafe-fixes`. After a deliberate change, rewrite those files with
`UPDATE_GOLDEN=1 python -m pytest tests/test_fix.py` and review `git diff tests/fixtures/fix`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, VALID, cli_env, require_shared, run_cli

import publiccode_check.cli.fix as fix_command
import publiccode_check.fix as fixing
from publiccode_check import validate_path, validate_text
from publiccode_check.catalogue import ALL_RULES
from publiccode_check.cli import main
from publiccode_check.fix import edits_of, fix_text
from publiccode_check.fix.edits import Edit, Source, render
from publiccode_check.fix.files import NotWritten, write
from publiccode_check.load import load
from publiccode_check.problem import Change, Fix
from publiccode_check.profiles import Policy
from publiccode_check.report import Options, formatter
from publiccode_check.validate import Result, in_processes

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "fixtures" / "fix"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
RULE_FIXTURES = HERE / "fixtures" / "rules"
STANDARD = ["--profile", "standard"]


def gained(before: Result, after: Result) -> list[str]:
    """The rules that report more problems after than before."""
    old, new = rule_counts(before), rule_counts(after)
    return [rule for rule in new if new[rule] > old[rule]]


def rule_counts(result: Result) -> Counter[str]:
    return Counter(problem.rule for problem in result.problems)


def changed_counts(before: Result, after: Result) -> list[str]:
    """`RULE BEFORE -> AFTER` for each rule whose count changed."""
    old, new = rule_counts(before), rule_counts(after)
    return [f"{rule} {old[rule]} -> {new[rule]}" for rule in sorted(old | new) if old[rule] != new[rule]]


def expect(path: Path, actual: bytes, rewritten: list[Path]) -> None:
    """`actual` must be the content of `path`; under UPDATE_GOLDEN it is written there instead
    (and listed in `rewritten`, for the test to fail at its end)."""
    if os.environ.get("UPDATE_GOLDEN") and (not path.exists() or path.read_bytes() != actual):
        path.write_bytes(actual)
        rewritten.append(path)
        return
    assert actual == path.read_bytes(), path


# --- each fix on its own fixture ---------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_each_fix_on_its_own_fixture(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = CASES_DIR / case
    original = (folder / "publiccode.yml").read_bytes()
    target = tmp_path / "publiccode.yml"
    target.write_bytes(original)
    monkeypatch.chdir(tmp_path)
    options = [*STANDARD, *(["--unsafe-fixes"] if case.startswith("unsafe-") else [])]
    before = validate_path(target, policy=Policy("standard"))
    rewritten: list[Path] = []

    assert main(["fix", "--diff", *options, "publiccode.yml"]) == 1
    expect(folder / "fix.diff", capsys.readouterr().out.encode("utf-8"), rewritten)
    assert target.read_bytes() == original, "--diff wrote the file"

    main(["fix", *options, "publiccode.yml"])
    expect(folder / "fixed.yml", target.read_bytes(), rewritten)
    after = validate_path(target, policy=Policy("standard"))
    counts = "".join(f"{line}\n" for line in changed_counts(before, after))
    expect(folder / "problems.txt", counts.encode(), rewritten)
    assert not gained(before, after)

    capsys.readouterr()
    assert main(["fix", *options, "publiccode.yml"]) == (1 if after.errors else 0)
    assert target.read_bytes() == (folder / "fixed.yml").read_bytes(), "a second run changed the file"
    assert "fixed" not in capsys.readouterr().err
    if rewritten:
        names = ", ".join(map(str, rewritten))
        pytest.fail(f"UPDATE_GOLDEN: {names} rewritten; review them, then run without it")


def test_the_diff_applies_as_a_patch(tmp_path: Path) -> None:
    """What --diff prints is a patch (applied here with `git apply`), giving what `fix` writes."""
    for case in ("migration", "empty-value", "empty-items", "layout-crlf-bom-no-final-newline"):
        shutil.copy(CASES_DIR / case / "publiccode.yml", tmp_path / "publiccode.yml")
        diff = subprocess.run([sys.executable, "-m", "publiccode_check", "fix", "--diff", *STANDARD],
                              capture_output=True, cwd=tmp_path, env=cli_env(), timeout=60).stdout
        subprocess.run(["git", "apply"], input=diff, cwd=tmp_path, check=True)
        assert (tmp_path / "publiccode.yml").read_bytes() == (CASES_DIR / case / "fixed.yml").read_bytes()


def test_the_json_report_gives_each_fix_as_edits_an_editor_can_apply() -> None:
    """Applying one problem's edits by line and column, as an editor does, gives a file that
    still parses, where that problem is gone or has moved on to another fix."""
    for case in ("migration", "layout-crlf-bom-no-final-newline", "unsafe-keys-and-values", "empty-items"):
        data = (CASES_DIR / case / "publiccode.yml").read_bytes()
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        result = validate_text(data, policy=Policy("standard"))
        report = json.loads(formatter("json")([result], Options()))
        offered = [(problem, shown["fix"]) for problem, shown in
                   zip(result.problems, report["files"][0]["problems"], strict=True) if shown["fix"]]
        assert len(offered) >= 3, case
        for problem, fix in offered:
            assert fix["safety"] == problem.fix.safety
            text = edited(result.text or "", fix["edits"])
            after = validate_text(bom + text.encode(), policy=Policy("standard"))
            assert rule_counts(after)["yaml-syntax"] == 0, (case, problem)
            same = (problem.rule, problem.path, problem.fix)
            assert [p for p in after.problems if (p.rule, p.path, p.fix) == same] == [], (case, problem)


def test_edits_made_during_the_check_are_those_made_afterwards() -> None:
    """`validate_*(edits=True)` makes the fixes' edits while the file's nodes are at hand (the
    JSON, SARIF and service reports then do not read the file again): the same edits as made
    afterwards from the result, on every corpus file."""
    files = sorted(require_shared(CORPUS).glob("*.yml"))
    with_fixes = 0
    for path in files:
        during = validate_path(path, policy=Policy("standard"), edits=True)
        after = validate_path(path, policy=Policy("standard"))
        assert during.problems == after.problems, path.name
        if any(problem.fix for problem in after.problems):
            with_fixes += 1
            assert during.edits == edits_of(after), path.name
        else:
            assert during.edits is None, path.name
    assert with_fixes > len(files) // 2


def edited(text: str, edits: list[dict[str, Any]]) -> str:
    """`text` with edits given by 1-based line and column (end excluded) made, last first."""
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    # from the end, so that offsets stay right; edits at one point in the order given
    def place(pair: tuple[int, dict[str, Any]]) -> tuple[int, ...]:
        index, edit = pair
        return edit["line"], edit["column"], edit["endLine"], edit["endColumn"], index

    for _, edit in sorted(enumerate(edits), key=place, reverse=True):
        start, end = offset(edit["line"], edit["column"]), offset(edit["endLine"], edit["endColumn"])
        text = text[:start] + edit["text"] + text[end:]
    return text


# --- the catalogue says what can be fixed, and it is true -----------------------------------

def fail_fixture_fixes(rule_id: str) -> list[tuple[str | None, bool]]:
    """(safety or None, whether it renders) of each problem of `rule_id` in its fail fixture."""
    result = validate_path(RULE_FIXTURES / rule_id / "fail.yml", policy=Policy("complete"))
    pairs = zip(result.problems, edits_of(result), strict=True)
    return [(problem.fix.safety if problem.fix else None, edits is not None)
            for problem, edits in pairs if problem.rule == rule_id]


@pytest.mark.parametrize("rule", [rule for rule in ALL_RULES if rule.fix], ids=lambda rule: rule.id)
def test_a_fixable_rule_fixes_its_fail_fixture(rule: Any) -> None:
    found = fail_fixture_fixes(rule.id)
    assert (rule.fix, True) in found, f"{rule.id} is marked {rule.fix}, but its fail.yml has no such fix"
    if rule.fix == "unsafe":
        assert not [safety for safety, _ in found if safety == "safe"]


def test_rules_not_marked_fixable_make_no_fix() -> None:
    unmarked = {rule.id for rule in ALL_RULES if not rule.fix}
    files = [*RULE_FIXTURES.glob("*/*.yml"), *CASES_DIR.glob("*/publiccode.yml")]
    for file in files:
        for problem in validate_path(file, policy=Policy("complete")).problems:
            assert problem.fix is None or problem.rule not in unmarked, (file, problem)


# --- the command -------------------------------------------------------------------------------

def test_exit_code_and_report_are_the_checks_after_fixing(tmp_path: Path) -> None:
    shutil.copy(CASES_DIR / "unsafe-keys-and-values" / "publiccode.yml", tmp_path / "publiccode.yml")
    done = run_cli("fix", *STANDARD, cwd=tmp_path)
    check = run_cli(*STANDARD, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (check.returncode, check.stdout)
    assert done.returncode == 1
    assert "[unknown-key]" in done.stdout
    more = "publiccode.yml: 4 more fixes with --unsafe-fixes (unknown-key ×2, wrong-type, bad-value)\n"
    assert done.stderr == more
    done = run_cli("fix", "--unsafe-fixes", *STANDARD, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert done.stdout == "1 file checked: 0 errors, 0 warnings\n"
    assert done.stderr == "publiccode.yml: fixed 4 problems (unknown-key ×2, wrong-type, bad-value)\n"


def test_diff_exits_0_when_nothing_would_change(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    done = run_cli("fix", "--diff", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    missing = run_cli("fix", "--diff", "missing.yml", cwd=tmp_path)
    assert missing.returncode == 3


def test_standard_input_is_fixed_to_standard_output(tmp_path: Path) -> None:
    """Bytes in, bytes out: the byte order mark and CRLF line endings go through."""
    case = CASES_DIR / "layout-crlf-bom-no-final-newline"
    command = [sys.executable, "-m", "publiccode_check", "fix", "-", *STANDARD,
               "--stdin-filename", "publiccode.yml"]
    done = subprocess.run(command, input=(case / "publiccode.yml").read_bytes(), capture_output=True,
                          cwd=tmp_path, env=cli_env(), timeout=60)
    assert done.stdout == (case / "fixed.yml").read_bytes()
    assert done.returncode == 0
    assert b"1 file checked: 0 errors, 1 warning" in done.stderr  # the report goes to standard error


def test_a_rule_turned_off_fixes_nothing(tmp_path: Path) -> None:
    original = (CASES_DIR / "yaml11-boolean" / "publiccode.yml").read_bytes()
    (tmp_path / "publiccode.yml").write_bytes(original)
    (tmp_path / ".publiccode-check.toml").write_text('[rules]\nyaml11-boolean = "off"\n', encoding="utf-8")
    done = run_cli("fix", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "publiccode.yml").read_bytes() == original


def test_the_check_does_not_import_the_fixer(tmp_path: Path) -> None:
    """Problems carry fixes as plain values; only `fix` and the reports that offer them load
    the fixer, so the hook's cold start stays as it was."""
    shutil.copy(CASES_DIR / "migration" / "publiccode.yml", tmp_path / "publiccode.yml")
    script = ("import json, sys\nfrom publiccode_check.cli import main\ncode = main(['publiccode.yml'])\n"
              "print(json.dumps([name for name in sys.modules if name.startswith('publiccode_check')]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          env=cli_env(), timeout=60)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "publiccode_check.migrations" in loaded
    fixer = ("publiccode_check.fix", "publiccode_check.cli.fix")
    assert [name for name in loaded if name.startswith(fixer)] == []


# --- never lose anything: refusals and the atomic write ---------------------------------------

def fixable_file(tmp_path: Path, name: str = "publiccode.yml") -> Path:
    path = tmp_path / name
    shutil.copy(CASES_DIR / "old-version" / "publiccode.yml", path)
    return path


def test_the_write_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    path = fixable_file(tmp_path)
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert run_cli("fix", *STANDARD, cwd=tmp_path).returncode == 0
    assert path.read_bytes() == (CASES_DIR / "old-version" / "fixed.yml").read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["publiccode.yml"]  # no temporary file left


def test_a_symbolic_link_is_not_written_through(tmp_path: Path) -> None:
    real = fixable_file(tmp_path, "real.yml")
    (tmp_path / "publiccode.yml").symlink_to(real)
    done = run_cli("fix", *STANDARD, cwd=tmp_path)
    assert done.returncode == 1
    assert "publiccode.yml: not fixed: it is a symbolic link" in done.stderr
    assert real.read_bytes() == (CASES_DIR / "old-version" / "publiccode.yml").read_bytes()
    assert (tmp_path / "publiccode.yml").is_symlink()
    assert "old-version" in done.stdout  # still checked


def test_a_file_with_other_hard_links_is_not_written(tmp_path: Path) -> None:
    path = fixable_file(tmp_path)
    os.link(path, tmp_path / "other.yml")
    done = run_cli("fix", *STANDARD, cwd=tmp_path)
    assert done.returncode == 1 and "other hard links" in done.stderr
    assert path.read_bytes() == (tmp_path / "other.yml").read_bytes() == \
        (CASES_DIR / "old-version" / "publiccode.yml").read_bytes()


def test_a_file_changed_while_being_fixed_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = fixable_file(tmp_path)
    real_fix = fix_command.fix_text

    def fix_while_someone_edits(data: bytes, *args: Any, **kwargs: Any) -> Any:
        outcome = real_fix(data, *args, **kwargs)
        path.write_text(VALID, encoding="utf-8")  # an editor saves the file meanwhile
        return outcome

    monkeypatch.setattr(fix_command, "fix_text", fix_while_someone_edits)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", *STANDARD, "publiccode.yml"]) == 1
    assert "not fixed: it changed on disk while it was being fixed" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == VALID
    assert sorted(p.name for p in tmp_path.iterdir()) == ["publiccode.yml"]


def test_a_failed_rename_leaves_the_file_and_no_temporary_file(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = fixable_file(tmp_path)
    original = path.read_bytes()

    def no_rename(*args: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(NotWritten, match="cannot be written: Permission denied"):
        write(path, b"fixed", original)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["publiccode.yml"]


def test_an_error_while_fixing_one_file_leaves_it_and_fixes_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    broken, fine = fixable_file(tmp_path, "a.yml"), fixable_file(tmp_path, "b.yml")
    real_fix = fix_command.fix_text

    def fails_on_a(data: bytes, check: Any, **kwargs: Any) -> Any:
        if check.keywords["path"] == "a.yml":
            raise RuntimeError("a bug")
        return real_fix(data, check, **kwargs)

    monkeypatch.setattr(fix_command, "fix_text", fails_on_a)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", *STANDARD, "a.yml", "b.yml"]) == 4  # an internal error
    captured = capsys.readouterr()
    assert "a.yml: error: cannot validate: internal error: RuntimeError: a bug (a bug of publiccode-check: " \
           "please report it)" in captured.out
    assert "a.yml: left as it was" in captured.err
    assert broken.read_bytes() == (CASES_DIR / "old-version" / "publiccode.yml").read_bytes()
    assert fine.read_bytes() == (CASES_DIR / "old-version" / "fixed.yml").read_bytes()


def test_edits_that_would_break_the_file_are_not_made(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the edits, the result must parse and no rule may report more: a broken
    renderer writes nothing."""
    path = fixable_file(tmp_path)
    original = path.read_bytes()
    broken = Edit(0, 0, "key: [unclosed\n")
    monkeypatch.setattr(fixing, "render", lambda source, changes: [broken])
    outcome = fix_text(original, partial(validate_text, policy=Policy("standard")))
    assert not outcome.changed and outcome.data == original
    assert [problem.rule for problem in outcome.refused] == ["old-version"]


def test_a_guess_that_would_add_a_problem_is_not_made() -> None:
    """`licence` -> `license` would bring an invalid licence into view: the rename is left for a person."""
    text = VALID.replace("  license: AGPL-3.0-or-later", "  licence: the one of the city")
    outcome = fix_text(text.encode(), partial(validate_text, policy=Policy("standard")), unsafe=True)
    assert not outcome.changed
    assert [(p.rule, p.key) for p in outcome.refused] == [("unknown-key", "legal.licence")]


PEOPLE = ('  type: "community"\n  contacts:\n    - name: Francesco Rossi\n'
          "      email: francesco.rossi@example.org\n")
CONTRACTORS = ("  contractors:\n    - name: ACME S.p.A.\n      until: \"2099-12-31\"\n"
               "      email: support@acme.example\n")


@pytest.mark.parametrize(("replace", "by", "removed", "kept"), [
    # a list the file must fill: its only item, or the list itself, stays a problem for a person
    ("      - Just one feature\n", '      - ""\n', [], [("empty-item", "description.en.features[0]")]),
    ("      - Just one feature\n", '      - ""\n      - Just one feature\n',
     [("empty-item", "description.en.features[0]")], []),
    ("platforms:\n  - web\n", "platforms: []\n", [], [("too-few-items", "platforms")]),
    # required under a condition that holds: `contacts` of a community, `contractors` of a contract
    (PEOPLE, '  type: "community"\n  contacts: []\n', [], [("too-few-items", "maintenance.contacts")]),
    (PEOPLE, "  type: contract\n  contractors: []\n", [], [("too-few-items", "maintenance.contractors")]),
    # optional under the conditions that hold: `contacts` of a contract, `contractors` of a community
    (PEOPLE, "  type: contract\n" + CONTRACTORS + "  contacts: []\n",
     [("too-few-items", "maintenance.contacts")], []),
    (PEOPLE, PEOPLE + "  contractors: []\n", [("too-few-items", "maintenance.contractors")], []),
    # a key the standard does not know is not said to be optional
    ("legal:\n", "x-extra: []\nlegal:\n", [], [("unknown-key", "x-extra")]),
])
def test_empty_values_are_removed_only_where_the_file_may_do_without_them(
        replace: str, by: str, removed: list[tuple[str, str]], kept: list[tuple[str, str]]) -> None:
    assert replace in VALID
    problems = validate_text(VALID.replace(replace, by, 1), policy=Policy("standard")).problems
    found = {(problem.rule, problem.key): problem for problem in problems}
    for key in removed:
        assert found[key].fix == Fix((Change("remove", found[key].path),)), key
    for key in kept:
        assert key in found and (found[key].fix is None or found[key].fix.safety == "unsafe"), key


def test_a_migration_whose_target_differs_is_not_made() -> None:
    """`codiceIPA` with an organisation URI of its own: which is right is for a person to say."""
    expected = (CASES_DIR / "migration-partial" / "fixed.yml").read_text(encoding="utf-8")
    assert "codiceIPA: c_h501" in expected and "uri: https://www.comune.roma.it/" in expected
    remaining = validate_text(expected, policy=Policy("standard")).problems
    assert ("deprecated-key", ("IT", "riuso", "codiceIPA")) in {(p.rule, p.path) for p in remaining}


@pytest.mark.parametrize("text", [
    "name: x\nsection: {genericName: x, other: y}\n",  # flow collections are not edited
    "base: &base\n  genericName: x\nname: y\ndescription:\n  en: *base\n",  # nor what an alias shares
])
def test_layouts_that_cannot_be_edited_safely_give_no_edit(text: str) -> None:
    source = Source.of(text)
    assert source is not None
    assert render(source, [Change("remove", ("section", "genericName"))]) is None
    assert render(source, [Change("remove", ("description", "en", "genericName"))]) is None


def test_many_fixes_are_made_in_linear_time() -> None:
    """Hundreds of fixes in one file, next to keys written twice: the work (counted in Python
    function calls, which a busy machine does not change) doubles when the file doubles.
    Comparing every fix with every other made it grow four times. (Both files stay under the
    cap of 1,000 problems a file, beyond which the fixer needs a pass for each thousand.)"""

    def work(count: int) -> None:
        text = VALID + "dependsOn:\n  open:\n" + "".join(
            f"    - name: lib{i}\n      versionMax:\n      name: again\n" for i in range(count)) + \
            "intendedAudience:\n  countries:\n" + "    - it\n" * count
        outcome = fix_text(text.encode(), partial(validate_text, policy=Policy("standard")))
        edits_of(outcome.before)
        assert len(outcome.fixed) == 2 * count
        assert rule_counts(outcome.after) == Counter({"duplicate-key": count})

    assert calls_made(lambda: work(300)) / calls_made(lambda: work(150)) < 2.3


def calls_made(work: Any) -> int:
    """How many Python function calls `work()` makes: a measure of work that a busy machine does
    not change."""
    calls = 0

    def count_calls(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count_calls)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def test_many_empty_items_are_judged_in_linear_time() -> None:
    """Whether an empty item may go depends on the other items of its list: a list of thousands
    of empty items is read once, not once for each of them."""

    def check(count: int) -> None:
        text = VALID.replace("      - Just one feature\n", '      - ""\n' * count)
        result = validate_text(text, policy=Policy("standard"))
        assert [problem.fix for problem in result.problems if problem.rule == "empty-item"][:1] == [None]

    check(10)  # what is done once (imports, caches) is not counted
    assert calls_made(lambda: check(2_000)) / calls_made(lambda: check(1_000)) < 2.3


# --- the real corpus ---------------------------------------------------------------------------

def comment_lines(text: str) -> list[str]:
    """Lines that are comments, found without the fixer's help: removing one leaves the data as
    it was (a `#` line inside a block scalar is text, and removing it changes the value)."""
    data = load(text.encode()).document
    lines = text.splitlines(keepends=True)
    found = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            without = load("".join(lines[:index] + lines[index + 1:]).encode()).document
            if data is not None and without is not None and without.data == data.data:
                found.append(line.strip())
    return found


def leaves(value: Any, path: tuple = ()) -> dict[tuple, Any]:
    """Path -> scalar (or empty collection) for every leaf of a loaded value."""
    children = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    found = {leaf: item for key, child in children for leaf, item in leaves(child, (*path, key)).items()}
    return found or {path: value}


def untouched(data: Any, changes: list[Change]) -> dict[tuple, Any]:
    """The leaves of `data` that no change touched, under the names renames gave them; a list
    that lost an item is left out whole (the items after it moved)."""
    renames = [change for change in changes if change.kind == "rename"]

    def renamed(path: tuple) -> tuple:
        """Renames in any order: a pass renames a section and keys inside it by their old names,
        so the deepest rename that matches goes first."""
        pending = list(renames)
        while matches := [change for change in pending if path[:len(change.path)] == change.path]:
            match = max(matches, key=lambda change: len(change.path))
            pending.remove(match)
            path = (*match.path[:-1], match.value, *path[len(match.path):])
        return path

    touched = []
    for change in changes:
        if change.kind == "rename":
            continue
        path = renamed(change.path)
        first_index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
        touched.append(path[:first_index] if change.kind == "remove" and first_index is not None else path)
    return {renamed(path): value for path, value in leaves(data).items()
            if not any(renamed(path)[:len(t)] == t for t in touched)}


def fix_corpus_file(path: Path, unsafe: bool) -> dict[str, Any]:
    check = partial(validate_text, path=str(path), repo_root=path.parent, policy=Policy("standard"))
    data = path.read_bytes()
    outcome = fix_text(data, check, unsafe=unsafe)
    again = fix_text(outcome.data, check, unsafe=unsafe)
    found: dict[str, Any] = {"name": path.name, "changed": outcome.changed, "again": again.changed,
                             "gained": gained(outcome.before, outcome.after)}
    if outcome.changed:
        before_text, after_text = outcome.before.text or "", outcome.after.text or ""
        old = comment_lines(before_text)
        kept = [line.strip() for line in after_text.splitlines()]
        found["lost_comments"] = [line for line in old if line not in kept]
        changes = [change for problem in outcome.fixed for change in problem.fix.changes]
        before_data = load(data).document
        after_data = load(outcome.data).document
        assert before_data is not None and after_data is not None
        old_leaves, new_leaves = untouched(before_data.data, changes), untouched(after_data.data, changes)
        found["data_changed"] = sorted(str(p) for p in set(old_leaves) ^ set(new_leaves)) + \
            sorted(str(p) for p in set(old_leaves) & set(new_leaves) if old_leaves[p] != new_leaves[p])
    return found


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_the_real_corpus(unsafe: bool) -> None:
    """Every file: no rule reports more, a second run changes nothing, every comment line stays,
    and what no fix touched loads as it did."""
    files = sorted(require_shared(CORPUS).glob("*.yml"))
    found = list(in_processes(partial(fix_corpus_file, unsafe=unsafe), files))
    assert len(found) == 220
    assert sum(entry["changed"] for entry in found) > 150
    assert [entry["name"] for entry in found if entry["gained"]] == []
    assert [entry["name"] for entry in found if entry["again"]] == []
    assert [(entry["name"], entry["lost_comments"]) for entry in found if entry.get("lost_comments")] == []
    assert [(entry["name"], entry["data_changed"]) for entry in found if entry.get("data_changed")] == []


def test_readme_shows_what_fix_diff_prints(tmp_path: Path) -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    source = readme.split("## What it looks like", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = readme.split("```text\n$ publiccode-check fix --diff publiccode.yml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "publiccode.yml").write_text(source, encoding="utf-8")
    done = run_cli("fix", "--diff", "publiccode.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr + done.stdout == shown  # on a terminal, the notes come first
    assert (tmp_path / "publiccode.yml").read_text(encoding="utf-8") == source
