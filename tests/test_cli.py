"""The command line as a user runs it: a real process, real files, exit codes, formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROADMAP_LINE, VALID, run_cli

import publiccode_check

INVALID = VALID.replace("platforms:\n  - web\n", "platforms: web\n").replace(
    'publiccodeYmlVersion: "0.7"', 'publiccodeYmlVersion: "0.4"'
)


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, stdin=stdin)


def test_valid_file_exits_0(write) -> None:
    path = write(VALID)
    done = run(str(path))
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_text_lines_have_path_line_column_severity_key_message_rule(write) -> None:
    path = write(INVALID)
    done = run(str(path))
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if line.startswith(str(path))]
    assert lines == [
        f'{path}:1:23: warning: publiccodeYmlVersion: version "0.4" is older than 0.7; the file is '
        "checked with the 0.7 rules [old-version]",
        f"{path}:4:12: error: platforms: `platforms` must be a list, not the text `web` [wrong-type]",
    ]
    assert "hint: write it as a list:" in done.stdout


def test_default_file_in_current_directory(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yaml").write_text(VALID, encoding="utf-8")
    done = run(cwd=tmp_path)
    assert done.returncode == 0
    assert "1 file checked" in done.stdout


def test_no_default_file_cannot_validate(tmp_path: Path) -> None:
    done = run(cwd=tmp_path)
    assert done.returncode == 3
    assert "no publiccode.yml" in done.stderr


def test_unreadable_inputs_exit_3(tmp_path: Path) -> None:
    done = run(str(tmp_path / "missing.yml"), str(tmp_path))
    assert done.returncode == 3
    assert f"{tmp_path}: error: cannot validate: is a directory" in done.stdout
    assert "missing.yml: error: cannot validate: no such file" in done.stdout


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run("--format", "xml").returncode == 2
    assert run("--repo-root", str(tmp_path / "nowhere"), "x.yml").returncode == 2


def test_strict_makes_warnings_fail(write) -> None:
    path = write(VALID.replace('"0.7"', '"0.6"'))
    assert run(str(path)).returncode == 0
    assert run("--strict", str(path)).returncode == 1


def test_quiet_prints_errors_only(write) -> None:
    path = write(INVALID)
    done = run("-q", str(path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}:4:12: error: platforms: `platforms` must be a list, not the text `web` [wrong-type]"
    ]


def test_stdin_with_filename_and_repo_root(tmp_path: Path) -> None:
    text = VALID.replace("platforms:", "logo: img/logo.svg\nplatforms:")
    done = run(
        "-", "--stdin-filename", "sub/publiccode.yml", "--repo-root", str(tmp_path), stdin=text.encode()
    )
    assert done.returncode == 1
    assert done.stdout.startswith("sub/publiccode.yml:4:7: error: logo: `img/logo.svg` does not exist")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    done = run("-", "--repo-root", str(tmp_path), stdin=text.encode())
    assert done.returncode == 0, done.stdout


def test_json_report_is_versioned_and_complete(write) -> None:
    path = write(INVALID)
    done = run("--format", "json", str(path))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["formatVersion"] == 1
    assert report["tool"] == {"name": "publiccode-check", "version": publiccode_check.__version__}
    [result] = report["files"]
    assert (result["path"], result["publiccodeYmlVersion"], result["valid"]) == (str(path), "0.4", False)
    assert result["problems"][1] == {
        "key": "platforms",
        "path": ["platforms"],
        "line": 4,
        "column": 12,
        "endLine": 4,
        "endColumn": 15,
        "severity": "error",
        "rule": "wrong-type",
        "message": "`platforms` must be a list, not the text `web`",
        "hint": "write it as a list:\n  platforms:\n    - web",
        "fix": {"safety": "unsafe", "description": 'set `platforms` to ["web"]',
                "edits": [{"line": 4, "column": 12, "endLine": 4, "endColumn": 15, "text": "[web]"}]},
    }
    assert report["summary"] == {"files": 1, "valid": 0, "errors": 1, "warnings": 1}


def test_results_are_sorted_by_file(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "publiccode.yml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "a" / "publiccode.yml").write_text(INVALID, encoding="utf-8")
    done = run("-q", "b/publiccode.yml", "a/publiccode.yml", cwd=tmp_path)
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == [
        "a/publiccode.yml",
        "b/publiccode.yml",
    ]


def test_version_names_the_standard_versions() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert (
        done.stdout.strip()
        == f"publiccode-check {publiccode_check.__version__} (publiccode.yml standard 0.2 to 0.7)"
    )


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / ("publiccode-check.exe" if os.name == "nt" else "publiccode-check")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0


def test_readme_example_output_is_true(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What it looks like", 1)[1]
    source = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n$ publiccode-check publiccode.yml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "publiccode.yml").write_text(source, encoding="utf-8")
    done = run("publiccode.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == shown


def test_complete_is_the_default_profile_and_asks_for_roadmap_and_contacts(write) -> None:
    path = write(VALID.replace(ROADMAP_LINE, "").replace("      email: francesco.rossi@example.org\n", ""))
    done = run("-q", str(path))
    assert done.returncode == 1
    assert [line.rsplit("[", 1)[1] for line in done.stdout.splitlines()] == [
        "roadmap-required]", "contact-required]"]
    assert run("--profile", "standard", str(path)).returncode == 0


def test_configuration_file_sets_profile_and_rule_levels(tmp_path: Path) -> None:
    text = VALID.replace(ROADMAP_LINE, "").replace("      email: francesco.rossi@example.org\n", "")
    (tmp_path / "publiccode.yml").write_text(text, encoding="utf-8")
    (tmp_path / ".publiccode-check.toml").write_text(
        'profile = "standard"\n[rules]\nroadmap-required = "error"\n', encoding="utf-8")
    done = run("-q", "publiccode.yml", cwd=tmp_path)
    assert (done.returncode, done.stdout.count("[roadmap-required]")) == (1, 1)
    assert "[contact-required]" not in done.stdout  # off in the configured profile
    done = run("-q", "--profile", "complete", "publiccode.yml", cwd=tmp_path)
    assert (done.stdout.count("[roadmap-required]"), done.stdout.count("[contact-required]")) == (1, 1)


def test_invalid_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    config = '[tool.publiccode-check]\nprofile = "strictest"\n'
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    done = run("publiccode.yml", cwd=tmp_path)
    assert done.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}:2: `profile` is 'strictest'" in done.stderr
