"""Every real publiccode.yml of ../shared/corpus/real gets a result, and the examples pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, require_shared

from publiccode_check import validate_path

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0e20000000049454e44ae426082"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


def corpus_files() -> list[Path]:
    return sorted(require_shared(CORPUS).glob("*.yml"))


def test_corpus_is_there() -> None:
    assert len(corpus_files()) == 220


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_gets_a_positioned_result(path: Path) -> None:
    result = validate_path(path)
    assert result.failure is None
    assert result.valid == (not result.errors)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and problem.rule


def test_known_broken_corpus_files_fail_for_the_right_reason() -> None:
    expected = {
        "Abbatangeli__PITre__d1d43ff1afcd.yml": "yaml-syntax",
        "ARPALit__SICAMPIONA__6dfe9ca12ac6.yml": "encoding",
        "Comune-Milano__gefo__1913ba81b0df.yml": "encoding",
        "reedu-reengineering-education__smart-city-dashboard.yml": "yaml-syntax",
        "globaleaks__GlobaLeaks__2993f1fb1900.yml": "unknown-key",  # the pre-0.2 version key
        "suitenumerique__docs.yml": "version",
    }
    for name, rule in expected.items():
        result = validate_path(require_shared(CORPUS / name))
        assert rule in {p.rule for p in result.errors}, name


@pytest.mark.parametrize("name", [
    "ARPA-SIMC__portale-allerta-meteo.yml", "Arpae-it__get5p.yml", "RegioneUmbria-RCB__SISO.yml"])
def test_corpus_files_the_catalogue_refuses_for_yaml11_booleans(name: str) -> None:
    """`localisationReady: yes` is text in YAML 1.2: the catalogue refuses these files, and
    this is their only error."""
    result = validate_path(require_shared(CORPUS / name))
    assert [(p.rule, p.key) for p in result.errors] == [("yaml11-boolean", "localisation.localisationReady")]


@pytest.mark.parametrize("name", ["publiccode.yml", "publiccode.minimal.yml"])
def test_official_examples_pass_with_their_images(tmp_path: Path, name: str) -> None:
    shutil.copy(require_shared(EXAMPLES / name), tmp_path / "publiccode.yml")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_bytes(SVG)
    for shot in ("sshot1.jpg", "sshot2.jpg", "sshot3.jpg"):
        (tmp_path / "img" / shot).write_bytes(JPEG)
    result = validate_path(tmp_path / "publiccode.yml")
    assert result.errors == []
    assert {p.rule for p in result.warnings} <= {"deprecated-key", "expired-contract"}  # until: 2019
