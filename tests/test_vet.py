"""`publiccode-check vet` as a catalogue maintainer runs it, against forges imitated on loopback.

GitHub-, GitLab- and Gitea-style servers (tests/forges.py) serve a few dozen repositories
made of real publiccode.yml files from ../shared/corpus/real and of broken answers: missing
files, private repositories, web pages, binary garbage, server errors, slow and huge
answers. A real git repository is served over smart HTTP for the git fallback. Each run is
a separate process under the loopback safety net (forges.vet): nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, STANDARD_VALID, require_shared
from forges import (
    SAFETY_NET,
    Concurrency,
    Forge,
    GitServer,
    by_source,
    command,
    environment,
    git_repository,
    raw,
    read_records,
    vet,
)
from localserver import Reply, loopback_only

from publiccode_check.load import MAX_BYTES
from publiccode_check.network import Network, NetworkOptions
from publiccode_check.profiles import Policy
from publiccode_check.validate import Result, validate_path
from publiccode_check.vet.fetch import (
    Fetcher,
    FetchFailure,
    Repository,
    is_file_url,
    raw_file,
    repository,
)

MiB = 2**20
KEYS = {"formatVersion", "source", "fileUrl", "status", "publiccodeYmlVersion", "valid", "errors", "warnings",
        "problems", "failure", "timings", "software"}  # as records.py documents them
OFFLINE = ("--no-network", "--allow-private-hosts", "--no-cache")
GIT_REFS = Reply(200, b"001e# service=git-upload-pack\n",
                 {"Content-Type": "application/x-git-upload-pack-advertisement"})


@pytest.fixture(autouse=True)
def _loopback_only() -> Iterator[list]:
    """This process reaches nothing but loopback either (the runs under test are guarded by forges.vet)."""
    with loopback_only() as attempts:
        yield attempts


def corpus_files(count: int) -> list[tuple[Path, Result]]:
    """`count` real files spread over the corpus, with their results as `publiccode-check` gives
    them, among those whose verdict does not depend on files beside them (relative logos)."""
    paths = sorted(require_shared(CORPUS).glob("*.yml"))
    chosen = []
    for path in paths[::3] + paths[1::3]:
        result = validate_path(path, policy=Policy("standard"))
        if not any(problem.rule == "file-missing" for problem in result.problems):
            chosen.append((path, result))
        if len(chosen) == count:
            return chosen
    raise AssertionError("too few corpus files")


def problems(record_or_result: dict[str, Any] | Result) -> list[tuple[str, str, int, int]]:
    if isinstance(record_or_result, Result):
        return [(p.rule, p.severity.value, p.line, p.column) for p in record_or_result.problems]
    return [(p["rule"], p["severity"], p["line"], p["column"]) for p in record_or_result["problems"]]


def summary_counts(text: str) -> dict[str, int]:
    """The counts by status of the summary's first line: `N repositories: 3 valid, 1 missing`."""
    first = text.splitlines()[0]
    total, _, counts = first.partition(":")
    found = {status: int(number) for number, status in re.findall(r"(\d+) (\w+)", counts)}
    found["total"] = int(total.split()[0])
    return found


# --- addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "origin", "project"), [
    ("https://github.com/italia/medusa", "https://github.com", ("italia", "medusa")),
    ("https://github.com/italia/medusa.git", "https://github.com", ("italia", "medusa")),
    ("https://github.com/italia/medusa/", "https://github.com", ("italia", "medusa")),
    ("https://GitHub.com/italia/medusa/tree/main/docs", "https://github.com", ("italia", "medusa")),
    ("https://gitlab.com/region/health/booking/-/tree/main", "https://gitlab.com",
     ("region", "health", "booking")),
    ("https://gitlab.com/region/health/booking.git", "https://gitlab.com", ("region", "health", "booking")),
    ("git@github.com:italia/medusa.git", "https://github.com", ("italia", "medusa")),
    ("git@git.example.org:city/app.git", "https://git.example.org", ("city", "app")),
    ("http://127.0.0.1:8080/city/app", "http://127.0.0.1:8080", ("city", "app")),
    ("https://git.example.org:8443/region/health/booking/-/blob/main/README.md",
     "https://git.example.org:8443", ("region", "health", "booking")),
])
def test_repository_of_an_address(url: str, origin: str, project: tuple[str, ...]) -> None:
    found = repository(url)
    assert found is not None
    assert (found.origin, found.project) == (origin, project)
    assert found.address == origin + "/" + "/".join(project)


