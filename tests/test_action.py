"""The GitHub Action, the GitLab template and this repository's own checks, run as far as they
can be here: GitHub Actions cannot run, so the action's `run:` steps are taken from action.yml
and run with bash as the runner runs them (`bash --noprofile --norc -eo pipefail`), with the
`${{ ... }}` expressions replaced as GitHub would, in temporary git repositories.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROADMAP_LINE, VALID, cli_env
from ruamel.yaml import YAML

import publiccode_check

REPO = Path(__file__).resolve().parents[1]
BAD = VALID.replace("platforms:\n  - web\n", "platforms: web\n")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_yaml(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


ACTION = load_yaml(REPO / "action.yml")
STEPS = {step.get("id") or step.get("name"): step for step in ACTION["runs"]["steps"]}


def runner_env(**extra: str) -> dict[str, str]:
    """A runner's environment: no PYTHONPATH to lead Python to another copy of the package."""
    return {key: value for key, value in cli_env(**extra).items() if key != "PYTHONPATH"}


def substitute(text: str, context: dict[str, str]) -> str:
    """`${{ name }}` as GitHub replaces it; an expression the test does not know fails the test."""

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in context:
            pytest.fail(f"action.yml uses ${{{{ {match.group(1)} }}}}, unknown to this test")
        return context[match.group(1)]

    return EXPRESSION.sub(value, text)


Step = tuple[subprocess.CompletedProcess[str], str]


