"""What the package manifests at the top of a repository declare: the packages they depend
on, by ecosystem, and the package.json itself (read by `kind` and `locales`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import read_text

MANIFESTS = {
    "npm": ("package.json",),
    "python": ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile"),
    "ruby": ("Gemfile",), "php": ("composer.json",), "java": ("pom.xml", "build.gradle", "build.gradle.kts"),
    "go": ("go.mod",), "rust": ("Cargo.toml",),
}
_WORD = re.compile(r"[\w.@/-]+")  # a dependency as manifests write it, up to its version


def dependencies(root: Path) -> dict[str, set[str]]:
    """ecosystem -> the words of its manifests (npm: the names of the dependencies)."""
    package = package_json(root)
    declared = {"npm": set(package.get("dependencies", {})) | set(package.get("devDependencies", {}))}
    for ecosystem, manifests in MANIFESTS.items():
        if ecosystem != "npm":
            text = " ".join(read_text(root / name) or "" for name in manifests).lower()
            declared[ecosystem] = {word.rstrip(".@/-") for word in _WORD.findall(text)}
    return declared


def declares(words: set[str], name: str) -> bool:
    """`name` among a manifest's words, also as the prefix of a package (`spring-boot-starter`)
    or of a module path (`github.com/labstack/echo/v4`)."""
    return name in words or any(word.startswith((f"{name}-", f"{name}/")) for word in words)


def json_object(text: str | None) -> dict[str, Any]:
    """A JSON object, or {} when the text is none."""
    try:
        data = json.loads(text or "{}")
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def package_json(root: Path) -> dict[str, Any]:
    """package.json, its dependency fields kept only when they are objects."""
    data = json_object(read_text(root / "package.json"))
    return {key: value for key, value in data.items()
            if not key.endswith("ependencies") or isinstance(value, dict)}


def toml_value(text: str, table: str, key: str) -> Any:
    """`[table] key` of a TOML manifest (pyproject.toml, Cargo.toml)."""
    from ..config import toml

    return toml().loads(text).get(table, {}).get(key)
