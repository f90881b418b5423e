"""Per-rule fixtures, and the messages a user reads for the most common mistakes.

Each directory of fixtures/rules/ is named after a rule id (every rule but the network checks)
and holds:
- pass.yml: a complete, valid publiccode.yml showing the forms the rule accepts;
- fail.yml: the same kind of file with several violations of that rule only;
- expected.txt: one `LINE:COLUMN SEVERITY KEY` line per problem of that rule in fail.yml.
docs/rules.md shows them with what the check says of each fail.yml (messages and hints), and is
kept up to date by a test here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROADMAP_LINE
from conftest import STANDARD_VALID as VALID

from publiccode_check import Problem, Severity, load, rules, schema, validate_path, validate_text
from publiccode_check.profiles import PROFILES, Policy

RULES_DIR = Path(__file__).parent / "fixtures" / "rules"
FIXTURES = sorted(path.name for path in RULES_DIR.iterdir() if path.is_dir())
ALL_RULES = {rule.id: rule for rule in (*load.RULES, *schema.RULES, *rules.RULES)}

# Warnings a pass.yml cannot avoid while showing the accepted form of its rule.
PASS_WARNINGS = {rule_id: {"deprecated-key"} for rule_id in
                 ("duplicate-country-section", "media-type", "italian-pa-code")}


def located(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.column} {p.severity.value} {p.key}".rstrip() for p in problems]


def described(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.column} {p.severity.value} {p.key}: {p.message} [{p.rule}]"
            for p in problems]


def test_every_rule_has_fixtures() -> None:
    assert set(ALL_RULES) == set(FIXTURES)


# Rules a profile changes; their fixtures are complete files and are checked in both profiles.
PROFILE_RULES = {rule_id for levels in PROFILES.values() for rule_id in levels}


def profiles_for(rule_id: str) -> list[str]:
    return list(PROFILES) if rule_id in PROFILE_RULES else ["standard"]


@pytest.mark.parametrize("rule_id", FIXTURES)
def test_pass(rule_id: str) -> None:
    for profile in profiles_for(rule_id):
        result = validate_path(RULES_DIR / rule_id / "pass.yml", policy=Policy(profile))
        allowed = PASS_WARNINGS.get(rule_id, set())
        unexpected = [p for p in result.problems
                      if p.severity is Severity.ERROR or p.rule not in allowed]
        assert result.failure is None
        assert described(unexpected) == [], profile


@pytest.mark.parametrize("rule_id", FIXTURES)
def test_fail(rule_id: str) -> None:
    """expected.txt holds the problems at the rule's own severity; a profile may lower or drop them."""
    expected = (RULES_DIR / rule_id / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "expected.txt lists no problem"
    for profile in profiles_for(rule_id):
        level = PROFILES[profile].get(rule_id)
        wanted = [] if level == "off" else [
            re.sub(r" (error|warning) ", f" {level} ", line) if level else line for line in expected]
        result = validate_path(RULES_DIR / rule_id / "fail.yml", policy=Policy(profile))
        assert located([p for p in result.problems if p.rule == rule_id]) == wanted, profile
        others = [p for p in result.errors if p.rule != rule_id]
        assert described(others) == [], f"fail.yml must not break other rules ({profile})"


# Focused tests on messages, on edits of conftest.VALID (the standard's minimal example).


def edited(old: str, new: str) -> str:
    """VALID with `old` (which must be in it) replaced by `new`."""
    assert old in VALID
    return VALID.replace(old, new, 1)


def problems_of(text: str, rule_id: str | None = None) -> list[Problem]:
    problems = validate_text(text).problems
    return [p for p in problems if p.rule == rule_id] if rule_id else problems


def only(text: str, rule_id: str) -> Problem:
    """The one problem of `text`, which must be of `rule_id`."""
    problems = problems_of(text)
    assert [p.rule for p in problems] == [rule_id], described(problems)
    return problems[0]


def test_base_is_valid() -> None:
    assert described(problems_of(VALID)) == []


def test_it_is_suggested_for_a_wrong_case_section() -> None:
    problem = only(VALID + "It:\n  piattaforme:\n    spid: true\n", "unknown-key")
    assert (problem.line, problem.column, problem.key) == (28, 1, "It")
    assert "`IT`" in problem.message


def test_name_is_suggested_and_not_reported_missing() -> None:
    problem = only(edited("name: Medusa", "Name: Medusa"), "unknown-key")
    assert (problem.line, problem.column, problem.key) == (2, 1, "Name")
    assert "`name`" in problem.message


def test_unquoted_version_must_be_quoted() -> None:
    problem = only(edited('publiccodeYmlVersion: "0.7"', "publiccodeYmlVersion: 0.2"), "version")
    assert (problem.severity, problem.line, problem.column) == (Severity.ERROR, 1, 23)
    assert problem.hint is not None and "quote" in problem.hint and '"0.2"' in problem.hint


@pytest.mark.parametrize("version", ['"0.1"', '"1"', '"0.8"', '"v0.7"', '""'])
def test_unsupported_versions(version: str) -> None:
    problem = only(edited('"0.7"', version), "version")
    assert (problem.line, problem.column) == (1, 23)


def test_missing_version() -> None:
    problem = only(edited('publiccodeYmlVersion: "0.7"\n', ""), "version")
    assert (problem.key, problem.severity) == ("publiccodeYmlVersion", Severity.ERROR)


def test_a_single_platform_string_is_a_type_error() -> None:
    problem = only(edited("platforms:\n  - web", "platforms: web"), "wrong-type")
    assert (problem.line, problem.column, problem.key) == (4, 12, "platforms")


def test_unquoted_software_version_shows_what_yaml_read() -> None:
    problem = only(edited("name: Medusa", "name: Medusa\nsoftwareVersion: 1.10"),
                   "unquoted-scalar")
    assert problem.severity is Severity.WARNING
    assert (problem.line, problem.column) == (3, 18)
    assert re.search(r"\b1\.1\b", problem.message), problem.message


@pytest.mark.parametrize(("flags", "errors"), [(150, 0), (151, 1)])
def test_a_flag_is_one_character(flags: int, errors: int) -> None:
    text = edited("A rather short description which is probably useless", "🇮🇹" * flags)
    assert [p.key for p in problems_of(text, "length")] == ["description.en.shortDescription"] * errors
    assert [p.rule for p in problems_of(text)] == ["length"] * errors


@pytest.mark.parametrize("language", ["en_GB", "eng"])
def test_non_bcp47_description_keys(language: str) -> None:
    problem = only(edited("  en:\n", f"  {language}:\n"), "language-tag")
    assert (problem.line, problem.column, problem.key) == (9, 3, f"description.{language}")
    assert language in problem.message


@pytest.mark.parametrize(("code", "rule_id"), [
    ("XK", None), ("it", "lowercase-country-code"), ("It", "country-code")])
def test_country_codes(code: str, rule_id: str | None) -> None:
    text = VALID + f"intendedAudience:\n  countries:\n    - {code}\n"
    problems = problems_of(text)
    assert [p.rule for p in problems] == ([rule_id] if rule_id else [])
    if rule_id:
        assert (problems[0].line, problems[0].column) == (30, 7)
        assert problems[0].severity is ALL_RULES[rule_id].severity


def test_deprecated_spdx_id_passes_with_a_warning() -> None:
    problem = only(edited("AGPL-3.0-or-later", "GPL-3.0"), "deprecated-license")
    assert problem.severity is Severity.WARNING
    assert problem.hint is not None and "GPL-3.0-only" in problem.hint


@pytest.mark.parametrize("expression", [
    "MIT and Apache-2.0",            # operator in lower case
    "MIT OR",                        # ends where a license is expected
    "(MIT OR Apache-2.0",            # unclosed parenthesis
    "MIT Apache-2.0",                # two licenses with no operator
    "GPL-2.0-only WITH MIT",         # a license after WITH
    "AGPL-3.0-or-late",              # not in the SPDX list
    "EUPL 1.2",                      # a space instead of a hyphen
    "Proprietary",                   # not an SPDX id
])
def test_invalid_license_expressions(expression: str) -> None:
    problem = only(edited("AGPL-3.0-or-later", f'"{expression}"'), "license")
    assert (problem.line, problem.column, problem.key) == (18, 12, "legal.license")


def test_contractors_are_not_allowed_with_internal_maintenance() -> None:
    text = edited('type: "community"', 'type: "internal"\n'
                  '  contractors:\n    - name: ACME\n      until: "2099-01-01"')
    problem = only(text, "not-allowed")
    assert (problem.line, problem.column, problem.key) == (21, 3, "maintenance.contractors")


CONTACTS = "  contacts:\n    - name: Francesco Rossi\n      email: francesco.rossi@example.org\n"


@pytest.mark.parametrize("contacts", [
    "",
    CONTACTS,
])
def test_contract_maintenance_needs_contractors(contacts: str) -> None:
    text = edited('  type: "community"\n' + CONTACTS, '  type: "contract"\n' + contacts)
    problem = only(text, "missing-key")
    assert (problem.line, problem.column, problem.key) == (19, 1, "maintenance.contractors")


@pytest.mark.parametrize(("line", "mistake"), [
    ("logo: 'C:\\img\\logo.svg'", "C:\\img"),
    ('landingURL: "mailto:info@example.org"', "mailto:"),
])
def test_hints_do_not_repeat_the_mistake(line: str, mistake: str) -> None:
    problem = only(VALID + line + "\n", "file-reference" if "logo" in line else "web-url")
    assert problem.hint is None or mistake not in problem.hint


@pytest.mark.parametrize(("url", "rule_ids"), [
    ("https://www.youtube.com/watch?v=abc", []),
    ("https://example.com/video.mp4", ["video-url"]),
])
def test_videos(url: str, rule_ids: list[str]) -> None:
    text = edited("      - Just one feature\n", f"      - Just one feature\n    videos:\n      - {url}\n")
    assert [p.rule for p in problems_of(text)] == rule_ids


def test_path_that_comes_back_inside_the_repository_is_fine(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    result = validate_text(VALID + "logo: img/../img/logo.svg\n", repo_root=tmp_path)
    assert described(result.problems) == []
    outside = validate_text(VALID + "logo: img/../../logo.svg\n").problems
    assert [p.rule for p in outside] == ["file-reference"]


@pytest.mark.parametrize("empty", ["softwareType:", 'softwareType: ""', "softwareType: ' '"])
def test_empty_mandatory_enum_is_reported_as_empty(empty: str) -> None:
    problem = only(edited('softwareType: "standalone/desktop"', empty), "missing-key")
    assert (problem.line, problem.column) == (7, 1)
    assert problem.message == "`softwareType` is empty: give the type of software"
    assert problem.hint == ("write one of: standalone/mobile, standalone/iot, standalone/desktop, "
                            "standalone/web, standalone/backend, standalone/other, addon, library, "
                            "configurationFiles")


def test_quoted_booleans() -> None:
    problem = only(edited("localisationReady: true", 'localisationReady: "true"'), "wrong-type")
    assert problem.hint == "write true without quotes"
    problem = only(edited("localisationReady: true", "localisationReady: 'no'"), "wrong-type")
    assert problem.message == "`localisationReady` must be true or false, not the text `no`"
    assert problem.hint == "write false without quotes"


def test_lowercase_italian_section_gets_one_warning_on_its_key() -> None:
    text = VALID + "it:\n  riuso:\n    codiceIPA: c_h501\n"
    problems = problems_of(text, "deprecated-key")
    assert [(p.key, p.message) for p in problems] == [
        ("it", "deprecated since version 0.5 of the standard"),
        ("it.riuso.codiceIPA", "deprecated since version 0.5 of the standard"),
    ]


def test_empty_contacts_of_community_maintenance_is_one_error() -> None:
    text = edited("  contacts:\n    - name: Francesco Rossi\n      email: francesco.rossi@example.org\n",
                  "  contacts: []\n")
    problem = only(text, "too-few-items")
    assert problem.key == "maintenance.contacts"


def test_other_country_sections_are_explained() -> None:
    problem = only(VALID + "nl:\n  countryExtensionVersion: '1.0'\n", "unknown-key")
    assert (problem.line, problem.column, problem.key) == (28, 1, "nl")
    assert "no country-specific section but `IT`" in problem.message
    assert "did you mean" not in problem.message


@pytest.mark.parametrize("tag", [
    "en", "it", "EN", "de-CH", "es-419", "sr-Latn", "sr-Latn-RS", "zh-Hant-TW", "ca-ES-valencia",
    "sl-IT-nedis", "en-US-u-ca-gregory", "en_GB", "eng", "xx", "sr-lat", "zh-Xxxx", "en-ZZZ",
    "localisedName", "x-private", "in", "iw", "krm-Latn", "de-DE-1996", "en-GB-oed",
])
def test_language_tag_fast_path_agrees_with_the_registry(tag: str) -> None:
    from language_tags import tags

    from publiccode_check.rules.languages import is_language_tag

    deprecated_only = all(error.code in (1, 11) for error in tags.tag(tag).errors)
    assert is_language_tag(tag) == deprecated_only


def test_empty_url_is_an_error_but_empty_optional_text_is_text() -> None:
    problem = only(VALID + 'roadmap: ""\n', "web-url")
    assert (problem.line, problem.column, problem.message) == (28, 10, "the address is empty")
    assert problems_of(VALID + 'applicationSuite: ""\n') == []  # text, as the standard and reference read it
    assert only(VALID + "applicationSuite:\n", "empty-value").key == "applicationSuite"


def test_is_based_on_list_items_are_checked_one_by_one() -> None:
    problems = problems_of(VALID + "isBasedOn: [\"https://example.org/a.git\", [1]]\n")
    assert [(p.rule, p.key, p.column) for p in problems] == [("wrong-type", "isBasedOn[1]", 42)]
    problem = only(VALID + "isBasedOn: {a: 1}\n", "wrong-type")
    assert problem.message == "`isBasedOn` must be text or a list, not a mapping"


def test_misspelt_version_key_is_one_problem() -> None:
    problem = only(VALID.replace("publiccodeYmlVersion", "publiccodeYMLVersion"), "unknown-key")
    assert "did you mean `publiccodeYmlVersion`" in problem.message


def test_key_that_lost_its_indentation_is_placed() -> None:
    problems = problems_of(edited("  license: AGPL-3.0-or-later", "license: AGPL-3.0-or-later"))
    unknown = [p for p in problems if p.rule == "unknown-key"]
    assert [(p.key, p.hint) for p in unknown] == [
        ("license", "if it belongs to `legal`, indent it under `legal:`")]


def test_catalogue_lists_every_rule_once() -> None:
    from publiccode_check.catalogue import ALL_RULES, BY_ID
    from publiccode_check.network import RULES as NETWORK_RULES  # tested in test_network*.py
    from publiccode_check.validate import RULES as PIPELINE_RULES  # tested in test_hostile.py

    assert len(BY_ID) == len(ALL_RULES) == len(set(ALL_RULES))
    assert set(BY_ID) == (set(FIXTURES) | {rule.id for rule in NETWORK_RULES}
                          | {rule.id for rule in PIPELINE_RULES})


def test_a_rule_turned_off_hides_nothing_else() -> None:
    text = edited("description:\n  en:\n", "description:\n  shortDescription: oops\n  en:\n")
    assert [p.rule for p in validate_text(text).problems] == ["description-language"]
    quiet = validate_text(text, policy=Policy("standard", {"description-language": "off"})).problems
    assert [(p.rule, p.key) for p in quiet] == [("wrong-type", "description.shortDescription")]
    no_bom_warning = Policy("standard", {"byte-order-mark": "off"})
    with_bom = validate_text(b"\xef\xbb\xbf" + VALID.encode(), policy=no_bom_warning)
    assert with_bom.problems == []


def test_contact_required_message() -> None:
    text = edited("      email: francesco.rossi@example.org\n", "")
    [problem] = [p for p in validate_text(text, policy=Policy("complete")).problems
                 if p.rule == "contact-required"]
    assert problem.message == "nobody can be reached: no contact has an e-mail address"


# --- one problem per mistake, and messages that read right the first time ---------------------

COMPLETE = Policy("complete")
NO_CONTACTS = "  contacts:\n    - name: Francesco Rossi\n      email: francesco.rossi@example.org\n"


def complete_problems(text: str) -> list[str]:
    return described(validate_text(text, policy=COMPLETE).problems)


@pytest.mark.parametrize("empty", ["roadmap:", 'roadmap: ""', "roadmap: '  '"])
def test_an_empty_required_roadmap_is_one_problem(empty: str) -> None:
    assert complete_problems(VALID + empty + "\n") == [
        "28:1 error roadmap: `roadmap` is empty: give the address (http or https) of a public roadmap: an "
        "issue board, milestones or a plan [roadmap-required]"]
    # where the profile does not ask for a roadmap, the empty value is what it is
    assert [p.rule for p in validate_text(VALID + empty + "\n").problems] == (
        ["empty-value"] if empty == "roadmap:" else ["web-url"])


def test_a_missing_roadmap_is_reported_at_the_start_of_the_file() -> None:
    [problem] = validate_text(VALID, policy=COMPLETE).problems
    assert (problem.rule, problem.line, problem.column, problem.end_line, problem.end_column) == (
        "roadmap-required", 1, 1, 1, 1)
    assert problem.hint == ("add `roadmap:` with the address (http or https) of a public roadmap: an issue "
                            "board, milestones or a plan; for example "
                            "`roadmap: https://github.com/comune/medusa/milestones`")


@pytest.mark.parametrize(("contacts", "expected"), [
    ("  contacts:\n", "21:3 error maintenance.contacts: `contacts` is empty: give the people to contact "
     "about the software: a name and an e-mail address each (it is required when maintenance.type is "
     "\"internal\" or \"community\") [missing-key]"),
    ("", "19:1 error maintenance.contacts: `contacts` is missing: it is required when maintenance.type is "
     "\"internal\" or \"community\" [missing-key]"),
    ("  contacts: []\n", "21:13 error maintenance.contacts: `contacts` is empty; it needs at least one item "
     "[too-few-items]"),
    ("  contacts:\n    - name: Francesco Rossi\n      email:\n", "23:7 error maintenance.contacts[0].email: "
     "`email` is empty: give an e-mail address where the person can be reached [contact-required]"),
    ("  contacts:\n    - name: Francesco Rossi\n", "19:1 error maintenance: nobody can be reached: no "
     "contact has an e-mail address [contact-required]"),
])
def test_missing_or_empty_contacts_are_one_problem(contacts: str, expected: str) -> None:
    assert complete_problems(edited(NO_CONTACTS, contacts) + ROADMAP_LINE) == [expected]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  license: AGPL-3.0-or-later", "  license:", "18:3 error legal.license: `license` is empty: give the "
     "licence of the software, as an SPDX expression (https://spdx.org/licenses/) [missing-key]"),
    ("    features:\n      - Just one feature\n", "    features:\n", "15:5 error description.en.features: "
     "`features` is empty: give what users can do with the software, one item each [missing-key]"),
    ("name: Medusa", "name:", "2:1 error name: `name` is empty: give the name of the software, as people "
     "usually call it [missing-key]"),
    ("legal:\n  license: AGPL-3.0-or-later\n", "legal:\n", "17:1 error legal: `legal` is empty: give the "
     "licence of the software [missing-key]"),
])
def test_an_empty_mandatory_value_is_one_problem_saying_what_to_give(old: str, new: str,
                                                                     expected: str) -> None:
    assert complete_problems(edited(old, new) + ROADMAP_LINE) == [expected]


