"""`publiccode-check init` in real temporary git repositories, as a user runs it: without a
terminal (it must never wait for input), in a terminal driven through a pseudo-terminal, and
in-process for the many small variations. Every written file is checked by the tool itself."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from publiccode_check import validate_path
from publiccode_check.cli.init import main
from publiccode_check.profiles import Policy

INIT = [sys.executable, "-m", "publiccode_check", "init"]  # the command as a user runs it
COMPLETE = Policy("complete")

GPL3 = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

This General Public License does not permit incorporating your program into proprietary
programs. If your program is a subroutine library, you may consider it more useful to permit
linking proprietary applications with the library.  If this is what you want to do, use the
GNU Lesser General Public License instead of this License.
"""

README = """\
# Medusa

[![Build](https://ci.example.org/medusa/badge.svg)](https://ci.example.org/medusa)
<img src="docs/logo.png" alt="logo">

Medusa is a booking system for hospitals. It lets the staff of every ward book rooms,
equipment and people, see who booked what and when, and receive a reminder before
each booking starts. See [the manual](https://docs.example.org/medusa) for more.

## Features

- Books rooms and equipment
- Sends reminders by e-mail
  and by text message
  - a detail that is not a feature of its own
- Exports calendars

## Installation

```sh
pip install medusa
```
"""

LONG = ("Medusa lets the staff of a hospital book rooms, equipment and people from any ward, see "
        "who booked what and when, and get a reminder before each booking starts. It replaces "
        "paper registers and spreadsheets.")

ALL_FLAGS = [
    "--name", "Medusa", "--url", "https://example.org/health/medusa.git",
    "--roadmap", "https://example.org/health/medusa/-/milestones", "--status", "development",
    "--software-type", "standalone/web", "--platform", "web", "--platform", "android",
    "--organisation", "https://www.health.example.org", "--language", "it",
    "--short-description", "Prenotazione di sale e attrezzature per gli ospedali.",
    "--long-description", LONG, "--feature", "Prenota sale", "--feature", "Invia promemoria",
    "--license", "EUPL-1.2", "--maintenance-type", "community",
    "--contact", "Ada Lovelace <ada@example.org>", "--contact", "Bruno Rossi <bruno@example.org>",
]


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git reads only the test repositories' own configuration, and stops at tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def make_repo(tmp_path: Path, remote: str | None = "https://example.org/health/medusa.git",
              files: dict[str, str] | None = None, name: str = "work-dir", user: bool = True) -> Path:
    repo = tmp_path / name
    repo.mkdir()
    git(repo, "init", "-q")
    if user:
        git(repo, "config", "user.name", "Ada Lovelace")
        git(repo, "config", "user.email", "ada@example.org")
    if remote:
        git(repo, "remote", "add", "origin", remote)
    for path, text in (files or {}).items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    return repo


