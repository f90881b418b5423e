"""The type of software and its platforms, from weighted signs anywhere in the tree.

Every sign adds its weight to one softwareType (`vocab/software-signs.json`): files and
folders (an Android manifest, a Capacitor config, a QGIS metadata.txt, a WordPress theme's
style.css and functions.php, manage.py, a web front end's config, a Dockerfile...),
frameworks the top-level manifests depend on, and what a package manifest says of itself
(a package to import, a command-line tool, a plugin type). Paths under tests, examples,
docs and dependencies do not count, so a design system's docs site does not make it a
web app. The heaviest type wins; its platforms are those its signs give, a library for the
web (a React or Angular component library) is `web`, and a command-line tool never is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from ..vocab import load_vocab
from . import Guess, read_text, tree
from .manifests import declares, dependencies, json_object, package_json


class _Sign:
    def __init__(self, kind: str, weight: int, what: str, platforms: list[str] | None = None) -> None:
        self.kind, self.weight, self.what, self.platforms = kind, weight, what, platforms


def infer(root: Path, paths: list[str] | None = None) -> tuple[Guess[str], Guess[list[str]]]:
    """softwareType and platforms, each with the signs they were read from; `paths`: the
    repository's files (`tree(root)`), when the caller has them already."""
    signs = load_vocab("software-signs")
    frameworks = _dependency_signs(root, signs)
    listed = _listed(tree(root) if paths is None else paths)
    found = [*_path_signs(listed, signs), *frameworks,
             *_manifest_signs(root, signs, {sign.platforms[0] for sign in frameworks if sign.platforms})]
    extra = [sign for sign in signs["platform_signs"] if _matches(listed, sign)]
    if not found:
        caveat = ("nothing in the repository tells what kind of software it is: the type and the platforms "
                  "are defaults to check")
        return Guess("standalone/other", "a default", caveat), _more(Guess(["web"], "a default"), extra)
    totals: dict[str, int] = defaultdict(int)
    for sign in found:
        totals[sign.kind] += sign.weight
    kind = max(totals, key=lambda name: totals[name])
    mine = sorted((sign for sign in found if sign.kind == kind), key=lambda sign: -sign.weight)
    platforms: list[str] = []
    for sign in mine:
        if not sign.what.startswith("the dependency on"):
            platforms += [platform for platform in sign.platforms or () if platform not in platforms]
    platforms = platforms or list(signs["platforms"][kind])
    source = "from " + "; ".join(dict.fromkeys(sign.what for sign in mine[:3]))
    others = sorted((name for name in totals if name != kind), key=lambda name: -totals[name])
    caveat = None
    if others and totals[others[0]] * 2 > totals[kind]:
        signs_of = "; ".join(dict.fromkeys(sign.what for sign in found if sign.kind == others[0]))
        caveat = f"there are signs of {others[0]} too ({signs_of}): check the type"
    packaged = [] if kind == "standalone/mobile" else extra
    return Guess(kind, source, caveat), _more(Guess(platforms, source), packaged)


def _more(platforms: Guess[list[str]], extra: list[dict[str, Any]]) -> Guess[list[str]]:
    """The platforms with those that packaging adds (a systemd service: linux)."""
    added = [(platform, sign["what"]) for sign in extra for platform in sign["platforms"]
             if platform not in platforms.value]
    if not added:
        return platforms
    value = platforms.value + list(dict.fromkeys(platform for platform, _ in added))
    return Guess(value, f"{platforms.source}; {', '.join(dict.fromkeys(what for _, what in added))}")


def _listed(paths: list[str]) -> str:
    """The paths that count (`counts`), as one text, a line each, so that each pattern is one scan."""
    return "\n".join(path for path in paths if "\n" not in path and counts(path))


def counts(path: str) -> bool:
    """Whether a path is a sign of what the software is: not under tests, examples, docs,
    dependencies... (`ignored` in vocab/software-signs.json)."""
    return not _ignored() & set(path.lower().split("/")[:-1])


@cache
def _ignored() -> frozenset[str]:
    return frozenset(load_vocab("software-signs")["ignored"])


def _matches(listed: str, sign: dict[str, Any]) -> bool:
    """Whether each pattern of a sign matches some path (a pattern's `[^/]` stays on its line)."""
    return all(re.search(pattern.replace("[^/]", "[^/\n]"), listed, re.MULTILINE) for pattern in sign["all"])