@pytest.mark.parametrize(("url", "kind", "address"), [
    ("https://git.example.org/city/app/src/branch/main/docs", "gitea", "https://git.example.org/city/app"),
    ("https://ghe.example.org/city/app/tree/main", "github", "https://ghe.example.org/city/app"),
    ("https://git.example.org/region/health/booking", "gitlab", "https://git.example.org/region/health/booking"),
])
def test_a_page_inside_a_project_on_a_self_hosted_forge(url: str, kind: str, address: str) -> None:
    repo = repository(url)
    assert repo is not None and repo.on(kind).address == address


@pytest.mark.parametrize(("url", "is_file"), [
    ("https://github.com/publiccodeyml/publiccode.yml", False),  # a repository named like the file
    ("https://github.com/publiccodeyml/publiccode.yml.git", False),
    ("https://github.com/italia/medusa/blob/main/publiccode.yml", True),
    ("https://raw.githubusercontent.com/italia/medusa/HEAD/publiccode.yml", True),
    ("https://gitlab.com/region/health/booking/-/raw/main/publiccode.yaml", True),
    ("https://catalogue.example.org/files/medusa.yml", True),
    ("https://git.example.org/city/app", False),
])
def test_an_address_of_a_file_or_of_a_repository(url: str, is_file: bool) -> None:
    assert is_file_url(url) is is_file


@pytest.mark.parametrize("url", ["not an address", "ftp://example.org/city/app", "https://example.org/",
                                 "https://github.com/italia", "https://gitlab.com/"])
def test_what_names_no_repository(url: str) -> None:
    assert repository(url) is None


@pytest.mark.parametrize(("url", "kind", "branch", "raw_url"), [
    ("https://github.com/italia/medusa", "github", None,
     "https://raw.githubusercontent.com/italia/medusa/HEAD/publiccode.yml"),
    ("https://github.example.org/italia/medusa", "github", None,  # GitHub Enterprise
     "https://github.example.org/italia/medusa/raw/HEAD/publiccode.yml"),
    ("https://gitlab.com/region/health/booking", "gitlab", None,
     "https://gitlab.com/region/health/booking/-/raw/HEAD/publiccode.yml"),
    ("https://bitbucket.org/city/app", "bitbucket", None, "https://bitbucket.org/city/app/raw/HEAD/publiccode.yml"),
    ("https://codeberg.org/city/app", "gitea", "develop",
     "https://codeberg.org/city/app/raw/branch/develop/publiccode.yml"),
    ("http://127.0.0.1:3000/city/app", "gitea", "stable-2.x",
     "http://127.0.0.1:3000/city/app/raw/branch/stable-2.x/publiccode.yml"),
])
def test_raw_file_of_each_kind(url: str, kind: str, branch: str | None, raw_url: str) -> None:
    repo = repository(url)
    assert isinstance(repo, Repository)
    assert raw_file(repo, kind, "publiccode.yml", branch) == raw_url


# --- a catalogue on three kinds of forge ---------------------------------------------------------------


