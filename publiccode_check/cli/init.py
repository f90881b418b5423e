"""`publiccode-check init`: write a first publiccode.yml for the repository it runs in.

It fills in what the repository tells (`infer/`), takes flags for everything else and to
override what it inferred, asks for the rest when run in a terminal (never otherwise),
writes the file (`draft.py`) and says what was guessed and what is still to fill in.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..draft import Contact, Draft, Text, allowed
from ..infer import Guess, git, history, kind, legal, locales, readme, tree
from ..rules.contacts import email_problem
from ..rules.languages import is_language_tag
from ..rules.licenses import expression_problems
from ..rules.organisations import is_organisation_uri
from ..rules.urls import is_web_url
from ..text import as_typed, escape_controls, grapheme_length
from .options import DEFAULT_NAMES

EXIT_WRITTEN, EXIT_NOT_WRITTEN = 0, 1  # usage errors exit with 2, through argparse


# Answers: each check turns what a person typed into a value, or says what is wrong with it.

def _text(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("it is empty")
    return text


def _url(value: str) -> str:
    url = git.public_url(value.strip())
    if url is None:
        raise ValueError(f"`{value}` is not the address of a repository: give its https address, "
                         "like https://example.org/group/project.git")
    return url


def _web(value: str) -> str:
    if not is_web_url(value.strip()):
        raise ValueError(f"`{value}` is not a web address: give an http or https address")
    return value.strip()


def _license(value: str) -> str:
    errors, _ = expression_problems(value)
    if errors:
        raise ValueError(f"`{value}` is not an SPDX licence expression ({'; '.join(errors)}); "
                         "e.g. EUPL-1.2, MIT, or EUPL-1.2 OR AGPL-3.0-or-later")
    return " ".join(value.split())


def _language(value: str) -> str:
    if not is_language_tag(value.strip()):
        raise ValueError(f"`{value}` is not a BCP 47 language tag such as en, it, de or pt-BR")
    return value.strip()


def _organisation(value: str) -> str:
    if not is_organisation_uri(value.strip()):
        raise ValueError(f"`{value}` is neither a web address nor a URN identifying the organisation")
    return value.strip()


_CONTACT = re.compile(r"(?P<name>[^<>]*?)\s*(<(?P<email>[^<>]*)>)?")


def _contact(value: str) -> Contact:
    match = _CONTACT.fullmatch(value.strip())
    if not match or not match["name"]:
        raise ValueError(f"`{value}` is not a contact: write it as Name <name@example.org>")
    email = (match["email"] or "").strip()
    if email and (problem := email_problem(email)):
        raise ValueError(f"`{email}` is not an e-mail address: {problem}")
    return Contact(" ".join(match["name"].split()), email or None)


def _short(value: str) -> str:
    text = _text(value)
    limit = readme.limits()[0]
    if grapheme_length(text) > limit:
        raise ValueError(f"the short description has {grapheme_length(text)} characters; it may have "
                         f"at most {limit}")
    return text


def _long(value: str) -> str:
    text = value.strip()
    _, minimum, maximum = readme.limits()
    if not minimum <= grapheme_length(text) <= maximum:
        raise ValueError(f"the long description has {grapheme_length(text)} characters; it needs "
                         f"{minimum} to {maximum}")
    return text


def _choice(values: Sequence[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.strip() not in values:
            raise ValueError(f"`{value}` is not one of: {', '.join(values)}")
        return value.strip()

    return check


def _flag(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """A check as an argparse type, whose message argparse shows as it is."""
    def convert(value: str) -> Any:
        try:
            return check(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check.__name__.strip("_")
    return convert


def _parser() -> argparse.ArgumentParser:
    statuses, types = allowed("developmentStatus"), allowed("softwareType")
    maintenance_types = allowed("maintenance", "type")
    parser = argparse.ArgumentParser(
        prog="publiccode-check init",
        description="Write a first publiccode.yml at the root of the repository, from what the "
                    "repository tells (remote, licence, README, files) and the options given. In a "
                    "terminal, it asks for the rest.",
        epilog="Exit codes: 0 written, 1 not written (a publiccode.yml exists, or it was cancelled), "
               "2 usage error.")
    add = parser.add_argument
    add("--repo", metavar="DIR", type=Path, help="the repository (default: the one the current "
        "directory is in)")
    add("--output", metavar="FILE", type=Path, help="write to FILE instead of publiccode.yml at the "
        "repository's root")
    add("--force", action="store_true", help="replace an existing publiccode.yml")
    add("--name", type=_flag(_text), help="the name of the software")
    add("--url", type=_flag(_url), help="the address of the source code repository")
    add("--roadmap", metavar="URL", type=_flag(_web), help="the address of a public roadmap")
    add("--status", choices=statuses, metavar="STATUS",
        help=f"developmentStatus: {', '.join(statuses)} (default: read from the history)")
    add("--software-type", choices=types, metavar="TYPE", help=f"softwareType: {', '.join(types)}")
    add("--platform", action="append", type=_flag(_text), metavar="NAME",
        help="where people use it: web, windows, mac, linux, ios, android... (repeat for several)")
    add("--organisation", metavar="URI", type=_flag(_organisation),
        help="the web address or URN of the organisation publishing the software")
    add("--language", type=_flag(_language), help="the language of the description, as a BCP 47 "
        "tag (default: en)")
    add("--short-description", type=_flag(_short), metavar="TEXT", help="one sentence")
    add("--long-description", type=_flag(_long), metavar="TEXT", help="what it does and for whom")
    add("--feature", action="append", type=_flag(_text), metavar="TEXT",
        help="something users can do with it (repeat for each)")
    add("--license", type=_flag(_license), metavar="SPDX", help="the licence, as an SPDX expression")
    add("--maintenance-type", choices=maintenance_types, metavar="TYPE",
        help=f"maintenance.type: {', '.join(maintenance_types)} (default: internal)")
    add("--contact", action="append", type=_flag(_contact), metavar='"NAME <EMAIL>"',
        help="someone to contact (repeat for several; default: git's user.name and user.email)")
    add("--catalogue", metavar="SOURCE", help="end by naming the three closest initiatives in this "
        "catalogue and whom to talk to (a vet JSONL, a directory or an address, as for `similar`; "
        "default: `catalogue` in the configuration)")
    return parser


# Draft fields and the options that give them, in the order of the file
_FLAGS = {"name": "name", "url": "url", "roadmap": "roadmap", "status": "status",
          "software_type": "software_type", "platforms": "platform", "organisation": "organisation",
          "language": "language", "short": "short_description", "long": "long_description",
          "features": "feature", "license": "license", "maintenance": "maintenance_type",
          "contacts": "contact"}


# The order of the summary: the fields of _FLAGS, and those only the repository tells (no option gives them)
_SUMMARY = ("name", "url", "roadmap", "status", "version", "release_date", "software_type", "platforms",
            "organisation", "language", "short", "long", "features", "translations", "license", "maintenance",
            "contacts", "localisation_ready", "languages")


class _Inferred:
    """What the repository tells: a guess per Draft field, and notes on what could not be used."""

    def __init__(self, root: Path, wanted: set[str], given: dict[str, Any]) -> None:
        self.guesses: dict[str, Guess[Any]] = {
            "maintenance": Guess("internal", "the default: maintained by its publisher"),
        }
        self.notes: dict[str, list[str]] = {}
        url = git.repository_url(root) if "url" in wanted else None
        if url:
            self.guesses["url"] = url
        found = readme.infer(root)
        if "name" in wanted:
            slug = git.name(root, given.get("url") or (url.value if url else None))
            # a title like the slug with more to it (`project-ionic` in `project`) names a folder
            variant = found.name and re.fullmatch(r"[a-z0-9]+([-_.][a-z0-9]+)+", found.name.value) and \
                slug.value.lower() in found.name.value
            self.guesses["name"] = found.name if found.name and not variant else slug
        if "license" in wanted:
            license, self.notes["license"] = legal.infer(root)
            if license:
                self.guesses["license"] = license
        if wanted & {"short", "long", "features"}:
            self._descriptions(found, given.get("language"))
        slug = git.name(root, url.value if url else None).value
        past = history.infer(root, slug)
        paths = tree(root)  # listed once, read by kind and locales
        if "status" in wanted:
            self.guesses["status"] = past.status
        if past.version:
            self.guesses["version"] = past.version
        if past.date:
            self.guesses["release_date"] = past.date
        if wanted & {"software_type", "platforms"}:
            self.guesses["software_type"], self.guesses["platforms"] = kind.infer(root, paths)
        spoken = locales.infer(root, paths)
        if spoken:
            self.guesses["localisation_ready"] = spoken.ready
            if spoken.languages:
                self.guesses["languages"] = spoken.languages
        if "contacts" in wanted:
            self._author(root)

    def _descriptions(self, found: readme.Readme, language: str | None) -> None:
        """The main description in the README's language (or the one given), the others as
        translations when they are complete: a half-written translation would show as a broken
        page in a catalogue, so it is left to the user, with a note."""
        texts = list(found.descriptions)
        main = next((text for text in texts if text.language.value == language), None) if language else \
            (texts[0] if texts else None)
        if main is not None:
            self.guesses["language"] = main.language
            for field in ("short", "long", "features"):
                if getattr(main, field):
                    self.guesses[field] = getattr(main, field)
            for field, note in main.notes:
                self.notes.setdefault(field, []).append(note)
        others = [text for text in texts if text is not main and text.language.value != language]
        complete = [text for text in others if text.short and text.long and text.features]
        for text in others:
            if text in complete:
                self.notes.setdefault("translations", []).extend(note for _, note in text.notes)
                continue
            lacking = " nor ".join(name for name, guess in (("short description", text.short),
                                   ("long description", text.long), ("features", text.features)) if not guess)
            self.notes.setdefault("translations", []).append(
                f"{text.source} is in `{text.language.value}` but gives no {lacking}: the description in "
                f"`{text.language.value}` was not written; add it to describe the software in that language "
                "too")
        if complete:
            caveats = [f"the features in `{text.language.value}` are {text.features.caveat}"
                       for text in complete if text.features and text.features.caveat]
            self.guesses["translations"] = Guess(
                [Text(text.language.value, *(getattr(text, field).value if getattr(text, field) else None
                                             for field in ("short", "long")),
                      text.features.value if text.features else []) for text in complete],
                "from " + ", ".join(text.language.source.removeprefix("from the name ") for text in complete),
                "; ".join(caveats) or None)

    def _author(self, root: Path) -> None:
        name, email = git.author(root)
        if email and (problem := email_problem(email)):
            self.notes["contacts"] = [f"git's user.email `{email}` is not an e-mail address "
                                      f"({problem}): it was not used"]
            email = None
        if name:
            self.guesses["contacts"] = Guess([Contact(name, email)], "from git's user.name and user.email")


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.repo is not None and not args.repo.is_dir():
        parser.error(f"--repo {args.repo}: not a directory")
    root = git.top_level((args.repo or Path.cwd()).resolve())
    existing = [args.output] if args.output else [root / name for name in DEFAULT_NAMES]
    found = next((path for path in existing if path.exists()), None)
    target = found or existing[0]
    if found and not args.force:
        print(f"publiccode-check init: {as_typed(found)} already exists and was left unchanged. Check it "
              f"with `publiccode-check --profile complete {as_typed(found)}`, or give --force to replace "
              "it with a new one.", file=sys.stderr)
        return EXIT_NOT_WRITTEN
    given = {field: getattr(args, flag) for field, flag in _FLAGS.items() if getattr(args, flag) is not None}
    inferred = _Inferred(root, set(_FLAGS) - set(given), given)
    draft = Draft(**{field: guess.value for field, guess in inferred.guesses.items()})
    for field, value in given.items():
        setattr(draft, field, value)
    guessed = [field for field in _SUMMARY if field in inferred.guesses and field not in given]
    if sys.stdin.isatty() and sys.stdout.isatty():
        try:
            _ask(draft, [field for field in _FLAGS if field not in given], inferred)
        except (EOFError, KeyboardInterrupt):
            print("\npubliccode-check init: cancelled; nothing was written.", file=sys.stderr)
            return EXIT_NOT_WRITTEN
        guessed = []
    try:
        if args.force and target.is_symlink():  # replace the link itself, never the file it leads to
            target.unlink()
        with target.open("w" if args.force else "x", encoding="utf-8") as out:
            out.write(draft.to_yaml())
    except OSError as exc:
        print(f"publiccode-check init: cannot write {as_typed(target)}: {exc.strerror or exc}; nothing "
              "was written.", file=sys.stderr)
        return EXIT_NOT_WRITTEN
    print(_summary(target, root, draft, inferred, guessed))
    from ..similar.present import before_you_start

    if advice := before_you_start(target, args.catalogue):
        print(advice)
    return EXIT_WRITTEN


def _summary(target: Path, root: Path, draft: Draft, inferred: _Inferred, guessed: list[str]) -> str:
    lines = [f"Wrote {as_typed(target)}."]
    if guessed:
        lines.append("Filled in from the repository; check that each is right:")
        for field in guessed:
            guess = inferred.guesses[field]
            lines.append(f"  {draft.key(field)}: {_display(field, guess.value)} ({guess.source})")
            if guess.caveat:
                lines.append(f"    note: {guess.caveat}")
    notes = [note for field, notes in inferred.notes.items() if field in guessed or
             not getattr(draft, field) for note in notes]
    lines += [f"Note: {note}." for note in notes]
    missing = draft.missing()
    if missing:
        one = len(missing) == 1
        written = "a commented line" if one else "commented lines"
        lines.append(f"Still to fill in ({len(missing)}), as {written} in {as_typed(target)}: the file does "
                     f"not pass `--profile complete` until {'it is' if one else 'they are'} given:")
        for entry in missing:
            option = f"; option {entry.flag}" if entry.flag else ""
            lines.append(f"  {entry.key}: {entry.wanted}{option}")
    text = "\n".join(lines + _next_steps(target, root, len(missing)))
    return "\n".join(map(escape_controls, text.split("\n")))  # values come from the repository's files


HOOK = """\
  - repo: local
    hooks:
      - id: publiccode-present
        name: publiccode.yml present and valid
        entry: publiccode-check --staged
        language: system
        pass_filenames: false
        always_run: true
