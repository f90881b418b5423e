"""Settings from files: `.publiccode-check.toml`, then `[tool.publiccode-check]` in pyproject.toml.

Each is looked for by walking up from the checked file's directory; the nearest of each
kind is read. Command-line flags override `.publiccode-check.toml`, which overrides
pyproject.toml, which overrides the defaults. The tool serves repositories in any
language, so pyproject.toml is only one of the places.

    profile = "complete"          # or "standard"
    repo-root = "."               # relative to the file that says it
    [rules]                       # ([tool.publiccode-check.rules] in pyproject.toml)
    roadmap-required = "warning"  # error, warning or off

and, for `similar` and `init`, where to look for initiatives like this one:

    catalogue = "../catalogue.jsonl"  # a vet JSONL, a directory or an address, as --catalogue
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, NamedTuple

from .profiles import DEFAULT_PROFILE, LEVELS, PROFILES, Policy
from .text import QUOTE_LIMIT, clean, escape_controls, shortened, suggest

FILE_NAME = ".publiccode-check.toml"
PYPROJECT = "pyproject.toml"
SETTINGS = ("profile", "repo-root", "network", "rules", "catalogue")


class ConfigError(Exception):
    """A configuration file that cannot be used: a usage error naming file, line and setting.

    The message is cleaned here, for every error: it quotes the file's keys and values, and
    the commands print it on a terminal."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        message = clean(message)
        super().__init__(f"{escape_controls(str(path))}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class Settings(NamedTuple):
    """What the configuration says; None (or empty) where it says nothing."""

    profile: str | None = None
    repo_root: Path | None = None
    rules: Mapping[str, str] = MappingProxyType({})
    sources: tuple[Path, ...] = ()
    network: bool | None = None
    catalogue: str | None = None  # a path made absolute, or an address

    def over(self, base: Settings) -> Settings:
        """These settings, falling back to `base` for what they leave unsaid."""
        return Settings(self.profile or base.profile, self.repo_root or base.repo_root,
                        {**base.rules, **self.rules}, base.sources + self.sources,
                        base.network if self.network is None else self.network,
                        self.catalogue or base.catalogue)

    def policy(self, profile: str | None = None, rules: Mapping[str, str] | None = None) -> Policy:
        """The policy these settings give, with command-line choices on top."""
        return Policy(profile or self.profile or DEFAULT_PROFILE, {**self.rules, **(rules or {})})


def settings_for(checked: Path) -> Settings:
    """The settings that apply to a checked file (or, for standard input, a directory)."""
    start = checked if checked.is_dir() else checked.parent
    return _settings_from(start.resolve())


@lru_cache(maxsize=64)
def _settings_from(directory: Path) -> Settings:
    own = _nearest(directory, FILE_NAME, table=None)
    project = _nearest(directory, PYPROJECT, table=("tool", "publiccode-check"))
    return own.over(project.over(Settings()))


def _nearest(directory: Path, name: str, table: tuple[str, ...] | None) -> Settings:
    for folder in (directory, *directory.parents):
        path = folder / name
        if path.is_file():
            settings = _read(path, table)
            if settings is not None:
                return settings
    return Settings()


def toml() -> ModuleType:
    """The TOML reader: tomllib, or its backport tomli on Python 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _read(path: Path, table: tuple[str, ...] | None) -> Settings | None:
    """The settings in `path`, None when a pyproject.toml has no table of ours."""
    tomllib = toml()
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, 1, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > _MAX_BYTES:
        raise ConfigError(path, 1, f"is larger than {_MAX_BYTES // 2**20} MiB; a configuration file "
                          "is a few lines")
    text = raw.decode("utf-8", errors="replace")
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(match[1]) if (match := re.search(r"line (\d+)", str(exc))) else 1
        raise ConfigError(path, line, f"not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise ConfigError(path, 1, "not readable TOML: its arrays or tables nest thousands of "
                          "levels deep") from None
    for key in table or ():
        data = data.get(key) if isinstance(data, dict) else None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError(path, _line_of(text, table[-1] if table else ""), "must be a table of settings")
    return _validated(path, text, data)


def _validated(path: Path, text: str, data: dict[str, Any]) -> Settings:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(path, _line_of(text, key), message)

    for key in data:
        if key not in SETTINGS:
            guess = suggest(key, SETTINGS)
            raise fail(key, f"unknown setting `{key}`" + (f"; did you mean `{guess}`?" if guess else
                                                         f"; the settings are {', '.join(SETTINGS)}"))
    profile = data.get("profile")
    if profile is not None and (not isinstance(profile, str) or profile not in PROFILES):
        raise fail("profile", f"`profile` is {_shown(profile)}; use one of: {', '.join(PROFILES)}")
    root = data.get("repo-root")
    if root is not None and (not isinstance(root, str) or "\0" in root):
        raise fail("repo-root", "`repo-root` must be a path, in quotes")
    network = data.get("network")
    if network is not None and not isinstance(network, bool):
        raise fail("network", "`network` must be true or false")
    catalogue = data.get("catalogue")
    if catalogue is not None and (not isinstance(catalogue, str) or not catalogue.strip()):
        raise fail("catalogue", "`catalogue` must be a path or an address, in quotes")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise fail("rules", "`rules` must be a table of rule ids and levels")
    from .catalogue import BY_ID

    for rule_id, level in rules.items():
        if rule_id not in BY_ID:
            guess = suggest(rule_id, BY_ID)
            raise fail(rule_id, f"unknown rule `{rule_id}`" + (f"; did you mean `{guess}`?" if guess else
                                                              "; `publiccode-check rules` lists them"))
        if not isinstance(level, str) or level not in LEVELS:
            raise fail(rule_id, f"`{rule_id}` is {_shown(level)}; use one of: {', '.join(LEVELS)}")
    return Settings(profile, (path.parent / root).resolve() if root else None, dict(rules), (path,), network,
                    _catalogue(path, catalogue))


def _catalogue(path: Path, given: str | None) -> str | None:
    """A catalogue's path relative to the file that names it; an address as it is."""
    if given is None or given.lower().startswith(("http://", "https://")):
        return given
    return str((path.parent / given).resolve())


def _shown(value: Any) -> str:
    """A setting's value in a message, as Python writes it (which escapes control characters),
    cut short."""
    return shortened(repr(value), QUOTE_LIMIT)


_MAX_BYTES = 1024 * 1024


def _line_of(text: str, key: str) -> int:
    """The line where `key` is set (or its table opens), for error messages."""
    pattern = re.compile(rf'^\s*(\[[^\]]*\b|"?){re.escape(key)}\b', re.MULTILINE)
    match = pattern.search(text) if key else None
    return text.count("\n", 0, match.start()) + 1 if match else 1