def run_step(name: str, cwd: Path, python: str, **inputs: str) -> Step:
    """Run one `run:` step of the action like the runner: its env evaluated, its script in bash.
    Returns the process and what the step wrote to $GITHUB_OUTPUT."""
    step = STEPS[name]
    assert step["shell"] == "bash"
    unknown = set(inputs) - set(ACTION["inputs"])
    assert not unknown, f"not inputs of action.yml: {unknown}"
    context = {f"inputs.{key}": str(spec.get("default", "")) for key, spec in ACTION["inputs"].items()}
    context |= {f"inputs.{key}": value for key, value in inputs.items()}
    context |= {"github.action_path": str(REPO), "steps.python.outputs.python-path": python}
    outputs = cwd.parent / f"{cwd.name}-github-output"
    outputs.write_text("", encoding="utf-8")
    env = runner_env(GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(outputs),
                  **{key: substitute(str(value), context) for key, value in step.get("env", {}).items()})
    script = cwd.parent / f"{cwd.name}-step.sh"
    script.write_text(substitute(step["run"], context), encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    return done, outputs.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A Python into which the action's install step installed publiccode-check from this
    checkout. To keep it fast the new environment borrows the test environment's libraries
    (a .pth file), so pip only builds and installs the package itself."""
    venv = tmp_path_factory.mktemp("action-python") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(subprocess.run([str(python), "-c", where], capture_output=True, text=True,
                                  check=True).stdout.strip())
    (purelib / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    workdir = tmp_path_factory.mktemp("install") / "repo"
    workdir.mkdir()
    done, _ = run_step("Install publiccode-check", workdir, str(python))
    assert done.returncode == 0, done.stdout + done.stderr
    for module in ("__init__.py", "cli/check.py", "report/github.py"):
        copy, original = purelib / "publiccode_check" / module, REPO / "publiccode_check" / module
        assert copy.read_bytes() == original.read_bytes()
    return str(python)


def git_repository(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def test_the_installed_copy_is_the_one_that_runs(installed: str, tmp_path: Path) -> None:
    done = subprocess.run([installed, "-c", "import publiccode_check; print(publiccode_check.__file__)"],
                          cwd=tmp_path, env=runner_env(), capture_output=True, text=True, check=True)
    assert not done.stdout.startswith(str(REPO))


def test_a_bad_file_gets_annotations_and_fails(installed: str, tmp_path: Path) -> None:
    repo = git_repository(tmp_path, {"publiccode.yml": BAD})
    done, outputs = run_step("check", repo, installed)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "::error file=publiccode.yml,line=4,col=12,endLine=4,endColumn=15,title=wrong-type::platforms: "
        "`platforms` must be a list, not the text `web`%0Ahint: write it as a list:"
        "%0A  platforms:%0A    - web",
        "1 file checked: 1 error, 0 warnings",
    ]
    assert outputs == ""


def test_a_good_file_passes(installed: str, tmp_path: Path) -> None:
    repo = git_repository(tmp_path, {"publiccode.yml": VALID})
    done, _ = run_step("check", repo, installed)
    assert (done.returncode, done.stdout) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_no_publiccode_yml_cannot_be_validated(installed: str, tmp_path: Path) -> None:
    repo = git_repository(tmp_path, {"README.md": "nothing here\n"})
    done, _ = run_step("check", repo, installed)
    assert done.returncode == 3
    assert "no publiccode.yml" in done.stderr


def test_files_one_per_line_profile_and_format(installed: str, tmp_path: Path) -> None:
    no_roadmap = VALID.replace(ROADMAP_LINE, "")  # valid for the standard; `complete` wants a roadmap
    repo = git_repository(tmp_path, {"a/publiccode.yml": no_roadmap, "b dir/publiccode.yml": BAD})
    files = "\n  a/publiccode.yml  \n\nb dir/publiccode.yml\n"
    done, _ = run_step("check", repo, installed, files=files, format="text")
    assert done.returncode == 1
    assert done.stdout.startswith("a/publiccode.yml:1:1: error: roadmap: there is no `roadmap`")
    assert "b dir/publiccode.yml:4:12: error: platforms:" in done.stdout
    assert "2 files checked: 2 errors" in done.stdout
    standard, _ = run_step("check", repo, installed, files="a/publiccode.yml", profile="standard")
    complete, _ = run_step("check", repo, installed, files="a/publiccode.yml", profile="complete")
    assert standard.returncode == 0 and "title=roadmap-required" not in standard.stdout
    assert complete.returncode == 1 and "title=roadmap-required" in complete.stdout


def test_strict_makes_warnings_fail(installed: str, tmp_path: Path) -> None:
    repo = git_repository(tmp_path, {"publiccode.yml": VALID.replace('"0.7"', '"0.6"')})
    assert run_step("check", repo, installed)[0].returncode == 0
    assert run_step("check", repo, installed, strict="true")[0].returncode == 1


def test_network_input_passes_the_network_option(tmp_path: Path) -> None:
    """Through a stand-in Python that prints its arguments: --network comes with another issue."""
    stand_in = tmp_path / "python"
    stand_in.write_text('#!/bin/sh\nprintf "%s\\n" "$*"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    repo = git_repository(tmp_path, {"publiccode.yml": VALID})
    done, _ = run_step("check", repo, str(stand_in), network="true", sarif="true")
    assert done.stdout.splitlines() == [
        "-m publiccode_check --network --format github --",
        "-m publiccode_check --network --format sarif --output publiccode-check.sarif -q --",
    ]
    assert run_step("check", repo, str(stand_in))[0].stdout == "-m publiccode_check --format github --\n"


def test_sarif_is_written_and_handed_to_the_upload_step(installed: str, tmp_path: Path) -> None:
    repo = git_repository(tmp_path, {"publiccode.yml": BAD})
    done, outputs = run_step("check", repo, installed, sarif="true")
    assert done.returncode == 1
    assert "::error file=publiccode.yml,line=4" in done.stdout
    assert outputs == "sarif-file=publiccode-check.sarif\n"
    assert '"ruleId": "wrong-type"' in (repo / "publiccode-check.sarif").read_text(encoding="utf-8")
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    assert "!cancelled()" in upload["if"] and "steps.check.outputs.sarif-file != ''" in upload["if"]
    assert ACTION["outputs"]["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"


def test_the_action_installs_from_its_own_checkout_with_its_own_python() -> None:
    python = STEPS["python"]
    assert python["uses"].startswith("actions/setup-python@")
    assert python["with"]["update-environment"] is False
    assert "$ACTION_PATH" in STEPS["Install publiccode-check"]["run"]
    for step in ACTION["runs"]["steps"]:  # inputs reach scripts as variables, never as code
        assert "${{" not in step.get("run", "")


# --- the README's examples and this repository's own use ------------------------------------

def readme_blocks(language: str, marker: str) -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [block for block in re.findall(rf"```{language}\n(.*?)```", readme, re.S) if marker in block]


def test_readme_workflow_uses_only_inputs_the_action_has() -> None:
    [workflow] = readme_blocks("yaml", "# .github/workflows/")
    document = YAML(typ="safe").load(workflow)
    steps = [step for job in document["jobs"].values() for step in job["steps"]]
    ours = [step for step in steps if "publiccode-check" in step.get("uses", "")]
    assert ours, "the README's workflow does not use the action"
    for step in ours:
        assert set(step.get("with", {})) <= set(ACTION["inputs"])
    assert document["permissions"]["security-events"] == "write"


def test_this_repository_checks_its_own_publiccode_yml_with_its_action() -> None:
    workflow = load_yaml(REPO / ".github" / "workflows" / "publiccode.yml")
    assert {"pull_request", "push"} <= set(workflow["on"])
    [job] = workflow["jobs"].values()
    uses = [step.get("uses", "") for step in job["steps"]]
    assert uses[0].startswith("actions/checkout@") and "./" in uses


def test_this_repository_checks_its_own_publiccode_yml_with_its_hook(tmp_path: Path) -> None:
    """`pre-commit run` with this repository's .pre-commit-config.yaml, on a copy of its files."""
    project = git_repository(tmp_path, {
        "publiccode.yml": (REPO / "publiccode.yml").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"),
    })
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit, "pre-commit is not installed: pip install -e '.[test]'"
    env = cli_env(PRE_COMMIT_HOME=str(tmp_path / "home"),
                  PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([pre_commit, "run", "--all-files"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"publiccode\.yml\.+Passed", done.stdout), done.stdout
    (project / "publiccode.yml").write_text(BAD, encoding="utf-8")
    done = subprocess.run([pre_commit, "run", "--all-files"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    assert "publiccode.yml:4:12: error: platforms:" in done.stdout


# --- GitLab ---------------------------------------------------------------------------------

TEMPLATE = load_yaml(REPO / "templates" / "gitlab-ci.yml")


def test_gitlab_template_publishes_the_code_quality_report(tmp_path: Path) -> None:
    """The job's script after its install line, as GitLab runs it (one shell, -e), with this
    environment's publiccode-check on the PATH."""
    [job] = TEMPLATE.values()
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    install, *script = job["script"]
    assert install.startswith("pip install") and "$PUBLICCODE_CHECK_PACKAGE" in install
    repo = git_repository(tmp_path, {"publiccode.yml": BAD})
    env = cli_env(**{key: str(value) for key, value in job["variables"].items()},
                  PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(script)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    # the log, in colour (GitLab shows it)
    assert "publiccode.yml:4:12:\x1b[0m \x1b[1;31merror\x1b[0m: platforms:" in done.stdout
    [issue] = json.loads((repo / report).read_text(encoding="utf-8"))
    assert (issue["check_name"], issue["severity"], issue["location"]) == (
        "wrong-type", "major", {"path": "publiccode.yml", "lines": {"begin": 4}})
    (repo / "publiccode.yml").write_text(VALID, encoding="utf-8")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(script)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert (repo / report).read_text(encoding="utf-8") == "[]\n"


def test_gitlab_template_installs_this_version() -> None:
    [job] = TEMPLATE.values()
    package = job["variables"]["PUBLICCODE_CHECK_PACKAGE"]
    assert package == f"git+{publiccode_check.HOMEPAGE}.git@v{publiccode_check.__version__}"


def test_the_project_address_is_one_placeholder_named_the_same_everywhere() -> None:
    """HOMEPAGE is not known yet: no example.org, and the README's hook pins this version there."""
    assert "example.org" not in publiccode_check.HOMEPAGE
    for path in (REPO / "README.md", REPO / "action.yml", REPO / "templates" / "gitlab-ci.yml",
                 REPO / "CHANGELOG.md", REPO / "publiccode_check" / "report" / "sarif.py"):
        assert "example.org/publiccode-check" not in path.read_text(encoding="utf-8"), path
    [hook] = readme_blocks("yaml", "rev: v")
    [repository] = YAML(typ="safe").load(hook)["repos"]
    version = publiccode_check.__version__
    assert (repository["repo"], repository["rev"]) == (publiccode_check.HOMEPAGE, f"v{version}")
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## {version} " in changelog and f"`v{version}`" in changelog


def test_readme_gitlab_example_is_the_template() -> None:
    [example] = readme_blocks("yaml", "codequality")
    assert YAML(typ="safe").load(example) == TEMPLATE
