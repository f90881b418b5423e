"""Reading the file: every bad input gets a positioned problem, never a traceback."""

from __future__ import annotations

import time

from conftest import CORPUS, require_shared
from conftest import STANDARD_VALID as VALID

from publiccode_check import Severity, validate_text


def found(text: str | bytes, rule: str) -> list[tuple[int, int, str]]:
    """(line, column, severity) of each problem of `rule`."""
    result = validate_text(text)
    return [(p.line, p.column, p.severity.value) for p in result.problems if p.rule == rule]


def test_valid_file_has_no_problem() -> None:
    result = validate_text(VALID)
    assert result.problems == []
    assert result.valid
    assert result.version == "0.7"


def test_bom_is_accepted_with_a_warning() -> None:
    result = validate_text(b"\xef\xbb\xbf" + VALID.encode())
    assert result.valid
    assert [(p.rule, p.severity, p.line) for p in result.problems] == [
        ("byte-order-mark", Severity.WARNING, 1)
    ]


def test_invalid_utf8_is_one_error_at_the_byte() -> None:
    text = VALID.replace("Medusa", "Med\xe0sa").encode("latin-1")
    result = validate_text(text)
    assert [(p.rule, p.line, p.column) for p in result.problems] == [("encoding", 2, 10)]
    assert "UTF-8" in result.problems[0].message
    assert not result.valid


def test_utf16_is_one_error() -> None:
    assert found(VALID.encode("utf-16"), "encoding") == [(1, 1, "error")]
    assert len(validate_text(VALID.encode("utf-16-le")).problems) == 1


def test_latin1_corpus_files_get_an_encoding_error() -> None:
    for name in ("ARPALit__SICAMPIONA__6dfe9ca12ac6.yml", "Comune-Milano__gefo__1913ba81b0df.yml"):
        data = require_shared(CORPUS / name).read_bytes()
        assert [p.rule for p in validate_text(data).problems] == ["encoding"]


def test_empty_file_and_only_comments() -> None:
    for text, words in (("", "empty"), ("\n\n", "empty"), ("# a comment\n# another\n", "comments")):
        result = validate_text(text)
        assert [(p.rule, p.line) for p in result.problems] == [("empty-file", 1)]
        assert words in result.problems[0].message


def test_top_level_must_be_a_mapping() -> None:
    assert found("- a\n- b\n", "not-a-mapping") == [(1, 1, "error")]
    assert found("just text\n", "not-a-mapping") == [(1, 1, "error")]


def test_second_document_is_an_error_at_its_start() -> None:
    assert found(VALID + "---\nname: other\n", "multiple-documents") == [(28, 1, "error")]


def test_yaml_directive_and_lone_trailing_separator_are_one_document() -> None:
    assert validate_text("%YAML 1.2\n---\n" + VALID).problems == []
    assert validate_text("---\n" + VALID + "---\n").problems == []
    assert validate_text(VALID + "...\n").problems == []


def test_yaml_11_directive_is_a_warning() -> None:
    result = validate_text("%YAML 1.1\n---\n" + VALID)
    assert [(p.rule, p.line) for p in result.problems] == [("yaml-version", 1)]


def test_duplicate_keys_name_both_positions_and_checking_goes_on() -> None:
    text = VALID.replace('  type: "community"\n', '  type: "community"\n  type: internal\n')
    text = text.replace("platforms:\n  - web\n", "platforms:\n  - web\nname: Again\n")
    result = validate_text(text + "unknownKey: 1\n")
    duplicates = [p for p in result.problems if p.rule == "duplicate-key"]
    assert [(p.line, p.column, p.key) for p in duplicates] == [(6, 1, "name"), (22, 3, "maintenance.type")]
    assert "line 2, column 1" in duplicates[0].message
    assert "line 21, column 3" in duplicates[1].message
    assert any(p.rule == "unknown-key" for p in result.problems)


def test_tab_indentation_is_a_plain_message_at_the_tab() -> None:
    text = VALID.replace("  license: AGPL", "\tlicense: AGPL")
    result = validate_text(text)
    assert [(p.rule, p.line, p.column) for p in result.problems] == [("yaml-syntax", 18, 1)]
    assert "tab" in result.problems[0].message