def test_a_catalogue_on_three_kinds_of_forge(tmp_path: Path) -> None:
    """Real files on GitHub-, GitLab- and Gitea-style forges, and every way a repository can fail:
    one record each, with the verdict `publiccode-check` gives the same file, and the run goes on."""
    corpus = corpus_files(24)
    with Forge("github") as github, Forge("gitlab") as gitlab, Forge("gitea") as gitea:
        results: dict[str, Result] = {}
        for index, (path, result) in enumerate(corpus):
            owner, repo = path.stem.split("__", 1)
            if index % 3 == 0:
                source = github.add(f"{owner}/{repo}", {"publiccode.yml": path.read_bytes()})
            elif index % 3 == 1:  # GitLab's groups nest
                source = gitlab.add(f"{owner}/apps/{repo}", {"publiccode.yml": path.read_bytes()})
            else:
                source = gitea.add(f"{owner}/{repo}", {"publiccode.yml": path.read_bytes()}, branch="develop")
            results[source] = result
        binary = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
        # source -> status, and a part of the failure's text
        failures = {
            github.add("city/none", {}): ("missing", "there is no publiccode.yml (nor publiccode.yaml)"),
            github.add("city/sign-in", {"publiccode.yml": Reply(
                200, b"<!DOCTYPE html><html><body>Sign in</body></html>", {"Content-Type": "text/html"})}):
                ("missing", "answers with a web page"),
            github.add("city/private", {"publiccode.yml": Reply(401, b"")}):
                ("missing", "answers 401 Unauthorized (a private repository?)"),
            gitlab.add("region/health/hidden", {"publiccode.yml": Reply(403, b"")}):
                ("missing", "answers 403 Forbidden (a private repository?)"),
            github.add("city/broken", {"publiccode.yml": Reply(500, b"oops")}):
                ("unreachable", "answers 500 Internal Server Error"),
            gitea.add("city/slow", {"publiccode.yml": raw(STANDARD_VALID, delay=2.5)}):
                ("unreachable", "no complete answer within 1 s"),
            gitea.add("city/empty", {}): ("missing", "there is no publiccode.yml (nor publiccode.yaml)"),
        }
        only_yaml = github.add("city/yaml", {"publiccode.yaml": STANDARD_VALID})
        garbage = github.add("city/binary", {"publiccode.yml": Reply(
            200, binary, {"Content-Type": "application/octet-stream"})})
        direct = gitea.url("/city/site/raw/branch/main/publiccode.yml")  # the file itself, not its repository
        gitea.server.routes[direct.removeprefix(gitea.url(""))] = raw(STANDARD_VALID)
        sources = [*results, *failures, only_yaml, garbage, direct]
        listed = ["# repositories of the catalogue", "", *sources[:10], "intranet/app   # not an address",
                  *(f"{source}  # a comment" for source in sources[10:])]
        (tmp_path / "catalogue.txt").write_text("\n".join(listed) + "\n", encoding="utf-8")
        started = time.monotonic()
        done = vet(*OFFLINE, "--timeout", "1", "--forge", f"{github.host}=github", "catalogue.txt",
                   "-o", "records.jsonl", cwd=tmp_path)
        took = time.monotonic() - started
        github_paths = github.server.paths()

    assert done.returncode == 3, done.stderr  # some repositories could not be checked
    assert done.stderr == ""  # no progress bar without a terminal, and the summary went to stdout
    records = by_source(read_records(tmp_path / "records.jsonl"))
    assert len(records) == len(sources) + 1  # comments and blank lines make none
    for record in records.values():
        assert set(record) == KEYS and record["formatVersion"] == 2
        assert all(seconds >= 0 for seconds in record["timings"].values())
        assert "fetch" in record["timings"] or record["source"] == "intranet/app"  # nothing to fetch there

    for source, result in results.items():  # what publiccode-check says of the same file
        record = records[source]
        assert record["status"] == ("valid" if result.valid else "invalid"), source
        assert record["publiccodeYmlVersion"] == result.version
        assert problems(record) == problems(result), source
        assert (record["errors"], record["warnings"]) == (len(result.errors), len(result.warnings))
        assert record["failure"] is None
        assert record["fileUrl"].startswith(source + "/") and record["fileUrl"].endswith("/publiccode.yml")
        assert set(record["timings"]) == {"fetch", "check"}
    assert {records[source]["status"] for source in results} == {"valid", "invalid"}
    assert any(records[source]["fileUrl"].endswith("/raw/branch/develop/publiccode.yml")
               for source in results)
    assert any("/apps/" in records[source]["fileUrl"] and "/-/raw/" in records[source]["fileUrl"]
               for source in results)

    for source, (status, reason) in failures.items():
        record = records[source]
        assert (record["status"], record["valid"], record["problems"]) == (status, False, []), record
        assert reason in record["failure"], record
    assert records[only_yaml]["status"] == "valid"  # publiccode.yaml is read when .yml is not there
    assert records[only_yaml]["fileUrl"] == only_yaml + "/raw/HEAD/publiccode.yaml"
    assert (records[direct]["status"], records[direct]["fileUrl"]) == ("valid", direct)
    assert records[garbage]["status"] == "invalid"
    assert [(p["rule"], p["line"], p["column"]) for p in records[garbage]["problems"]] == [("encoding", 1, 1)]
    assert "not valid UTF-8" in records[garbage]["problems"][0]["message"]
    not_an_address = records["intranet/app"]
    assert not_an_address["status"] == "unreachable"
    assert "(catalogue.txt, line 13) is not the http(s) address of a repository" in not_an_address["failure"]

    assert took < 15  # the slow repository cost its time limit and its retries, not the run's
    assert not [path for path in github_paths if path.startswith("/api/")]  # --forge: nothing to detect

    summary = done.stdout
    statuses = Counter(record["status"] for record in records.values())
    assert summary_counts(summary) == {"total": len(records), **statuses}
    versions = Counter(record["publiccodeYmlVersion"] or "unknown" for record in records.values()
                       if record["status"] in ("valid", "invalid"))
    version_line = next(line for line in summary.splitlines() if line.startswith("publiccode.yml versions:"))
    assert {f"{version} ({count})" for version, count in versions.items()} == set(
        version_line.partition(": ")[2].split(", "))
    rules = Counter(problem["rule"] for record in records.values() for problem in record["problems"])
    top = summary.split("most frequent problems:\n")[1].splitlines()[0].split()
    assert int(top[0]) == max(rules.values()) == rules[top[4]]


