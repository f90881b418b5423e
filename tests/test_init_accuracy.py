"""`init` in 30 real repositories (../shared/repos, materialised by tests/skeletons.py): each
field of the written files scored against the maintainers' own files, with a floor per
field that only rises (raise it when init gets better; bench/init_accuracy.py prints the
table). The materialiser itself is checked against the recorded history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import skeletons
from conftest import require_shared
from skeletons import ACCEPTABLE, FIELDS, RIGHT, Score

# right or acceptable, out of the files the field is scored in (see the README's table)
FLOORS = {"name": 28, "url": 28, "developmentStatus": 23, "softwareVersion": 15, "releaseDate": 17,
          "softwareType": 22, "platforms": 25, "license": 28, "languages": 25, "short": 25, "long": 21,
          "features": 19, "localisationReady": 22, "availableLanguages": 25}
VALID_FLOOR = 25  # written files passing --profile standard, of 30


@pytest.fixture(scope="session")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared(skeletons.SKELETONS)
    root = tmp_path_factory.mktemp("skeletons")
    list(skeletons.materialised(root))
    return root


@pytest.fixture(scope="session")
def scores(work: Path) -> list[Score]:
    return skeletons.init_scores(work)


def test_every_skeleton_is_materialised_as_its_history_says(work: Path) -> None:
    env = skeletons.git_env(work)
    assert len(skeletons.skeletons()) == 30
    for skeleton in skeletons.skeletons():
        info = json.loads((skeleton / "git.json").read_text(encoding="utf-8"))
        repo = work / skeleton.name

        def git(*args: str, repo: Path = repo) -> str:
            return subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True,
                                  check=True).stdout.strip()

        assert int(git("rev-list", "--count", "HEAD")) == info["commits"], skeleton.name
        assert set(git("tag", "--list").splitlines()) == {tag["name"] for tag in info["tags"]}, skeleton.name
        assert git("remote", "get-url", "origin") == info["remote"]
        reachable = [tag for tag in info["tags"] if tag.get("reachable", True)]
        if reachable:  # describe names the newest tag in the history, as in the real repository
            described = git("describe", "--tags", "--abbrev=0")
            newest = max(reachable, key=lambda tag: tag["date"])
            assert described == newest["name"] or \
                next(t["date"] for t in reachable if t["name"] == described) == newest["date"], skeleton.name
        assert not (repo / "publiccode.yml").exists() or (repo / "publiccode.yml").stat().st_size > 0


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy_stays_above_its_floor(scores: list[Score], field: str) -> None:
    judged = [(score.folder, j) for score in scores for j in score.judgements if j.field == field]
    good = [folder for folder, j in judged if j.verdict in (RIGHT, ACCEPTABLE)]
    wrong = [f"{folder}: {j.why}; ours {j.ours!r:.80}" for folder, j in judged
             if j.verdict not in (RIGHT, ACCEPTABLE)]
    assert len(good) >= FLOORS[field], "\n".join(wrong)


def test_written_files_pass_the_standard(scores: list[Score]) -> None:
    valid = sum(score.valid for score in scores)
    assert valid >= VALID_FLOOR, [score.folder for score in scores if not score.valid]


def test_corrections_name_fields_and_give_reasons() -> None:
    for folder, fields in skeletons.corrections().items():
        assert (skeletons.SKELETONS / folder).is_dir(), folder
        for name, correction in fields.items():
            assert name in FIELDS and len(correction["reason"]) > 20, (folder, name)


def test_a_skeleton_of_one_commit_with_a_side_branch_tag(tmp_path: Path) -> None:
    skeleton = tmp_path / "owner__one"
    (skeleton / "files").mkdir(parents=True)
    (skeleton / "tree.txt").write_text("README.md\nsrc/a.py\npubliccode.yml\n../outside\n", encoding="utf-8")
    (skeleton / "files" / "README.md").write_text("# One\n", encoding="utf-8")
    (skeleton / "git.json").write_text(json.dumps({
        "remote": "https://example.org/owner/one.git", "commit": "c1", "commits": 1, "contributors": 1,
        "first_commit_date": "2024-01-01T10:00:00+02:00", "last_commit_date": "2024-01-01T10:00:00+02:00",
        "default_branch": "trunk", "tags": [
            {"name": "v0.1.0", "date": "2024-01-01T10:00:00+02:00", "reachable": True, "commit": "c1"},
            {"name": "v0.0.9", "date": "2023-12-01T10:00:00+00:00", "reachable": False, "commit": "c0"}]}),
        encoding="utf-8")
    env = skeletons.git_env(tmp_path)
    skeletons.materialise(skeleton, tmp_path / "repo", env)

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path / "repo"), *args], env=env, capture_output=True,
                              text=True, check=True).stdout.strip()

    assert git("rev-list", "--count", "HEAD") == "1"
    assert git("rev-parse", "--abbrev-ref", "HEAD") == "trunk"
    assert git("describe", "--tags") == "v0.1.0"
    assert git("log", "-1", "--format=%cI", "v0.0.9") == "2023-12-01T10:00:00+00:00"
    assert git("ls-files").splitlines() == ["README.md", "src/a.py"]  # no publiccode.yml, nothing outside
    assert not (tmp_path / "outside").exists()
