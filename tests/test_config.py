"""Configuration: discovery by walking up, precedence, and every error path."""

from __future__ import annotations

from pathlib import Path

import pytest

from publiccode_check.config import ConfigError, settings_for
from publiccode_check.problem import Problem, Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    settings = settings_for(write(tmp_path / "repo" / "publiccode.yml", ""))
    assert (settings.profile, settings.repo_root, settings.rules) == (None, None, {})
    assert settings.policy().profile == "complete"


def test_own_file_is_found_walking_up_and_overrides_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.publiccode-check]\nprofile = "standard"\n'
          '[tool.publiccode-check.rules]\nemail = "warning"\nlicense = "off"\n')
    write(tmp_path / "sub" / ".publiccode-check.toml", 'profile = "complete"\nrepo-root = ".."\n'
          '[rules]\nlicense = "warning"\n')
    settings = settings_for(write(tmp_path / "sub" / "deeper" / "publiccode.yml", ""))
    assert settings.profile == "complete"
    assert settings.repo_root == tmp_path.resolve()
    assert settings.rules == {"email": "warning", "license": "warning"}
    assert settings.sources == (tmp_path / "pyproject.toml", tmp_path / "sub" / ".publiccode-check.toml")


def test_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.publiccode-check]\nprofile = "complete"\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    assert settings_for(write(tmp_path / "app" / "publiccode.yml", "")).profile == "complete"


def test_policy_applies_profile_then_rules_then_flags(tmp_path: Path) -> None:
    write(tmp_path / ".publiccode-check.toml",
          'profile = "complete"\n[rules]\nroadmap-required = "warning"\n')
    settings = settings_for(write(tmp_path / "publiccode.yml", ""))
    problem = Problem("roadmap-required", Severity.ERROR, "no roadmap")
    assert [p.severity for p in settings.policy().apply([problem])] == [Severity.WARNING]
    assert settings.policy(rules={"roadmap-required": "off"}).apply([problem]) == []
    lowered = problem._replace(severity=Severity.WARNING)
    assert settings.policy(profile="standard").apply([problem]) == [lowered]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('profile = "complete"\nprofil = "x"\n', 2, "unknown setting `profil`; did you mean `profile`?"),
    ('profile = "strict"\n', 1, "`profile` is 'strict'; use one of: standard, complete"),
    ("repo-root = 3\n", 1, "`repo-root` must be a path"),
    ('rules = "all"\n', 1, "`rules` must be a table"),
    ('[rules]\nemail = "warning"\nlicence = "off"\n', 3, "unknown rule `licence`; did you mean `license`?"),
    ('[rules]\nemail = "fatal"\n', 2, "`email` is 'fatal'; use one of: error, warning, off"),
    ('profile = "complete\n', 1, "not valid TOML"),
])
def test_invalid_configuration_names_file_line_and_setting(tmp_path: Path, text: str, line: int,
                                                           words: str) -> None:
    config = write(tmp_path / ".publiccode-check.toml", text)
    with pytest.raises(ConfigError) as caught:
        settings_for(write(tmp_path / "publiccode.yml", ""))
    assert (caught.value.path, caught.value.line) == (config, line)
    assert words in caught.value.message


def test_invalid_pyproject_table_is_reported_at_its_line(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.publiccode-check]\n'
                   'colour = "always"\n')
    with pytest.raises(ConfigError) as caught:
        settings_for(write(tmp_path / "publiccode.yml", ""))
    assert (caught.value.path, caught.value.line) == (config, 5)