def test_an_empty_release_of_stable_software_is_one_warning() -> None:
    text = edited("developmentStatus: development", "developmentStatus: stable\nsoftwareVersion:\n"
                  "releaseDate: 2020-01-01") + ROADMAP_LINE
    assert complete_problems(text) == [
        "7:1 warning softwareVersion: `softwareVersion` is empty: give the version of the latest release, as "
        "text [stable-release-info]"]


def test_missing_keys_say_what_the_key_is_for_with_an_example() -> None:
    text = edited("localisation:\n  localisationReady: true\n  availableLanguages:\n    - en\n", "")
    problem = only(text, "missing-key")
    assert (problem.line, problem.column, problem.end_line, problem.end_column) == (1, 1, 1, 1)
    assert problem.message == "the mandatory key `localisation` is missing"
    assert problem.hint == (
        "add `localisation:` with the localisation of the software: whether it is built to be translated, "
        "and the languages it is available in; for example:\n  localisation:\n    localisationReady: false\n"
        "    availableLanguages:\n      - en")
    nested = only(edited("  license: AGPL-3.0-or-later\n", "  mainCopyrightOwner: Comune di Roma\n"),
                  "missing-key")
    assert (nested.line, nested.column, nested.key) == (17, 1, "legal.license")  # the line of `legal:`
    assert nested.hint == ("add `license:` under `legal:` with the licence of the software, as an SPDX "
                           "expression (https://spdx.org/licenses/); for example `license: EUPL-1.2`")


