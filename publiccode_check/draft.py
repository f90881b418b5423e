"""A first publiccode.yml: the answers `init` gathered, what is still missing, and the YAML.

The file is written with ruamel.yaml's round-trip mode, with a comment above each key
saying what it means. A missing answer is written as a commented placeholder line
(`# roadmap: https://…  (required: ...)`), never as an empty key nor as a made-up value: the
validator then says once that the key is missing.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .infer.readme import limits
from .schema import schema

VERSION = "0.7"
PEOPLE = ("internal", "community")  # the maintenance types that name contacts
WIDTH = 90  # columns of the long description's lines


class Contact(NamedTuple):
    name: str
    email: str | None = None

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


class Missing(NamedTuple):
    """A key still to fill: what it asks for, and the flag of `init` that gives it."""

    key: str
    wanted: str
    flag: str | None = None


@dataclass
class Text:
    """The description in one more language (the first is the Draft's own fields)."""

    language: str
    short: str | None = None
    long: str | None = None
    features: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything `init` writes; None or empty where the answer is missing."""

    language: str = "en"
    name: str | None = None
    url: str | None = None
    roadmap: str | None = None
    status: str = "concept"
    version: str | None = None
    release_date: str | None = None
    software_type: str | None = None
    platforms: list[str] = field(default_factory=list)
    organisation: str | None = None
    short: str | None = None
    long: str | None = None
    features: list[str] = field(default_factory=list)
    license: str | None = None
    maintenance: str = "internal"
    contacts: list[Contact] = field(default_factory=list)
    translations: list[Text] = field(default_factory=list)
    localisation_ready: bool = False
    languages: list[str] = field(default_factory=list)  # availableLanguages; default: the language

    def key(self, field: str) -> str:
        """The key in the file that a field fills: `short` -> `description.en.shortDescription`."""
        description = f"description.{self.language}"
        return {"status": "developmentStatus", "software_type": "softwareType", "license": "legal.license",
                "maintenance": "maintenance.type", "contacts": "maintenance.contacts",
                "organisation": "organisation.uri", "short": f"{description}.shortDescription",
                "long": f"{description}.longDescription", "features": f"{description}.features",
                "version": "softwareVersion", "release_date": "releaseDate",
                "language": "description language",
                "translations": "description", "localisation_ready": "localisation.localisationReady",
                "languages": "localisation.availableLanguages"}.get(field, field)

    def texts(self) -> list[Text]:
        """The description in each language: the main one, then the translations."""
        return [Text(self.language, self.short, self.long, self.features), *self.translations]

    def missing(self) -> list[Missing]:
        """The keys to fill before the file passes the `complete` profile, in the file's order."""
        short_max, long_min, long_max = limits()
        reachable = any(contact.email for contact in self.contacts) if self.status != "obsolete" \
            else bool(self.contacts)
        texts = self.texts()
        main = texts[0]
        wanted = [
            (self.name, Missing("name", "the name of the software", "--name")),
            (self.url, Missing("url", "the address of the source code repository", "--url")),
            (self.roadmap or self.status == "obsolete",
             Missing("roadmap", "the web address of a public roadmap (an issue board, milestones or a "
                     "plan)", "--roadmap")),
            (self.software_type, Missing(self.key("software_type"), "the type of software",
                                         "--software-type")),
            (self.platforms, Missing("platforms", "where people use it (web, windows, mac, linux, ios, "
                                     "android)", "--platform")),
            *((filled, Missing(f"description.{text.language}.{key}", wanted, flag if text is main else None))
              for text in texts for filled, key, wanted, flag in (
                  (text.short, "shortDescription", f"one sentence, at most {short_max} characters",
                   "--short-description"),
                  (text.long, "longDescription", f"what it does and for whom, {long_min} to {long_max} "
                   "characters", "--long-description"),
                  (text.features, "features", "what users can do with it, one item each", "--feature"))),
            (self.license, Missing(self.key("license"), "the licence, as an SPDX identifier such as EUPL-1.2",
                                   "--license")),
            (self.maintenance != "contract",
             Missing("maintenance.contractors", "who maintains it under contract: name, end of the "
                     "contract (until: YYYY-MM-DD), e-mail address or website")),
            (self.maintenance not in PEOPLE or reachable,
             Missing(self.key("contacts"), "someone to contact, with an e-mail address",
                     '--contact "Name <email>"')),
        ]
        return [entry for filled, entry in wanted if not filled]

    def to_yaml(self) -> str:
        """The file's text: readable YAML with a comment above each key."""
        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.indent(mapping=2, sequence=4, offset=2)
        yaml.width = 4096  # long values stay on one line; the long description is wrapped here
        out = io.StringIO()
        yaml.dump(self._document(), out)
        return _PLACEHOLDER_LINE.sub(lambda match: _placeholder(yaml, *match.groups()), out.getvalue())

    def _document(self) -> Any:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

        short_max, long_min, long_max = limits()
        top = _Section(0)
        top.map.yaml_set_start_comment(HEADER)
        top.add("publiccodeYmlVersion", DoubleQuotedScalarString(VERSION),
                "The version of the publiccode.yml standard this file follows.")
        top.add("name", self.name, "The name of the software, as people usually call it.")
        top.add("url", self.url, "Where the source code is: the address of its repository (best an "
                "https address that needs no login).")
        if self.roadmap or self.status != "obsolete":
            top.add("roadmap", self.roadmap, "A public page that says where the work is going: an "
                    "issue board, milestones or a plan.")
        if self.version:
            top.add("softwareVersion", self.version, "The latest stable version, as its release calls it.")
        if self.release_date:
            top.add("releaseDate", self.release_date, "The date of that release (YYYY-MM-DD).")
        top.add("developmentStatus", self.status, f"How far the work is: {_choices('developmentStatus')}.")
        top.add("softwareType", self.software_type,
                f"What kind of software it is: {_choices('softwareType')}.")
        top.add("platforms", _list(self.platforms), "Where people use it: web, windows, mac, linux, ios, "
                "android, or another name.")
        if self.organisation:
            organisation = top.section("organisation", "The organisation publishing the software.")
            organisation.add("uri", self.organisation, "A web address or URN that identifies it.")
        description = top.section("description", "What the software does, for people deciding whether "
                                  "to use it: one section per language.")
        for text in self.texts():
            section = description.section(text.language, f"In the language `{text.language}` (a BCP 47 tag).")
            section.add("shortDescription", text.short, f"One sentence, at most {short_max} characters.")
            section.add("longDescription", LiteralScalarString(_wrapped(text.long)) if text.long else None,
                        f"What it does and for whom, in {long_min} to {long_max} characters; simple "
                        "Markdown is allowed.")
            section.add("features", _list(text.features), "What users can do with it, one item each "
                        "(5 to 20 are suggested).")
        legal = top.section("legal", "The licence.")
        legal.add("license", self.license, "As an SPDX expression, e.g. EUPL-1.2 or AGPL-3.0-or-later "
                  "(https://spdx.org/licenses/).")
        maintenance = top.section("maintenance", "Who looks after the software.")
        maintenance.add("type", self.maintenance, "internal (its publisher), contract (a contractor), "
                        "community (volunteers) or none.")
        if self.maintenance == "contract":
            maintenance.add("contractors", None,
                            "Who maintains it under contract: name, the end of the contract "
                            "(until: YYYY-MM-DD), and an e-mail address or website.")
        contacts = [_entry(name=c.name, email=c.email) for c in self.contacts]
        if contacts or self.maintenance in PEOPLE:
            maintenance.add("contacts", _list(contacts) if contacts else None,
                            "People to contact about the software: a name and an e-mail address.")
        localisation = top.section("localisation", "Languages.")
        localisation.add("localisationReady", self.localisation_ready, "Whether the software is built to be "
                         "translated into other languages.")
        localisation.add("availableLanguages", _list(self.languages or [self.language]), "The languages its "
                         "interface is available in, as BCP 47 tags (en, it, de...).")
        return top.map


HEADER = ("publiccode.yml: what this software is, how far it is and whom to contact, so that\n"
          "others can find, judge and reuse it. The standard: https://github.com/publiccodeyml/publiccode.yml\n"
          "Written by `publiccode-check init`; check it with `publiccode-check --profile complete`.")


class _Section:
    """A mapping being written, at an indentation, with a comment above each key."""

    def __init__(self, indent: int) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.map = CommentedMap()
        self.indent = indent

    def add(self, key: str, value: Any, comment: str) -> None:
        """`key: value` with `comment` above; no value (None or []) makes a placeholder."""
        self.map[key] = PLACEHOLDER if value is None or value == [] else value
        lines = textwrap.wrap(comment, WIDTH - self.indent - 2, break_on_hyphens=False)
        if not self.indent:
            lines.insert(0, "")  # a blank line before each top-level key
        self.map.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=self.indent)

    def section(self, key: str, comment: str) -> _Section:
        inner = _Section(self.indent + 2)
        self.add(key, inner.map, comment)
        return inner


