"""The pre-commit hooks, run through the real `pre-commit` in temporary git repositories.

The repository's hooks (.pre-commit-hooks.yaml) are used from a snapshot of this checkout,
pinned by commit as a user pins them, and installed once for the module in a shared
pre-commit home: each run after that takes a fraction of a second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROADMAP_LINE, VALID, cli_env, run_cli

REPO = Path(__file__).resolve().parents[1]
BAD = VALID.replace("platforms:\n  - web\n", "platforms: web\n")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV)


# git reads only the test repositories' own configuration, and commits as a fixed person
GIT_ENV = cli_env(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ada Lovelace",
                  GIT_AUTHOR_EMAIL="ada@example.org", GIT_COMMITTER_NAME="Ada Lovelace",
                  GIT_COMMITTER_EMAIL="ada@example.org")


@pytest.fixture(scope="module")
def hooks_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is now (tracked and new files), committed in a repository of its own:
    its path and the commit, for `repo:` and `rev:`."""
    snapshot = tmp_path_factory.mktemp("publiccode-check")
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-qm", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One pre-commit home for the module: pre-commit installs the hooks' environment once."""
    assert PRE_COMMIT, "pre-commit is not installed: pip install -e '.[test]'"
    return {**GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "NO_COLOR": "1",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def make_project(tmp_path: Path, files: dict[str, str], hooks: tuple[Path, str] | None = None,
                 hook_ids: tuple[str, ...] = ("publiccode-present",)) -> Path:
    """A git repository with `files` staged and, given the hooks' repository, a configuration
    using `hook_ids` from it."""
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    if hooks is not None:
        ids = "".join(f"      - id: {hook}\n" for hook in hook_ids)
        config = f"repos:\n  - repo: {hooks[0]}\n    rev: {hooks[1]}\n    hooks:\n{ids}"
        files = {".pre-commit-config.yaml": config, **files}
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    if "README.md" not in files:
        (project / "README.md").write_text("not checked\n", encoding="utf-8")
    git(project, "add", ".")
    return project


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PRE_COMMIT), *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)


def commit(project: Path, env: dict[str, str], message: str = "Start") -> subprocess.CompletedProcess[str]:
    """`git commit`, with the hooks installed as `pre-commit install` installs them; what it prints
    (the hooks' output is on git's standard error) is in `stdout`, as on a terminal."""
    pre_commit(project, env, "install")
    return subprocess.run(["git", "commit", "-m", message], cwd=project, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)


def committed(project: Path) -> list[str]:
    return git(project, "ls-tree", "-r", "--name-only", "HEAD").stdout.split()


# --- the hook on the files a commit touches --------------------------------------------------

