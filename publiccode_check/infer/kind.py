"""The type of software and its platforms, from simple signs in the tree.

The first sign found, in this order, decides (softwareType: platforms):

1. `AndroidManifest.xml`; an Xcode project or `Info.plist`; a Flutter `pubspec.yaml`:
   standalone/mobile: android and/or ios.
2. A desktop framework (Electron, Tauri): standalone/desktop: windows, mac, linux.
3. A front-end or web framework (React, Vue, Django, Rails...), or an `index.html` at the top
   or in `public/`, `src/`, `static/` or `www/`: standalone/web: web.
4. A server framework (Express, Flask, Spring Boot...), or a `Dockerfile` or compose file at
   the top: standalone/backend: web.
5. A package (pyproject.toml, setup.py, setup.cfg, package.json, Cargo.toml, composer.json,
   go.mod, a gemspec) with none of the above: library: windows, mac, linux.
6. Nothing of the above: standalone/other: web, a default to check.

Frameworks are listed in `vocab/software-signs.json`, by the manifest that declares them.
The tree is looked at five levels deep, without dependencies, build output or hidden folders.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..vocab import load_vocab
from . import Guess, read_text

DESKTOP = ["windows", "mac", "linux"]
_MOBILE = (("android", ("AndroidManifest.xml",)), ("ios", ("Info.plist", ".xcodeproj", ".xcworkspace")))
_WEB_PAGES = {"index.html", "public/index.html", "src/index.html", "static/index.html", "www/index.html"}
_CONTAINERS = {"Dockerfile", "docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
_PACKAGES = ("pyproject.toml", "setup.py", "setup.cfg", "package.json", "Cargo.toml", "composer.json",
             "go.mod")
_MANIFESTS = {
    "python": ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile"),
    "ruby": ("Gemfile",), "php": ("composer.json",), "java": ("pom.xml", "build.gradle", "build.gradle.kts"),
    "go": ("go.mod",),
}
_SKIPPED = {"node_modules", "vendor", "venv", "build", "dist", "target", "__pycache__", "site-packages"}
_DEPTH = 5
_MAX_ENTRIES = 20_000


def infer(root: Path) -> tuple[Guess[str], Guess[list[str]]]:
    """softwareType and platforms, each with the sign it was read from."""
    paths = _tree(root)
    mobile = [platform for platform, signs in _MOBILE if any(path.endswith(signs) for path in paths)]
    if not mobile and "flutter:" in (read_text(root / "pubspec.yaml") or ""):
        mobile = ["android", "ios"]
    if mobile:
        return _both("standalone/mobile", mobile, "the Android or iOS project files")
    frameworks = _frameworks(root)
    if "standalone/desktop" in frameworks:
        return _both("standalone/desktop", DESKTOP, f"the dependency on {frameworks['standalone/desktop']}")
    if "standalone/web" in frameworks:
        return _both("standalone/web", ["web"], f"the dependency on {frameworks['standalone/web']}")
    page = next(iter(sorted(_WEB_PAGES & paths)), None)
    if page:
        return _both("standalone/web", ["web"], page)
    if "standalone/backend" in frameworks:
        return _both("standalone/backend", ["web"], f"the dependency on {frameworks['standalone/backend']}")
    container = next(iter(sorted(_CONTAINERS & paths)), None)
    if container:
        return _both("standalone/backend", ["web"], container)
    package = next((name for name in _PACKAGES if name in paths), None) or \
        next((path for path in sorted(paths) if "/" not in path and path.endswith(".gemspec")), None)
    if package:
        return _both("library", DESKTOP, f"{package}, with no sign of an application")
    caveat = ("nothing in the repository tells what kind of software it is: the type and the platforms "
              "are defaults to check")
    return Guess("standalone/other", "a default", caveat), Guess(["web"], "a default")


def _both(kind: str, platforms: list[str], sign: str) -> tuple[Guess[str], Guess[list[str]]]:
    return Guess(kind, f"from {sign}"), Guess(platforms, f"from {sign}")


def _tree(root: Path) -> set[str]:
    """The relative paths of the files and folders in the top levels of the tree."""
    paths: set[str] = set()
    level = [(root, "")]
    for _ in range(_DEPTH):
        below = []
        for directory, prefix in level:
            try:
                entries = list(directory.iterdir())
            except OSError:
                continue
            for entry in entries:
                path = prefix + entry.name
                paths.add(path)
                if not entry.name.startswith(".") and entry.name not in _SKIPPED and entry.is_dir() \
                        and not entry.is_symlink():
                    below.append((entry, path + "/"))
            if len(paths) > _MAX_ENTRIES:
                return paths
        level = below
    return paths


def _frameworks(root: Path) -> dict[str, str]:
    """softwareType -> the first framework of that kind the manifests depend on."""
    declared = {"npm": _npm_dependencies(root)}
    for ecosystem, manifests in _MANIFESTS.items():
        text = " ".join(read_text(root / name) or "" for name in manifests).lower()
        declared[ecosystem] = {word.rstrip(".@/-") for word in _WORD.findall(text)}
    found = {}
    for kind, ecosystems in load_vocab("software-signs").items():
        for ecosystem, frameworks in (ecosystems.items() if isinstance(ecosystems, dict) else ()):
            name = next((name for name in frameworks if _declares(declared[ecosystem], name)), None)
            if name and kind not in found:
                found[kind] = name
    return found


def _declares(words: set[str], name: str) -> bool:
    """`name` among a manifest's words, also as the prefix of a package (`spring-boot-starter`)
    or of a module path (`github.com/labstack/echo/v4`)."""
    return name in words or any(word.startswith((f"{name}-", f"{name}/")) for word in words)


def _npm_dependencies(root: Path) -> set[str]:
    try:
        manifest = json.loads(read_text(root / "package.json") or "{}")
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return set()
    if not isinstance(manifest, dict):
        return set()
    return {name for key in ("dependencies", "devDependencies", "peerDependencies")
            if isinstance(manifest.get(key), dict) for name in manifest[key]}


_WORD = re.compile(r"[\w.@/-]+")  # a dependency as manifests write it, up to its version