def _path_signs(listed: str, signs: dict[str, Any]) -> list[_Sign]:
    """The signs whose patterns all match some path."""
    return [_Sign(sign["type"], sign["weight"], sign["what"], sign.get("platforms"))
            for sign in signs["paths"] if _matches(listed, sign)]


def _dependency_signs(root: Path, signs: dict[str, Any]) -> list[_Sign]:
    """Frameworks the top-level manifests depend on: one sign per kind."""
    declared = dependencies(root)
    out = []
    for kind, ecosystems in signs["dependencies"].items():
        for ecosystem, frameworks in ecosystems.items():
            words = declared.get(ecosystem, set())
            name = next((name for name in frameworks if declares(words, name)), None)
            if name:
                # the ecosystem rides along, so that an application's manifest is not taken for a library's
                out.append(_Sign(kind, signs["dependency_weight"], f"the dependency on {name}", [ecosystem]))
                break
    return out


def _manifest_signs(root: Path, signs: dict[str, Any], applications: set[str]) -> list[_Sign]:
    """What package manifests at the top say of themselves; `applications`: the ecosystems
    whose manifests depend on an application framework (no library then)."""
    manifests = signs["manifests"]
    out = []
    npm = package_json(root)
    composer = json_object(read_text(root / "composer.json"))
    python = " ".join(read_text(root / name) or "" for name in ("pyproject.toml", "setup.py", "setup.cfg"))
    if composer.get("type") in manifests["addon"]["composer_types"]:
        addon = manifests["addon"]
        what = addon["what"].format(file="composer.json", value=composer["type"])
        out.append(_Sign("addon", addon["weight"], what, addon["platforms"]))
    commands = [name for name, present in (
        ("package.json", bool(npm.get("bin")) and npm.get("private") is not True and not npm.get("main")),
        ("pyproject.toml", "[project.scripts]" in python or "console_scripts" in python)) if present]
    if commands:
        cli = manifests["cli"]
        out.append(_Sign("standalone/desktop", cli["weight"], cli["what"].format(file=commands[0]),
                         _systems(python, npm, cli["systems"]) or ["windows", "mac", "linux"]))
        return out
    web = set(manifests["web_library"])
    libraries = []
    entry = npm.get("main") or npm.get("exports") or npm.get("module")
    if npm and npm.get("private") is not True and entry:
        front = web & {name for key in ("dependencies", "peerDependencies", "devDependencies")
                       for name in npm.get(key, {})}
        libraries.append(("package.json", ["web"] if front else None))
    if python.strip() and not (root / "manage.py").exists() and "python" not in applications:
        libraries.append(("pyproject.toml" if "[project]" in python else "setup.py", None))
    if composer.get("type") == "library":
        libraries.append(("composer.json", ["web"]))
    if (root / "go.mod").is_file() and not (root / "main.go").is_file() and "go" not in applications:
        libraries.append(("go.mod", None))
    if (root / "Cargo.toml").is_file() and "rust" not in applications:
        libraries.append(("Cargo.toml", None))
    gemspec = next(root.glob("*.gemspec"), None)
    if gemspec is not None:
        libraries.append((gemspec.name, None))
    if npm.get("private") is True and npm.get("workspaces"):
        workspaces = manifests["workspaces"]
        out.append(_Sign("library", workspaces["weight"], workspaces["what"].format(file="package.json"),
                         workspaces["platforms"]))
    if libraries:
        file, platforms = libraries[0]
        library = manifests["library"]
        out.append(_Sign("library", library["weight"], library["what"].format(file=file), platforms))
    return out


def _systems(python: str, npm: dict[str, Any], systems: dict[str, list[str]]) -> list[str]:
    """The platforms a command-line tool's manifest names: Python's `Operating System ::`
    classifiers, npm's `os`; empty when it names none (or says it is independent of them)."""
    named = re.findall(r"Operating System :: ([\w :/.-]+?)[\"'\n]", python)
    named += [str(system) for system in npm.get("os", []) if isinstance(npm.get("os"), list)]
    out: list[str] = []
    for name in named:
        for platform in systems.get(name.strip(), []):
            if platform not in out:
                out.append(platform)
    return [platform for platform in ("windows", "mac", "linux") if platform in out]
