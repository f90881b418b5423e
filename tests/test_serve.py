"""`publiccode-check serve`: the API, the badge and the limits, against the real server.

One server for the module (uvicorn on a free loopback port, under the loopback safety net),
started with small limits so that each can be reached: 2 workers, a queue of 1, 1 s of CPU
per file, 20 validations at once per client. Requests are made with urllib3, each test from
a client address of its own, and every answer is checked against the OpenAPI file. The URL
mode is tried against the imitation forges of the `vet` tests.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import STANDARD_VALID, VALID, cli_env
from forges import Forge, raw
from localserver import LocalServer, Reply, redirect
from serving import Client, Server, problem

from publiccode_check.profiles import Policy
from publiccode_check.report import Options, formatter
from publiccode_check.validate import validate_text

README = Path(__file__).resolve().parents[1] / "README.md"
REFERENCE_FIELDS = ["type", "key", "description", "line", "column"]


def readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("## What it looks like", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


# --- hostile files (those of the hostile-input issue), generated here -----------------------------

def merge_key_bomb(levels: int = 9, width: int = 10) -> bytes:
    """Each level merges the one before ten times: minutes of work for a validator that expands merges."""
    lines = ["m0: &m0 {x: 1}"]
    for level in range(1, levels):
        refs = ", ".join(f"*m{level - 1}" for _ in range(width))
        lines.append(f"m{level}: &m{level} {{<<: [{refs}]}}")
    return ("\n".join(lines) + "\n").encode()


def deeply_nested(depth: int = 100_000) -> bytes:
    return ("name: " + "[" * depth + "]" * depth + "\n").encode()


def flag_emoji(count: int = 160_000) -> bytes:
    """A description of 160,000 regional indicators: quadratic for a grapheme counter that is."""
    return VALID.replace("A rather short description which is probably useless",
                         "\U0001F1EE" * count).encode()


HOSTILE = {"merge-key bomb": merge_key_bomb(), "deep nesting": deeply_nested(), "flag emoji": flag_emoji()}


# --- the server ----------------------------------------------------------------------------------

class Forges:
    def __init__(self) -> None:
        self.github, self.gitlab, self.gitea = Forge("github"), Forge("gitlab"), Forge("gitea")
        self.slow = LocalServer()  # a repository server that takes its time (network checks)

    def __enter__(self) -> Forges:
        for forge in (self.github, self.gitlab, self.gitea):
            forge.__enter__()
        self.slow.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for forge in (self.github, self.gitlab, self.gitea):
            forge.__exit__(*exc)
        self.slow.__exit__(*exc)


@pytest.fixture(scope="module")
def forges() -> Iterator[Forges]:
    with Forges() as made:
        github = made.github
        github.add("city/valid", {"publiccode.yml": STANDARD_VALID})
        github.add("city/invalid", {"publiccode.yml": readme_example()})
        github.add("city/none", {})
        github.add("city/broken", {"publiccode.yml": Reply(500, b"oops")})
        github.add("city/slow", {"publiccode.yml": raw(STANDARD_VALID, delay=5)})
        sign_in = Reply(200, b"<!DOCTYPE html><p>Sign in", {"Content-Type": "text/html"})
        github.add("city/page", {"publiccode.yml": sign_in})
        github.add("city/huge", {"publiccode.yml": STANDARD_VALID + "#" * 200_000 + "\n"})
        github.add("city/moved", {"publiccode.yml": redirect("http://169.254.169.254/latest/meta-data/")})
        made.gitlab.add("region/portal", {"publiccode.yml": STANDARD_VALID})
        made.gitea.add("town/app", {"publiccode.yaml": readme_example()}, branch="trunk")
        made.slow.routes["/repo.git/info/refs"] = Reply(
            200, b"001e# service=git-upload-pack\n0000",
            {"Content-Type": "application/x-git-upload-pack-advertisement"}, delay=1.5)
        yield made


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, forges: Forges) -> Iterator[Server]:
    running = Server("--workers", "2", "--queue", "1", "--cpu-seconds", "1", "--rate", "60", "--burst", "20",
                     "--timeout", "2", "--fetch-seconds", "3", "--body-seconds", "2", "--max-fetch", "100KiB",
                     "--allow-network", "127.0.0.1/32", "--no-cache", "--badge-seconds", "60",
                     "--forge", f"{forges.github.host}=github", workdir=tmp_path_factory.mktemp("serve"))
    yield running
    assert running.stop() == 0, "".join(running.errors)
    assert "publiccode-check serve: stopped" in "".join(running.errors)


@pytest.fixture(scope="module")
def spec(server: Server) -> dict[str, Any]:
    response = Client(server).get("/openapi.json")
    assert response.status == 200
    return json.loads(response.data)


@pytest.fixture
def client(server: Server, spec: dict[str, Any]) -> Client:
    return Client(server, spec)


def answer(response: Any) -> dict[str, Any]:
    assert response.status == 200, response.data[:500]
    assert response.headers["Content-Type"] == "application/json"
    return json.loads(response.data)


# --- the API ---------------------------------------------------------------------------------------

def test_the_openapi_file_is_valid_and_describes_every_route(spec: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    from publiccode_check import __version__
    from publiccode_check.serve.app import create_app
    from publiccode_check.serve.settings import Settings

    validate(spec)
    assert spec["openapi"].startswith("3.1") and spec["info"]["version"] == __version__
    routes = {(route.path, method) for route in create_app(Settings()).routes
              for method in route.methods - {"HEAD"} if route.path != "/"}
    documented = {(path, "QUERY" if method == "x-query" else method.upper())
                  for path, item in spec["paths"].items() for method in item}
    assert routes == documented


def test_a_file_gets_the_reference_api_fields_and_ours(client: Client) -> None:
    source = readme_example()
    got = answer(client.post("/v1/validate", source.encode()))
    result = validate_text(source, policy=Policy("standard"))
    report = json.loads(formatter("json")([result], Options()))["files"][0]["problems"]
    expected = [{"type": p.severity.value, "key": p.key, "description": p.message, "line": p.line,
                 "column": p.column, "path": list(p.path), "endLine": p.end_line, "endColumn": p.end_column,
                 "rule": p.rule, "hint": p.hint, "fix": shown["fix"]}
                for p, shown in zip(result.problems, report, strict=True)]
    assert got["results"] == expected
    # 6 safe and 3 unsafe, as `fix --diff` says of this file
    assert sum(item["fix"] is not None for item in got["results"]) == 9
    assert all(list(item)[:5] == REFERENCE_FIELDS for item in got["results"])
    assert (got["valid"], got["profile"], got["publiccodeYmlVersion"]) == (False, "standard", "0.4")
    assert (got["errors"], got["warnings"]) == (len(result.errors), len(result.warnings)) == (7, 3)
    url = next(item for item in got["results"] if item["key"] == "url")
    assert (url["type"], url["line"], url["column"], url["rule"]) == ("error", 3, 6, "repository-url")
    assert url["hint"] == "write the https address: https://github.com/italia/medusa.git"


def test_a_valid_file_and_the_complete_profile(client: Client) -> None:
    assert answer(client.post("/v1/validate", STANDARD_VALID.encode())) == {
        "valid": True, "results": [], "profile": "standard", "publiccodeYmlVersion": "0.7",
        "errors": 0, "warnings": 0}
    complete = answer(client.post("/v1/validate", STANDARD_VALID.encode(), profile="complete"))
    assert not complete["valid"] and complete["profile"] == "complete"
    assert [item["rule"] for item in complete["results"]] == ["roadmap-required"]


@pytest.mark.parametrize("content_type", ["application/x-yaml", "application/yaml", "text/yaml",
                                          "text/plain; charset=utf-8", "application/octet-stream", ""])
def test_the_file_as_yaml_or_text(client: Client, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    got = answer(client.request("POST", "/v1/validate", body=readme_example().encode(), headers=headers))
    assert (got["valid"], got["errors"]) == (False, 7)


def test_the_file_as_an_upload_and_with_the_query_method(client: Client) -> None:
    expected = answer(client.post("/v1/validate", readme_example().encode()))
    part = ("publiccode.yml", readme_example().encode(), "application/x-yaml")
    upload = client.request("POST", "/v1/validate", fields={"file": part})
    assert answer(upload) == expected
    query = client.request("QUERY", "/v1/validate", body=readme_example().encode(),
                           headers={"Content-Type": "application/x-yaml"})
    assert answer(query) == expected


def test_unsupported_media_types_say_how_to_send_the_file(client: Client) -> None:
    for kind in ("application/x-www-form-urlencoded", "application/json", "image/png"):
        document = problem(client.post("/v1/validate", b"name: x\n", kind), 415, "unsupported-media-type")
        assert kind in document["detail"] and "Content-Type: application/x-yaml" in document["detail"]
        assert document["instance"] == "/v1/validate"


def test_bad_requests_are_explained(client: Client) -> None:
    assert "`strictest`" in problem(client.post("/v1/validate", b"name: x\n", profile="strictest"),
                                    400, "bad-parameter")["detail"]
    problem(client.post("/v1/validate", b"name: x\n", **{"external-checks": "maybe"}), 400, "bad-parameter")
    problem(client.post("/v1/validate", b""), 400, "empty-body")
    problem(client.post("/v1/validate", b" \n\n"), 400, "empty-body")
    problem(client.request("POST", "/v1/validate", fields={"other": "name: x\n"}), 400, "missing-file")
    problem(client.get("/v1/validate"), 400, "missing-url")
    problem(client.get("/nowhere"), 404, "not-found")
    problem(client.http.request("DELETE", client.server.url("/v1/validate")), 405, "method-not-allowed")


def test_a_body_over_the_limit_is_refused_before_it_is_read(client: Client) -> None:
    big = b"#" * (2**20 + 1)
    document = problem(client.post("/v1/validate", big), 413, "body-too-large")
    assert document["limit"] == 2**20 and "1 MiB" in document["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(17):
            yield b"#" * 65536

    headers = {"Content-Type": "application/x-yaml", "X-Forwarded-For": client.address}
    chunked = client.http.request("POST", client.server.url("/v1/validate"), body=chunks(), chunked=True,
                                  headers=headers)
    problem(chunked, 413, "body-too-large")
    assert answer(client.post("/v1/validate", b"#" * (2**20 - 20) + b"\nname: x\n"))["errors"]


def test_a_body_that_does_not_come_is_given_up(server: Server) -> None:
    host, port = server.base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=20) as connection:
        connection.sendall(b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-yaml\r\n"
                           b"Content-Length: 100\r\nX-Forwarded-For: 198.51.100.8\r\n\r\nname: slow")
        started = time.monotonic()
        reply = connection.recv(65536)
        assert 1.5 < time.monotonic() - started < 10
        while b"}" not in reply and (more := connection.recv(65536)):  # the body may come apart
            reply += more
    assert reply.startswith(b"HTTP/1.1 408 ") and b"urn:publiccode-check:problem:body-timeout" in reply


def test_rules_are_those_of_the_command_line(client: Client) -> None:
    from publiccode_check.catalogue import listing
    from publiccode_check.profiles import Policy

    for query, profile in (("", "standard"), ("?profile=complete", "complete")):
        response = client.get(f"/v1/rules{query}")
        assert response.status == 200
        assert json.loads(response.data) == json.loads(listing(Policy(profile), as_json=True))
    assert client.get("/v1/rules?profile=nope").status == 400


def test_status_says_version_standards_and_uptime(client: Client) -> None:
    from publiccode_check import __version__
    from publiccode_check.rules.versions import supported

    first = answer(client.get("/status"))
    assert (first["status"], first["version"]) == ("ok", __version__)
    assert first["standardVersions"] == list(supported()) and "0.7" in first["standardVersions"]
    assert first["validations"]["workers"] == 2 and first["validations"]["limit"] == 3
    time.sleep(0.05)
    assert answer(client.get("/status"))["uptime"] > first["uptime"] > 0


def test_similar_initiatives_need_a_catalogue(client: Client) -> None:
    """This server has none (tests/test_serve_similar.py has one)."""
    document = problem(client.post("/v1/validate", b"name: x\n", similar="5"), 403, "no-catalogue")
    assert "serve --catalogue" in document["detail"] and "ask without `similar`" in document["detail"]
    assert answer(client.get("/status"))["catalogue"] is None


def test_web_pages_of_any_origin_may_call_the_api(client: Client) -> None:
    origin = {"Origin": "https://catalogue.example.org"}
    preflight = client.request("OPTIONS", "/v1/validate", headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    response = client.request("POST", "/v1/validate", body=STANDARD_VALID.encode(),
                              headers={**origin, "Content-Type": "application/x-yaml"})
    assert answer(response)["valid"] and response.headers["Access-Control-Allow-Origin"] == "*"


# --- limits ----------------------------------------------------------------------------------------

def test_hostile_files_are_answered_within_their_deadline_while_status_answers(
        server: Server, spec: dict[str, Any]) -> None:
    """Each costs a worker at most its CPU deadline (1 s here); the service keeps answering."""
    clients = {name: Client(server, spec) for name in HOSTILE}
    watcher = Client(server, spec)
    replaced = answer(watcher.get("/status"))["validations"]["workersReplaced"]
    status_times: list[float] = []
    with ThreadPoolExecutor(len(HOSTILE)) as pool:
        started = time.monotonic()
        futures = {name: pool.submit(clients[name].post, "/v1/validate", data)
                   for name, data in HOSTILE.items()}
        while not all(future.done() for future in futures.values()):
            asked = time.monotonic()
            assert answer(watcher.get("/status"))["status"] == "ok"
            status_times.append(time.monotonic() - asked)
            time.sleep(0.1)
        took = time.monotonic() - started
    outcomes = {}
    for name, future in futures.items():
        response = future.result()
        if response.status == 200:  # checked in time: the file's own problems
            assert not json.loads(response.data)["valid"], name
            outcomes[name] = "checked"
        else:
            document = problem(response, 422, json.loads(response.data)["type"].rsplit(":", 1)[1])
            assert document["type"].endswith((":deadline", ":worker-failed")), document
            outcomes[name] = "stopped"
    # two workers, three files, each stopped after 1 s of CPU time counted to the second, or after
    # the wall-clock backstop (3 x 1 s + 5 s) on a machine so busy that CPU time comes slowly
    assert took < 2 * 8 + 4, (took, outcomes)
    assert status_times and max(status_times) < 2.0, status_times
    stopped = sum(outcome == "stopped" for outcome in outcomes.values())
    validations = answer(watcher.get("/status"))["validations"]
    assert validations["workersReplaced"] - replaced == stopped and validations["busy"] == 0
    assert answer(watcher.post("/v1/validate", STANDARD_VALID.encode()))["valid"]  # all is well after


def test_a_full_queue_is_answered_503_at_once(server: Server, spec: dict[str, Any], forges: Forges) -> None:
    """Two workers busy with network checks (1.5 s each) and one request waiting fill the service."""
    slow_file = STANDARD_VALID.replace("https://example.com/italia/medusa.git", forges.slow.url("/repo.git"))
    busy = [Client(server, spec) for _ in range(3)]
    watcher = Client(server, spec)
    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(client.post, "/v1/validate", slow_file.encode(), **{"external-checks": "true"})
                   for client in busy]
        deadline = time.monotonic() + 10
        while answer(watcher.get("/status"))["validations"]["underWay"] < 3:
            assert time.monotonic() < deadline, "the three validations did not start"
            time.sleep(0.05)
        asked = time.monotonic()
        document = problem(watcher.post("/v1/validate", STANDARD_VALID.encode()), 503, "busy")
        assert time.monotonic() - asked < 1 and "try again" in document["detail"]
        results = [answer(future.result()) for future in futures]
    assert all(result["valid"] for result in results)  # the repository answered: it exists
    assert forges.slow.paths().count("/repo.git/info/refs?service=git-upload-pack") >= 3
    assert answer(watcher.post("/v1/validate", STANDARD_VALID.encode()))["valid"]


def test_network_checks_run_only_when_asked(client: Client, forges: Forges) -> None:
    missing = STANDARD_VALID.replace("https://example.com/italia/medusa.git", forges.slow.url("/gone.git"))
    assert answer(client.post("/v1/validate", missing.encode()))["valid"]
    assert not any(path.startswith("/gone.git") for path in forges.slow.paths())
    online = answer(client.post("/v1/validate", missing.encode(), **{"external-checks": "true"}))
    assert not online["valid"] and [item["key"] for item in online["results"]] == ["url"]
    assert any(path.startswith("/gone.git") for path in forges.slow.paths())


def test_too_many_validations_from_one_client_are_answered_429(server: Server, spec: dict[str, Any]) -> None:
    eager, other = Client(server, spec), Client(server, spec)
    statuses = [eager.post("/v1/validate", STANDARD_VALID.encode()).status for _ in range(20)]
    assert statuses == [200] * 20
    refused = eager.post("/v1/validate", STANDARD_VALID.encode())
    document = problem(refused, 429, "rate-limited")
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 2 and document["retryAfter"] == wait
    assert other.post("/v1/validate", STANDARD_VALID.encode()).status == 200  # others are not held up
    assert eager.get("/status").status == 200  # nor is /status
    time.sleep(wait)
    assert eager.post("/v1/validate", STANDARD_VALID.encode()).status == 200


# --- the URL mode ----------------------------------------------------------------------------------

def test_a_repository_is_fetched_from_its_forge(client: Client, forges: Forges) -> None:
    github = forges.github
    got = answer(client.get("/v1/validate", url=github.url("/city/invalid")))
    expected = answer(client.post("/v1/validate", readme_example().encode()))
    assert got["results"] == expected["results"] and got["url"] == github.url("/city/invalid")
    assert got["fileUrl"] == github.url("/city/invalid/raw/HEAD/publiccode.yml")
    page = answer(client.get("/v1/validate", url=github.url("/city/valid/blob/main/README.md")))  # in it
    assert page["valid"] and page["fileUrl"] == github.url("/city/valid/raw/HEAD/publiccode.yml")
    raw_file = github.url("/city/valid/raw/main/publiccode.yml")
    assert answer(client.get("/v1/validate", url=raw_file))["fileUrl"] == raw_file


def test_self_hosted_forges_are_recognised_by_their_api(client: Client, forges: Forges) -> None:
    gitlab = answer(client.get("/v1/validate", url=forges.gitlab.url("/region/portal"), profile="complete"))
    assert gitlab["fileUrl"] == forges.gitlab.url("/region/portal/-/raw/main/publiccode.yml")  # its API said
    assert [item["rule"] for item in gitlab["results"]] == ["roadmap-required"]
    gitea = answer(client.get("/v1/validate", url=forges.gitea.url("/town/app")))
    assert gitea["fileUrl"] == forges.gitea.url("/town/app/raw/branch/trunk/publiccode.yaml")
    assert gitea["errors"] == 7


def test_fetch_failures_say_what_happened(client: Client, forges: Forges) -> None:
    github = forges.github
    assert "404" in problem(client.get("/v1/validate", url=github.url("/city/none")), 404,
                            "file-not-found")["detail"]
    assert "web page" in problem(client.get("/v1/validate", url=github.url("/city/page")), 404,
                                 "file-not-found")["detail"]
    assert "500" in problem(client.get("/v1/validate", url=github.url("/city/broken")), 502,
                            "fetch-failed")["detail"]
    started = time.monotonic()
    problem(client.get("/v1/validate", url=github.url("/city/slow")), 504, "fetch-timeout")
    assert time.monotonic() - started < 8
    document = problem(client.get("/v1/validate", url=github.url("/city/huge")), 502,
                       "fetched-file-too-large")
    assert document["limit"] == 100 * 1024
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there
    assert "refused" in problem(client.get("/v1/validate", url=f"http://127.0.0.1:{port}/o/r"), 502,
                                "fetch-failed")["detail"]


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/org/repo",
                                 "http://127.0.0.2:8000/org/repo", "http://[::1]:8000/org/repo",
                                 "http://[::ffff:127.0.0.2]/org/repo", "http://0.0.0.0/org/repo"])
def test_private_and_local_addresses_are_refused(client: Client, url: str) -> None:
    """Only 127.0.0.1 is allowed to this server (its forges); nothing else outside the public internet."""
    document = problem(client.get("/v1/validate", url=url), 403, "address-refused")
    assert "private, local or reserved" in document["detail"]
    problem(client.get("/badge.svg", url=url), 403, "address-refused")


@pytest.mark.parametrize("url", ["ftp://example.org/org/repo", "file:///etc/passwd", "javascript:alert(1)",
                                 "github.com/org/repo", "http://", "https://" + "a" * 3000 + ".org/r"])
def test_what_is_not_an_http_address_is_refused(client: Client, url: str) -> None:
    problem(client.get("/v1/validate", url=url), 400, "bad-url")


def test_a_redirect_to_a_private_address_is_not_followed(client: Client, forges: Forges) -> None:
    document = problem(client.get("/v1/validate", url=forges.github.url("/city/moved")), 502, "fetch-failed")
    assert "169.254.169.254" in document["detail"] and "private or reserved" in document["detail"]


# --- badges ----------------------------------------------------------------------------------------

def badge(response: Any) -> str:
    assert response.status == 200 and response.headers["Content-Type"] == "image/svg+xml"
    return response.data.decode()


def test_badges_say_valid_invalid_not_found_or_unknown(client: Client, forges: Forges) -> None:
    github = forges.github
    for project, message in (("city/valid", "valid"), ("city/invalid", "invalid"), ("city/none", "not found"),
                             ("city/broken", "unknown")):
        svg = badge(client.get("/badge.svg", url=github.url(f"/{project}")))
        assert f'aria-label="publiccode.yml: {message}"' in svg and f">{message}</text>" in svg
        assert svg.startswith("<svg") and "<script" not in svg


def test_a_badge_is_kept_and_not_fetched_on_every_view(client: Client, forges: Forges) -> None:
    forges.gitlab.add("keep/me", {"publiccode.yml": STANDARD_VALID})
    url = forges.gitlab.url("/keep/me")
    fetched = lambda: sum(path.startswith("/keep/me/-/raw/") for path in forges.gitlab.file_requests())  # noqa: E731
    first = client.get("/badge.svg", url=url)
    assert "valid" in badge(first) and fetched() == 1
    max_age = int(first.headers["Cache-Control"].split("max-age=")[1])
    assert 55 <= max_age <= 60 and first.headers["Cache-Control"].startswith("public")
    with ThreadPoolExecutor(8) as pool:
        again = list(pool.map(lambda _: client.get("/badge.svg", url=url), range(8)))
    assert all(badge(response) == badge(first) for response in again)
    assert fetched() == 1  # kept: no request to the forge
    complete = badge(client.get("/badge.svg", url=url, profile="complete"))  # another verdict
    assert ">invalid</text>" in complete and fetched() == 2


def test_a_badge_needs_an_address(client: Client) -> None:
    problem(client.get("/badge.svg"), 400, "missing-url")
    problem(client.get("/badge.svg", url="not a url"), 400, "bad-url")


# --- operations ------------------------------------------------------------------------------------

def test_the_access_log_has_a_json_line_per_request_and_no_body(server: Server) -> None:
    client = Client(server)
    secret = "A-SECRET-IN-THE-FILE-1234"
    client.post("/v1/validate", STANDARD_VALID.replace("Medusa", secret).encode(), profile="complete")
    client.get("/status")
    deadline = time.monotonic() + 5
    asked = (client.address, "/status")
    while not [line for line in server.log() if (line["client"], line["path"]) == asked]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    mine = [line for line in server.log() if line["client"] == client.address]
    assert [(line["method"], line["path"], line["status"]) for line in mine] == [
        ("POST", "/v1/validate", 200), ("GET", "/status", 200)]
    assert mine[0]["query"] == "profile=complete" and mine[0]["valid"] is False and mine[0]["errors"] == 1
    assert mine[0]["bytes"] > 0 and mine[0]["ms"] >= 0 and mine[0]["time"].endswith("Z")
    assert secret not in server.access_log.read_text(encoding="utf-8")


def test_nothing_of_serve_is_loaded_by_the_plain_check(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID, encoding="utf-8")
    script = ("import json, sys\nfrom publiccode_check.cli import main\n"
              "code = main(['-q', 'publiccode.yml'])\nprint(json.dumps([name for name in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env=cli_env())
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "publiccode_check.validate" in loaded
    unwanted = ("publiccode_check.serve", "publiccode_check.cli.serve", "publiccode_check.web", "starlette",
                "uvicorn", "multipart", "python_multipart", "jinja2", "anyio")
    assert [name for name in loaded if name.startswith(unwanted)] == []


def test_sigterm_lets_the_requests_under_way_finish(tmp_path: Path, forges: Forges) -> None:
    """Graceful shutdown: the server stops taking connections, answers what it has, then exits 0.

    This server also takes its settings from the environment."""
    forges.github.add("city/late", {"publiccode.yml": raw(STANDARD_VALID, delay=1.5)})
    running = Server("--allow-network", "127.0.0.1/32", "--forge", f"{forges.github.host}=github",
                     workdir=tmp_path,
                     env={"PUBLICCODE_CHECK_WORKERS": "1", "PUBLICCODE_CHECK_CPU_SECONDS": "2"})
    client = Client(running)
    assert answer(client.get("/status"))["validations"]["workers"] == 1
    late: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: late.update(response=client.get(
        "/v1/validate", url=forges.github.url("/city/late"))))
    thread.start()
    time.sleep(0.5)  # the request is under way: the forge is taking its time
    stopping = time.monotonic()
    running.process.terminate()
    thread.join(20)
    assert answer(late["response"])["valid"]
    assert running.stop() == 0 and time.monotonic() - stopping < 8
    assert "publiccode-check serve: stopped" in "".join(running.errors)
    with pytest.raises(OSError):
        socket.create_connection(tuple(running.base.removeprefix("http://").rsplit(":", 1)), timeout=2)


def test_bad_settings_are_usage_errors(tmp_path: Path) -> None:
    def serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "publiccode_check", "serve", "--port", "0", *args],
                              capture_output=True, text=True, timeout=60, env=cli_env(**env), cwd=tmp_path)

    done = serve(PUBLICCODE_CHECK_CPU_SECONDS="soon")
    assert done.returncode == 2 and "PUBLICCODE_CHECK_CPU_SECONDS='soon'" in done.stderr
    done = serve("--cpu-seconds", "0")
    assert done.returncode == 2 and "--cpu-seconds" in done.stderr
    done = serve("--max-body", "lots")
    assert done.returncode == 2 and "not a size" in done.stderr
    done = serve("--forge", "git.example.org=svn")
    assert done.returncode == 2 and "HOST=KIND" in done.stderr
    done = serve("--allow-network", "10.0.0.0/33")
    assert done.returncode == 2 and "--allow-network" in done.stderr
    with socket.create_server(("127.0.0.1", 0)) as taken:
        done = serve("--port", str(taken.getsockname()[1]))
    assert done.returncode == 2 and "cannot listen on 127.0.0.1 port" in done.stderr


def test_without_the_serve_extra_the_command_says_how_to_install_it() -> None:
    script = ("import sys\nsys.modules['uvicorn'] = None\nfrom publiccode_check.cli import main\n"
              "sys.exit(main(['serve']))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env=cli_env())
    assert done.returncode == 2
    assert "pip install 'publiccode-check[serve]'" in done.stderr and "Traceback" not in done.stderr


# --- the README ------------------------------------------------------------------------------------

def readme_section() -> str:
    return README.read_text(encoding="utf-8").split("## Validation service", 1)[1].split("\n## ", 1)[0]


def test_the_readme_example_answer_is_true(client: Client) -> None:
    shown = json.loads(readme_section().split("```json\n", 1)[1].split("```", 1)[0])
    got = answer(client.post("/v1/validate", readme_example().encode()))
    assert list(got) == list(shown)
    assert {**got, "results": None} == {**shown, "results": None}
    assert shown["results"][0] in got["results"] and len(got["results"]) == 10


def test_the_readme_lists_options_that_exist() -> None:
    done = subprocess.run([sys.executable, "-m", "publiccode_check", "serve", "--help"], capture_output=True,
                          text=True, timeout=60, env=cli_env())
    listed = set(re.findall(r"`(--[a-z-]+)", readme_section()))
    assert len(listed) > 15
    assert [option for option in sorted(listed) if option not in done.stdout] == []
