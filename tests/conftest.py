"""Shared test helpers: a valid publiccode.yml to start from, and file writers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "real"
EXAMPLES = SHARED / "spec" / "example"

ROADMAP_LINE = 'roadmap: "https://example.com/italia/medusa/roadmap"\n'
# valid in both profiles (`complete` asks for the roadmap); the roadmap comes last so that
# removing it moves no line
VALID = """\
publiccodeYmlVersion: "0.7"
name: Medusa
url: "https://example.com/italia/medusa.git"
platforms:
  - web
developmentStatus: development
softwareType: "standalone/desktop"
description:
  en:
    shortDescription: A rather short description which is probably useless
    longDescription: >
      Very long description of this software, also split on multiple rows. You
      should note what the software is and why one should need it. We can
      potentially have many pages of text here.
    features:
      - Just one feature
legal:
  license: AGPL-3.0-or-later
maintenance:
  type: "community"
  contacts:
    - name: Francesco Rossi
      email: francesco.rossi@example.org
localisation:
  localisationReady: true
  availableLanguages:
    - en
""" + ROADMAP_LINE
# the same without its roadmap: valid for the standard (27 lines), and with no URL outside
# loopback for the network tests to probe
STANDARD_VALID = VALID.replace(ROADMAP_LINE, "")
# Control characters (but the line break between the lines of a report), line separators and
# bidirectional controls: never raw in a report or on a terminal. Written out here, not taken
# from the code under test.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def require_shared(path: Path) -> Path:
    """Fail loudly (never skip silently) when the shared test data is not beside the repo."""
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the repository")
    return path


def tree(directory: Path, names: list[str], text: str = VALID) -> list[str]:
    """For each name, `text` with `name: Medusa` renamed, written to DIRECTORY/NNN-NAME/publiccode.yml;
    the paths, relative to DIRECTORY."""
    paths = []
    for index, name in enumerate(names):
        path = directory / f"{index:03d}-{name}" / "publiccode.yml"
        path.parent.mkdir(parents=True)
        path.write_text(text.replace("name: Medusa", f"name: {name}"))
        paths.append(str(path.relative_to(directory)))
    return paths


@pytest.fixture
def write(tmp_path: Path):
    """Write `text` (str or bytes) to tmp_path/publiccode.yml and return the path."""

    def _write(content: str | bytes, name: str = "publiccode.yml") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


# Variables that change the form of a report: a test sets them itself or not at all.
REPORT_VARIABLES = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")


def cli_env(**extra: str) -> dict[str, str]:
    """This environment without REPORT_VARIABLES, plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if k not in REPORT_VARIABLES}, **extra}


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m publiccode_check ARGS` as a user runs it, in a real process."""
    return subprocess.run([sys.executable, "-m", "publiccode_check", *args], cwd=cwd,
                          env=env if env is not None else cli_env(), input=stdin and stdin.decode(),
                          capture_output=True, text=True, timeout=60)