def test_hook_fails_on_a_bad_file_at_any_depth(tmp_path: Path, hooks_repository: tuple[Path, str],
                                               pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID, "sub/dir/publiccode.yaml": BAD},
                           hooks_repository, ("publiccode-check",))
    done = pre_commit(project, pre_commit_env, "run", "publiccode-check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "sub/dir/publiccode.yaml:4:12: error: platforms:" in done.stdout
    assert "publiccode.yml:" not in done.stdout.replace("sub/dir/publiccode.yaml", "")
    assert "2 files checked: 1 error, 0 warnings" in done.stdout
    (project / "sub/dir/publiccode.yaml").write_text(VALID, encoding="utf-8")
    git(project, "add", ".")
    done = pre_commit(project, pre_commit_env, "run", "publiccode-check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


# --- the hook that checks what every commit holds --------------------------------------------

def test_presence_hook_passes_and_the_commit_holds_the_file(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID}, hooks_repository)
    done = commit(project, pre_commit_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "publiccode.yml present and valid" in done.stdout and "Passed" in done.stdout
    assert "publiccode.yml" in committed(project)


def test_presence_hook_fails_without_a_publiccode_yml(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"src/main.py": "print('hello')\n"}, hooks_repository)
    done = commit(project, pre_commit_env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert ("there is no publiccode.yml (or publiccode.yaml) at the root of the repository. Run "
            "`publiccode-check init` to write a first one, then `git add publiccode.yml`.") in done.stdout


def test_presence_hook_fails_when_the_file_is_not_added(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {}, hooks_repository)
    (project / "publiccode.yml").write_text(VALID, encoding="utf-8")  # valid, but never `git add`-ed
    done = commit(project, pre_commit_env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "publiccode.yml is not added to git: run `git add publiccode.yml`." in done.stdout
    git(project, "add", "publiccode.yml")
    done = commit(project, pre_commit_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "publiccode.yml" in committed(project)


def test_presence_hook_fails_when_the_file_is_taken_out_of_the_index(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID}, hooks_repository)
    assert commit(project, pre_commit_env).returncode == 0
    git(project, "rm", "-q", "--cached", "publiccode.yml")
    done = commit(project, pre_commit_env, "Untrack it")
    assert done.returncode == 1, done.stdout + done.stderr
    assert ("publiccode.yml is taken out of git's index (by `git rm --cached`?): this commit would delete "
            "it from the repository. Run `git add publiccode.yml` to keep it.") in done.stdout
    assert "publiccode.yml" in committed(project)  # the commit did not happen


def test_presence_hook_checks_the_staged_content_not_the_working_tree(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"publiccode.yml": BAD}, hooks_repository)
    (project / "publiccode.yml").write_text(VALID, encoding="utf-8")  # fixed, but not added
    done = commit(project, pre_commit_env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "publiccode.yml:4:12: error: platforms:" in done.stdout
    assert (project / "publiccode.yml").read_text(encoding="utf-8") == VALID  # the fix is still there
    git(project, "add", "publiccode.yml")
    (project / "publiccode.yml").write_text(BAD, encoding="utf-8")  # staged fixed, working tree broken
    done = commit(project, pre_commit_env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_presence_hook_checks_the_root_file_whatever_changed(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    project = make_project(tmp_path, {"publiccode.yml": VALID + "logo: img/logo.svg\n", "img/logo.svg": SVG},
                           hooks_repository)
    assert commit(project, pre_commit_env).returncode == 0
    git(project, "rm", "-q", "img/logo.svg")
    done = commit(project, pre_commit_env, "Remove the logo")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "publiccode.yml:29:7: error: logo: `img/logo.svg` does not exist" in done.stdout


def test_staged_mode_reads_the_index_by_itself(tmp_path: Path) -> None:
    """Without pre-commit (which stashes unstaged changes): the index, from any subdirectory."""
    project = make_project(tmp_path, {"publiccode.yml": BAD, "src/main.py": "print('hello')\n"})
    (project / "publiccode.yml").write_text(VALID, encoding="utf-8")
    done = run_cli("--staged", cwd=project / "src", env=GIT_ENV)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("../publiccode.yml:4:12: error: platforms:")
    git(project, "rm", "-qf", "--cached", "publiccode.yml")
    done = run_cli("--staged", cwd=project / "src", env=GIT_ENV)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == ("publiccode-check: ../publiccode.yml is not added to git: run "
                           "`git add ../publiccode.yml`.\n")
    assert run_cli("--staged", "publiccode.yml", cwd=project, env=GIT_ENV).returncode == 2


def test_staged_mode_outside_git_says_so_and_checks_the_working_tree(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(BAD, encoding="utf-8")
    env = {**GIT_ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    done = run_cli("--staged", cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert done.stderr == ("publiccode-check: --staged: this directory is not in a git repository (or git "
                           "is not installed), so there is no commit to check; checking the working tree "
                           "instead.\n")
    assert done.stdout.startswith("publiccode.yml:4:12: error: platforms:")


# --- the README ------------------------------------------------------------------------------

def readme_section(title: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


def blocks(section: str) -> list[str]:
    return [block.split("```", 1)[0] for block in section.split("```text\n")[1:]]


def test_readme_tells_the_first_commit_as_it_happens(tmp_path: Path, pre_commit_env: dict[str, str]) -> None:
    """The whole story of the README: init, the hook lines it prints, `git add`, a commit that
    the hook stops, each output as the README shows it."""
    from test_init import GPL3, README

    init_shown, commit_shown = blocks(readme_section("What a failing commit looks like"))[:2]
    project = make_project(tmp_path, {"LICENSE": GPL3, "README.md": README})
    git(project, "remote", "add", "origin", "git@github.com:comune/medusa.git")
    git(project, "config", "user.name", "Ada Lovelace")
    git(project, "config", "user.email", "ada@example.org")
    env = {**pre_commit_env, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    command, expected = init_shown.split("\n", 1)
    assert command == "$ publiccode-check init"
    done = subprocess.run([sys.executable, "-m", "publiccode_check", "init"], cwd=project, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == expected
    # step 2: the lines init prints, in a new .pre-commit-config.yaml
    printed = done.stdout.split(".pre-commit-config.yaml (pre-commit", 1)[1].split("\n", 1)[1]
    lines = printed.split("     then run: pre-commit install", 1)[0].splitlines()
    (project / ".pre-commit-config.yaml").write_text("".join(line[7:] + "\n" for line in lines), "utf-8")
    # steps 3 and 4, before the roadmap is filled in
    for step in commit_shown.split("$ ")[1:]:
        command, expected = step.split("\n", 1)
        done = subprocess.run(command, shell=True, cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=300)
        assert done.stdout.rstrip("\n") == expected.rstrip("\n"), command  # pre-commit ends with a blank line
    assert git(project, "rev-list", "--all").stdout == ""  # nothing was committed


def test_readme_shows_what_a_failing_commit_prints(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    """The same with the repository's hook (pinned by commit), and without any publiccode.yml."""
    commit_shown, missing = blocks(readme_section("What a failing commit looks like"))[1:3]
    hook_output = commit_shown.split('$ git commit -m "Add publiccode.yml"\n', 1)[1]
    project = make_project(tmp_path, {"publiccode.yml": VALID.replace(ROADMAP_LINE, "")}, hooks_repository)
    done = commit(project, pre_commit_env)
    assert done.returncode == 1
    assert hook_output.strip() in done.stdout
    git(project, "rm", "-qf", "publiccode.yml")
    done = commit(project, pre_commit_env)
    assert done.returncode == 1 and missing.strip() in done.stdout


def test_fix_hook_repairs_the_file_and_fails_the_commit_until_it_is_added(
        tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_env: dict[str, str]) -> None:
    """pre-commit fails a hook that changed a file, as with its own fixers; the fixed file is
    then what a second run leaves as it is (pre-commit passes an unchanged file that exits 0)."""
    old = VALID.replace('publiccodeYmlVersion: "0.7"', 'publiccodeYmlVersion: "0.4"') \
        .replace("localisationReady: true", "localisationReady: yes")
    project = make_project(tmp_path, {"publiccode.yml": old}, hooks_repository, ("publiccode-fix",))
    done = pre_commit(project, pre_commit_env, "run", "publiccode-fix")
    assert done.returncode == 1, done.stdout + done.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("### The fixing hook", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert shown.strip() in done.stdout  # the README shows it as it is
    # the version raised, the boolean written true: nothing else changed
    assert (project / "publiccode.yml").read_text(encoding="utf-8") == VALID
    again = run_cli("fix", "publiccode.yml", cwd=project)
    assert (again.returncode, again.stderr) == (0, "")
    assert (project / "publiccode.yml").read_text(encoding="utf-8") == VALID