def test_every_example_in_the_schema_is_valid_where_it_stands() -> None:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "examples" in node:
                found.append(node)
                assert all(schema.conforms(example, node) for example in node["examples"]), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.schema())
    assert len(found) > 20


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("2024-02-30", "`2024-02-30` is not a real date: February 2024 has 29 days",
     "check the day; the last day of February 2024 is 2024-02-29"),
    ("2021-08-2", "`2021-08-2` is not written as YYYY-MM-DD", "write `2021-08-02`"),
    ("30/01/2024", "`30/01/2024` is not written as YYYY-MM-DD", "write `2024-01-30`"),
    ("02/03/2024", "`02/03/2024` is not written as YYYY-MM-DD, and could be two dates",
     "write `2024-03-02` if it is 2 March, or `2024-02-03` if it is 3 February"),
    ("2024-13-01", "`2024-13-01` is not a real date: there is no month 13",
     "if the month and the day are swapped, write `2024-01-13`"),
    ('"2024-01-30T10:00:00Z"', "`2024-01-30T10:00:00Z` is a date and a time; only the date is wanted",
     "write `2024-01-30`"),
    ("last year", "`last year` is not a date written as YYYY-MM-DD",
     "write the date as YYYY-MM-DD, e.g. 2024-03-31"),
])
def test_date_hints_fit_the_value(written: str, message: str, hint: str) -> None:
    problem = only(VALID + f"releaseDate: {written}\n", "date")
    assert (problem.line, problem.column, problem.message, problem.hint) == (28, 14, message, hint)