def test_a_huge_file_is_invalid_and_read_no_further_than_the_limit(tmp_path: Path) -> None:
    def huge() -> Iterator[bytes]:
        yield b"publiccodeYmlVersion: '0.4'\ndescription: |\n"
        for _ in range(64):
            yield b"  " + b"x" * (MiB - 3) + b"\n"

    with Forge("github") as github:
        source = github.add("city/huge", {"publiccode.yml": raw(huge())})
        source_small = github.add("city/small", {"publiccode.yml": STANDARD_VALID})
        done = vet(*OFFLINE, "--forge", f"{github.host}=github", source, source_small, cwd=tmp_path)
        sent = github.server.sent
    records = by_source([json.loads(line) for line in done.stdout.splitlines()])
    assert done.returncode == 1, done.stderr
    assert records[source]["status"] == "invalid"
    assert [p["rule"] for p in records[source]["problems"]] == ["yaml-limits"]
    assert "the file is 10.0 MiB" in records[source]["problems"][0]["message"]
    assert records[source_small]["status"] == "valid"
    assert MAX_BYTES < sent < MAX_BYTES + 24 * MiB  # 64 MiB were on offer; the rest is socket buffers


# --- the git fallback --------------------------------------------------------------------------------


def test_a_host_that_is_no_known_forge_is_read_with_git(tmp_path: Path) -> None:
    root = tmp_path / "repositories"
    root.mkdir()
    git_repository(root, "city/app", {"publiccode.yml": STANDARD_VALID})
    git_repository(root, "city/docs", {"index.md": "# docs\n"})
    with GitServer(root) as server:
        app, docs, gone = server.url("/city/app"), server.url("/city/docs.git"), server.url("/city/gone")
        done = vet("--no-network", "--allow-private-hosts", app, docs, gone, cwd=tmp_path)
        asked = server.paths()
        server.requests.clear()
        without_git = vet("--no-network", "--allow-private-hosts", "--no-git", app, cwd=tmp_path)
        server.requests.clear()
        guarded = vet("--no-network", app, docs, cwd=tmp_path)  # loopback, without --allow-private-hosts
        asked_guarded = server.paths()

    records = by_source([json.loads(line) for line in done.stdout.splitlines()])
    assert done.returncode == 3, done.stderr
    assert records[app]["status"] == "valid"
    assert records[app]["fileUrl"] == f"{app}#HEAD:publiccode.yml"
    assert records[app]["publiccodeYmlVersion"] == "0.7"
    assert records[docs]["status"] == "missing"
    assert "there is no publiccode.yml" in records[docs]["failure"]
    assert records[gone]["status"] == "missing"
    assert "not found" in records[gone]["failure"]
    # the APIs were asked first (and answered 404), then git spoke to the server
    assert "/api/v4/projects/city%2Fapp" in asked and "/api/v1/repos/city/app" in asked
    assert "/city/app/info/refs?service=git-upload-pack" in asked and "/city/app/git-upload-pack" in asked

    record = json.loads(without_git.stdout)
    assert without_git.returncode == 3
    assert record["status"] == "unreachable"
    assert "is not a forge publiccode-check knows (give --forge HOST=KIND), and git is turned off" in record[
        "failure"]

    assert guarded.returncode == 3
    for line in guarded.stdout.splitlines():
        record = json.loads(line)
        assert record["status"] == "unreachable"
        assert "not connecting to a private or reserved address: 127.0.0.1 is a loopback address" in record[
            "failure"]
    assert asked_guarded == []


