"""The pre-commit hook, run through the real `pre-commit try-repo` on a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROADMAP_LINE, VALID, run_cli

REPO = Path(__file__).resolve().parents[1]
BAD = VALID.replace("platforms:\n  - web\n", "platforms: web\n")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: pre-commit installs the tool once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(project: Path, home: Path, hook: str = "publiccode-check") -> subprocess.CompletedProcess[str]:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [pre_commit, "try-repo", str(REPO), hook, "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def make_project(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    (project / "README.md").write_text("not checked\n", encoding="utf-8")
    git(project, "add", ".")
    return project


def test_hook_fails_on_a_bad_file_at_any_depth(tmp_path: Path, pre_commit_home: Path) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID, "sub/dir/publiccode.yaml": BAD})
    done = try_repo(project, pre_commit_home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "sub/dir/publiccode.yaml:4:12: error: platforms:" in done.stdout
    assert "publiccode.yml:" not in done.stdout.replace("sub/dir/publiccode.yaml", "")
    assert "2 files checked: 1 error, 0 warnings" in done.stdout


def test_hook_passes_on_a_good_file(tmp_path: Path, pre_commit_home: Path) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID})
    done = try_repo(project, pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_presence_hook_fails_without_a_publiccode_yml(tmp_path: Path, pre_commit_home: Path) -> None:
    project = make_project(tmp_path, {"src/main.py": "print('hello')\n"})
    done = try_repo(project, pre_commit_home, "publiccode-present")
    assert done.returncode != 0, done.stdout + done.stderr
    assert "Run `publiccode-check init` to write a first one" in done.stdout


def test_presence_hook_checks_the_root_file_whatever_changed(tmp_path: Path, pre_commit_home: Path) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID + "logo: img/logo.svg\n", "img/logo.svg": SVG})
    done = try_repo(project, pre_commit_home, "publiccode-present")
    assert done.returncode == 0, done.stdout + done.stderr
    git(project, "rm", "-qf", "img/logo.svg")
    done = try_repo(project, pre_commit_home, "publiccode-present")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "publiccode.yml:29:7: error: logo: `img/logo.svg` does not exist" in done.stdout


def test_readme_shows_what_a_failing_commit_prints(tmp_path: Path, pre_commit_home: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What a failing commit looks like", 1)[1].split("\n### ", 1)[0]
    shown, missing = (block.split("```", 1)[0] for block in section.split("```text\n")[1:3])
    project = make_project(tmp_path, {"publiccode.yml": VALID.replace(ROADMAP_LINE, "")})
    done = try_repo(project, pre_commit_home, "publiccode-present")
    assert done.returncode == 1
    hook_output = shown.split("\n", 1)[1]  # after the `$ git commit` line
    assert hook_output.strip() in done.stdout
    (project / "publiccode.yml").unlink()
    git(project, "add", "-A")
    done = try_repo(project, pre_commit_home, "publiccode-present")
    assert done.returncode != 0 and missing.strip() in done.stdout


def test_fix_hook_repairs_the_file_and_fails_the_commit_until_it_is_added(tmp_path: Path,
                                                                         pre_commit_home: Path) -> None:
    """pre-commit fails a hook that changed a file, as with its own fixers; the fixed file is
    then what a second run leaves as it is (pre-commit passes an unchanged file that exits 0)."""
    old = VALID.replace('publiccodeYmlVersion: "0.7"', 'publiccodeYmlVersion: "0.4"') \
        .replace("localisationReady: true", "localisationReady: yes")
    project = make_project(tmp_path, {"publiccode.yml": old})
    done = try_repo(project, pre_commit_home, "publiccode-fix")
    assert done.returncode == 1, done.stdout + done.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("### The fixing hook", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert shown.strip() in done.stdout  # the README shows it as it is
    # the version raised, the boolean written true: nothing else changed
    assert (project / "publiccode.yml").read_text(encoding="utf-8") == VALID
    again = run_cli("fix", "publiccode.yml", cwd=project)
    assert (again.returncode, again.stderr) == (0, "")
    assert (project / "publiccode.yml").read_text(encoding="utf-8") == VALID