@pytest.mark.parametrize(("old", "new", "guess"), [
    ('softwareType: "standalone/desktop"', "softwareType: softwareAddon", "addon"),
    ('softwareType: "standalone/desktop"', "softwareType: R package", "library"),
    ('type: "community"', "type: commercial", "contract"),
    ("developmentStatus: development", "developmentStatus: production", "stable"),
    ("developmentStatus: development", "developmentStatus: Beta", "beta"),
])
def test_near_misses_of_a_fixed_list_get_a_suggestion(old: str, new: str, guess: str) -> None:
    problem = only(edited(old, new), "bad-value")
    assert problem.message.endswith(f"(did you mean `{guess}`?)")
    assert problem.hint == f"write `{guess}`"


def test_categories_and_scopes_get_suggestions_and_are_told_apart() -> None:
    text = VALID + ("categories:\n  - cms\n  - healthcare\n"
                    "intendedAudience:\n  scope:\n    - public administration\n")
    assert [(p.key, p.message, p.hint) for p in problems_of(text)] == [
        ("categories[0]", "the text `cms` is not in the standard's list of values for `categories` (did you "
         "mean `content-management`?)", "write `content-management`"),
        ("categories[1]", "the text `healthcare` is not in the standard's list of values for "
         "`categories`; it is a value of `intendedAudience.scope`", "move it to `intendedAudience.scope`, "
         "and choose one from the standard's list for `categories` if one fits"),
        ("intendedAudience.scope[0]", "the text `public administration` is not in the standard's list of "
         "values for `scope` (did you mean `government`?)", "write `government`"),
    ]


