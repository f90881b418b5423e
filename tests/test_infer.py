"""What `init` reads from a repository, extractor by extractor: the README as a document
(Markdown, reStructuredText, plain text) in each language, the features, the name, the
status and release from the history, the languages of the translation files, the type and
platforms, and the licence when metadata and text disagree. Small READMEs in several
languages and formats, with the noise found in real ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_init import GPL3, LICENSE_TEXTS, init_here, make_repo, read

from publiccode_check import validate_path
from publiccode_check.infer import document, history, kind, legal, locales, prose, readme
from publiccode_check.infer.language import detect
from publiccode_check.profiles import Policy

STANDARD = Policy("standard")


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def only(root: Path) -> readme.Description:
    found = readme.infer(root)
    assert len(found.descriptions) == 1, found.descriptions
    return found.descriptions[0]


# Language

@pytest.mark.parametrize(("language", "text"), [
    ("it", "Il modulo software gestisce il processo di preacquisizione nel caso di versamento di oggetti "
           "da trasformare, e offre agli enti un servizio di conservazione."),
    ("nl", "Het Zakenregister benut de kracht van OpenRegisters om gemakkelijk en snel alle door de VNG "
           "gedefinieerde API's te leveren aan gemeenten."),
    ("de", "Das System ist vollständig kompatibel und läuft selbst gehostet auf eurer eigenen "
           "Infrastruktur für Bürgerinnen, Bürger und die Verwaltung."),
    ("fr", "Ara est une plateforme web qui permet aux auditeurs et auditrices de réaliser leurs audits "
           "d'accessibilité numérique en ligne."),
    ("sv", "Verktyget tar en API-definition som indata och genererar en fil redo för skördning av "
           "dataportalen för svensk offentlig sektor."),
    ("en", "A service which provides a web interface for the systemd journal, so that nobody needs a "
           "shell on the host to read its logs."),
])
def test_the_language_of_prose_is_detected(language: str, text: str) -> None:
    assert detect(text) == language


def test_too_little_text_has_no_language() -> None:
    assert detect("PING (PreINGest)") is None


def test_each_readme_language_gets_its_own_description(tmp_path: Path) -> None:
    italian = ("# Kit\n\nIl kit è una libreria di componenti per creare siti accessibili della pubblica "
               "amministrazione, basata su Bootstrap Italia e pensata per gli sviluppatori degli enti.\n")
    english = ("# Kit\n\n_Read this in other languages: [Italiano 🇮🇹](README.md)._\n\n"
               "The kit is a library of components to build accessible websites of the public "
               "administration, "
               "based on Bootstrap Italia and meant for the developers of public bodies.\n")
    write(tmp_path, {"README.md": italian, "README.EN.md": english, "docs/README.md": italian})
    found = readme.infer(tmp_path)
    assert [(d.language.value, d.language.source) for d in found.descriptions] == [
        ("it", "the language of README.md"), ("en", "from the name README.EN.md")]
    assert found.descriptions[1].short.value.startswith("The kit is a library")  # not the pointer to Italian


def test_without_pycld2_english_is_assumed_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publiccode_check.infer import language

    monkeypatch.setattr(language, "available", lambda: False)
    write(tmp_path, {"README.md": "# Medusa\n\nMedusa gestisce le prenotazioni delle sale negli ospedali.\n",
                     "README.fr.md": "# Medusa\n\nMedusa gère les réservations des salles des hôpitaux.\n"})
    found = readme.infer(tmp_path)
    assert [text.language.value for text in found.descriptions] == ["en", "fr"]  # the name still tells
    assert "pycld2 is not installed on this platform" in found.descriptions[0].language.caveat


def test_leggimi_is_italian(tmp_path: Path) -> None:
    write(tmp_path, {"LEGGIMI.md": "# Medusa\n\nPrenotazioni di sale per gli ospedali della regione.\n"})
    assert only(tmp_path).language.value == "it"


def test_init_writes_a_description_per_language_and_the_file_is_valid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    dutch = ("# Medusa\n\nMedusa is een platform voor gemeenten om zalen, apparatuur en mensen te boeken. "
             "Medewerkers zien wie wat wanneer heeft geboekt en krijgen een herinnering voor elke "
             "boeking.\n\n"
             "## Functies\n\n- Zalen boeken\n- **Herinneringen** per e-mail\n")
    french = ("# Medusa\n\nMedusa est une plateforme pour les communes qui permet de réserver des "
              "salles, du matériel et des personnes, et de recevoir un rappel avant chaque réservation.\n\n"
              "## Fonctionnalités\n\n| Fonction | Détail |\n|---|---|\n| Réservation | des salles |\n")
    repo = make_repo(tmp_path, files={"README.md": dutch, "README.fr.md": french, "LICENSE": GPL3})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    data = read(repo / "publiccode.yml")
    assert list(data["description"]) == ["nl", "fr"]
    assert data["description"]["nl"]["features"] == ["Zalen boeken", "Herinneringen per e-mail"]
    assert data["description"]["fr"]["features"] == ["Réservation: des salles"]
    assert data["description"]["fr"]["shortDescription"].startswith("Medusa est une plateforme")
    assert "description: fr: short, long, features (from README.fr.md)" in out
    assert validate_path(repo / "publiccode.yml", policy=STANDARD).valid


def test_init_writes_derived_features_as_inferences_and_leaves_out_half_a_translation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    dutch = ("# Zakenregister\n\nHet Zakenregister levert alle door de VNG gedefinieerde ZGW API's aan "
             "gemeenten en overheden. Het ondersteunt het extend patroon op alle onderliggende objecten. Het "
             "maakt data minimalisatie mogelijk door middel van filtering.\n\n## Installatie\n")
    english = "# ZGWBundle\n\nSymfony bundle for ZGW functionality.\n\n## Using your code\n\n```\nmake\n```\n"
    repo = make_repo(tmp_path, files={"README.md": dutch, "docs/README.md": english, "LICENSE": GPL3})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    data = read(repo / "publiccode.yml")
    assert list(data["description"]) == ["nl"]
    assert data["description"]["nl"]["features"] == [
        "Het ondersteunt het extend patroon op alle onderliggende objecten",
        "Het maakt data minimalisatie mogelijk door middel van filtering"]
    assert ("description.nl.features: Het ondersteunt het extend patroon op alle onderliggende objecten; Het "
            "maakt data minimalisatie mogelijk door middel van filtering (from the sentences of README.md's "
            "opening text)\n    note: derived from the README's own words, not from a features list: check "
            "that each is something users can do with the software, and reword or remove it") in out
    assert ("Note: docs/README.md is in `en` but gives no long description nor features: the description in "
            "`en` was not written; add it to describe the software in that language too.") in out
    assert validate_path(repo / "publiccode.yml", policy=STANDARD).valid


# Descriptions: the noise of real READMEs

def test_rst_field_lists_badges_and_references_are_not_the_description(tmp_path: Path) -> None:
    write(tmp_path, {"README.rst": (
        "============\nOpen Inwoner\n============\n\n:Version: 1.24.0\n:Source: https://example.org/src\n\n"
        "|build| |docker|\n\nPlatform voor gemeenten en overheden om producten inzichtelijker en "
        "toegankelijker te maken voor inwoners.\n\nOntwikkeld door `Maykin`_ voor gemeenten: Deventer, "
        "Enschede, Groningen, Leeuwarden, Zaanstad en Zwolle, in lijn met de principes van Common Ground.\n\n"
        ".. note:: Zie de demo.\n\nInstallatie\n===========\n\nZie INSTALL.rst.\n\n"
        ".. _Maykin: https://www.maykinmedia.nl\n.. |build| image:: https://ci.example.org/badge.svg\n"
        ".. |docker| image:: https://ci.example.org/docker.svg\n")})
    found = readme.infer(tmp_path)
    text = found.descriptions[0]
    assert found.name.value == "Open Inwoner"
    assert text.language.value == "nl"
    assert text.short.value == ("Platform voor gemeenten en overheden om producten inzichtelijker en "
                                "toegankelijker te maken voor inwoners.")
    assert text.long.value.endswith("in lijn met de principes van Common Ground.")
    assert ":Version:" not in text.long.value and "Zie de demo" not in text.long.value


def test_markdown_noise_is_left_out(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": (
        "<h1 align=\"center\">Catala</h1>\n\n<p align=\"center\"><a "
        "href=\"https://book.example.org\">Explore the "
        "docs »</a> • <a href=\"https://example.org/issues\">Report Bug</a></p>\n\n"
        "[![CI][ci-link]](https://ci.example.org) ![Tag][tag-link]\n\n"
        "🇬🇧 [English version](README.en.md)\n\n"
        "[Documentation]\n\n"
        "<details><summary>Table of Contents</summary>\n\n* [Concepts](#concepts)\n* [License](#license)\n\n"
        "</details>\n\n"
        "> [!WARNING]\n> This is not legal advice.\n\n"
        "Catala is a language for deriving algorithms from legislative texts. It is written together with "
        "lawyers, so that they can review the code article by article and certify that it is correct.\n\n"
        "## Installation\n\n_Ports are configurable._ Run it with:\n\n```sh\nmake\n```\n\n"
        "[ci-link]: https://ci.example.org/badge.svg\n[tag-link]: https://example.org/tag.svg\n"
        "[readthedocs-url]: https://catala.readthedocs.io\n")})
    text = only(tmp_path)
    assert text.short.value == "Catala is a language for deriving algorithms from legislative texts."
    assert text.long.value == ("Catala is a language for deriving algorithms from legislative texts. It is "
                               "written together with lawyers, so that they can review the code article by "
                               "article and certify that it is correct.")
    assert readme.infer(tmp_path).name.value == "Catala"


def test_the_long_description_is_the_prose_after_the_title(tmp_path: Path) -> None:
    paragraph = ("alletaal-lint is a Dutch text readability assessment tool based on the LiNT methodology. "
                 "It provides automated scoring of Dutch text readability using linguistic features "
                 "such as word frequency and syntactic complexity.")
    write(tmp_path, {"README.md": (
        "# alletaal-lint\n\n**Dutch Text Readability Assessment Tool**\n\n"
        "[![License](https://x/b.svg)](LICENSE)\n\n"
        f"{paragraph}\n\n## Features\n\n- **Sentence-level** analysis\n- [REST API](docs/api.md) for "
        "integration\n\n## Quick Start\n\nInstall it with:\n\n```bash\npip install alletaal-lint\n```\n")})
    text = only(tmp_path)
    assert text.short.value == ("alletaal-lint is a Dutch text readability assessment tool based on the LiNT "
                                "methodology.")
    assert text.long.value == paragraph
    assert text.features.value == ["Sentence-level analysis", "REST API for integration"]


def test_a_tagline_is_the_short_description_when_there_is_no_prose(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# Klassa\n\n*Klassning av informationssystem för kommuner*\n\n"
                                  "## Installation\n"})
    text = only(tmp_path)
    assert text.short.value == "Klassning av informationssystem för kommuner"
    assert text.long is None


def test_the_opening_goes_on_under_an_introduction_heading(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": (
        "# aitema|RIS\n\n## Screenshots\n\n| A | B |\n|---|---|\n| ![a](a.png) | ![b](b.png) |\n\n"
        "## Was ist aitema|RIS?\n\naitema|RIS ist ein offenes Ratsinformationssystem für kommunale "
        "Gremienarbeit. Sitzungen, Tagesordnungen und Beschlussvorlagen werden transparent zugänglich.\n\n"
        "## Funktionen\n\n| Funktion | Details |\n|---|---|\n"
        "| **Volltextsuche** | Alle Sitzungen durchsuchbar |\n"
        "| [OParl-API](https://oparl.org) | Offene Schnittstelle |\n")})
    text = only(tmp_path)
    assert text.language.value == "de"
    assert text.short.value == ("aitema|RIS ist ein offenes Ratsinformationssystem für kommunale "
                                "Gremienarbeit.")
    assert text.features.value == ["Volltextsuche: Alle Sitzungen durchsuchbar",
                                   "OParl-API: Offene Schnittstelle"]


@pytest.mark.parametrize("heading", ["Features", "Funzionalità", "Caratteristiche principali",
                                     "Functionaliteiten",
                                     "Functies", "Fonctionnalités", "Funktionen", "Funktioner", "Goals",
                                     "✨ Key features", "Kernvoordelen"])
def test_feature_headings_in_every_language(tmp_path: Path, heading: str) -> None:
    write(tmp_path, {"README.md": f"# Medusa\n\n## {heading}\n\n- [x] Books *rooms*\n- Sends `reminders`\n\n"
                                  "## Other\n\n- not a feature\n"})
    assert only(tmp_path).features.value == ["Books rooms", "Sends reminders"]


def test_a_list_in_the_opening_is_offered_as_features_with_a_caveat(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": (
        "# BeID middleware\n\n## About\n\nThis repository contains the software and viewer for the Belgian "
        "electronic identity card. With this, you can:\n\n- Sign documents and emails using your eID\n"
        "- Read the identity data on eID cards\n\n## Installation\n")})
    features = only(tmp_path).features
    assert features.value == ["Sign documents and emails using your eID",
                              "Read the identity data on eID cards"]
    assert "check that each is something users can do" in features.caveat


def test_no_features_section_leaves_them_to_fill_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# Medusa\n\nMedusa books rooms in the hospitals of the region.\n\n"
                                  "## Installation\n\n- pip install medusa\n"})
    found = readme.infer(tmp_path)
    assert found.descriptions[0].features is None
    assert any(field == "features" and "no list or table under a features heading" in note
               for field, note in found.descriptions[0].notes)


# Features derived from what the README says of itself

def derived_features(tmp_path: Path, text: str, name: str = "README.md") -> readme.Guess[list[str]] | None:
    write(tmp_path, {name: text})
    return only(tmp_path).features


@pytest.mark.parametrize(("text", "expected"), [
    ("# Intercom\n\nIntercom is a low latency, web based intercom solution. It is designed for broadcast "
     "and media production, where low latency is critical. It provides an interface for managing channels "
     "and users. To learn more, see the [documentation](https://x/docs).\n\n## Installation\n",
     ["It is designed for broadcast and media production, where low latency is critical",
      "It provides an interface for managing channels and users"]),
    ("# Phenopix\n\nPacchetto R Phenopix. Phenopix permette di analizzare le immagini digitali delle "
     "fenocamere: a partire dai colori è possibile calcolare un indice di verde. Sviluppato da "
     "[ARPA](https://arpa.example.org) per la regione.\n",
     ["Phenopix permette di analizzare le immagini digitali delle fenocamere",
      "A partire dai colori è possibile calcolare un indice di verde"]),
    ("# Open Webconcept\n\nBinnen het Open Webconcept werken gemeenten samen aan componenten. Alle "
     "componenten ontsluiten de opgeslagen data via API's. Meer informatie vindt u [hier](https://x). "
     "Ontwikkeld door gemeenten: Buren, Heerenveen, Lansingerland.\n",
     ["Alle componenten ontsluiten de opgeslagen data via API's"]),
    ("# Publicodes\n\nPublicodes est un langage déclaratif pour encoder les algorithmes d'intérêt public. "
     "Il est adapté pour modéliser des domaines métiers complexes (comme [la législation](https://x/l), "
     "[un bilan carbone](https://x/c), etc.). Pourquoi un langage ? Voir la [documentation](https://x/d).\n",
     ["Il est adapté pour modéliser des domaines métiers complexes"]),
    ("# Kit\n\n*Der Kit ist eine Bibliothek von Komponenten für barrierefreie Webseiten.*\n\n"
     "## Über\n\nDer Kit setzt die Gestaltungsrichtlinien der Verwaltung für Angular um.\n",
     ["Der Kit ist eine Bibliothek von Komponenten für barrierefreie Webseiten"]),  # the tagline
    ("# Verktyg\n\nVerktyget tar en API-definition som indata och genererar en RDF-fil. Som indata stöds "
     "OpenAPI och RAML. Se [instruktionen](https://x) för mer information.\n",
     ["Som indata stöds OpenAPI och RAML"]),
])
def test_features_from_the_other_sentences_of_the_opening(tmp_path: Path, text: str,
                                                         expected: list[str]) -> None:
    features = derived_features(tmp_path, text)
    assert features is not None and features.value == expected
    assert "opening text" in features.source
    assert "check that each is something users can do" in features.caveat


def test_a_list_of_names_in_the_opening_is_no_list_of_features(tmp_path: Path) -> None:
    features = derived_features(tmp_path, (
        "# ckanext-fisbroker\n\nThis plugin belongs to the Datenregister of Berlin. It harvests the "
        "geoportal FIS-Broker. It implements these CKAN interfaces:\n\n- IBlueprint\n- IClick\n\n"
        "## Requirements\n"))
    assert features is not None and features.value == ["It harvests the geoportal FIS-Broker"]


def test_features_from_the_introduction_sections_further_down(tmp_path: Path) -> None:
    features = derived_features(tmp_path, (
        "# Design Comuni\n\nDesign Comuni è il tema WordPress per i siti dei Comuni italiani.\n\n"
        "## Installazione\n\nScarica il tema con `git clone`.\n\n"
        "### Cos'è e cosa fa\n\nIl tema imposta automaticamente lo stile grafico del sito e il menu di "
        "navigazione. I redattori curano solo i contenuti delle pagine.\n\n"
        "### Om ni har ett API\n\nDetta är inte en introduktion, men rubriken börjar som en.\n"))
    assert features is not None and features.value == [
        "Il tema imposta automaticamente lo stile grafico del sito e il menu di navigazione",
        "I redattori curano solo i contenuti delle pagine",
        "Detta är inte en introduktion, men rubriken börjar som en"]
    assert features.source == "from the sentences of README.md's introduction sections"


@pytest.mark.parametrize(("text", "expected", "section"), [
    ("# Catala\n\nCatala is a language for deriving algorithms from legislative texts.\n\n"
     "## Installation\n\n### From opam\n\nRun the installer, then open the book.\n\n"
     "## IDE Extensions and Tooling\n\n### Syntax highlighting\n\nSyntax highlighting is available for "
     "several editors.\n\n### VSCode extension\n\nAn extension bundles a language server.\n\n"
     "## Documentation\n\n### Cheat sheet\n\nA handy reference of the syntax.\n\n"
     "### Compiler documentation\n\nGenerate it with:\n\n    make doc\n",
     ["Syntax highlighting", "VSCode extension"], "IDE Extensions and Tooling"),
    # a usage section may hold capabilities, a setup section not
    ("# PING\n\n# Descrizione\n\nIl modulo PING gestisce il processo di preacquisizione.\n\n"
     "# Installazione\n\n## Installazione JDK\n\nConsigliata la versione 11 della OpenJDK.\n\n"
     "## Deploy su JBoss\n\nGenerare l'artefatto con Maven e copiarlo nel server.\n\n"
     "# Utilizzo\n\nLa trasmissione dei pacchetti avviene tramite interfaccia web.\n\n"
     "### Amministrazione versatori\n\nIl sistema gestisce l'anagrafe dei soggetti versatori.\n\n"
     "### Monitoraggio\n\nGli operatori seguono lo stato di ogni versamento.\n",
     ["Amministrazione versatori", "Monitoraggio"], "Utilizzo"),
])
def test_features_from_the_headings_of_capability_sections(tmp_path: Path, text: str, expected: list[str],
                                                          section: str) -> None:
    features = derived_features(tmp_path, text)
    assert features is not None and features.value == expected
    assert features.source == f'from the sub-headings of the "{section}" section of README.md'


@pytest.mark.parametrize(("files", "expected"), [
    ({"README.md": "# PDFsam\n\nPDFsam Basic is a free software to split, merge and rotate PDF files.\n\n"
                   "## Build\n\nSee the [guide](https://x).\n",
      "pom.xml": "<project><description>A free open source desktop application to split and merge pdf "
                 "documents</description><dependencies><dependency><description>x</description>"
                 "</dependency></dependencies></project>"},
     ("A free open source desktop application to split and merge pdf documents", "pom.xml")),
    ({"README.md": "# Medusa\n\nMedusa prenota le sale operatorie negli ospedali della regione Emilia.\n",
      "package.json": '{"description": "Books the operating rooms of the hospitals of the region"}'},
     None),  # in another language than the README
    ({"README.md": "# Medusa\n\nMedusa books the operating rooms of the hospitals of the region.\n",
      "pyproject.toml": '[project]\ndescription = "Medusa books the operating rooms of the hospitals"\n'},
     None),  # the short description again
    ({"README.md": "# Medusa\n\nMedusa books the operating rooms of the hospitals of the region.\n",
      "package.json": '{"description": "An Ionic project"}'}, None),  # too short to tell its language
])
def test_features_from_the_description_of_a_package_manifest(tmp_path: Path, files: dict[str, str],
                                                             expected: tuple[str, str] | None) -> None:
    write(tmp_path, files)
    features = only(tmp_path).features
    if expected is None:
        assert features is None
    else:
        assert features is not None and features.value == [expected[0]]
        assert features.source == f"from the description in {expected[1]}" and features.caveat


def test_lines_that_start_with_the_same_symbol_are_a_list(tmp_path: Path) -> None:
    features = derived_features(tmp_path, (
        "# Klassa\n\nAI-drivet informationsklassningssystem för svensk offentlig sektor.\n\n"
        "### Huvudfunktioner\n\n✅ **Hybrid klassningsmotor** - Deterministiska regler\n"
        "✅ **Revisionslogg** - Fullständig spårbarhet\n\n## Installation\n"))
    assert features is not None and features.value == ["Hybrid klassningsmotor - Deterministiska regler",
                                                        "Revisionslogg - Fullständig spårbarhet"]
    assert features.caveat is None  # a features section, not derived
    flags = document.blocks("🇬🇧 [English](README.en.md)\n🇮🇹 [Italiano](README.md)\n", "markdown")
    assert [block.kind for block in flags] == ["paragraph"]  # a row of links stays one


def test_sentences_are_split_in_one_pass_without_breaking_abbreviations() -> None:
    def sentences(paragraph: str) -> list[str]:
        return [paragraph[start:end].strip() for start, end in prose.sentence_spans(paragraph)]

    assert sentences("It books rooms, e.g. in Rome. It sends reminders! Does it? 2 more.") == [
        "It books rooms, e.g. in Rome.", "It sends reminders!", "Does it?", "2 more."]
    started = __import__("time").monotonic()
    assert len(sentences("a. b " * 100_000)) == 1  # no capital follows: one sentence, found quickly
    assert __import__("time").monotonic() - started < 2


@pytest.mark.parametrize(("title", "name"), [
    ("IO — The Italian public services app", "IO"),
    ("Klassa - KRT Klassningssystem", "Klassa"),
    ("PDFsam (PDF Split And Merge)", "PDFsam"),
    ("![logo](logo.png) Design Comuni Italia", "Design Comuni Italia"),
    ("publiccode.yml parser for Go", None),  # a phrase, not a name
    ("![badge](https://x/b.svg)", None),
    ("Over Zakenregister", None),  # "About the case register": a heading, not a name
])
def test_the_name_from_the_title(tmp_path: Path, title: str, name: str | None) -> None:
    write(tmp_path, {"README.md": f"# {title}\n\nSomething that the software does for its users, said "
                                  "well.\n"})
    found = readme.infer(tmp_path).name
    assert (found.value if found else None) == name


@pytest.mark.parametrize(("title", "remote", "name"), [
    ("medusa-ionic", "https://example.org/health/medusa.git", "medusa"),  # a folder's name: the repository's
    ("publiccode-check", "https://example.org/tools/checker.git", "publiccode-check"),
    ("Medusa Booking", "https://example.org/health/medusa.git", "Medusa Booking"),
])
def test_init_takes_the_title_unless_it_is_the_slug_with_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], title: str,
        remote: str, name: str) -> None:
    repo = make_repo(tmp_path, remote=remote, files={"README.md": f"# {title}\n\nIt books rooms.\n"})
    init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    assert read(repo / "publiccode.yml")["name"] == name


def test_a_plain_text_header_is_a_tagline_not_prose(tmp_path: Path) -> None:
    write(tmp_path, {"README": (
        "opeNoise\n\nQgis Plugin to compute noise levels\nVersion 2.0- July 2022\n"
        "GNU General Public License version 2 or later\n\nopeNoise allows to compute the noise level "
        "generated by point source or by road source at fixed receiver points and buildings.\n")})
    text = only(tmp_path)
    assert text.short.value.startswith("opeNoise allows to compute the noise level")
    assert text.long.value.startswith("Qgis Plugin to compute noise levels\n\nopeNoise")  # too short without
    assert "Version 2.0" not in text.long.value
    assert text.features.value == ["Qgis Plugin to compute noise levels"]


def test_plain_text_readme(tmp_path: Path) -> None:
    write(tmp_path, {"README": ("opeNoise\n\nopeNoise allows to compute the noise level generated by point "
                                "sources or by roads at fixed receiver points and buildings.\n\n"
                                "Homepage, bug tracker and Wiki:\nhttps://hub.example.org/projects/openoise\n")})
    found = readme.infer(tmp_path)
    assert found.name.value == "opeNoise"
    assert found.descriptions[0].short.value.startswith("opeNoise allows to compute the noise level")
    assert "https://" not in (found.descriptions[0].long.value if found.descriptions[0].long else "")


def test_blocks_of_html_markdown_and_rst() -> None:
    html = document.blocks('<h3 align="center"><big>Catala</big></h3>\n'
                           '<p><i>A language</i> <br> for law</p>\n', "markdown")
    assert html[0] == document.Block("heading", "Catala", 3)
    assert html[1].kind == "paragraph" and html[1].text == "A language for law" and not html[1].emphasis
    rst = document.blocks("Title\n=====\n\n* one\n* two\n\n::\n\n    code\n", "rst")
    assert [block.kind for block in rst] == ["heading", "list", "code"]
    assert rst[1].items == ("one", "two")


def test_rst_include_and_raw_directives_read_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret text\n", encoding="utf-8")
    text = f"Title\n=====\n\n.. include:: {secret}\n\n.. raw:: html\n   :file: {secret}\n\nSome prose here.\n"
    assert "secret" not in json.dumps(document.blocks(text, "rst"))


# Status and release

def commit(repo: Path, date: str, *tags: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=A", "-c", "user.email=a@example.org", "commit",
                    "-q", "--allow-empty", "-m", "change"], env=env, check=True)
    for tag in tags:
        subprocess.run(["git", "-C", str(repo), "tag", tag], check=True)


def test_tags_that_are_no_versions_or_too_long_are_ignored() -> None:
    assert history.release("nightly", "2024-01-01") is None
    assert history.release("test-venray-v11", "2024-01-01") is None
    assert history.release("9." * 5000 + "1", "2024-01-01") is None
    assert history.release("parser-v2.1.0-rc.1", "2024-01-01") == history.Release(
        "parser-v2.1.0-rc.1", "parser-v", "2.1.0-rc.1", (2, 1, 0), True, "2024-01-01")


@pytest.mark.parametrize(("commits", "status", "version", "date"), [
    ([], "concept", None, None),
    ([("2024-01-01T10:00:00+00:00", ())], "concept", None, None),
    ([(f"2024-01-0{day}T10:00:00+00:00", ()) for day in range(1, 10)] * 2, "development", None, None),
    ([("2024-01-01T10:00:00+00:00", ("v0.1.0",)), ("2024-02-01T10:00:00+00:00", ("v0.2.0",))],
     "development", "0.2.0", "2024-02-01"),
    ([("2024-01-01T10:00:00+00:00", ("1.0.0-rc.1",)), ("2024-02-01T10:00:00+00:00", ("1.0.0-rc.2",))],
     "beta", "1.0.0-rc.2", "2024-02-01"),
    ([("2023-01-01T10:00:00+00:00", ("v1.9.0", "nightly")), ("2024-03-05T10:00:00+00:00", ("v2.0.0",)),
      ("2024-04-01T10:00:00+00:00", ("v2.1.0-rc.1", "407.7780"))], "stable", "2.0.0", "2024-03-05"),
    ([("2024-01-01T10:00:00+00:00", ("medusa@1.2.0",)), ("2024-02-01T10:00:00+00:00", ("@medusa/ui@3.0.0",)),
      ("2024-03-01T10:00:00+00:00", ("@medusa/tools@4.0.0",))], "stable", "1.2.0", "2024-01-01"),
])
def test_status_and_release_from_the_history(tmp_path: Path, commits: list[tuple[str, tuple[str, ...]]],
                                              status: str, version: str | None, date: str | None) -> None:
    repo = make_repo(tmp_path)
    for when, tags in commits:
        commit(repo, when, *tags)
    found = history.infer(repo, "medusa")
    assert found.status.value == status
    assert (found.version.value if found.version else None) == version
    assert (found.date.value if found.date else None) == date


def test_a_manifest_version_without_tags(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, files={"pyproject.toml": '[project]\nname = "medusa"\nversion = "1.0.0"\n'})
    commit(repo, "2024-01-01T10:00:00+00:00")
    commit(repo, "2024-01-02T10:00:00+00:00")
    found = history.infer(repo, "medusa")  # the manifest is not committed: no date
    assert (found.status.value, found.version.value, found.date) == ("stable", "1.0.0", None)
    assert "no release is tagged" in found.status.caveat


def test_an_untagged_version_is_dated_by_the_commit_that_set_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)

    def save(version: str, date: str) -> None:
        (repo / "package.json").write_text(f'{{"name": "medusa", "version": "{version}"}}\n',
                                           encoding="utf-8")
        subprocess.run(["git", "-C", str(repo), "add", "package.json"], check=True)
        commit(repo, date)

    save("0.9.0", "2024-01-01T10:00:00+00:00")
    save("1.1.0", "2024-03-05T10:00:00+00:00")
    commit(repo, "2024-06-01T10:00:00+00:00")
    found = history.infer(repo, "medusa")
    assert (found.status.value, found.version.value) == ("stable", "1.1.0")
    assert found.date is not None and found.date.value == "2024-03-05"
    assert found.date.source == "from the last commit that changed `1.1.0` in package.json"
    assert "tag the release (git tag v1.1.0)" in found.date.caveat


@pytest.mark.parametrize(("readme", "version"), [
    ("# Klassa\n\n```yaml\nversion: 3.8\n```\n\n---\n\n**Version**: 1.0.0\n**Modellversion**: krt-1.0\n",
     "1.0.0"),
    ("Open Inwoner\n============\n\n:Version: 1.24.0\n:Source: https://example.org\n", "1.24.0"),
    ("opeNoise\n\nVersione 2.0 - luglio 2022\n", "2.0"),
    ("# X\n\nSince version 3 it runs on Java 8.\n\n    version = 4.1\n\nversion: '3.8'\n", None),
])
def test_a_version_line_of_the_readme_without_tags_or_manifest(tmp_path: Path, readme: str,
                                                               version: str | None) -> None:
    repo = make_repo(tmp_path, files={"README.rst" if ":Version:" in readme else "README.md": readme})
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    for day in range(1, 13):
        commit(repo, f"2024-01-{day:02d}T10:00:00+00:00")
    found = history.infer(repo, "medusa")
    assert found.status.value == "development"  # said, not released: the history tells the status
    assert (found.version.value if found.version else None) == version
    if version:
        assert "check it" in found.version.caveat
        assert found.date is not None and found.date.value == "2024-01-01"


def test_init_writes_the_release_and_says_it_is_inferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path)
    commit(repo, "2024-01-01T10:00:00+00:00", "v0.9.0")
    commit(repo, "2024-06-30T10:00:00+00:00", "v1.0.0")
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    data = read(repo / "publiccode.yml")
    assert (data["developmentStatus"], data["softwareVersion"], str(data["releaseDate"])) == \
        ("stable", "1.0.0", "2024-06-30")
    assert "developmentStatus: stable (from the history: 2 version tags, the newest release `v1.0.0`)" in out
    assert "softwareVersion: 1.0.0 (from the newest version tag, `v1.0.0`)" in out


# Localisation

@pytest.mark.parametrize(("files", "languages"), [
    (["locale/fr/LC_MESSAGES/django.po", "locale/nl/LC_MESSAGES/django.po",
      "locale/nl/LC_MESSAGES/djangojs.po", "locale/django.pot"], ["nl", "fr", "en"]),
    (["src/locales/en.json", "src/locales/it-IT.json", "src/locales/index.ts"], ["en", "it"]),
    (["app/src/main/res/values/strings.xml", "app/src/main/res/values-de/strings.xml",
      "app/src/main/res/values-pt-rBR/strings.xml"], ["de", "pt"]),
    (["ios/App/fr.lproj/Localizable.strings", "ios/App/Base.lproj/Main.storyboard"], ["fr"]),
    (["src/main/resources/messages_es.properties", "src/main/resources/messages.properties"], ["es"]),
    (["po/sv.po", "po/da.po"], ["da", "sv", "en"]),
])
def test_languages_from_translation_files(tmp_path: Path, files: list[str], languages: list[str]) -> None:
    write(tmp_path, dict.fromkeys(files, ""))
    found = locales.infer(tmp_path)
    assert found is not None and found.ready.value and found.languages is not None
    assert sorted(found.languages.value) == sorted(languages)


@pytest.mark.parametrize(("files", "languages"), [
    (["compiler/surface/lexer_en.mli", "compiler/surface/lexer_fr.mli", "compiler/surface/lexer.mli"],
     ["en", "fr"]),
    (["i18n/opeNoise_it.ts", "i18n/opeNoise_en.ts"], ["it", "en"]),  # Qt Linguist
    (["installers/Strings_nl.wxl", "installers/Strings_fr.wxl", "viewer/Resources.de.resx",
      "viewer/Resources.fr.resx"], ["nl", "fr", "de"]),
    (["translations/messages.fr.yaml", "translations/messages.de.yaml"], ["fr", "de"]),
])
def test_the_same_file_in_several_languages_is_a_translation(tmp_path: Path, files: list[str],
                                                             languages: list[str]) -> None:
    write(tmp_path, dict.fromkeys(files, ""))
    found = locales.infer(tmp_path)
    assert found is not None and found.languages is not None
    assert sorted(found.languages.value) == sorted(languages)


def test_documents_media_and_tests_in_several_languages_are_no_translations(tmp_path: Path) -> None:
    write(tmp_path, dict.fromkeys(["README.fr.md", "README.it.md", "docs/guide_fr.html", "guide_it.pdf",
                                   "guide_fr.pdf", "video/subtitles_it.vtt", "video/subtitles_en.vtt",
                                   "tests/input_en.json", "tests/input_fr.json", "src/lexer_en.ml"], ""))
    assert locales.infer(tmp_path) is None


def test_gettext_catalogues_translate_from_english(tmp_path: Path) -> None:
    write(tmp_path, {"pod/locale/fr/LC_MESSAGES/django.po": "", "pod/locale/nl/LC_MESSAGES/django.po": ""})
    found = locales.infer(tmp_path)
    assert found is not None and found.languages is not None
    assert sorted(found.languages.value[:2]) == ["fr", "nl"] and found.languages.value[2] == "en"
    assert "`en` is the language gettext catalogues translate from" in found.languages.caveat
    write(tmp_path, {"pod/locale/en/LC_MESSAGES/django.po": ""})  # English written out: nothing assumed
    again = locales.infer(tmp_path)
    assert again is not None and again.languages is not None and again.languages.caveat is None


@pytest.mark.parametrize(("files", "sign"), [
    ({"src/i18n.ts": "", "test/i18n.ts": ""}, "an internationalisation module (src/i18n.ts)"),
    ({"package.json": '{"dependencies": {"@ngx-translate/core": "^17.0.0"}}'},
     "the dependency on @ngx-translate/core, a translation library"),
    ({"go.mod": "module x\n\nrequire github.com/go-playground/universal-translator v0.18.1\n"},
     "the dependency on github.com/go-playground/universal-translator, a translation library"),
    ({"composer.json": '{"require": {"symfony/translation": "^7.0"}}'},
     "the dependency on symfony/translation, a translation library"),
])
def test_ready_for_localisation_without_translation_files(tmp_path: Path, files: dict[str, str],
                                                          sign: str) -> None:
    write(tmp_path, files)
    found = locales.infer(tmp_path)
    assert found is not None and found.ready.value and found.ready.source == f"from {sign}"
    assert found.languages is None and "add the others" in found.ready.caveat


def test_no_translation_files_no_languages(tmp_path: Path) -> None:
    write(tmp_path, {"docs/fr/index.md": "", "lang/js/app.js": "", "src/main.py": "", "tests/i18n.py": "",
                     "package.json": '{"description": "i18next is not a dependency here"}'})
    assert locales.infer(tmp_path) is None


# Type and platforms

SPRING = "<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>"


@pytest.mark.parametrize(("files", "software_type", "platforms"), [
    ({"capacitor.config.ts": "", "ionic.config.json": "{}", "angular.json": "{}",
      "package.json": '{"private": true, "dependencies": {"@angular/core": "17"}}'}, "standalone/mobile",
     ["android", "ios"]),
    ({"manage.py": "", "pyproject.toml": '[project]\ndependencies = ["django"]\n',
      "frontend/package.json": "{}", "frontend/vite.config.ts": ""}, "standalone/web", ["web"]),
    ({"package.json": '{"name": "dsfr", "main": "dist/index.js", "peerDependencies": {"react": "18"}}',
      "docs/index.html": "", "docs/next.config.js": ""}, "library", ["web"]),
    ({"pyproject.toml": '[project]\nname = "lint"\n[project.scripts]\nlint = "lint:main"\n'},
     "standalone/desktop", ["windows", "mac", "linux"]),
    ({"metadata.txt": "[general]\nqgisMinimumVersion=3.0\n", "__init__.py": ""}, "addon",
     ["windows", "mac", "linux"]),
    ({"style.css": "/* Theme Name: Comuni */", "functions.php": "", "package.json": '{"main": "index.js"}'},
     "addon", ["web"]),
    ({"ckanext/fisbroker/plugin.py": "", "setup.py": "from setuptools import setup\n"}, "addon", ["web"]),
    ({"composer.json": '{"type": "symfony-bundle"}'}, "addon", ["web"]),
    ({"DESCRIPTION": "Package: phenopix\n", "NAMESPACE": ""}, "library", ["windows", "mac", "linux"]),
    ({"pom.xml": SPRING, "Dockerfile": "", "src/main/resources/templates/index.ftlh": ""}, "standalone/web",
     ["web"]),  # it renders pages
    ({"pom.xml": SPRING, "Dockerfile": ""}, "standalone/backend", ["web"]),
    ({"Cargo.toml": '[dependencies]\nhyper = "1"\n', "deployment/journal.service": ""}, "standalone/backend",
     ["web", "linux"]),  # a systemd service runs on Linux
    ({"setup.py": "entry_points={'console_scripts': ['fisca=fisca.cli:main']}", "fisca/__init__.py": "",
      "fisca/periods/py.typed": ""}, "library", ["windows", "mac", "linux"]),  # typed, to import
    ({"capacitor.config.ts": "", "deploy/app.service": ""}, "standalone/mobile", ["android", "ios"]),
])
def test_type_and_platforms_from_weighted_signs(tmp_path: Path, files: dict[str, str], software_type: str,
                                                platforms: list[str]) -> None:
    write(tmp_path, files)
    found_type, found_platforms = kind.infer(tmp_path)
    assert (found_type.value, found_platforms.value) == (software_type, platforms), found_type.source


@pytest.mark.parametrize(("classifiers", "platforms"), [
    (["Operating System :: POSIX :: Linux"], ["linux"]),
    (["Operating System :: MacOS", "Operating System :: Microsoft :: Windows"], ["windows", "mac"]),
    (["Operating System :: OS Independent"], ["windows", "mac", "linux"]),
    ([], ["windows", "mac", "linux"]),
])
def test_a_command_line_tool_runs_where_its_manifest_says(tmp_path: Path, classifiers: list[str],
                                                          platforms: list[str]) -> None:
    listed = ", ".join(f'"{classifier}"' for classifier in classifiers)
    write(tmp_path, {"pyproject.toml": f'[project]\nname = "tool"\nclassifiers = [{listed}]\n'
                                       '[project.scripts]\ntool = "tool:main"\n'})
    assert kind.infer(tmp_path)[1].value == platforms


def test_a_command_line_tool_is_never_web(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "tool"\n[project.scripts]\ntool = "tool:main"\n',
                     "Dockerfile": "FROM python\n"})
    assert "web" not in kind.infer(tmp_path)[1].value


# Licence

def test_the_licence_text_wins_over_metadata(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nlicense = "MIT"\n',
                     "LICENSE": LICENSE_TEXTS["AGPL-3.0-or-later"]})
    found, notes = legal.infer(tmp_path)
    assert found.value == "AGPL-3.0-or-later"
    assert notes == ["pyproject.toml says `MIT` but LICENSE reads as `AGPL-3.0-or-later`: the licence text "
                     "was used, since it is what binds; correct the metadata, or the licence if the "
                     "text is wrong"]


def test_the_lesser_gpl_is_read_from_copying_lesser(tmp_path: Path) -> None:
    write(tmp_path, {"COPYING": GPL3, "COPYING.LESSER": LICENSE_TEXTS["LGPL-3.0-or-later"]})
    assert legal.infer(tmp_path)[0].value == "LGPL-3.0-or-later"


@pytest.mark.parametrize(("files", "expected"), [
    ({"LICENSES/EUPL-1.2.txt": "", "README.md": "# X\n"}, "EUPL-1.2"),
    ({"README.md": "# X\n\nIt is under the MIT licence, says the intro.\n\n## Licens\n\n"
                   "DCAT-AP-SE-Processor är licensierad under EUPL-1.2<br>\n"
                   "Se [licens](LICENSES/EUPL-1.2.txt).\n"
                   "\n## Beroenden\n\n- Apache-2.0 for a library\n"}, "EUPL-1.2"),
    ({"README.md": "# X\n\n## Licens\n\n[Specificera licens här]\n"}, None),
    ({"README.md": "# X\n\n## License\n\nEUPL-1.2, and MIT for the fonts.\n"}, None),  # two: not told
])
def test_without_licence_text_reuse_or_the_readme_section(tmp_path: Path, files: dict[str, str],
                                                          expected: str | None) -> None:
    write(tmp_path, files)
    found, _ = legal.infer(tmp_path)
    assert (found.value if found else None) == expected
    if found and "README" in found.source:
        assert "no licence text" in found.caveat


@pytest.mark.parametrize(("files", "expected", "quoted"), [
    ({"LICENSE.md": GPL3, "README": "opeNoise\n\nA plugin\nGNU General Public License version 2 or later\n"},
     "GPL-2.0-or-later", "GNU General Public License version 2 or later"),
    ({"COPYING": LICENSE_TEXTS["AGPL-3.0-or-later"],
      "README.md": "# X\n\n## Licenza\n\nRilasciato sotto AGPL-3.0-only.\n"},
     "AGPL-3.0-only", "AGPL-3.0-only"),
    ({"LICENSE": GPL3, "README.md": "# X\n\nLicensed under the GPLv3+.\n"}, "GPL-3.0-or-later", "GPLv3+"),
    # another licence of the family, or versions the text does not allow, say nothing of this one
    ({"LICENSE": LICENSE_TEXTS["AGPL-3.0-or-later"],
      "README.md": "# X\n\nSince version 3 it is under the GNU Affero General Public License, earlier ones "
                   "under GPLv2 or later.\n"}, "AGPL-3.0-or-later", None),
    ({"LICENSE": GPL3, "README.md": "# X\n\nGPL version 2 only.\n"}, "GPL-3.0-or-later", None),
])
def test_the_readme_says_which_versions_of_a_gnu_licence(tmp_path: Path, files: dict[str, str], expected: str,
                                                         quoted: str | None) -> None:
    write(tmp_path, files)
    found, _ = legal.infer(tmp_path)
    assert found is not None and found.value == expected
    if quoted:
        assert found.source.endswith(f"which says “{quoted}”") and found.caveat is None
    else:
        assert "was assumed" in found.caveat


def test_several_reuse_licences_are_left_to_the_user(tmp_path: Path) -> None:
    write(tmp_path, {"LICENSES/EUPL-1.2.txt": "", "LICENSES/CC0-1.0.txt": ""})
    found, notes = legal.infer(tmp_path)
    assert found is None
    assert notes == ["LICENSES/ holds several licences (CC0-1.0, EUPL-1.2): the one of the project is to "
                     "give"]


# Bounded and lazy

def test_a_hostile_rst_readme_is_read_quickly(tmp_path: Path) -> None:
    import time

    body = "* " * 50_000 + "\n" + "`a <" * 50_000 + "\n" + ("- a\n  " * 5_000) + "\n"
    write(tmp_path, {"README.rst": f"Title\n=====\n\n{body}"})
    started = time.monotonic()
    readme.infer(tmp_path)
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("body", [
    "## a\n\n### b\n\nsome prose text here\n\n" * 8000,  # headings: sections inside sections
    "".join(f"Then [c{i}](z) does it? " for i in range(20000)),  # sentences full of links
    "It does " + "".join(f"[c{i}](z): and; " for i in range(20000)),  # one sentence, endless clauses
    "✅ item\n" * 50000,
])
def test_features_are_derived_in_linear_time(tmp_path: Path, body: str) -> None:
    import time

    write(tmp_path, {"README.md": f"# Title\n\nIt books rooms in the hospitals of the region. {body}\n"})
    started = time.monotonic()
    readme.infer(tmp_path)
    assert time.monotonic() - started < 10


def test_control_characters_of_a_readme_reach_neither_the_terminal_nor_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, files={
        "README.md": "# Med\x1b[31musa\n\nMedusa books\x1b]0;pwned\x07 rooms in the hospitals\u2028of the "
                     "region.\n",
        "package.json": '{"license": "MIT\\u001b[2J"}'})
    out = init_here(repo, monkeypatch=monkeypatch, capsys=capsys)
    written = (repo / "publiccode.yml").read_text(encoding="utf-8")
    for text in (out, written):
        assert "\x1b" not in text and "\x07" not in text and "\u2028" not in text
    assert read(repo / "publiccode.yml")["description"]["en"]["shortDescription"].startswith("Medusa books")


def test_the_plain_check_imports_no_parser_or_detector(tmp_path: Path) -> None:
    script = ("import json, sys\nfrom publiccode_check.cli import main\n"
              f"code = main([{str(tmp_path / 'publiccode.yml')!r}])\n"
              "print(json.dumps(sorted(sys.modules)))")
    (tmp_path / "publiccode.yml").write_text("name: x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & {"markdown_it", "docutils", "pycld2", "publiccode_check.infer"}


def test_the_summary_lists_every_field_an_option_gives() -> None:
    from publiccode_check.cli.init import _FLAGS, _SUMMARY

    assert set(_FLAGS) <= set(_SUMMARY) and len(set(_SUMMARY)) == len(_SUMMARY)