def test_bad_indentation_is_a_syntax_error_with_position() -> None:
    text = VALID.replace("  localisationReady: true", " localisationReady: true")
    result = validate_text(text)
    assert [p.rule for p in result.problems] == ["yaml-syntax"]
    assert result.problems[0].line in (25, 26)
    assert "indentation" in result.problems[0].message


def test_non_string_keys_are_errors_and_the_mapping_is_still_checked() -> None:
    text = VALID.replace("platforms:", "1: one\ntrue: yes\n~: nothing\nnmae: typo\nplatforms:")
    result = validate_text(text)
    keys = [(p.line, p.column) for p in result.problems if p.rule == "non-string-key"]
    assert keys == [(4, 1), (5, 1), (6, 1)]
    assert any(p.rule == "unknown-key" and p.key == "nmae" for p in result.problems)


def test_anchors_aliases_and_merge_keys_work() -> None:
    text = VALID.replace(
        'maintenance:\n  type: "community"\n  contacts:\n    - name: Francesco Rossi\n'
        "      email: francesco.rossi@example.org\n",
        "x-base: &person\n  name: Francesco Rossi\n  email: francesco.rossi@example.org\n"
        "maintenance:\n  type: community\n  contacts:\n    - *person\n    - <<: *person\n"
        "      name: Maria Bianchi\n",
    )
    result = validate_text(text)
    assert [(p.rule, p.key) for p in result.problems] == [("unknown-key", "x-base")]


def test_alias_bomb_is_bounded_and_reported() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    result = validate_text("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 10
    assert [p.rule for p in result.problems] == ["yaml-limits"]


def test_deep_nesting_is_bounded_and_reported() -> None:
    for text in (
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "".join(" " * i + "k:\n" for i in range(5000)),
        "a: " + "{b: " * 2000 + "c" + "}" * 2000 + "\n",
    ):
        result = validate_text(text)
        assert [p.rule for p in result.problems] == ["yaml-limits"]


def test_recursive_alias_is_reported() -> None:
    result = validate_text("a: &x\n  b: *x\n")
    assert [p.rule for p in result.problems] == ["yaml-limits"]


def test_yaml_11_forms_are_explained() -> None:
    text = VALID.replace("localisationReady: true", "localisationReady: yes")
    text = text.replace("name: Francesco Rossi\n", "name: Francesco Rossi\n      phone: 0612345678\n")
    result = validate_text(text)
    assert [p.rule for p in result.errors] == ["yaml11-boolean"]  # the reference validator refuses it
    problems = {p.rule: p for p in result.problems}
    assert set(problems) == {"yaml11-boolean", "unquoted-scalar"}
    assert "YAML 1.1" in problems["yaml11-boolean"].message
    assert problems["yaml11-boolean"].hint == "write `true`"
    assert "leading zero" in problems["unquoted-scalar"].message
    assert '"0612345678"' in (problems["unquoted-scalar"].hint or "")


def test_crlf_line_endings_keep_positions() -> None:
    text = VALID.replace("platforms:\n  - web", "platforms: web").replace("\n", "\r\n")
    result = validate_text(text.encode())
    assert [(p.rule, p.line, p.column) for p in result.problems] == [("wrong-type", 4, 12)]


def test_unknown_tag_is_read_as_text_with_a_warning() -> None:
    result = validate_text(VALID.replace("name: Medusa", "name: !custom Medusa"))
    assert result.valid
    assert [(p.rule, p.line) for p in result.problems] == [("yaml-tag", 2)]


def test_unclosed_quote_points_at_the_line_that_opens_it() -> None:
    result = validate_text(VALID.replace("name: Medusa", 'name: "Medusa'))
    [problem] = result.problems
    assert (problem.rule, problem.line) == ("yaml-syntax", 3)
    assert problem.hint == "is a closing quote missing on line 2?"


def test_unclosed_bracket_is_explained() -> None:
    [problem] = validate_text(VALID.replace("platforms:\n  - web", "platforms: [web")).problems
    assert (problem.rule, problem.line, problem.column) == ("yaml-syntax", 5, 18)
    assert problem.message.startswith("a list in brackets is not closed")