PLACEHOLDER = "__publiccode_check_placeholder__"  # the value of a key to fill, until written out
_PLACEHOLDER_LINE = re.compile(rf"^( *)([A-Za-z]+): {PLACEHOLDER}$", re.MULTILINE)
# What a key to fill looks like, commented out (`…` for any text).
_EXAMPLES: dict[str, Any] = {
    "url": "https://…", "roadmap": "https://…", "platforms": ["…"], "features": ["…"],
    "contacts": [{"name": "…", "email": "…"}],
    "contractors": [{"name": "…", "until": "YYYY-MM-DD", "email": "…"}],
}


def _placeholder(yaml: Any, indent: str, key: str) -> str:
    """The commented lines that stand for `key` until it is filled in."""
    out = io.StringIO()
    yaml.dump({key: _EXAMPLES.get(key, "…")}, out)
    lines = out.getvalue().splitlines()
    lines[0] += "  (required: fill it in, then remove the #" + ("s)" if len(lines) > 1 else ")")
    return "\n".join(f"{indent}# {line}" for line in lines)


def _list(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items)


def _entry(**keys: str | None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(keys)


def allowed(*path: str) -> list[str]:
    """The values the schema allows at `path` (one source for the vocabularies)."""
    node: Any = schema()
    for key in path:
        node = node["properties"][key]
    return node["enum"]


def _choices(key: str) -> str:
    values = allowed(key)
    return ", ".join(values[:-1]) + f" or {values[-1]}"


_BLOCK_START = re.compile(r"([-*+>#]|\d+[.)])(\s|$)")


def _wrapped(text: str) -> str:
    """Paragraphs wrapped at WIDTH columns, which Markdown reads the same; lists, and
    paragraphs where a line would start like Markdown syntax, are left as they are."""
    out = []
    for paragraph in text.split("\n\n"):
        lines = textwrap.wrap(paragraph, WIDTH - 6, break_long_words=False, break_on_hyphens=False)
        plain = "\n" not in paragraph and not any(_BLOCK_START.match(line) for line in lines[1:])
        out.append("\n".join(lines) if plain else paragraph)
    return "\n\n".join(out)
