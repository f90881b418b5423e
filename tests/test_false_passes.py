"""No false passes (issue 10): what the standard or the reference validator rejects is rejected.

One section per class of false pass the issue found, each with what must now fail (at its
key, line and column) and the nearest thing that must still pass; then a property test
generated from the JSON Schema itself: every key given a JSON type it does not accept gets
an error at that key, but for the documented `unquoted-scalar` warnings.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, STANDARD_VALID, require_shared
from localserver import LocalServer, Reply, loopback_only

from publiccode_check import Problem, Severity, schema, validate_text
from publiccode_check.load import load
from publiccode_check.vocab import IPA_ABOUT, IPA_CODES, italian_pa_codes, refresh

VALID = STANDARD_VALID  # 27 lines; a key added at the end is on line 28


def edited(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def found(text: str) -> list[tuple[str, str, str, int, int]]:
    """(rule, severity, key, line, column) of every problem of `text`."""
    return [(p.rule, p.severity.value, p.key, p.line, p.column) for p in validate_text(text).problems]


# --- 1. "", [] and {} are checked as written; only a bare `key:` is an ignored empty value -------


@pytest.mark.parametrize(("text", "expected"), [
    (VALID + "logo: []\n", ("wrong-type", "logo", 28, 7)),
    (VALID + "roadmap: {}\n", ("wrong-type", "roadmap", 28, 10)),
    (VALID + "softwareVersion: []\n", ("wrong-type", "softwareVersion", 28, 18)),
    (VALID + "applicationSuite: []\n", ("wrong-type", "applicationSuite", 28, 19)),
    (VALID + "intendedAudience: []\n", ("wrong-type", "intendedAudience", 28, 19)),
    (VALID + "intendedAudience:\n  scope: {}\n", ("wrong-type", "intendedAudience.scope", 29, 10)),
    (edited("      - Just one feature\n", "      - Just one feature\n    awards: {}\n"),
     ("wrong-type", "description.en.awards", 17, 13)),
    (VALID + "dependsOn:\n  open:\n    - name: MySQL\n      version: []\n",
     ("wrong-type", "dependsOn.open[0].version", 31, 16)),
    (VALID + "dependsOn: []\n", ("wrong-type", "dependsOn", 28, 12)),
    (VALID + 'usedBy: ""\n', ("wrong-type", "usedBy", 28, 9)),
    (VALID + "organisation: {}\n", ("missing-key", "organisation.uri", 28, 1)),
    (VALID + 'releaseDate: ""\n', ("date", "releaseDate", 28, 14)),
    (VALID + 'isBasedOn: ""\n', ("repository-url", "isBasedOn", 28, 12)),
    (VALID + 'logo: ""\n', ("file-reference", "logo", 28, 7)),
    (VALID + 'landingURL: " "\n', ("web-url", "landingURL", 28, 13)),
    (edited("email: francesco.rossi@example.org", 'email: ""'),
     ("email", "maintenance.contacts[0].email", 23, 14)),
    (edited("email: francesco.rossi@example.org", 'email: francesco.rossi@example.org\n      phone: ""'),
     ("phone", "maintenance.contacts[0].phone", 24, 14)),
    (VALID + "IT:\n  riuso:\n    codiceIPA: ''\n", ("italian-pa-code", "IT.riuso.codiceIPA", 30, 16)),
])
def test_empty_values_are_checked_as_written(text: str, expected: tuple[str, str, int, int]) -> None:
    rule, key, line, column = expected
    errors = [p for p in found(text) if p[1] == "error"]
    assert errors == [(rule, "error", key, line, column)]


@pytest.mark.parametrize(("text", "expected"), [
    (VALID + "logo:\n", [("empty-value", "warning", "logo", 28, 1)]),
    (VALID + "intendedAudience:\n  scope:\n", [("empty-value", "warning", "intendedAudience.scope", 29, 3)]),
    (VALID + 'applicationSuite: ""\n', []),  # optional free text: text, as the standard and reference read it
    (edited("      - Just one feature\n", "      - Just one feature\n    awards: []\n"), []),
    (VALID + "isBasedOn: []\n", []),
    (VALID + 'releaseDate: "2024-01-31"\n', []),
    (edited("email: francesco.rossi@example.org", 'email: francesco.rossi@example.org\n'
            '      phone: "+39 06 1234"'), []),
])
def test_nearest_empty_values_that_pass(text: str, expected: list[tuple[str, str, str, int, int]]) -> None:
    assert found(text) == expected


def test_empty_text_for_a_list_gets_no_list_of_nothing_as_hint() -> None:
    [problem] = validate_text(VALID + 'usedBy: ""\n').problems
    assert (problem.message, problem.hint) == ("`usedBy` must be a list, not empty text",
                                               "remove `usedBy`, or list its items under it")


# --- 2. a blank mandatory text, or a blank list item, is one error ------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("name: Medusa", 'name: ""', ("missing-key", "name", 2, 1)),
    ("name: Medusa", "name: '  '", ("missing-key", "name", 2, 1)),
    ('url: "https://example.com/italia/medusa.git"', 'url: ""', ("missing-key", "url", 3, 1)),
    ("shortDescription: A rather short description which is probably useless", 'shortDescription: ""',
     ("missing-key", "description.en.shortDescription", 10, 5)),
    ("longDescription: >\n      Very long description of this software, also split on multiple rows. You\n"
     "      should note what the software is and why one should need it. We can\n"
     "      potentially have many pages of text here.\n", 'longDescription: "   "\n',
     ("missing-key", "description.en.longDescription", 11, 5)),
    ("license: AGPL-3.0-or-later", 'license: ""', ("missing-key", "legal.license", 18, 3)),
    ("name: Francesco Rossi", 'name: ""', ("missing-key", "maintenance.contacts[0].name", 22, 7)),
    ('type: "community"', 'type: ""', ("missing-key", "maintenance.type", 20, 3)),
    ("  - web", '  - ""', ("empty-item", "platforms[0]", 5, 5)),
    ("      - Just one feature", "      - Just one feature\n      - ' '",
     ("empty-item", "description.en.features[1]", 17, 9)),
    ("    - en", "    - en\n    -", ("empty-item", "localisation.availableLanguages[1]", 28, 6)),
])
def test_blank_mandatory_text_is_one_error(old: str, new: str, expected: tuple[str, str, int, int]) -> None:
    rule, key, line, column = expected
    problems = validate_text(edited(old, new)).problems
    assert [(p.rule, p.severity.value, p.key, p.line, p.column) for p in problems] == [
        (rule, "error", key, line, column)]
    message = problems[0].message
    name = key.rsplit('.', 1)[-1]
    assert message.startswith(f"`{name}` is empty: give ") or \
        message == f"an item of `{name.split('[')[0]}` is empty"


def test_blank_dependency_name_and_nearest_pass() -> None:
    dependency = "dependsOn:\n  open:\n    - name: {}\n"
    assert found(VALID + dependency.format('""')) == [
        ("missing-key", "error", "dependsOn.open[0].name", 30, 7)]
    assert found(VALID + dependency.format('"-"')) == []
    assert found(edited("name: Medusa", "name: M")) == []


# --- 3. YAML 1.1 booleans are an error; a quoted one is text -----------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N"])
def test_yaml11_booleans_are_errors(word: str) -> None:
    problems = validate_text(edited("localisationReady: true", f"localisationReady: {word}")).problems
    assert [(p.rule, p.severity.value, p.key, p.line, p.column) for p in problems] == [
        ("yaml11-boolean", "error", "localisation.localisationReady", 25, 22)]
    assert problems[0].hint in ("write `true`", "write `false`")


@pytest.mark.parametrize("word", ['"yes"', "'off'", '"true"'])
def test_quoted_booleans_are_text(word: str) -> None:
    assert found(edited("localisationReady: true", f"localisationReady: {word}")) == [
        ("wrong-type", "error", "localisation.localisationReady", 25, 22)]


@pytest.mark.parametrize(("old", "new"), [
    ("localisationReady: true", "localisationReady: True"),   # YAML 1.2 booleans, any of its cases
    ("localisationReady: true", "localisationReady: FALSE"),
    ("      - Just one feature", "      - yes"),               # text where text is expected
])
def test_yaml12_booleans_and_text_pass(old: str, new: str) -> None:
    assert found(edited(old, new)) == []


# --- 4. Italian public administration codes, offline --------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    (VALID + "organisation:\n  uri: urn:x-italian-pa:no_such_pa\n", ("organisation.uri", 29, 8)),
    (VALID + "fundedBy:\n  - name: Nobody\n    uri: urn:x-italian-pa:c_zzzz\n", ("fundedBy[0].uri", 30, 10)),
    (VALID + "IT:\n  riuso:\n    codiceIPA: no_such_pa\n", ("IT.riuso.codiceIPA", 30, 16)),
])
def test_unknown_italian_pa_codes_are_errors(text: str, expected: tuple[str, int, int]) -> None:
    errors = [p for p in validate_text(text).problems if p.severity is Severity.ERROR]
    assert [(p.rule, p.key, p.line, p.column) for p in errors] == [("italian-pa-code", *expected)]
    about = json.loads(IPA_ABOUT.read_text(encoding="utf-8"))
    assert f"as of {about['date']}" in errors[0].message


@pytest.mark.parametrize("uri", [
    "urn:x-italian-pa:c_h501", "URN:X-ITALIAN-PA:C_H501", "urn:x-italian-pa:AgId", "urn:x-foobar:no_such_pa",
    "https://www.comune.roma.it"])
def test_known_italian_pa_codes_pass_whatever_their_case(uri: str) -> None:
    assert found(VALID + f"organisation:\n  uri: {uri}\n") == []


def test_shipped_list_is_the_shared_copy_and_says_where_it_comes_from() -> None:
    shared = require_shared(CORPUS.parents[1] / "vocab" / "it-ipa-codes.txt").read_text(encoding="utf-8")
    assert gzip.decompress(IPA_CODES.read_bytes()).decode("utf-8") == shared
    about = json.loads(IPA_ABOUT.read_text(encoding="utf-8"))
    assert about["codes"] == len(shared.split()) == len(italian_pa_codes())
    assert about["source"] == refresh.UPSTREAM and about["date"] == "2026-08-18"


def test_the_list_is_read_only_for_files_that_name_an_administration() -> None:
    program = (
        "from publiccode_check import validate_text; from publiccode_check.vocab import "
        "italian_pa_codes as codes\n"
        f"validate_text({VALID!r}); print(codes.cache_info().currsize)\n"
        f"validate_text({VALID + 'IT: {riuso: {codiceIPA: agid}}' + chr(10)!r})\n"
        "print(codes.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["0", "1"], done.stderr


def test_refresh_reads_a_local_copy(tmp_path: Path) -> None:
    source = tmp_path / "ipa-codes.txt"
    source.write_text("urn:x-italian-pa:c_h501\nurn:x-italian-pa:AGID\n\nurn:x-italian-pa:c_h501\nxyz_1\n",
                      encoding="utf-8")
    into = tmp_path / "vocab"
    assert refresh.main([str(source), "--date", "2026-01-02", "--into", str(into)]) == 0
    assert gzip.decompress((into / IPA_CODES.name).read_bytes()) == b"AGID\nc_h501\nxyz_1\n"
    about = json.loads((into / IPA_ABOUT.name).read_text(encoding="utf-8"))
    assert (about["date"], about["codes"], about["read from"]) == ("2026-01-02", 3, str(source))


def test_refresh_downloads_and_refuses_what_is_not_a_list(tmp_path: Path, monkeypatch, capsys) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    into = tmp_path / "vocab"
    routes = {"/ipa-codes.txt": Reply(200, b"urn:x-italian-pa:c_h501\nurn:x-italian-pa:agid\n"),
              "/page": Reply(200, b"<!DOCTYPE html>\n<html>moved</html>\n")}
    with loopback_only(), LocalServer(routes) as server:
        assert refresh.main([server.url("/ipa-codes.txt"), "--into", str(into)]) == 0
        assert "2 codes written" in capsys.readouterr().out
        before = (into / IPA_CODES.name).read_bytes()
        assert refresh.main([server.url("/page"), "--into", str(into)]) == 1
        assert refresh.main([server.url("/missing"), "--into", str(into)]) == 1
    errors = capsys.readouterr().err
    assert "/page:1: '<!DOCTYPE html>' is not `urn:x-italian-pa:CODE`" in errors and "404" in errors
    assert (into / IPA_CODES.name).read_bytes() == before  # nothing written over the good list


# --- 5. deprecated keys are still checked ------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    (VALID + "inputTypes: [text/plain, foobar]\n", ("media-type", "inputTypes[1]", 28, 26)),
    (VALID + "outputTypes: [nonsense/plain]\n", ("media-type", "outputTypes[0]", 28, 15)),
    (VALID + "monochromeLogo: logo.gif\n", ("file-format", "monochromeLogo", 28, 17)),
    (edited("      - Just one feature\n", "      - Just one feature\n    genericName: " + "x" * 36 + "\n"),
     ("length", "description.en.genericName", 17, 18)),
    (VALID + "IT:\n  countryExtensionVersion: '2.0'\n", ("bad-value", "IT.countryExtensionVersion", 29, 28)),
])
def test_deprecated_keys_are_still_checked(text: str, expected: tuple[str, str, int, int]) -> None:
    problems = validate_text(text).problems
    assert [(p.rule, p.key, p.line, p.column) for p in problems if p.severity is Severity.ERROR] == [expected]
    assert {p.rule for p in problems if p.severity is Severity.WARNING} == {"deprecated-key"}


def test_deprecated_media_types_that_pass() -> None:
    text = VALID + "inputTypes: [text/plain, application/x.empty, application/vnd.api+json]\n"
    assert [p.rule for p in validate_text(text).problems] == ["deprecated-key"]


# --- 6. no made-up problem under a value of the wrong type --------------------------------------

MAINTENANCE = '''maintenance:
  type: "community"
  contacts:
    - name: Francesco Rossi
      email: francesco.rossi@example.org
'''


@pytest.mark.parametrize("value", ["[x]", "x", "1", "[]"])
def test_maintenance_of_the_wrong_type_is_one_problem(value: str) -> None:
    assert found(edited(MAINTENANCE, f"maintenance: {value}\n")) == [
        ("wrong-type", "error", "maintenance", 19, 14)]


def test_contractors_with_community_maintenance_are_still_not_allowed() -> None:
    contractors = '  contractors:\n    - name: ACME\n      until: "2099-01-01"\n'
    text = edited('  type: "community"\n', '  type: "community"\n' + contractors)
    assert found(text) == [("not-allowed", "error", "maintenance.contractors", 21, 3)]


# --- 7. licenses that are not open ------------------------------------------------------------


@pytest.mark.parametrize(("expression", "named"), [
    ("CC-BY-NC-4.0", ["CC-BY-NC-4.0"]),
    ("EUPL-1.2 AND CC-BY-NC-4.0", ["CC-BY-NC-4.0"]),
    ("CC-BY-NC-4.0 OR CC-BY-NC-ND-4.0", ["CC-BY-NC-4.0", "CC-BY-NC-ND-4.0"]),
    ("(MIT OR CC-BY-NC-4.0) AND Elastic-2.0", ["Elastic-2.0"]),
])
def test_licenses_that_are_not_open_get_a_warning(expression: str, named: list[str]) -> None:
    result = validate_text(edited("license: AGPL-3.0-or-later", f'license: "{expression}"'))
    assert result.valid
    [problem] = result.problems
    assert (problem.rule, problem.severity, problem.key, problem.line, problem.column) == (
        "license-not-open", Severity.WARNING, "legal.license", 18, 12)
    assert re.findall(r"`([^`]+)`", problem.message) == named


@pytest.mark.parametrize("expression", [
    "AGPL-3.0-or-later", "MIT OR CC-BY-NC-4.0", "CC0-1.0", "0BSD", "GPL-2.0+ WITH Classpath-exception-2.0",
    "LicenseRef-MyOwn"])
def test_open_licenses_and_open_alternatives_pass(expression: str) -> None:
    text = edited("license: AGPL-3.0-or-later", f'license: "{expression}"')
    assert [p.rule for p in validate_text(text).problems if p.rule != "deprecated-license"] == []


def test_a_long_expression_names_a_few_ids_that_are_not_open() -> None:
    expression = " AND ".join(["CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
                               "Elastic-2.0", "BUSL-1.1", "SSPL-1.0"] * 1000)
    [problem] = validate_text(edited("license: AGPL-3.0-or-later", f'license: "{expression}"')).problems
    assert problem.rule == "license-not-open"
    assert problem.message.endswith("`Elastic-2.0` and 2 more neither OSI-approved nor FSF-libre")


# --- the property test over the JSON Schema ---------------------------------------------------

CANDIDATES: dict[str, Any] = {"string": "", "array": [], "object": {}, "number": 7, "boolean": True}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema.schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def schema_keys() -> list[tuple[tuple[Any, ...], dict[str, Any], bool]]:
    """Every key of the schema: (path, its subschema, whether it must be filled in); a language
    stands for any description language, item 0 for any list item."""
    out = []

    def walk(node: dict[str, Any], path: tuple[Any, ...]) -> None:
        node = _resolve(node)
        children = [(name, child, name in node.get("required", ()))
                    for name, child in node.get("properties", {}).items()]
        if isinstance(node.get("additionalProperties"), dict):
            children.append(("en", node["additionalProperties"], False))
        for branch in node.get("anyOf", ()):
            if isinstance(branch.get("items"), dict):
                children.append((0, branch["items"], True))
        if isinstance(node.get("items"), dict):
            children.append((0, node["items"], True))
        for name, child, required in children:
            out.append(((*path, name), _resolve(child), required))
            walk(child, (*path, name))

    walk(schema.schema(), ())
    return out


def accepted(node: dict[str, Any]) -> set[str]:
    if "anyOf" in node:
        return set().union(*(accepted(branch) for branch in node["anyOf"]))
    if "type" in node:
        return {node["type"]}
    return {"string"}  # an enum of strings


def with_value(path: tuple[Any, ...], value: Any) -> str:
    """The valid example with `value` at `path` (containers made on the way), as JSON: YAML 1.2 flow."""
    data = load(VALID.encode()).document.data  # type: ignore[union-attr]
    parent: Any = data
    for part, following in itertools.pairwise(path):
        kind = list if isinstance(following, int) else dict
        child = parent[part] if isinstance(part, int) else parent.get(part)
        if not isinstance(child, kind):
            child = parent[part] = kind()
        if kind is list and not child:
            child.append(None)  # item 0, filled in by the next step
        parent = child
    parent[path[-1]] = value
    return json.dumps(data)


KEYS = schema_keys()


def at(problems: list[Problem], path: tuple[Any, ...]) -> list[Problem]:
    return [p for p in problems if tuple(p.path) == path]


@pytest.mark.parametrize(("path", "node", "must_fill"), KEYS, ids=[".".join(map(str, p)) for p, _, _ in KEYS])
def test_every_key_rejects_the_types_it_does_not_take(path: tuple[Any, ...], node: dict[str, Any],
                                                      must_fill: bool) -> None:
    kinds = accepted(node)
    for kind, value in CANDIDATES.items():
        if kind in kinds or (kind == "number" and "integer" in kinds):
            continue
        problems = validate_text(with_value(path, value)).problems
        here = at(problems, path)
        text_like = kinds == {"string"} and "enum" not in node
        if text_like and kind in ("number", "boolean"):
            assert "unquoted-scalar" in [p.rule for p in here], (kind, problems)  # the documented warning
        else:
            assert any(p.severity is Severity.ERROR for p in here), (kind, problems)
        below = [p for p in problems if tuple(p.path[:len(path)]) == path and len(p.path) > len(path)]
        assert below == [], (kind, below)  # nothing made up under a value of the wrong type
    if "string" in kinds and must_fill:
        for blank in ("", "  "):
            problems = validate_text(with_value(path, blank)).problems
            assert [p.rule for p in at(problems, path) if p.severity is Severity.ERROR] in (
                ["missing-key"], ["empty-item"], ["version"]), (repr(blank), problems)


def test_the_schema_says_what_the_normaliser_does_about_blank_text() -> None:
    """Editors see it too: every text that must be filled in (a mandatory key, a list item) is
    refused blank by the schema alone, through an enum or the pattern `\\S`."""
    for path, node, must_fill in KEYS:
        if must_fill and accepted(node) == {"string"}:
            assert "enum" in node or node.get("pattern") == r"\S", path


# --- the documented deviations (docs/conformance.md) -------------------------------------------

CONFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "conformance.md"


def test_every_description_language_is_complete() -> None:
    """The standard asks for longDescription and features in one language only."""
    italian = "  it:\n    shortDescription: Breve\n"
    text = edited("      - Just one feature\n", "      - Just one feature\n" + italian)
    assert found(text) == [("missing-key", "error", "description.it.features", 17, 3),
                           ("missing-key", "error", "description.it.longDescription", 17, 3)]


@pytest.mark.parametrize(("key", "text"), [
    ("organisation.uri", "organisation:\n  uri: {}\n"),
    ("supports[0].id", "supports:\n  - id: {}\n"),
])
def test_uris_need_a_host_or_a_urn(key: str, text: str) -> None:
    """The standard accepts any URI; like the reference, a URI needs a host or is a URN."""
    for uri in ("urn:isbn:0451450523", "https://www.example.gov/", "ftp://files.example.gov/x"):
        assert found(VALID + text.format(uri)) == []
    [problem] = validate_text(VALID + text.format("mailto:office@example.gov")).problems
    assert (problem.key, problem.severity) == (key, Severity.ERROR)
    assert "is a `mailto:` URI, but" in problem.message and "URL with a host" in problem.message
    assert "not a valid URI" not in problem.message


@pytest.mark.parametrize(("section", "errors"), [
    ("IT:\n  riuso:\n    codiceIPA: c_h501\n", []),                       # no countryExtensionVersion
    ("IT:\n  countryExtensionVersion: '0.2'\n", []),
    ("IT:\n  countryExtensionVersion: '1.0'\n", []),
    ("IT:\n  countryExtensionVersion: '0.1'\n", ["bad-value"]),
])
def test_italian_extension_version_may_be_missing_or_0_2(section: str, errors: list[str]) -> None:
    """The standard says mandatory and "1.0"; the reference accepts it missing or "0.2"."""
    assert [p.rule for p in validate_text(VALID + section).errors] == errors


def test_funders_need_a_uri_and_should_have_a_name() -> None:
    """The standard's Organisation makes `name` mandatory and not `uri`; as the reference does,
    `uri` is required and a missing `name` is only a warning."""
    assert found(VALID + "fundedBy:\n  - name: Comune di Roma\n") == [
        ("missing-key", "error", "fundedBy[0].uri", 29, 5)]
    assert found(VALID + "fundedBy:\n  - uri: https://www.comune.roma.it\n") == [
        ("funder-name", "warning", "fundedBy[0]", 29, 5)]


def test_yaml11_booleans_are_errors_even_under_a_yaml_11_directive() -> None:
    """The standard deprecates YAML 1.1 without forbidding it; the reference reads YAML 1.2 only."""
    text = "%YAML 1.1\n---\n" + edited("localisationReady: true", "localisationReady: yes")
    assert [(p.rule, p.severity.value) for p in validate_text(text).problems] == [
        ("yaml-version", "warning"), ("yaml11-boolean", "error")]


def test_an_anchor_defined_twice_is_refused() -> None:
    """YAML 1.2 lets a later anchor of the same name replace the first; the loader refuses it."""
    result = validate_text(VALID + "usedBy:\n  - &who Comune di Roma\n  - &who Comune di Milano\n  - *who\n")
    assert [p.rule for p in result.errors] == ["yaml-syntax"]


def test_conformance_page_names_real_tests() -> None:
    """Every test docs/conformance.md names exists, so that the page cannot pin a deviation
    with a test that is gone."""
    page = CONFORMANCE.read_text(encoding="utf-8")
    named = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)(?:\[[\w-]+\])?`", page)
    assert len(named) >= 20
    for file, test in named:
        source = (CONFORMANCE.parents[1] / file).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"{file}::{test}"
