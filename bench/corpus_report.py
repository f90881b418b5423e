"""Summarise publiccode-check's verdicts on the real-world corpus, as Markdown.

    python bench/corpus_report.py [CORPUS_DIR] > docs/corpus.md

The corpus holds the publiccode.yml files alone, without the logos and screenshots of
their repositories, so the `file-missing` errors are counted apart: the second verdict
is the one a repository with its images would get.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from publiccode_check import Severity, validate_path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    results = [validate_path(path) for path in sorted(corpus.glob("*.yml"))]
    valid = sum(r.valid for r in results)
    valid_with_files = sum(not any(p.rule != "file-missing" for p in r.errors) for r in results)
    by_rule: Counter[tuple[str, str]] = Counter()
    files_by_rule: Counter[str] = Counter()
    for result in results:
        for problem in result.problems:
            by_rule[(problem.rule, problem.severity.value)] += 1
        for rule in {p.rule for p in result.problems}:
            files_by_rule[rule] += 1
    versions = Counter(r.version or "(not text)" for r in results)
    print(f"# The real-world corpus\n\n{len(results)} files of `../shared/corpus/real`, checked with "
          "`publiccode-check` (default options, offline).\n")
    print(f"- valid as they are: **{valid}**, invalid: **{len(results) - valid}**")
    print(f"- valid but for `file-missing` (images not in the corpus): **{valid_with_files}**")
    print(f"- with warnings only or nothing: {sum(1 for r in results if r.valid and r.warnings)} with "
          f"warnings, {sum(1 for r in results if not r.problems)} without any problem\n")
    print("| rule | severity | problems | files |\n|---|---|---|---|")
    for (rule, severity), count in by_rule.most_common():
        print(f"| `{rule}` | {severity} | {count} | {files_by_rule[rule]} |")
    print("\n| declared version | files |\n|---|---|")
    for version, count in sorted(versions.items()):
        print(f"| `{version}` | {count} |")
    errors = Counter(p.message for r in results for p in r.problems if p.severity is Severity.ERROR
                     and p.rule != "file-missing")
    print("\nMost frequent error messages:\n")
    for message, count in errors.most_common(15):
        print(f"- {count} × {message}")


if __name__ == "__main__":
    main()