def run_init(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """init as a separate process with no terminal: stdin is empty, and it must not wait."""
    return subprocess.run([*INIT, *args], cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)


def init_here(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> str:
    """init in this process, run from `repo` with a standard input that is not a terminal; what
    it prints, once it has written the file."""
    monkeypatch.chdir(repo)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def read(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


PLACEHOLDER = re.compile(r"^ *# (\w+):.*  \(required: fill it in, then remove the #s?\)$", re.MULTILINE)


def to_fill(path: Path) -> list[str]:
    """The keys init left as commented placeholder lines, in the file's order."""
    return PLACEHOLDER.findall(path.read_text(encoding="utf-8"))


def assert_no_empty_value(value: object, where: str = "", sections: frozenset[str] = frozenset()) -> None:
    """init writes no key without a value: what it could not fill is a commented line. A section
    of which nothing could be filled holds only those lines (`sections`)."""
    assert value not in (None, "", [], {}) or where in sections, f"`{where}` is empty"
    if isinstance(value, dict):
        for key, item in value.items():
            assert_no_empty_value(item, f"{where}.{key}".lstrip("."), sections)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_no_empty_value(item, f"{where}[{index}]", sections)


def complete_problems(path: Path) -> dict[str, set[str]]:
    """Key -> rules of the problems the complete profile reports."""
    out: dict[str, set[str]] = {}
    for problem in validate_path(path, policy=COMPLETE).problems:
        key = ".".join(str(part) for part in problem.path)
        out.setdefault(key, set()).add(problem.rule)
    return out


# Without a terminal

def test_https_remote_license_and_readme(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, files={"LICENSE": GPL3, "README.md": README})
    done = run_init(repo)
    assert done.returncode == 0, done.stderr
    data = read(repo / "publiccode.yml")
    assert data["publiccodeYmlVersion"] == "0.7"
    assert data["name"] == "Medusa"  # the README's title
    assert data["url"] == "https://example.org/health/medusa.git"
    assert data["developmentStatus"] == "concept"
    assert "releaseDate" not in data
    assert data["legal"] == {"license": "GPL-3.0-or-later"}
    assert data["maintenance"] == {"type": "internal",
                                   "contacts": [{"name": "Ada Lovelace", "email": "ada@example.org"}]}
    assert data["localisation"] == {"localisationReady": False, "availableLanguages": ["en"]}
    english = data["description"]["en"]
    assert english["shortDescription"] == "Medusa is a booking system for hospitals."
    assert " ".join(english["longDescription"].split()) == (
        "Medusa is a booking system for hospitals. It lets the staff of every ward book rooms, "
        "equipment and people, see who booked what and when, and receive a reminder before each "
        "booking starts. See the manual for more.")  # wrapped in the file, as Markdown reads it
    assert english["features"] == ["Books rooms and equipment",
                                   "Sends reminders by e-mail and by text message", "Exports calendars"]
    # the GNU licence texts do not say -only or -or-later: the user is told so
    assert "GPL-3.0-only" in done.stdout and "GPL-3.0-or-later" in done.stdout
    # only the roadmap is left, and the output and the validator both name it
    assert "Still to fill in (1)" in done.stdout
    assert "  roadmap: " in done.stdout and "--roadmap" in done.stdout
    assert "publiccode-check --profile complete publiccode.yml" in done.stdout
    errors = [p for p in validate_path(repo / "publiccode.yml", policy=COMPLETE).errors]
    assert [(p.rule, p.path) for p in errors] == [("roadmap-required", ("roadmap",))]


def test_the_file_starts_with_the_version_and_has_a_comment_above_each_key(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, files={"README.md": README})
    assert run_init(repo, "--organisation", "https://www.health.example.org").returncode == 0
    text = (repo / "publiccode.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    document = YAML().load(text)
    assert next(iter(document)) == "publiccodeYmlVersion"
    assert 'publiccodeYmlVersion: "0.7"' in lines

    def key_lines(mapping: dict) -> list[tuple[str, int]]:
        out = []
        for key, value in mapping.items():
            out.append((key, mapping.lc.key(key)[0]))
            if isinstance(value, dict):
                out += key_lines(value)
        return out

    keys = key_lines(document)
    assert len(keys) >= 20
    for key, line in keys:
        assert lines[line - 1].lstrip().startswith("# "), f"no comment above `{key}`"


@pytest.mark.parametrize(("remote", "url", "name"), [
    ("git@gitlab.example.org:health/booking/medusa-ward.git",
     "https://gitlab.example.org/health/booking/medusa-ward.git", "medusa-ward"),
    ("ssh://git@git.example.org:2222/health/medusa.git", "https://git.example.org/health/medusa.git",
     "medusa"),
    ("https://ada:s3cr3t-token@example.org/health/medusa", "https://example.org/health/medusa", "medusa"),
])
def test_remote_becomes_a_public_https_address(tmp_path: Path, remote: str, url: str, name: str) -> None:
    repo = make_repo(tmp_path, remote=remote)
    done = run_init(repo)
    assert done.returncode == 0, done.stderr
    text = (repo / "publiccode.yml").read_text(encoding="utf-8")
    assert read(repo / "publiccode.yml")["url"] == url
    assert read(repo / "publiccode.yml")["name"] == name
    assert "s3cr3t" not in text and "s3cr3t" not in done.stdout
    assert "repository-url" not in {rule for rules in complete_problems(repo / "publiccode.yml").values()
                                    for rule in rules}


def test_without_remote_license_or_readme_every_missing_key_is_named(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, remote=None, name="booking-tool", user=False)
    done = run_init(repo)
    assert done.returncode == 0, done.stderr
    data = read(repo / "publiccode.yml")
    assert data["name"] == "booking-tool"  # the directory's name
    assert_no_empty_value(data, sections=frozenset({"description.en", "legal"}))
    assert to_fill(repo / "publiccode.yml") == ["url", "roadmap", "shortDescription", "longDescription",
                                                "features", "license", "contacts"]
    still = done.stdout.split("Still to fill in", 1)[1].split("\nNext:", 1)[0]
    expected = ["url", "roadmap", "description.en.shortDescription", "description.en.longDescription",
                "description.en.features", "legal.license", "maintenance.contacts"]
    assert [line.split(":")[0].strip() for line in still.splitlines()[1:]] == expected
    # the validator fails it loudly, with one problem per part still to fill
    assert complete_problems(repo / "publiccode.yml") == {
        "url": {"missing-key"}, "roadmap": {"roadmap-required"}, "description.en": {"missing-key"},
        "legal": {"missing-key"}, "maintenance.contacts": {"missing-key"}}


def test_all_flags_give_a_complete_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, files={"LICENSE": GPL3, "README.md": README})
    done = run_init(repo, *ALL_FLAGS)
    assert done.returncode == 0, done.stderr
    check = subprocess.run([sys.executable, "-m", "publiccode_check", "--profile", "complete"], cwd=repo,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip() == "1 file checked: 0 errors, 0 warnings"
    result = validate_path(repo / "publiccode.yml", policy=COMPLETE)
    assert result.valid and result.problems == [], result.problems
    data = read(repo / "publiccode.yml")
    assert data["legal"]["license"] == "EUPL-1.2"  # the option wins over LICENSE
    assert data["description"]["it"]["features"] == ["Prenota sale", "Invia promemoria"]
    assert data["localisation"]["availableLanguages"] == ["it"]
    assert data["organisation"] == {"uri": "https://www.health.example.org"}
    assert [c["email"] for c in data["maintenance"]["contacts"]] == ["ada@example.org", "bruno@example.org"]
    assert "Still to fill in" not in done.stdout and "Filled in from the repository" not in done.stdout


def test_never_waits_for_input_without_a_terminal(tmp_path: Path) -> None:
    """Standard input is a pipe left open: reading it would block until the timeout."""
    repo = make_repo(tmp_path)
    with subprocess.Popen(INIT, cwd=repo, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        out = process.stdout.read() if process.stdout else ""
    assert code == 0
    assert "Wrote publiccode.yml" in out
    assert "?" not in out.split("Still to fill in")[0]  # nothing was asked


@pytest.mark.parametrize("existing", ["publiccode.yml", "publiccode.yaml"])
def test_refuses_to_overwrite(tmp_path: Path, existing: str) -> None:
    repo = make_repo(tmp_path)
    (repo / existing).write_text("name: mine\n", encoding="utf-8")
    before = (repo / existing).stat().st_mtime_ns
    done = run_init(repo, "--name", "Other")
    assert done.returncode == 1
    assert f"{existing} already exists and was left unchanged" in done.stderr
    assert "--force" in done.stderr
    assert (repo / existing).read_text(encoding="utf-8") == "name: mine\n"
    assert (repo / existing).stat().st_mtime_ns == before
    assert sorted(p.name for p in repo.glob("publiccode.y*ml")) == [existing]
    forced = run_init(repo, "--name", "Other", "--force")
    assert forced.returncode == 0, forced.stderr
    assert read(repo / existing)["name"] == "Other"  # replaced where it was, not written beside it
    assert sorted(p.name for p in repo.glob("publiccode.y*ml")) == [existing]


def test_from_a_subdirectory_writes_at_the_top_level(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "src" / "deep").mkdir(parents=True)
    done = run_init(repo / "src" / "deep")
    assert done.returncode == 0, done.stderr
    assert (repo / "publiccode.yml").is_file()
    assert not (repo / "src" / "deep" / "publiccode.yml").exists()


def test_repo_and_output_options(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_init(elsewhere, "--repo", str(repo), "--output", "draft.yml")
    assert done.returncode == 0, done.stderr
    assert read(elsewhere / "draft.yml")["url"] == "https://example.org/health/medusa.git"
    assert not (repo / "publiccode.yml").exists()
    again = run_init(elsewhere, "--repo", str(repo), "--output", "draft.yml")
    assert again.returncode == 1 and "draft.yml already exists" in again.stderr


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--license", "GPL 3", "is not an SPDX licence expression"),
    ("--contact", "Ada <ada@>", "is not an e-mail address"),
    ("--contact", "<ada@example.org>", "write it as Name <name@example.org>"),
    ("--roadmap", "example.org/roadmap", "is not a web address"),
    ("--url", "/srv/git/medusa.git", "is not the address of a repository"),
    ("--language", "en_GB", "is not a BCP 47 language tag"),
    ("--organisation", "Comune di Roma", "neither a web address nor a URN"),
    ("--short-description", "word " * 40, "at most 150"),
    ("--long-description", "Too short.", "needs 150 to 10000"),
    ("--status", "finished", "invalid choice"),
])
def test_bad_options_are_usage_errors_and_write_nothing(tmp_path: Path, flag: str, value: str,
                                                        message: str) -> None:
    repo = make_repo(tmp_path)
    done = run_init(repo, flag, value)
    assert done.returncode == 2
    assert f"argument {flag}" in done.stderr and message in done.stderr
    assert not (repo / "publiccode.yml").exists()


# In a terminal

def terminal_session(cwd: Path, answers: list[tuple[str, str]], *args: str) -> tuple[int, str]:
    """Run init on a pseudo-terminal; after each prompt appears, type its answer."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([*INIT, *args], cwd=cwd, stdin=follower,
                               stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    transcript, seen = "", 0
    deadline = time.monotonic() + 60

    def read_more() -> bool:
        nonlocal transcript
        ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"timed out; the terminal shows:\n{transcript}")
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed the terminal
            return False
        transcript += chunk.decode("utf-8", "replace")
        return bool(chunk)

    try:
        for prompt, answer in answers:
            while prompt not in transcript[seen:]:
                if not read_more():
                    raise AssertionError(f"no prompt {prompt!r}; the terminal shows:\n{transcript}")
            seen = transcript.index(prompt, seen) + len(prompt)
            os.write(leader, answer.encode() + b"\n")
        while read_more():
            pass
        return process.wait(timeout=60), transcript.replace("\r\n", "\n")
    finally:
        process.kill()
        os.close(leader)


def test_terminal_session_asks_with_the_inferred_values_as_defaults(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, remote="git@example.org:health/medusa.git",
                     files={"LICENSE": GPL3, "README.md": README})
    code, screen = terminal_session(repo, [
        ("Name of the software [Medusa]: ", "Medusa"),
        ("Address of its source code repository [https://example.org/health/medusa.git]: ", ""),
        ("Address of its public roadmap", "roadmap.example.org"),  # not a web address: asked again
        ("Address of its public roadmap", "https://example.org/health/medusa/-/boards"),
        ("[concept]: ", "beta"),
        ("[standalone/other]: ", "standalone/web"),
        ("Platforms, separated by commas", "web, android"),
        ("organisation publishing it (optional): ", ""),
        ("Language of the description", ""),
        ("Short description, in one sentence [Medusa is a booking system for hospitals.]: ", ""),
        ("on one line [", ""),
        ("Keep them? [Y/n]: ", ""),
        ("Licence, as an SPDX expression (e.g. EUPL-1.2) [GPL-3.0-or-later]: ", "GPL-3.0-only"),
        ("[internal]: ", "community"),
        ("Keep them? [Y/n]: ", "n"),
        ("Contacts, as Name <email>, one at a time", "Ada Lovelace <ada@example.org>"),
        ("Contacts, as Name <email>, one at a time", "Bruno Rossi"),
        ("Contacts, as Name <email>, one at a time", ""),
    ])
    assert code == 0, screen
    assert "`roadmap.example.org` is not a web address" in screen
    assert "note: LICENSE is the text of GPL-3.0" in screen  # said before the question
    data = read(repo / "publiccode.yml")
    assert data["name"] == "Medusa"
    assert data["url"] == "https://example.org/health/medusa.git"
    assert data["roadmap"] == "https://example.org/health/medusa/-/boards"
    assert (data["developmentStatus"], data["softwareType"]) == ("beta", "standalone/web")
    assert data["platforms"] == ["web", "android"]
    assert "organisation" not in data
    assert data["description"]["en"]["features"][0] == "Books rooms and equipment"
    assert data["legal"]["license"] == "GPL-3.0-only"
    assert data["maintenance"] == {"type": "community", "contacts": [
        {"name": "Ada Lovelace", "email": "ada@example.org"}, {"name": "Bruno Rossi", "email": None}]}
    result = validate_path(repo / "publiccode.yml", policy=COMPLETE)
    assert result.valid, [p.message for p in result.problems]
    assert "1. check it is right: publiccode-check --profile complete publiccode.yml" in screen


def test_terminal_session_with_empty_answers_leaves_the_keys_to_fill(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, remote=None, name="empty", user=False)
    prompts = ["Name of the software [empty]: ", "Address of its source code repository: ",
               "(an issue board, milestones or a plan): ", "[concept]: ", "[standalone/other]: ",
               "[web]: ", "(optional): ", "[en]: ", "Short description, in one sentence: ",
               "on one line: ", "(an empty answer ends the list): ", "(e.g. EUPL-1.2): ",
               "[internal]: ", "(an empty answer ends the list): "]
    code, screen = terminal_session(repo, [(prompt, "") for prompt in prompts])
    assert code == 0, screen
    assert "Still to fill in (7)" in screen
    assert_no_empty_value(read(repo / "publiccode.yml"), sections=frozenset({"description.en", "legal"}))
    assert set(complete_problems(repo / "publiccode.yml")) == {
        "url", "roadmap", "description.en", "legal", "maintenance.contacts"}


def test_terminal_session_cancelled_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    code, screen = terminal_session(repo, [("Name of the software [medusa]: ", "\x04")])  # Ctrl-D
    assert code == 1
    assert "cancelled; nothing was written" in screen
    assert not (repo / "publiccode.yml").exists()


# What is read from the repository (in-process)

LICENSE_TEXTS = {
    "EUPL-1.2": "EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016\n",
    "AGPL-3.0-or-later": "GNU AFFERO GENERAL PUBLIC LICENSE\n Version 3, 19 November 2007\n"
                         "13. Remote Network Interaction; Use with the GNU General Public License.\n",
    "LGPL-3.0-or-later": "GNU LESSER GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n"
                         "This version of the GNU Lesser General Public License incorporates\nthe terms "
                         "and conditions of version 3 of the GNU General Public\nLicense, supplemented "
                         "by the additional permissions listed below.\n",
    "LGPL-2.1-or-later": "GNU LESSER GENERAL PUBLIC LICENSE\n Version 2.1, February 1999\n[This is the "
                         "first released version of the Lesser GPL.]\n",
    "GPL-3.0-or-later": GPL3,
    "GPL-2.0-or-later": "GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991\n(Some other Free Software "
                        "Foundation software is covered by\nthe GNU Lesser General Public License "
                        "instead.)\n",
    "MPL-2.0": "Mozilla Public License Version 2.0\n==================================\n1. Definitions\n",
    "Apache-2.0": "\n                                 Apache License\n                           Version "
                  "2.0, January 2004\n                        http://www.apache.org/licenses/\n",
    "EPL-2.0": "Eclipse Public License - v 2.0\n\n    THE ACCOMPANYING PROGRAM IS PROVIDED UNDER THE TERMS\n",
    "MIT": "MIT License\n\nCopyright (c) 2024 Comune\n\nPermission is hereby granted, free of charge, to "
           "any person obtaining a copy\nof this software... The above copyright notice and this "
           "permission notice shall be\nincluded in all copies or substantial portions of the Software.\n",
    "ISC": "Permission to use, copy, modify, and/or distribute this software for any\npurpose with or "
           "without fee is hereby granted, provided that the above\ncopyright notice and this "
           "permission notice appear in all copies.\n",
    "BSD-3-Clause": "Redistribution and use in source and binary forms, with or without\nmodification, "
                    "are permitted provided that the following conditions are met:\n1. Redistributions "
                    "of source code must retain the above copyright notice, this\n   list of conditions "
                    "and the following disclaimer.\n3. Neither the name of the copyright holder nor "
                    "the names of its contributors may be used\n",
    "BSD-2-Clause": "Redistribution and use in source and binary forms, with or without\nmodification, "
                    "are permitted provided that the following conditions are met:\n1. Redistributions "
                    "of source code must retain the above copyright notice, this\n   list of conditions "
                    "and the following disclaimer.\n",
    "CC0-1.0": "Creative Commons Legal Code\n\nCC0 1.0 Universal\n",
    "Unlicense": "This is free and unencumbered software released into the public domain.\n",
}


@pytest.mark.parametrize(("expected", "text"), LICENSE_TEXTS.items(), ids=list(LICENSE_TEXTS))
def test_license_recognised_from_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], expected: str,
                                          text: str) -> None:
    repo = make_repo(tmp_path, files={"COPYING" if "GPL" in expected else "LICENSE.md": text})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["legal"]["license"] == expected
    gnu = expected.endswith("-or-later")
    assert (f"`{expected.replace('-or-later', '-only')}`" in out) == gnu  # the GNU guess is said


@pytest.mark.parametrize("text", [
    # the GNU Library GPL 2.0 mentions the GPL and its date: it is not GPL-2.0
    "GNU LIBRARY GENERAL PUBLIC LICENSE\n Version 2, June 1991\nthe GNU General Public License\n",
    # zero-clause BSD: ISC's grant without its condition
    "Permission to use, copy, modify, and/or distribute this software for any\npurpose with or "
    "without fee is hereby granted.\n",
    # the four-clause BSD licence, with its advertising clause
    "Redistribution and use in source and binary forms, with or without modification, are "
    "permitted provided that the following conditions are met: this list of conditions and the "
    "following disclaimer. 3. All advertising materials mentioning features or use of this software\n",
    "All rights reserved.\n",
])
def test_unknown_license_text_is_left_to_fill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], text: str) -> None:
    repo = make_repo(tmp_path, files={"LICENSE": text})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["legal"] is None  # only the placeholder line is under it
    assert "license" in to_fill(repo / "publiccode.yml")
    assert "  legal.license: the licence" in out


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("pyproject.toml", '[project]\nname = "medusa"\nlicense = "EUPL-1.2"\n', "EUPL-1.2"),
    ("pyproject.toml", '[project]\nname = "medusa"\nlicense = {text = "MIT"}\n', "MIT"),
    ("package.json", '{"name": "medusa", "license": "(MIT OR Apache-2.0)"}', "(MIT OR Apache-2.0)"),
    ("package.json", '{"name": "medusa", "license": {"type": "ISC"}}', "ISC"),
    ("Cargo.toml", '[package]\nname = "medusa"\nlicense = "MIT/Apache-2.0"\n', "MIT OR Apache-2.0"),
    ("composer.json", '{"license": ["GPL-2.0-or-later", "MIT"]}', "GPL-2.0-or-later OR MIT"),
    # a deprecated id is written as its SPDX replacement
    ("package.json", '{"license": "GPL-3.0"}', "GPL-3.0-only"),
    ("package.json", '{"license": "LGPL-2.1+"}', "LGPL-2.1-or-later"),
])
def test_license_from_package_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str], name: str, text: str,
                                       expected: str) -> None:
    repo = make_repo(tmp_path, files={name: text})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["legal"]["license"] == expected
    assert f"legal.license: {expected} (from {name})" in out
    assert "license" not in complete_problems(repo / "publiccode.yml").get("legal.license", set())


def test_metadata_that_is_not_spdx_falls_back_to_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, files={"package.json": '{"license": "SEE LICENSE IN LICENSE"}',
                                      "LICENSE": LICENSE_TEXTS["MIT"]})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["legal"]["license"] == "MIT"
    assert ("package.json gives the licence as `SEE LICENSE IN LICENSE`, which is not an SPDX "
            "expression") in out


def test_metadata_and_text_that_disagree_are_pointed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, files={"package.json": '{"license": "MIT"}',
                                      "LICENSE": LICENSE_TEXTS["Apache-2.0"]})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["legal"]["license"] == "Apache-2.0"  # the text binds
    assert "package.json says `MIT` but LICENSE reads as `Apache-2.0`: the licence text was used" in out


def test_readme_in_restructuredtext_and_a_long_first_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    sentence = ("Medusa is the booking system that the hospitals of the region use to book operating "
                "rooms, imaging equipment, beds, staff and interpreters, from any ward and at any hour")
    readme = (".. image:: https://ci.example.org/badge.svg\n   :target: https://ci.example.org\n\n"
              "======\nMedusa\n======\n\n|build| |coverage|\n\n"
              f"{sentence}. It is written by `the region <https://region.example.org>`_ and used\n"
              "in **twelve** hospitals, e.g. in Rome. Every booking is kept in ``PostgreSQL``.\n\n"
              "Funzionalità\n------------\n\n* Prenota sale\n* Invia promemoria\n\nInstall\n-------\n\n"
              "* pip install medusa\n")
    repo = make_repo(tmp_path, files={"README.rst": readme})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    english = read(repo / "publiccode.yml")["description"]["en"]
    short = english["shortDescription"]
    assert len(short) <= 150 and sentence.startswith(short) and not short.endswith(("…", "...", " "))
    assert sentence[len(short)] == " "  # cut at a word boundary
    assert "it was cut after the last whole word" in out
    assert " ".join(english["longDescription"].split()) == (
        f"{sentence}. It is written by the region and used in twelve hospitals, e.g. in Rome. "
        "Every booking is kept in PostgreSQL.")
    assert english["features"] == ["Prenota sale", "Invia promemoria"]


def test_readme_too_short_for_a_long_description(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, files={"README": "Medusa\n======\n\nBooks rooms in hospitals.\n"})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    english = read(repo / "publiccode.yml")["description"]["en"]
    assert english == {"shortDescription": "Books rooms in hospitals."}
    assert to_fill(repo / "publiccode.yml") == ["roadmap", "longDescription", "features", "license"]
    assert "the opening text of README has 25 characters and a long description needs at least 150" in out
    assert "README has no list or table under a features heading" in out
    assert "description.en.longDescription" in complete_problems(repo / "publiccode.yml")


@pytest.mark.parametrize(("files", "software_type", "platforms"), [
    ({"app/src/main/AndroidManifest.xml": "<manifest/>"}, "standalone/mobile", ["android"]),
    ({"ios/Medusa.xcodeproj/project.pbxproj": ""}, "standalone/mobile", ["ios"]),
    ({"package.json": '{"dependencies": {"electron": "^30"}}'}, "standalone/desktop",
     ["windows", "mac", "linux"]),
    ({"package.json": '{"dependencies": {"react": "^18"}}'}, "standalone/web", ["web"]),
    ({"requirements.txt": "Django==5.0\n"}, "standalone/web", ["web"]),
    ({"public/index.html": "<html></html>"}, "standalone/web", ["web"]),
    ({"pyproject.toml": '[project]\ndependencies = ["fastapi>=0.110"]\n'}, "standalone/backend", ["web"]),
    ({"go.mod": "module x\nrequire github.com/labstack/echo/v4 v4.11.0\n"}, "standalone/backend", ["web"]),
    ({"Dockerfile": "FROM python:3.12\n"}, "standalone/backend", ["web"]),
    ({"pyproject.toml": '[project]\nname = "medusa"\n'}, "library", ["windows", "mac", "linux"]),
    ({"Cargo.toml": '[package]\nname = "medusa"\n'}, "library", ["windows", "mac", "linux"]),
    ({"node_modules/react/index.html": "", "notes.txt": "x"}, "standalone/other", ["web"]),
])
def test_software_type_and_platforms_from_the_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], files: dict[str, str],
                                                   software_type: str, platforms: list[str]) -> None:
    repo = make_repo(tmp_path, files=files)
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    data = read(repo / "publiccode.yml")
    assert (data["softwareType"], data["platforms"]) == (software_type, platforms)
    assert ("are defaults to check" in out) == (software_type == "standalone/other")


def test_outside_git_uses_the_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "Medusa Booking"
    plain.mkdir()
    out = init_here(plain, monkeypatch=monkeypatch, capsys=capsys)
    data = read(plain / "publiccode.yml")
    assert data["name"] == "Medusa Booking" and "url" not in data
    assert "contacts" not in data["maintenance"] and "contacts" in to_fill(plain / "publiccode.yml")
    assert "name: Medusa Booking (from the directory's name)" in out


def test_maintenance_by_contract_asks_for_the_contractor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path)
    out = init_here(repo, "--maintenance-type", "contract", monkeypatch=monkeypatch,
                    capsys=capsys)
    assert "  maintenance.contractors: who maintains it under contract" in out
    assert "contractors" in to_fill(repo / "publiccode.yml")
    placeholder = "# contractors:  (required: fill it in, then remove the #s)\n  #   - name: …\n"
    assert placeholder in (repo / "publiccode.yml").read_text(encoding="utf-8")
    assert complete_problems(repo / "publiccode.yml")["maintenance.contractors"] == {"missing-key"}


def test_the_validator_does_not_import_init() -> None:
    """init is imported only when the command is used: the validator's cold start stays as it was."""
    script = ("import json, sys, publiccode_check.cli\n"
              "print(json.dumps([name for name in sys.modules if name.startswith('publiccode_check')]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    loaded = json.loads(done.stdout)
    assert "publiccode_check.cli" in loaded
    assert not [name for name in loaded if name.split(".")[1:2] in (["draft"], ["infer"])
                or name.startswith("publiccode_check.cli.init")]


def test_a_hostile_readme_is_read_in_linear_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Unclosed emphasis, brackets, backticks and tags, and endless sentences, fill 1 MiB: with a
    pattern that backtracks, this took minutes."""
    pieces = ["**a ", "_a ", "[", "`a ", "<a", "|a ", "a. b ", "`a <", "![", "[a]("]
    body = "".join(piece * (100_000 // len(piece)) for piece in pieces)
    repo = make_repo(tmp_path, files={"README.md": f"# Title\n\n{body}\n\n## Features\n\n- {body}\n"})
    started = time.monotonic()
    init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert time.monotonic() - started < 20
    english = read(repo / "publiccode.yml")["description"]["en"]
    assert english.get("shortDescription") is None or 0 < len(english["shortDescription"]) <= 150


def next_steps(out: str) -> list[str]:
    return [line.split(". ", 1)[1] for line in out.split("\nNext:\n", 1)[1].splitlines() if line[:3].strip()]


def test_the_next_steps_fit_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, files={"LICENSE": GPL3, "README.md": README})
    out = init_here(repo, "--roadmap", "https://example.org/health/medusa/-/milestones",
                    monkeypatch=monkeypatch, capsys=capsys)
    assert "Still to fill in" not in out
    steps = next_steps(out)
    assert steps[0] == "check it is right: publiccode-check --profile complete publiccode.yml"
    assert steps[1].startswith("have every commit checked: add these lines to a new .pre-commit-config.yaml")
    assert steps[2:] == ["git add publiccode.yml .pre-commit-config.yaml",
                         'git commit -m "Add publiccode.yml"']
    # the hook already there: nothing to add; another file: no hook for it (it checks the root file)
    (repo / ".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n    hooks:\n"
                                                 "      - id: publiccode-present\n", encoding="utf-8")
    out = init_here(repo, "--force", monkeypatch=monkeypatch, capsys=capsys)
    assert next_steps(out)[1:] == ["git add publiccode.yml", 'git commit -m "Add publiccode.yml"']
    (repo / "sub").mkdir()
    out = init_here(repo, "--output", "sub/publiccode.yml", monkeypatch=monkeypatch, capsys=capsys)
    assert next_steps(out)[1:] == ["git add sub/publiccode.yml", 'git commit -m "Add publiccode.yml"']
    # outside git, the repository comes first
    plain = tmp_path / "plain"
    plain.mkdir()
    steps = next_steps(init_here(plain, monkeypatch=monkeypatch, capsys=capsys))
    assert steps[1] == "start the repository: git init"
    assert steps[2].startswith("have every commit checked")