def test_a_host_that_does_not_answer_is_unreachable_without_trying_git(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/city/app"
    done = vet("--no-network", "--allow-private-hosts", "--timeout", "2", address, cwd=tmp_path)
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (done.returncode, record["status"]) == (3, "unreachable")
    assert record["failure"] == f"http://127.0.0.1:{port} cannot be reached: the connection was refused"


def test_apis_that_do_not_know_one_repository_say_nothing_of_its_host(tmp_path: Path) -> None:
    """A typo in a catalogue's first GitLab address must not turn that GitLab into a plain git host."""
    options = NetworkOptions(timeout=2, allowed_networks=("127.0.0.1/32",), use_cache=False)
    with Forge("gitlab") as gitlab, Network(options) as network:
        source = gitlab.add("region/health/booking", {"publiccode.yml": STANDARD_VALID})
        fetcher = Fetcher(network.client, use_git=False)
        with pytest.raises(FetchFailure) as failure:
            fetcher.fetch(gitlab.url("/region/health/bookng"), time.monotonic() + 10)
        assert failure.value.status == "unreachable"
        fetched = fetcher.fetch(source, time.monotonic() + 10)
    assert fetched.file_url == source + "/-/raw/main/publiccode.yml"
    assert fetched.data == STANDARD_VALID.encode()


# --- the run ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("per_host", "most"), [(2, 2), (8, 8)])
def test_requests_to_one_host_are_limited(tmp_path: Path, per_host: int, most: int) -> None:
    route = Concurrency(STANDARD_VALID.encode(), 0.3)
    with Forge("github") as github:
        sources = [github.add(f"city/app{number}", {"publiccode.yml": route}) for number in range(10)]
        done = vet(*OFFLINE, "--per-host", str(per_host), "--jobs", "16", "--forge", f"{github.host}=github",
                   *sources, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 10
    assert route.most == most  # with 10 repositories under way, never more (nor fewer) at once


def test_each_record_is_written_when_its_repository_is_done(tmp_path: Path) -> None:
    with Forge("github") as github:
        slow = github.add("city/slow", {"publiccode.yml": raw(STANDARD_VALID, delay=3)})
        fast = github.add("city/fast", {"publiccode.yml": STANDARD_VALID})
        output = tmp_path / "records.jsonl"
        process = subprocess.Popen(command(*OFFLINE, "--timeout", "10", "--forge", f"{github.host}=github",
                                           slow, fast, "-o", str(output)),
                                   cwd=tmp_path, env=environment(tmp_path / "cache"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 20
            while not (output.exists() and output.read_text(encoding="utf-8").endswith("\n")):
                assert time.monotonic() < deadline and process.poll() is None, "no first line"
                time.sleep(0.05)
            first = read_records(output)
            running = process.poll() is None
            process.communicate(timeout=30)
        finally:
            process.kill()
    assert running  # the fast repository's line was there while the slow one was still under way
    assert [record["source"] for record in first] == [fast]
    assert process.returncode == 0
    records = read_records(output)
    assert [record["source"] for record in records] == [fast, slow]
    assert records[1]["timings"]["fetch"] >= 3 > records[0]["timings"]["fetch"]


def test_resume_checks_only_what_is_not_recorded(tmp_path: Path) -> None:
    with Forge("github") as github:
        sources = [github.add(f"city/app{number}", {"publiccode.yml": STANDARD_VALID}) for number in range(6)]
        sources.append(github.add("city/none", {}))
        (tmp_path / "first.txt").write_text("\n".join(sources[:3]) + "\n", encoding="utf-8")
        (tmp_path / "all.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
        forge = ("--forge", f"{github.host}=github")
        first = vet(*OFFLINE, *forge, "first.txt", "-o", "out.jsonl", cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        output = tmp_path / "out.jsonl"
        assert len(read_records(output)) == 3
        # a crash while the fourth line was written
        cut = json.dumps({**read_records(output)[0], "source": sources[3]})
        with output.open("a", encoding="utf-8") as handle:
            handle.write(cut[:len(cut) // 2])
        github.server.requests.clear()
        resumed = vet(*OFFLINE, *forge, "--resume", "out.jsonl", "all.txt", "-o", "out.jsonl", cwd=tmp_path)
        asked = github.file_requests()
        github.server.requests.clear()
        again = vet(*OFFLINE, *forge, "--resume", "out.jsonl", "all.txt", "-o", "out.jsonl", cwd=tmp_path)
        asked_again = github.server.paths()

    assert resumed.returncode == 3  # city/none is missing
    assert "out.jsonl:4: not a record (cut short?); its repository is checked again" in resumed.stderr
    assert sorted({path.split("/raw/")[0] for path in asked}) == sorted(
        source.removeprefix(github.url("")) for source in sources[3:])
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(sources)
    records = by_source([json.loads(line) for line in lines])  # the cut line is gone: every line is a record
    assert set(records) == set(sources)
    assert records[sources[3]]["status"] == "valid" and records[sources[-1]]["status"] == "missing"
    checked = len(sources) - 3
    assert re.match(rf"{len(sources)} repositories \({checked} checked in [0-9.]+ s, 3 already recorded in "
                    rf"out.jsonl\): {len(sources) - 1} valid, 1 missing", resumed.stdout), resumed.stdout

    assert again.returncode == 3  # the verdict of the whole catalogue, from the records
    assert asked_again == [] and again.stderr == ""
    assert output.read_text(encoding="utf-8").splitlines() == lines
    assert again.stdout.startswith(f"{len(sources)} repositories (0 checked in ")
    assert f", {len(sources)} already recorded" in again.stdout.splitlines()[0]


def tree_of(directory: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")


INVALID = STANDARD_VALID.replace("developmentStatus: development", "developmentStatus: finished")


@pytest.mark.parametrize(("given", "code"), [
    ({"a/publiccode.yml": STANDARD_VALID, "b/publiccode.yaml": STANDARD_VALID}, 0),
    ({"a/publiccode.yml": STANDARD_VALID, "b/publiccode.yml": INVALID}, 1),
    ({"a/publiccode.yml": INVALID, "b/publiccode.yml": "- a list\n"}, 1),
], ids=["all valid", "one invalid", "not a mapping"])
def test_exit_code_and_summary_without_output_file(tmp_path: Path, given: dict[str, str], code: int) -> None:
    tree_of(tmp_path / "tree", given)
    done = vet("--no-network", "tree", cwd=tmp_path)
    assert done.returncode == code, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]  # standard output: records only
    assert sorted(record["source"] for record in records) == sorted(given)  # from the directory given
    assert summary_counts(done.stderr) == {"total": 2, **Counter(record["status"] for record in records)}


def test_exit_codes_of_a_usage_error_and_of_a_repository_that_cannot_be_checked(tmp_path: Path) -> None:
    tree_of(tmp_path / "tree", {"a/publiccode.yml": STANDARD_VALID})
    usage = vet("--no-network", "tree", "no-such-list.txt", cwd=tmp_path)
    assert usage.returncode == 2
    assert usage.stdout == ""
    assert "no-such-list.txt: no such directory or file, and not an http(s) address" in usage.stderr
    with Forge("github") as github:
        done = vet(*OFFLINE, "--forge", f"{github.host}=github", "tree", "-", cwd=tmp_path,
                   stdin=github.add("city/none", {}) + "\n")  # a list on standard input
    assert done.returncode == 3  # a missing file weighs more than valid ones
    assert summary_counts(done.stderr) == {"total": 2, "valid": 1, "missing": 1}


# --- directories -----------------------------------------------------------------------------------


def test_a_directory_of_repositories(tmp_path: Path) -> None:
    paths = sorted(require_shared(CORPUS).glob("*.yml"))[::5][:40]
    tree = tmp_path / "tree"
    names = []
    for path in paths:
        owner, repo = path.stem.split("__", 1)
        names.append(f"tree/{owner}/{repo}/publiccode.yml")
        (tmp_path / names[-1]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / names[-1]).write_bytes(path.read_bytes())
    # copies that are no repository's own
    tree_of(tree, {"node_modules/x/publiccode.yml": INVALID, "vendor/lib/publiccode.yaml": INVALID,
                   names[0].replace("tree/", "").replace("publiccode.yml", ".git/publiccode.yml"): INVALID})
    done = vet("--no-network", "tree", "-o", "records.jsonl", cwd=tmp_path)
    checked = subprocess.run([sys.executable, "-m", "publiccode_check", "--profile", "standard", "--format",
                              "json", *names], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert "\r" not in done.stderr and "[#" not in done.stderr  # no progress bar without a terminal
    records = by_source(read_records(tmp_path / "records.jsonl"))
    assert sorted(records) == sorted(name.removeprefix("tree/") for name in names)
    files = {file["path"]: file for file in json.loads(checked.stdout)["files"]}
    assert sorted(files) == sorted(names)
    for name in names:
        record, file = records[name.removeprefix("tree/")], files[name]
        assert record["fileUrl"] == record["source"]
        assert record["status"] == ("valid" if file["valid"] else "invalid"), name
        for key in ("publiccodeYmlVersion", "errors", "warnings", "problems"):
            assert record[key] == file[key], (name, key)
    assert {record["status"] for record in records.values()} == {"valid", "invalid"}
    assert done.returncode == checked.returncode == 1
    assert summary_counts(done.stdout)["total"] == 40


def test_every_corpus_file_by_name_pattern(tmp_path: Path) -> None:
    corpus = require_shared(CORPUS)
    expected = sorted(path.name for path in corpus.glob("*.yml"))  # relative to the directory given
    done = vet("--no-network", "-q", "--name", "*.yml", str(corpus.resolve()), cwd=tmp_path)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(record["source"] for record in records) == expected  # MANIFEST.tsv is not one
    assert len(records) == len(expected) > 200
    assert done.stderr == ""  # -q: no summary
    assert done.returncode == 1


# --- network checks ---------------------------------------------------------------------------------


def test_links_in_the_files_are_checked_unless_no_network(tmp_path: Path) -> None:
    with Forge("github") as github:
        github.server.routes["/medusa.git/info/refs"] = GIT_REFS
        text = STANDARD_VALID.replace("https://example.com/italia/medusa.git", github.url("/medusa.git"))
        text += f'roadmap: "{github.url("/city/app/roadmap")}"\n'
        source = github.add("city/app", {"publiccode.yml": text})
        tree_of(tmp_path / "tree", {"app/publiccode.yml": text})
        forge = ("--allow-private-hosts", "--no-cache", "--forge", f"{github.host}=github")
        online = vet(*forge, "tree", source, cwd=tmp_path)
        asked_online = github.server.paths()
        github.server.requests.clear()
        offline = vet(*forge, "--no-network", "tree", source, cwd=tmp_path)
        asked_offline = github.server.paths()

    assert online.returncode == 1, online.stderr
    for record in map(json.loads, online.stdout.splitlines()):
        assert record["status"] == "invalid"
        assert [(p["rule"], p["key"], p["line"]) for p in record["problems"]] == [
            ("link-missing", "roadmap", 28)]
    assert "/city/app/roadmap" in asked_online
    assert "/medusa.git/info/refs?service=git-upload-pack" in asked_online

    assert offline.returncode == 0, offline.stderr
    assert [json.loads(line)["status"] for line in offline.stdout.splitlines()] == ["valid", "valid"]
    assert asked_offline == ["/city/app/raw/HEAD/publiccode.yml"]  # the repository's file, nothing else


@pytest.mark.parametrize("kind", ["github", "gitlab", "gitea"])
def test_relative_images_are_read_from_the_same_raw_root(tmp_path: Path, kind: str) -> None:
    svg = Reply(200, b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
                {"Content-Type": "image/svg+xml"})
    with Forge(kind) as forge:
        forge.server.routes["/medusa.git/info/refs"] = GIT_REFS
        text = STANDARD_VALID.replace("https://example.com/italia/medusa.git", forge.url("/medusa.git"))
        with_logo = forge.add("city/app", {"publiccode.yml": text + "logo: img/logo.svg\n",
                                           "img/logo.svg": svg})
        without = forge.add("city/other", {"publiccode.yml": text + "logo: img/gone.svg\n"})
        done = vet("--allow-private-hosts", "--no-cache", "--forge", f"{forge.host}={kind}", with_logo,
                   without, cwd=tmp_path)
        asked = forge.file_requests()

    records = by_source([json.loads(line) for line in done.stdout.splitlines()])
    assert records[with_logo]["status"] == "valid", records[with_logo]
    assert [(p["rule"], p["key"], p["line"]) for p in records[without]["problems"]] == [
        ("remote-file-missing", "logo", 28)]
    assert forge.raw_path("city/app", "img/logo.svg", "main" if kind == "gitea" else "HEAD") in asked


# --- on a terminal -------------------------------------------------------------------------------------


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    tree_of(tmp_path / "tree", {f"app{number}/publiccode.yml": STANDARD_VALID for number in range(5)})
    leader, follower = pty.openpty()
    process = subprocess.Popen(command("--no-network", "tree", "-o", "records.jsonl"), cwd=tmp_path,
                               env=environment(tmp_path / "cache"), stdin=subprocess.DEVNULL,
                               stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    shown = b""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
            try:
                chunk = os.read(leader, 4096) if ready else b""
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(leader)
    text = shown.decode()
    assert f"\r[{'#' * 30}] 5/5 5 valid (" in text
    assert re.search(r"\] 1/5 1 valid \([0-9.]+/s, \d+:\d\d left\)", text)  # the first, with the time left
    assert "\r\x1b[K5 repositories (5 checked in " in text  # the bar is wiped before the summary
    assert len(read_records(tmp_path / "records.jsonl")) == 5


def test_the_safety_net_of_these_tests_catches_a_run_that_reaches_out(tmp_path: Path) -> None:
    tree_of(tmp_path / "tree", {"app/publiccode.yml": STANDARD_VALID})  # its repository is on example.com
    done = subprocess.run(command("--allow-private-hosts", "--no-cache", "tree"), cwd=tmp_path,
                          env=environment(tmp_path / "cache"), capture_output=True, text=True, timeout=60)
    assert done.returncode == SAFETY_NET
    assert "test safety net: vet tried to reach example.com" in done.stderr


def test_sources_that_name_nothing_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("# the list is still to be written\n\n", encoding="utf-8")
    (tmp_path / "no-files").mkdir()
    for source in ("empty.txt", "no-files"):
        done = vet(source, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stdout == ""
        assert "nothing to check: the sources name no repository" in done.stderr


def test_a_file_that_is_no_list_is_a_usage_error_not_a_flood_of_records(tmp_path: Path) -> None:
    corpus_file = sorted(require_shared(CORPUS).glob("*.yml"))[0]
    (tmp_path / "data.bin").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    done = vet(str(corpus_file), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert re.search(r"no line is a repository address \(line \d+ is the first\)", done.stderr)
    assert "--name '*.yml'" in done.stderr
    named = vet("--no-network", "--name", "*.yml", str(corpus_file), cwd=tmp_path)  # as the message says
    assert [json.loads(line)["source"] for line in named.stdout.splitlines()] == [str(corpus_file)]
    binary = vet("data.bin", cwd=tmp_path)
    assert binary.returncode == 2 and "a binary file, not a list of repository addresses" in binary.stderr


def test_directories_with_the_same_layout_keep_every_file(tmp_path: Path) -> None:
    tree_of(tmp_path / "one", {"a/publiccode.yml": STANDARD_VALID})
    tree_of(tmp_path / "two", {"a/publiccode.yml": INVALID})
    done = vet("--no-network", "one", str(tmp_path / "two"), cwd=tmp_path)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted((record["source"], record["status"]) for record in records) == [
        (str(tmp_path / "two" / "a" / "publiccode.yml"), "invalid"), ("a/publiccode.yml", "valid")]