def test_synonyms_name_only_values_of_their_lists() -> None:
    from publiccode_check.vocab import load_vocab

    for listed, synonyms in load_vocab("synonyms").items():
        if listed.startswith("$"):
            continue
        path = tuple(listed.split(".")) + ((0,) if listed in ("categories", "intendedAudience.scope") else ())
        allowed = schema._allowed(path)
        assert allowed, listed
        assert set(synonyms.values()) <= set(allowed), listed
        assert not set(synonyms) & set(allowed), listed  # a value of the list is not a synonym


@pytest.mark.parametrize(("address", "message", "hint"), [
    ("francesco.rossi", "there is no @ in it", "write a single address like name@example.org"),
    ("Francesco Rossi <francesco.rossi@example.org>",
     "it holds more than the address (a name, or angle brackets)", "write `francesco.rossi@example.org`"),
    ("mailto:francesco.rossi@example.org", "`mailto:` belongs in links, not in the address",
     "write `francesco.rossi@example.org`"),
    ("francesco@localhost", "`localhost`, after the @, is not a domain name (it has no dot)",
     "write a single address like name@example.org"),
    ("francesco@exa_mple.org", "a character or a part is not allowed where it is (in detail: The part after "
     "the @-sign contains invalid characters: '_'.)", "write a single address like name@example.org"),
])
def test_email_problems_are_in_our_words(address: str, message: str, hint: str) -> None:
    problem = only(edited("francesco.rossi@example.org", f'"{address}"'), "email")
    assert problem.message == f"`{address}` is not a valid e-mail address: {message}"
    assert problem.hint == hint


