"""The `software` summary of a file, as `vet` records carry it: valid files, broken ones, hostile ones."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, VALID, require_shared, run_cli

from publiccode_check.software import LIST_LIMIT, LONG_TEXT_LIMIT, TEXT_LIMIT, summary
from publiccode_check.validate import validate_text


def software_of(text: str) -> dict | None:
    return summary(validate_text(text).data)


def test_the_standard_example_in_full() -> None:
    example = (require_shared(EXAMPLES) / "publiccode.yml").read_text(encoding="utf-8")
    software = software_of(example)
    assert software is not None
    assert software["name"] == "Medusa"
    assert software["url"] == "https://example.com/italia/medusa.git"
    assert software["landingURL"] == "https://example.com/italia/medusa"
    assert software["developmentStatus"] == "development"
    assert software["softwareType"] == "standalone/desktop"
    assert software["categories"] == ["content-management", "office"]
    assert software["scope"] == ["science-and-technology"]
    assert software["countries"] == ["IT", "DE"]
    assert software["organisation"] == {"name": "Roma Capitale", "uri": "urn:x-italian-pa:c_h501"}
    assert software["roadmap"] == "https://example.com/italia/medusa/roadmap"
    assert software["releaseDate"] == "2017-04-15"
    assert software["isBasedOn"] == ["https://github.com/italia/otello.git"]
    assert software["usedBy"] == ["Comune di Firenze", "Comune di Roma"]
    english = software["description"]["en"]
    assert english["localisedName"] == "Medusa"
    assert english["shortDescription"].startswith("This description can have a maximum 150")
    assert english["longDescription"].startswith("Very long description of this software")
    assert english["features"][0] == "Very important feature"
    assert set(english) == {"localisedName", "shortDescription", "longDescription", "features"}
    assert software["maintenance"] == {
        "type": "contract",
        "contacts": [{"name": "Francesco Rossi", "email": "francesco.rossi@comune.reggioemilia.it",
                      "affiliation": "Comune di Reggio Emilia"}],
        "contractors": [{"name": "Fornitore Privato SPA", "email": "dario.bianchi@fornitore.it"}]}


def test_an_invalid_file_keeps_what_it_says_and_drops_values_of_the_wrong_type() -> None:
    text = VALID.replace("name: Medusa", "name: [not, a, name]").replace(
        "developmentStatus: development", "developmentStatus: almost-done") + "categories: 12\n"
    result = validate_text(text)
    assert not result.valid
    software = summary(result.data)
    assert software is not None
    assert "name" not in software  # a list is no name: left out, not made into text
    assert software["developmentStatus"] == "almost-done"  # as written, even if not allowed
    assert software["categories"] == []
    assert software["description"]["en"]["features"] == ["Just one feature"]
    assert software["maintenance"]["contacts"] == [{"name": "Francesco Rossi",
                                                    "email": "francesco.rossi@example.org"}]


def test_older_files_name_their_organisation_elsewhere() -> None:
    text = VALID + "legal:\n  license: MIT\n  repoOwner: Comune di Bari\n" \
                   "it:\n  riuso:\n    codiceIPA: c_a662\n"
    text = text.replace("legal:\n  license: AGPL-3.0-or-later\n", "")
    assert software_of(text)["organisation"] == {"name": "Comune di Bari", "uri": "urn:x-italian-pa:c_a662"}


def test_a_file_that_cannot_be_loaded_has_no_summary() -> None:
    assert validate_text("name: [unclosed\n").data is None
    assert summary(None) is None
    assert summary(["a list", "not a mapping"]) is None


def test_hostile_sizes_are_cut_to_bounds() -> None:
    huge = "word " * 400_000  # 2 MB of long description
    categories = "".join(f"\n  - category-{number}" for number in range(5000))
    text = VALID.replace("    longDescription: >\n", f"    longDescription: {huge}\n    x: >\n") \
        + f"categories:{categories}\n"
    software = software_of(text)
    assert len(software["description"]["en"]["longDescription"]) == LONG_TEXT_LIMIT
    assert len(software["categories"]) == LIST_LIMIT
    assert len(json.dumps(software)) < 2 * LONG_TEXT_LIMIT + LIST_LIMIT * TEXT_LIMIT


def test_vet_records_carry_the_summary(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "publiccode.yml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "publiccode.yml").write_text(VALID.replace("name: Medusa\n", ""), encoding="utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "publiccode.yml").write_text("name: [unclosed\n", encoding="utf-8")
    done = run_cli("vet", "--no-network", "-q", ".", cwd=tmp_path)
    records = {json.loads(line)["source"]: json.loads(line) for line in done.stdout.splitlines()}
    assert done.returncode == 1, done.stderr
    good, bad, broken = (records[f"{name}/publiccode.yml"] for name in ("good", "bad", "broken"))
    assert good["formatVersion"] == bad["formatVersion"] == 2
    assert good["software"]["name"] == "Medusa" and good["status"] == "valid"
    assert bad["status"] == "invalid" and "name" not in bad["software"]
    assert bad["software"]["description"]["en"]["shortDescription"].startswith("A rather short")
    assert broken["status"] == "invalid" and broken["software"] is None