"""


def _next_steps(target: Path, root: Path, to_fill: int) -> list[str]:
    """The exact commands that put the file in the next commit and, for the file at the root of
    the repository, have every commit check it (unless the hook is there already)."""
    steps = []
    if to_fill:
        steps.append(f"fill {'it' if to_fill == 1 else 'them'} in (remove the `#`), then check: "
                     f"publiccode-check --profile complete {as_typed(target)}")
    else:
        steps.append(f"check it is right: publiccode-check --profile complete {as_typed(target)}")
    if not (root / ".git").exists():
        steps.append("start the repository: git init")
    added = [as_typed(target)]
    config = root / ".pre-commit-config.yaml"
    hooked = config.is_file() and "publiccode-present" in config.read_text(encoding="utf-8", errors="replace")
    if target.resolve() in (root.resolve() / name for name in DEFAULT_NAMES) and not hooked:
        shown = as_typed(config)
        where = f"under `repos:` in {shown}" if config.is_file() else f"to a new {shown}"
        block = HOOK if config.is_file() else "repos:\n" + HOOK
        steps.append(f"have every commit checked: add these lines {where} (pre-commit must be installed: "
                     "pip install pre-commit)\n" + "".join(f"       {line}\n" for line in block.splitlines())
                     + "     then run: pre-commit install")
        added.append(as_typed(config))
    steps.append(f"git add {' '.join(added)}")
    steps.append('git commit -m "Add publiccode.yml"')
    return ["Next:"] + [f"  {number}. {step}" for number, step in enumerate(steps, 1)]


def _display(field: str, value: Any) -> str:
    if field == "long":
        return f"{grapheme_length(value)} characters"
    if field == "translations":
        return "; ".join(f"{text.language}: " + ", ".join(
            part for part, present in (("short", text.short), ("long", text.long),
                                       ("features", text.features)) if present) for text in value)
    if isinstance(value, bool):
        return str(value).lower()
    if field == "features":  # items are phrases, often with commas of their own
        return "; ".join(str(item) for item in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# Questions, in a terminal

def _ask(draft: Draft, fields: list[str], inferred: _Inferred) -> None:
    print("Answer each question, or press Enter to keep the answer in brackets. A question left "
          "without an answer is written as a commented line, to fill in later.")
    questions = _questions()
    for field in fields:
        guess = inferred.guesses.get(field)
        for note in [*inferred.notes.get(field, []), *([guess.caveat] if guess and guess.caveat else [])]:
            print(escape_controls(f"  note: {note}."))
        question, check = questions[field]
        current = getattr(draft, field)
        if field in ("features", "contacts"):
            setattr(draft, field, _ask_list(question, current, check))
        else:
            setattr(draft, field, _ask_one(question, current, _display(field, current) if current else "",
                                           check))


def _ask_one(question: str, current: Any, shown: str, check: Callable[[str], Any]) -> Any:
    """One answer; Enter keeps the current value (shown as `shown`), or leaves it empty."""
    while True:
        answer = input(f"{question} [{escape_controls(shown)}]: " if current else f"{question}: ").strip()
        if not answer:
            return current or None
        try:
            return check(answer)
        except ValueError as exc:
            print(f"  {exc}; try again, or press Enter to leave it empty.")


def _ask_list(question: str, current: list[Any], check: Callable[[str], Any]) -> list[Any]:
    """Items one at a time, after offering to keep the current ones."""
    if current:
        print(f"{question}:")
        for item in current:
            print(escape_controls(f"  - {item}"))
        if input("Keep them? [Y/n]: ").strip().lower() not in ("n", "no"):
            return current
    items = []
    while (item := _ask_one(f"{question}, one at a time (an empty answer ends the list)", None, "",
                            check)) is not None:
        items.append(item)
    return items


def _platforms(value: str) -> list[str]:
    return [_text(item) for item in value.split(",") if item.strip()] or [_text(value)]


def _questions() -> dict[str, tuple[str, Callable[[str], Any]]]:
    statuses, types = allowed("developmentStatus"), allowed("softwareType")
    maintenance_types = allowed("maintenance", "type")
    return {
        "name": ("Name of the software", _text),
        "url": ("Address of its source code repository", _url),
        "roadmap": ("Address of its public roadmap (an issue board, milestones or a plan)", _web),
        "status": (f"Development status: {', '.join(statuses)}", _choice(statuses)),
        "software_type": (f"Type of software: {', '.join(types)}", _choice(types)),
        "platforms": ("Platforms, separated by commas (web, windows, mac, linux, ios, android...)",
                      _platforms),
        "organisation": ("Web address or URN of the organisation publishing it (optional)", _organisation),
        "language": ("Language of the description (a BCP 47 tag: en, it, de...)", _language),
        "short": ("Short description, in one sentence", _short),
        "long": ("Long description, what it does and for whom, on one line", _long),
        "features": ("Features, what users can do with it", _text),
        "license": ("Licence, as an SPDX expression (e.g. EUPL-1.2)", _license),
        "maintenance": (f"Maintenance: {', '.join(maintenance_types)}", _choice(maintenance_types)),
        "contacts": ("Contacts, as Name <email>", _contact),
    }