def fixture_and_corpus_problems() -> list[Problem]:
    from conftest import CORPUS, require_shared

    files = sorted(RULES_DIR.rglob("*.yml")) + sorted(require_shared(CORPUS).glob("*.y*ml"))
    return [problem for path in files for problem in validate_path(path, policy=COMPLETE).problems]


def test_no_message_repeats_its_key() -> None:
    """Every report shows `KEY: MESSAGE`; a message names at most the last part of its key."""
    problems = fixture_and_corpus_problems()
    assert len(problems) > 1000
    assert [described([p]) for p in problems if len(p.path) > 1 and f"`{p.key}`" in p.message] == []


def test_rules_documentation_is_up_to_date() -> None:
    from publiccode_check.catalogue import markdown

    docs = RULES_DIR.parents[2] / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == markdown(RULES_DIR), (
        "docs/rules.md is out of date: python -m publiccode_check.catalogue --markdown > docs/rules.md")


def test_a_requirement_placed_on_another_key_hides_nothing_there() -> None:
    """Missing release information is reported on `developmentStatus`: what else is wrong with
    `developmentStatus` is still said."""
    text = edited("developmentStatus: development", "developmentStatus: !custom stable") + ROADMAP_LINE
    assert [(p.rule, p.key) for p in validate_text(text, policy=COMPLETE).problems] == [
        ("stable-release-info", "developmentStatus"), ("yaml-tag", "developmentStatus")]


@pytest.mark.parametrize("written", ["0000-02-30", "0000-00-00", "9999-12-32", "9999/12/32", "32/13/0000",
                                     "0000-01-01T00:00", "99999-01-01"])
def test_dates_at_the_ends_of_the_calendar_get_a_message(written: str) -> None:
    problem = only(VALID + f'releaseDate: "{written}"\n', "date")
    assert problem.message.startswith(f"`{written}` is not")
