"""One source of truth: the JSON Schema (as editors use it) and the validator agree."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, EXAMPLES, VALID, require_shared

from publiccode_check import schema as structure
from publiccode_check import validate_text
from publiccode_check.load import RULES as LOAD_RULES
from publiccode_check.load import load

FIXTURES = Path(__file__).parent / "fixtures"
STRUCTURAL = {rule.id for rule in structure.RULES if rule.severity.value == "error"}


def samples() -> list[Path]:
    """The standard's examples and the fixtures, but for the files of the reading rules that fail
    to load (they are not YAML mappings, or not even UTF-8)."""
    reading = {rule.id for rule in LOAD_RULES}
    fixtures = [path for path in FIXTURES.rglob("*.yml") if not (
        path.name == "fail.yml" and path.parent.name in reading and load(path.read_bytes()).document is None)]
    return sorted(require_shared(EXAMPLES).glob("*.yml")) + sorted(fixtures)


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(structure.schema())


@pytest.mark.parametrize("path", samples(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_schema_and_validator_agree(path: Path) -> None:
    data = path.read_bytes()
    loaded = load(data)
    if loaded.document is None:
        pytest.fail(f"{path} does not load: every sample must be a YAML mapping")
    schema_errors = list(
        jsonschema.Draft202012Validator(structure.schema()).iter_errors(loaded.document.data)
    )
    ours = [p for p in validate_text(data).problems if p.rule in STRUCTURAL]
    if not schema_errors:
        assert ours == [], "the schema accepts what the validator rejects"
    for problem in ours:
        assert any(
            tuple(e.path)[: len(problem.path)] == problem.path[: len(tuple(e.path))] for e in schema_errors
        ), f"the schema does not see {problem}"


def test_examples_are_valid_against_the_schema() -> None:
    for path in sorted(require_shared(EXAMPLES).glob("*.yml")):
        loaded = load(path.read_bytes())
        assert loaded.document is not None
        assert (
            list(jsonschema.Draft202012Validator(structure.schema()).iter_errors(loaded.document.data)) == []
        )


def test_vocabularies_match_the_standard_lists() -> None:
    spec = require_shared(EXAMPLES.parent)
    properties = structure.schema()["properties"]

    def listed(name: str) -> list[str]:
        lines = (spec / name).read_text(encoding="utf-8").splitlines()
        return [line[2:].strip() for line in lines if line.startswith("- ")]

    assert properties["categories"]["items"]["enum"] == listed("categories-list.rst")
    assert properties["intendedAudience"]["properties"]["scope"]["items"]["enum"] == listed("scope-list.rst")


def test_aliases_match_the_standard_list() -> None:
    import re

    from publiccode_check.vocab import load_vocab

    text = (require_shared(EXAMPLES.parent) / "aliases-list.rst").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^([a-z0-9]+)\s+(https://\S+)$", text, re.MULTILINE))
    assert load_vocab("aliases") == listed


def test_fast_verdict_knows_every_keyword_of_the_schema() -> None:
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            used.update(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for child in value.values():
                        walk(child)
                elif key not in ("enum", "const", "required", "examples"):
                    walk(value)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(structure.schema())
    assert used <= structure.ASSERTIONS | structure.ANNOTATIONS


def loadable(paths: list[Path]) -> list[Path]:
    """The files the loader turns into a document (the others get a loading problem)."""
    return [path for path in paths if load(path.read_bytes()).document is not None]


@pytest.mark.parametrize(
    "path", loadable(samples() + sorted(require_shared(CORPUS).glob("*.yml"))), ids=lambda p: p.name
)
def test_fast_verdict_equals_jsonschema(path: Path) -> None:
    loaded = load(path.read_bytes())
    assert loaded.document is not None
    document, _ = structure.check(loaded.document)
    fast = structure.conforms(document.data, structure.schema())
    assert fast == structure._validator().is_valid(document.data)


@pytest.mark.parametrize(
    "path", loadable(samples() + sorted(require_shared(CORPUS).glob("*.yml"))), ids=lambda p: p.name
)
def test_errors_of_the_pruned_schema_are_jsonschema_errors(path: Path) -> None:
    loaded = load(path.read_bytes())
    assert loaded.document is not None
    data = structure.check(loaded.document)[0].data

    def seen(errors: object) -> list[tuple[object, ...]]:
        return sorted((tuple(e.path), e.validator, repr(e.validator_value)) for e in errors)

    assert seen(structure._errors(data)) == seen(structure._validator().iter_errors(data))


def test_lengths_count_characters_as_read_even_beside_other_errors() -> None:
    """100 accented letters written as letter + combining accent (200 code points) are a short
    description of 100 characters, also when jsonschema runs on `description` for another error
    (there, its own minLength/maxLength once replaced ours, which count grapheme clusters)."""
    short = "e\u0301" * 100
    text = VALID.replace("A rather short description which is probably useless", short)
    without_features = text.replace("    features:\n      - Just one feature\n", "")
    assert without_features != text
    found = [(p.rule, p.key) for p in validate_text(without_features).problems]
    assert found == [("missing-key", "description.en.features")]
    too_long = without_features.replace(short, "e\u0301" * 151)
    assert [p.message for p in validate_text(too_long).problems if p.rule == "length"] == [
        "`shortDescription` is 151 characters long; it must be at most 150"]
