"""`publiccode-check similar`: a draft against a catalogue (a directory, a vet JSONL, a draft on
standard input), the exclusions, --status, the "why", the cache, hostile catalogues, and the
evaluation's floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, VALID, require_shared, run_cli

from publiccode_check.similar.analysis import LIST_ITEMS, WORDS_PER_FIELD, Analyser
from publiccode_check.similar.catalogue import closest, open_catalogue
from publiccode_check.similar.index import FORMAT, repository_key
from publiccode_check.similar.search import Draft

BENCH = Path(__file__).resolve().parents[1] / "bench"


def publiccode(name: str, url: str, language: str, short: str, long: str = "", *, status: str = "stable",
               categories: tuple[str, ...] = (), based_on: str | None = None,
               contact: tuple[str, str] = ("Ada Rossi", "ada@example.org")) -> dict[str, Any]:
    """A publiccode.yml as plain values (valid or not: `similar` reads drafts too)."""
    data: dict[str, Any] = {
        "publiccodeYmlVersion": "0.4", "name": name, "url": url, "developmentStatus": status,
        "softwareType": "standalone/web", "platforms": ["web"],
        "description": {language: {"shortDescription": short, "longDescription": long or short * 3,
                                   "features": ["-"]}},
        "legal": {"license": "EUPL-1.2"},
        "maintenance": {"type": "internal", "contacts": [{"name": contact[0], "email": contact[1]}]},
        "localisation": {"localisationReady": True, "availableLanguages": [language]},
    }
    if categories:
        data["categories"] = list(categories)
    if based_on:
        data["isBasedOn"] = based_on
    return data


CATALOGUE = {
    "termin": publiccode(
        "Terminvergabe", "https://example.org/stadt/termin", "de",
        "Online-Terminvergabe für Bürgerämter mit Warteschlangenmanagement",
        "Bürgerinnen und Bürger buchen Termine im Bürgeramt; die Verwaltung steuert die Warteschlange.",
        categories=("appointment-scheduling",), contact=("Jan Weber", "jan.weber@example.de")),
    "termin-fork": publiccode(
        "Terminvergabe Nord", "https://example.org/nord/termin", "de",
        "Online-Terminvergabe für Bürgerämter, angepasst für den Norden",
        categories=("appointment-scheduling",), based_on="https://example.org/stadt/termin.git"),
    "prenota": publiccode(
        "Prenota Comune", "https://example.org/comune/prenota", "it",
        "Prenotazione degli appuntamenti agli sportelli comunali",
        "Un progetto appena iniziato: i cittadini prenotano un appuntamento allo sportello del comune.",
        status="concept", categories=("appointment-scheduling",),
        contact=("Lucia Bianchi", "lucia@example.it")),
    "whistle": publiccode(
        "OpenLeaks", "https://example.org/ngo/openleaks", "en",
        "Secure and anonymous whistleblowing platform for public bodies",
        categories=("whistleblowing",)),
    "parking": publiccode(
        "Stationnement", "https://example.org/ville/stationnement", "fr",
        "Gestion du stationnement résidentiel et des permis de stationnement", status="development"),
    "library": publiccode(
        "Bibliotek", "https://example.org/kommun/bibliotek", "sv",
        "Lånesystem för kommunens bibliotek och deras böcker"),
}

DRAFT = publiccode(
    "Sportello Facile", "https://example.org/mine/sportello", "it",
    "Prenotazione online degli appuntamenti negli uffici del comune",
    "I cittadini prenotano un appuntamento allo sportello e il personale gestisce le code.")


def catalogue_tree(root: Path, files: dict[str, dict[str, Any]] = CATALOGUE) -> Path:
    for name, data in files.items():
        (root / "catalogue" / name).mkdir(parents=True, exist_ok=True)
        (root / "catalogue" / name / "publiccode.yml").write_text(json.dumps(data), encoding="utf-8")
    return root / "catalogue"


def similar(*args: str, cwd: Path, draft: dict[str, Any] | None = None) -> subprocess.CompletedProcess[str]:
    stdin = json.dumps(draft).encode() if draft is not None else None
    return run_cli("similar", *args, cwd=cwd, stdin=stdin, env=_env(cwd))


def _env(cwd: Path) -> dict[str, str]:
    from conftest import cli_env

    return cli_env(XDG_CACHE_HOME=str(cwd / "cache"))


def names(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [item["name"] for item in json.loads(done.stdout)["similar"]]


# --- the command ------------------------------------------------------------------------------------


def test_a_draft_against_a_directory_finds_the_same_idea_in_other_languages(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    (tmp_path / "draft.yml").write_text(json.dumps(DRAFT), encoding="utf-8")
    done = similar("draft.yml", "--catalogue", "catalogue", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Initiatives close to Sportello Facile in catalogue (6 records), best first:"
    ranked = [line.split(". ", 1)[1] for line in lines if line[:1].isdigit()]
    # the Italian plan first, then the German service and its fork; nothing about whistleblowing
    assert ranked[:3] == ["Prenota Comune (concept)", "Terminvergabe (stable)", "Terminvergabe Nord (stable)"]
    first = done.stdout.split("\n\n")[1]
    assert "https://example.org/comune/prenota" in first
    assert "talk to: Lucia Bianchi <lucia@example.it>" in first
    assert "why: words: Prenotazione, Sportello, appuntamenti, comune" in first
    second = done.stdout.split("\n\n")[2]
    assert "in other words: Prenotazione ≈ Terminvergabe" in second


def test_a_vet_jsonl_and_a_draft_on_standard_input(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    vetted = run_cli("vet", "--no-network", "-q", "catalogue", "-o", "records.jsonl", cwd=tmp_path)
    assert vetted.returncode in (0, 1), vetted.stderr
    done = similar("-", "--catalogue", "records.jsonl", "--format", "json", "--limit", "2", cwd=tmp_path,
                   draft=DRAFT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["catalogue"] == {"source": "records.jsonl", "records": 6}
    first, second = report["similar"]
    assert first["source"] == "prenota/publiccode.yml"  # as the record says: relative to the directory vetted
    assert first["name"] == "Prenota Comune" and first["developmentStatus"] == "concept"
    assert first["contacts"] == [{"name": "Lucia Bianchi", "email": "lucia@example.it"}]
    assert first["score"] > second["score"] > 0
    assert second["shared"]["otherWords"] and "in other words" in second["why"]
    assert set(first) >= {"source", "name", "score", "why", "url", "roadmap", "organisation", "shared"}


def test_the_same_repository_and_its_forks_are_not_suggested(tmp_path: Path) -> None:
    catalogue = catalogue_tree(tmp_path)
    itself = {**CATALOGUE["termin"], "url": "http://EXAMPLE.org/stadt/termin.git/"}  # one repository
    found = names(similar("-", "--catalogue", str(catalogue), "--format", "json", cwd=tmp_path, draft=itself))
    assert "Terminvergabe" not in found and "Terminvergabe Nord" not in found  # itself, and its fork
    assert found[0] == "Prenota Comune"

    fork = {**DRAFT, "isBasedOn": ["https://example.org/comune/prenota"]}  # a draft based on Prenota
    found = names(similar("-", "--catalogue", str(catalogue), "--format", "json", cwd=tmp_path, draft=fork))
    assert "Prenota Comune" not in found and found[0] == "Terminvergabe"

    (tmp_path / "catalogue" / "prenota" / "publiccode.yml").write_text(  # the draft is in the catalogue
        json.dumps({**CATALOGUE["prenota"], "url": None}), encoding="utf-8")
    found = names(similar(str(Path("catalogue/prenota/publiccode.yml")), "--catalogue", "catalogue",
                          "--format", "json", cwd=tmp_path))
    assert "Prenota Comune" not in found and found[0] == "Terminvergabe"


def test_status_keeps_plans_and_work_in_progress(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    done = similar("-", "--catalogue", "catalogue", "--status", "concept,development", "--format", "json",
                   cwd=tmp_path, draft=DRAFT)
    statuses = {item["developmentStatus"] for item in json.loads(done.stdout)["similar"]}
    assert statuses <= {"concept", "development"} and "concept" in statuses
    wrong = similar("-", "--catalogue", "catalogue", "--status", "planned", cwd=tmp_path, draft=DRAFT)
    assert wrong.returncode == 2 and "concept, development, beta, stable, obsolete" in wrong.stderr


def test_the_catalogue_from_the_configuration(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    (tmp_path / "project").mkdir()
    config = tmp_path / "project" / ".publiccode-check.toml"
    config.write_text('catalogue = "../catalogue"\n', encoding="utf-8")
    (tmp_path / "project" / "publiccode.yml").write_text(json.dumps(DRAFT), encoding="utf-8")
    done = similar("--format", "json", cwd=tmp_path / "project")
    assert done.returncode == 0, done.stderr
    assert names(done)[0] == "Prenota Comune"


def test_usage_errors_say_what_to_do(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    nothing = similar("-", cwd=tmp_path, draft=DRAFT)
    assert nothing.returncode == 2 and "no catalogue to search: give --catalogue" in nothing.stderr
    (tmp_path / "broken.yml").write_text("name: Draft\ndescription: [unclosed\n", encoding="utf-8")
    broken = similar("broken.yml", "--catalogue", "catalogue", cwd=tmp_path)
    assert broken.returncode == 2 and broken.stderr.startswith("publiccode-check similar: broken.yml:3:1: ")
    assert "Traceback" not in broken.stderr
    empty = similar("-", "--catalogue", "catalogue", cwd=tmp_path, draft={"publiccodeYmlVersion": "0.4"})
    assert empty.returncode == 2 and "nothing to compare" in empty.stderr
    older = {"formatVersion": 1, "source": "a", "status": "valid"}
    (tmp_path / "old.jsonl").write_text(json.dumps(older) + "\n", encoding="utf-8")
    old = similar("-", "--catalogue", "old.jsonl", cwd=tmp_path, draft=DRAFT)
    assert old.returncode == 2 and "run `publiccode-check vet` again" in old.stderr
    missing = similar("-", "--catalogue", "nowhere", cwd=tmp_path, draft=DRAFT)
    assert missing.returncode == 2 and "nowhere: no such directory or file" in missing.stderr


def test_a_draft_is_read_within_the_size_limit(tmp_path: Path) -> None:
    """An endless draft (a device, or standard input) is read as the check reads a file: up to
    its size limit, then refused in words."""
    catalogue_tree(tmp_path)
    endless = similar("/dev/zero", "--catalogue", "catalogue", cwd=tmp_path)
    assert endless.returncode == 2 and "at most 10 MiB are read" in endless.stderr, endless.stderr
    with open("/dev/zero", "rb") as zeros:
        piped = subprocess.run([sys.executable, "-m", "publiccode_check", "similar", "-", "--catalogue",
                                "catalogue"], cwd=tmp_path, env=_env(tmp_path), stdin=zeros,
                               capture_output=True, text=True, timeout=60)
    assert piped.returncode == 2 and "at most 10 MiB are read" in piped.stderr, piped.stderr


def test_values_from_the_catalogue_cannot_forge_terminal_output(tmp_path: Path) -> None:
    hostile = publiccode("Evil\x1b[2J\nRoot", "https://example.org/evil/x", "it",
                         "Prenotazione appuntamenti\x1b]0;title\x07 comune")
    catalogue_tree(tmp_path, {"evil": hostile})
    done = similar("-", "--catalogue", "catalogue", cwd=tmp_path, draft=DRAFT)
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "1. Evil\\x1b[2J\\nRoot (stable)" in done.stdout


def test_the_plain_check_and_vet_load_no_search(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    for command in ([str(tmp_path / "publiccode.yml")], ["vet", "--no-network", "-q", str(tmp_path)]):
        script = (f"import sys\nfrom publiccode_check.cli import main\nmain({command!r})\n"
                  "print(sorted(sys.modules), file=sys.stderr)")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert "'publiccode_check.validate'" in done.stderr
        assert "publiccode_check.similar" not in done.stderr and "snowballstemmer" not in done.stderr
        assert "stop_words" not in done.stderr


# --- the library: cache, hostile catalogues -------------------------------------------------------


def write_jsonl(path: Path, software: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, item in enumerate(software):
            out.write(json.dumps({"formatVersion": 2, "source": f"r{number}", "status": "valid",
                                  "software": item}) + "\n")


def summaries() -> list[dict[str, Any]]:
    from publiccode_check.software import summary

    return [summary(data) for data in CATALOGUE.values()]


def test_the_index_of_a_jsonl_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    from publiccode_check.software import summary

    jsonl, cache = tmp_path / "records.jsonl", tmp_path / "cache"
    write_jsonl(jsonl, summaries())
    analyser = Analyser()
    draft = Draft.of(summary(DRAFT), analyser)
    first = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
    again = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
    assert not first.cached and again.cached
    best = [found.record["software"]["name"] for found in closest(again, draft, analyser)]
    assert best == [found.record["software"]["name"] for found in closest(first, draft, analyser)]

    write_jsonl(jsonl, [*summaries(), summary({**DRAFT, "name": "Prenota Tutto", "url": "https://e.org/x"})])
    changed = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
    assert not changed.cached and len(changed.index) == 7
    assert closest(changed, draft, analyser)[0].record["software"]["name"] == "Prenota Tutto"

    index_file = next(cache.glob("*.index"))
    index_file.write_bytes(index_file.read_bytes()[:-100])  # damaged: rebuilt, not trusted
    rebuilt = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
    assert not rebuilt.cached and len(rebuilt.index) == 7

    data = index_file.read_bytes()  # well formed, but with values of the wrong types
    start = len(FORMAT) + 8
    length = int.from_bytes(data[len(FORMAT):start], "little")
    header = json.loads(data[start:start + length])
    header["entries"][0][3] = [["a list where an address belongs"]]
    header["extra"]["offsets"][0] = "a text where a number belongs"
    forged = json.dumps(header).encode()
    index_file.write_bytes(FORMAT + len(forged).to_bytes(8, "little") + forged + data[start + length:])
    refused = open_catalogue([str(jsonl)], cache_dir=cache, analyser=analyser)
    assert not refused.cached and closest(refused, draft, analyser)


def test_hostile_records_cost_what_their_bounds_allow(tmp_path: Path) -> None:
    """A 10 MiB description, thousands of categories and languages, a record of the wrong shape:
    each record is analysed within its bounds, and the search goes on."""
    from publiccode_check.software import summary

    words = " ".join(f"prenotazione{number}" for number in range(1_000_000))  # 13 MiB of distinct words
    languages = {f"x{n}": {"shortDescription": "appuntamento", "features": ["appuntamento"] * 10_000}
                 for n in range(50)}
    huge = {"name": "Huge", "url": "https://example.org/huge", "categories": [f"c{n}" for n in range(5000)],
            "scope": [f"s{n}" for n in range(5000)],
            "description": {"it": {"shortDescription": words, "longDescription": words}, **languages}}
    jsonl = tmp_path / "records.jsonl"
    write_jsonl(jsonl, [*summaries(), huge, {"description": "a text where a mapping belongs"}])
    analyser = Analyser()
    catalogue = open_catalogue([str(jsonl)], cache_dir=None, analyser=analyser)
    assert len(catalogue.index) == 7 and catalogue.records == 8  # the malformed record is not indexed
    analysed = analyser.analyse(huge)
    bound = 2 * LIST_ITEMS + 6 * 2 * sum(WORDS_PER_FIELD.values())  # categories, scope; 6 languages
    assert len(analysed.terms) <= bound
    found = closest(catalogue, Draft.of(summary(DRAFT), analyser), analyser)
    assert found and len(found[0].match.why) < 1000


def test_lines_nested_too_deep_are_no_records(tmp_path: Path) -> None:
    """A JSONL is read back as `vet --resume` reads it: a line nested 100,000 deep (which Python's
    JSON parser cannot read) is left out, first or later, and the search goes on."""
    deep = "[" * 100_000 + "]" * 100_000 + "\n"
    jsonl = tmp_path / "records.jsonl"
    write_jsonl(jsonl, summaries())
    records = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    jsonl.write_text(records[0] + deep + "".join(records[1:]), encoding="utf-8")
    done = similar("--catalogue", "records.jsonl", "-", "--format", "json", cwd=tmp_path, draft=DRAFT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["catalogue"]["records"] == len(CATALOGUE)
    jsonl.write_text(deep + "".join(records), encoding="utf-8")  # first: not a catalogue, not a crash
    done = similar("--catalogue", "records.jsonl", "-", cwd=tmp_path, draft=DRAFT)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_repository_addresses_are_compared_as_repositories() -> None:
    same = ["https://github.com/Org/Repo", "http://github.com/org/repo.git", "https://www.github.com/org/repo/",
            "git@github.com:org/repo.git"]
    assert {repository_key(url) for url in same} == {"github.com/org/repo"}
    assert repository_key("https://github.com/org/repo2") != repository_key(same[0])
    assert repository_key(None) == ""


# --- the evaluation ---------------------------------------------------------------------------------


def test_possible_overlaps_group_look_alikes_of_different_organisations() -> None:
    from publiccode_check.similar.overlaps import overlaps
    from publiccode_check.software import summary

    def record(name: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"source": name, "status": "valid", "software": summary(data)}

    short = "Online-Terminvergabe für Bürgerämter mit Warteschlangenmanagement und Erinnerungen"
    files = {
        "berlin": publiccode("Termine Berlin", "https://example.org/berlin/termine", "de", short,
                             categories=("appointment-scheduling",)),
        "hamburg": publiccode("Hamburg Termin", "https://example.org/hamburg/termin", "de", short,
                              categories=("appointment-scheduling",)),
        "berlin-too": publiccode("Termine Berlin 2", "https://example.org/berlin/termine2", "de", short,
                                 categories=("appointment-scheduling",)),  # the same organisation
        "fork": publiccode("Termin Fork", "https://example.org/kiel/termin", "de", short,
                           categories=("appointment-scheduling",), based_on="https://example.org/hamburg/termin"),
        **{name: data for name, data in CATALOGUE.items() if name not in ("termin", "termin-fork")},
    }
    records = {name: record(name, data) for name, data in files.items()}
    groups = overlaps(list(records.values()))
    assert [[member["source"] for member in group["repositories"]] for group in groups] == [
        ["berlin", "hamburg", "berlin-too", "fork"]]  # the others are about other things
    assert overlaps([records["hamburg"], records["fork"]]) == []  # a fork is no overlap
    assert overlaps([records["berlin"], records["berlin-too"]]) == []  # nor one organisation's two
    group = groups[0]
    assert 0.5 <= group["similarity"] <= 1
    assert group["why"].startswith("same categories: appointment-scheduling; words: ")
    assert set(group["repositories"][0]) == {"source", "name", "organisation", "url", "developmentStatus"}
    assert group["repositories"][0]["organisation"] == "example.org/berlin"  # from the address


def test_possible_overlaps_in_the_corpus(evaluation: Any) -> None:
    """What a person reading the vet report of the corpus should be shown: the same standard
    published by three organisations, the thermal plant registries of three regions."""
    from publiccode_check.similar.overlaps import overlaps

    groups = [{member["source"] for member in group["repositories"]}
              for group in overlaps(evaluation.corpus_records())]
    assert {"moda-gov-tw__publiccodenet.standard", "publiccodenet__standard",
            "standard-for-public-code__standard-for-public-code"} in groups
    assert {"RegioneER__criter", "regione-marche__CURMIT", "regione-piemonte__cit"} in groups
    assert {"consuldemocracy__consuldemocracy", "decidim__decidim"} in groups
    assert 5 <= len(groups) <= 20 and all(len(group) <= 10 for group in groups)


@pytest.fixture(scope="module")
def evaluation() -> Any:
    require_shared(CORPUS)
    sys.path.insert(0, str(BENCH))
    try:
        import similar_eval
    finally:
        sys.path.remove(str(BENCH))
    return similar_eval


def test_the_evaluation_keeps_its_recall(evaluation: Any) -> None:
    """bench/similar_eval.py's figures (in the README) stay above their floor, and well above
    plain word overlap: 22 drafts in seven languages, 18 of them written in a language other than
    the files they should find."""
    records = evaluation.corpus_records()
    repository = evaluation.repositories(records)
    ours = evaluation.evaluate(evaluation.similar_ranking(records), repository)
    baseline = evaluation.evaluate(evaluation.overlap_ranking(records), repository)
    across = [outcome for outcome in ours if outcome.across]
    assert len(ours) >= 15 and len(across) >= 5
    assert evaluation.mean_recall(ours) >= 0.65
    assert evaluation.mean_recall(across) >= 0.6
    assert evaluation.mean_recall(ours) >= evaluation.mean_recall(baseline) + 0.3
    assert sum(1 for outcome in ours if outcome.first == 1) >= 13


# --- init ---------------------------------------------------------------------------------------------


def git_repository(path: Path) -> Path:
    path.mkdir()
    for command in (["init", "-q"], ["config", "user.name", "Ada Lovelace"],
                    ["config", "user.email", "ada@example.org"],
                    ["remote", "add", "origin", "https://example.org/mine/sportello.git"]):
        subprocess.run(["git", *command], cwd=path, check=True, capture_output=True)
    return path


def test_init_ends_by_naming_whom_to_talk_to(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    repo = git_repository(tmp_path / "sportello")
    done = run_cli("init", "--name", "Sportello Facile", "--language", "it", "--short-description",
                   "Prenotazione degli appuntamenti agli sportelli comunali", "--catalogue", "../catalogue",
                   cwd=repo, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    advice = done.stdout.split("Before you start, talk to the people behind the closest initiatives in "
                               "../catalogue:\n", 1)[1].splitlines()
    assert advice[0] == ("  - Prenota Comune (concept), https://example.org/comune/prenota: "
                         "Lucia Bianchi <lucia@example.it>")
    assert advice[1].startswith("    why: ")
    named = [line for line in advice if line.startswith("  - ")]
    assert len(named) == 3 and any(line.startswith("  - Terminvergabe") for line in named)  # across languages
    assert advice[-1] == ("More, with reasons: `publiccode-check similar publiccode.yml --catalogue "
                          "../catalogue`.")


def test_init_reads_the_catalogue_from_the_configuration_and_never_fails_on_it(tmp_path: Path) -> None:
    catalogue_tree(tmp_path)
    repo = git_repository(tmp_path / "sportello")
    (repo / ".publiccode-check.toml").write_text('catalogue = "../catalogue"\n', encoding="utf-8")
    done = run_cli("init", "--short-description", "Prenotazione degli appuntamenti", "--language", "it",
                   cwd=repo, env=_env(tmp_path))
    assert done.returncode == 0 and "Prenota Comune (concept)" in done.stdout

    (repo / ".publiccode-check.toml").write_text('catalogue = "../nowhere"\n', encoding="utf-8")
    done = run_cli("init", "--force", cwd=repo, env=_env(tmp_path))
    assert done.returncode == 0 and (repo / "publiccode.yml").is_file()  # written all the same
    assert "could not be searched for similar initiatives" in done.stdout and "nowhere" in done.stdout

    (repo / ".publiccode-check.toml").unlink()
    done = run_cli("init", "--force", cwd=repo, env=_env(tmp_path))
    assert done.returncode == 0 and "Before you start" not in done.stdout and "similar" not in done.stdout
