"""Network checks as a user runs them: a publiccode.yml whose URLs lead to real local servers.

Every server listens on loopback; the address guard is lifted for 127.0.0.1 only
(`allowed_networks`), and `loopback_only()` fails any attempt to reach another
address before a packet leaves.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import STANDARD_VALID as VALID
from fixtures.images import SVG, jpeg, png
from localserver import LocalServer, Reply, drip, loopback_only, redirect

from publiccode_check import schema, validate_text
from publiccode_check.document import Document
from publiccode_check.load import load
from publiccode_check.network import FetchError, Network, NetworkOptions, check, fetch_publiccode
from publiccode_check.problem import Problem, Severity

GIT = {"Content-Type": "application/x-git-upload-pack-advertisement"}
REPOSITORY = "/italia/medusa.git"


@pytest.fixture(autouse=True)
def _loopback_only() -> Iterator[list]:
    with loopback_only() as attempts:
        yield attempts


@pytest.fixture
def options(tmp_path: Path) -> NetworkOptions:
    return NetworkOptions(timeout=2.0, deadline=20.0, backoff=0.01, cache_dir=tmp_path / "cache",
                          allowed_networks=("127.0.0.1/32",))


def document(text: str) -> Document:
    loaded = load(text.encode("utf-8"))
    assert loaded.document is not None, loaded.problems
    normalised, _ = schema.check(loaded.document)
    return normalised


def publiccode(server: LocalServer, extra: str = "", *, description: str = "",
               repository: str | None = None) -> Document:
    """The valid example, its `url` on `server` (or `repository`), plus top-level and description keys."""
    text = VALID.replace('url: "https://example.com/italia/medusa.git"',
                         f'url: "{repository or server.url(REPOSITORY)}"')
    text = text.replace("    features:", description + "    features:")
    return document(text + extra)


def git_server(routes: dict | None = None, **kwargs) -> LocalServer:
    """A server with the example's repository answering git's smart-HTTP discovery."""
    return LocalServer({f"{REPOSITORY}/info/refs": Reply(200, b"001e# service=git-upload-pack\n", GIT),
                        **(routes or {})}, **kwargs)


def found(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.rule, p.severity.value, p.key) for p in problems]


# --- pages -----------------------------------------------------------------------------------


def test_reachable_pages_and_repository_give_no_problem(options) -> None:
    with git_server({"/": Reply(200, b"<html>"), "/roadmap": Reply(200, b"plans")}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/')}\nroadmap: {server.url('/roadmap')}\n")
        assert check(doc, options=options) == []
        assert sorted(server.paths()) == sorted([f"{REPOSITORY}/info/refs?service=git-upload-pack",
                                                  "/", "/roadmap"])
        assert server.paths("HEAD") == ["/", "/roadmap"] or server.paths("HEAD") == ["/roadmap", "/"]


@pytest.mark.parametrize("status", [404, 410])
def test_missing_page_is_an_error_at_its_key(options, status: int) -> None:
    with git_server({"/gone": Reply(status)}) as server:
        doc = publiccode(server, description=f"    documentation: {server.url('/gone')}\n")
        problems = check(doc, options=options)
    assert found(problems) == [("link-missing", "error", "description.en.documentation")]
    assert f"the server answers {status}" in problems[0].message
    assert problems[0].line == 15  # where `documentation:` was written


def test_head_refused_falls_back_to_get(options) -> None:
    def head_refused(method: str, path: str) -> Reply:
        return Reply(405) if method == "HEAD" else Reply(200, (b"<html>" * 10_000 for _ in range(1000)))

    with git_server({"/site": head_refused}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/site')}\n")
        assert check(doc, options=options) == []
        assert [m for m, p, _ in server.requests if p == "/site"] == ["HEAD", "GET"]
    assert server.sent < 20_000_000  # of 60 MB: the page's body was not read


def test_redirects_are_followed(options) -> None:
    with git_server({"/old": redirect("/older", 301), "/older": redirect("/new", 307),
                     "/new": Reply(200)}) as server:
        doc = publiccode(server, f"roadmap: {server.url('/old')}\n")
        assert check(doc, options=options) == []
        assert server.paths("HEAD") == ["/old", "/older", "/new"]


def test_redirect_loop_and_too_many_redirects_cannot_be_verified(options) -> None:
    chain = {f"/hop{i}": redirect(f"/hop{i + 1}") for i in range(6)}
    with git_server({"/a": redirect("/b"), "/b": redirect("/a"), **chain, "/hop6": Reply(200)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/a')}\nroadmap: {server.url('/hop0')}\n")
        problems = check(doc, options=options)
        assert found(problems) == [("network-unverified", "warning", "landingURL"),
                                   ("network-unverified", "warning", "roadmap")]
        assert "loop" in problems[0].message
        assert "more than 5 redirects" in problems[1].message
        assert "/hop6" not in server.paths()  # the sixth redirect was not followed


def test_slow_server_is_cut_off_at_the_timeout_and_retried(tmp_path) -> None:
    options = NetworkOptions(timeout=0.5, retries=1, backoff=0.01, cache_dir=tmp_path,
                             allowed_networks=("127.0.0.1/32",))
    with git_server({"/slow": Reply(200, delay=3.0)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/slow')}\n")
        start = time.monotonic()
        problems = check(doc, options=options)
        elapsed = time.monotonic() - start
        assert server.paths() .count("/slow") == 2  # one retry
    assert found(problems) == [("network-unverified", "warning", "landingURL")]
    assert "no complete answer within 0.5 s" in problems[0].message
    assert elapsed < 2.5


def test_server_dripping_its_answer_is_cut_off(tmp_path) -> None:
    options = NetworkOptions(timeout=1.0, retries=0, cache_dir=tmp_path, allowed_networks=("127.0.0.1/32",))
    slow_png = drip(png()[:8], 0.2, 100)  # 20 s of a PNG, one chunk every 0.2 s: each read is quick
    logo = "/italia/medusa/raw/main/logo.png"
    with git_server({logo: Reply(200, slow_png, {"Content-Type": "image/png"})}) as server:
        doc = publiccode(server, f"logo: {server.url(logo)}\n")
        start = time.monotonic()
        problems = check(doc, options=options)
        elapsed = time.monotonic() - start
    assert found(problems) == [("network-unverified", "warning", "logo")]
    assert elapsed < 2.0


def test_server_errors_are_retried_then_reported_as_unverified(options) -> None:
    with git_server({"/busy": Reply(503)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/busy')}\n")
        problems = check(doc, options=options)
        assert server.paths().count("/busy") == 3  # two retries
    assert found(problems) == [("network-unverified", "warning", "landingURL")]
    assert "503" in problems[0].message


def test_transient_error_then_success(options) -> None:
    answers = iter([Reply(502), Reply(200)])
    with git_server({"/flaky": lambda method, path: next(answers)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/flaky')}\n")
        assert check(doc, options=options) == []


def test_strict_makes_could_not_verify_an_error(options, tmp_path) -> None:
    closed = LocalServer()  # bound, then closed: nothing listens on its port
    with closed:
        url = closed.url("/page")
    strict = NetworkOptions(**{**options.__dict__, "strict": True})
    with git_server() as server:
        doc = publiccode(server, f"landingURL: {url}\n")
        lenient, severe = check(doc, options=options), check(doc, options=strict)
    assert found(lenient) == [("network-unverified", "warning", "landingURL")]
    assert "refused" in lenient[0].message
    assert found(severe) == [("network-unverified", "error", "landingURL")]


def test_urls_of_a_file_are_checked_concurrently(options) -> None:
    with git_server({f"/page{i}": Reply(200, delay=0.4) for i in range(4)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/page0')}\nroadmap: {server.url('/page1')}\n",
                         description=f"    documentation: {server.url('/page2')}\n"
                                     f"    apiDocumentation: {server.url('/page3')}\n")
        start = time.monotonic()
        assert check(doc, options=options) == []
        elapsed = time.monotonic() - start
    assert elapsed < 1.0  # four 0.4 s answers at once, not one after the other (1.6 s)


def test_file_deadline_bounds_all_checks(tmp_path) -> None:
    options = NetworkOptions(timeout=5.0, deadline=1.0, workers=2, retries=0, cache_dir=tmp_path,
                             allowed_networks=("127.0.0.1/32",))
    slow = {f"/slow{i}": Reply(200, delay=3.0) for i in range(6)}
    with git_server(slow) as server:
        docs = "".join(f"    - {server.url(f'/slow{i}')}\n" for i in range(6))
        doc = publiccode(server, f"landingURL: {server.url('/slow0')}\n",
                         description=f"    documentation: {server.url('/slow1')}\n    videos:\n{docs}")
        start = time.monotonic()
        problems = check(doc, options=options)
        elapsed = time.monotonic() - start
    assert elapsed < 2.5
    assert {p.rule for p in problems} == {"network-unverified"}


# --- the repository ---------------------------------------------------------------------------


def test_git_smart_http_discovery(options) -> None:
    with git_server() as server:
        assert check(publiccode(server), options=options) == []
        [(method, path, headers)] = server.requests
    assert (method, path) == ("GET", f"{REPOSITORY}/info/refs?service=git-upload-pack")
    assert headers["User-Agent"].startswith("publiccode-check/")


def test_missing_repository_is_an_error(options) -> None:
    with LocalServer() as server:
        problems = check(publiccode(server), options=options)
    assert found(problems) == [("repository-missing", "error", "url")]
    assert "404" in problems[0].message


def test_reachable_address_that_is_not_git_is_a_warning(options) -> None:
    with LocalServer({REPOSITORY: Reply(200, b"<html>a project page</html>")}) as server:
        problems = check(publiccode(server), options=options)
    assert found(problems) == [("repository-not-git", "warning", "url")]


def test_forge_page_that_is_not_a_repository_needs_no_request(options, _loopback_only) -> None:
    with LocalServer() as server:
        problems = check(publiccode(server, repository="https://github.com/italia"), options=options)
    assert found(problems) == [("not-a-repository", "error", "url")]
    assert "GitHub" in problems[0].message
    assert _loopback_only == []  # no lookup, no connection


def test_ssh_repository_url_is_not_probed(options, _loopback_only) -> None:
    with LocalServer() as server:
        assert check(publiccode(server, repository="ssh://git@example.org/a/b.git"), options=options) == []
    assert _loopback_only == []


# --- logos and screenshots --------------------------------------------------------------------


def test_images_with_the_right_content_give_no_problem(options) -> None:
    raw = "/italia/medusa/raw/main"
    with git_server({f"{raw}/logo.svg": Reply(200, SVG), f"{raw}/shot.jpg": Reply(200, jpeg()),
                     f"{raw}/shot.png": Reply(200, png())}) as server:
        doc = publiccode(server, f"logo: {server.url(raw + '/logo.svg')}\n",
                         description=f"    screenshots:\n      - {server.url(raw + '/shot.jpg')}\n"
                                     f"      - {server.url(raw + '/shot.png')}\n")
        assert check(doc, options=options) == []


def test_wrong_content_behind_an_image_url(options) -> None:
    raw = "/italia/medusa/raw/main"
    with git_server({f"{raw}/logo.png": Reply(200, b"<!DOCTYPE html><html>", {"Content-Type": "text/html"}),
                     f"{raw}/shot.png": Reply(200, jpeg())}) as server:
        doc = publiccode(server, f"logo: {server.url(raw + '/logo.png')}\n",
                         description=f"    screenshots:\n      - {server.url(raw + '/shot.png')}\n")
        problems = check(doc, options=options)
    assert found(problems) == [("remote-file-format", "error", "description.en.screenshots[0]"),
                               ("remote-file-format", "error", "logo")]
    assert "should be PNG, but it looks like JPEG" in problems[0].message
    assert "not recognised (the server says text/html)" in problems[1].message


def test_missing_image_is_an_error(options) -> None:
    with git_server() as server:
        problems = check(publiccode(server, f"logo: {server.url('/italia/medusa/raw/main/no.svg')}\n"),
                         options=options)
    assert found(problems) == [("remote-file-missing", "error", "logo")]


def test_huge_image_is_not_read_past_the_cap(options) -> None:
    huge = (png()[:16] if i == 0 else b"\0" * 1_048_576 for i in range(64))  # 64 MiB, streamed
    with git_server({"/italia/medusa/raw/main/logo.png": Reply(200, huge)}) as server:
        doc = publiccode(server, f"logo: {server.url('/italia/medusa/raw/main/logo.png')}\n")
        start = time.monotonic()
        problems = check(doc, options=options)
        assert time.monotonic() - start < 5
    assert found(problems) == [("remote-file-size", "warning", "logo")]
    assert server.sent < 16 * 1_048_576  # the client stopped reading at 4 MiB


def test_image_outside_the_repository_is_a_warning(options) -> None:
    with git_server({"/elsewhere/logo.svg": Reply(200, SVG)}) as server:
        problems = check(publiccode(server, f"logo: {server.url('/elsewhere/logo.svg')}\n"), options=options)
    assert found(problems) == [("remote-file-repository", "warning", "logo")]


def test_relative_images_of_a_remote_file_are_read_from_beside_it(options) -> None:
    with git_server({"/italia/medusa/raw/main/img/logo.svg": Reply(200, SVG)}) as server:
        doc = publiccode(server, "logo: img/logo.svg\n",
                         description="    screenshots:\n      - img/missing.png\n")
        base = server.url("/italia/medusa/raw/main/publiccode.yml")
        problems = check(doc, base_url=base, options=options)
        assert "/italia/medusa/raw/main/img/logo.svg" in server.paths("GET")
    assert found(problems) == [("remote-file-missing", "error", "description.en.screenshots[0]")]
    assert problems[0].message.startswith(f"the file `http://127.0.0.1:{server.port}/")
    assert "/raw/main/img/missing.png` does not exist" in problems[0].message


def test_relative_images_of_a_local_file_are_left_to_the_offline_rules(options, _loopback_only) -> None:
    with git_server() as server:
        doc = publiccode(server, "logo: img/logo.svg\n")
        assert check(doc, options=options) == []
        assert server.paths() == [f"{REPOSITORY}/info/refs?service=git-upload-pack"]


# --- videos -----------------------------------------------------------------------------------


def test_video_checked_with_the_providers_oembed_endpoint(options) -> None:
    def oembed(method: str, path: str) -> Reply:
        if "abc" in path:
            return Reply(200, json.dumps({"type": "video", "version": "1.0"}).encode(),
                         {"Content-Type": "application/json"})
        return Reply(401) if "private" in path else Reply(404)

    with git_server({"/services/oembed": oembed}) as server:
        videos = "".join(f"      - {server.url(f'/w/{v}')}\n" for v in ("abc", "private", "nothing"))
        problems = check(publiccode(server, description=f"    videos:\n{videos}"), options=options)
        asked = [p for p in server.paths("GET") if p.startswith("/services/oembed")]
    assert found(problems) == [("video-missing", "error", "description.en.videos[1]"),
                               ("video-missing", "error", "description.en.videos[2]")]
    assert "private" in problems[0].message and "does not exist" in problems[1].message
    assert len(asked) == 3 and all("format=json" in p and "url=http%3A%2F%2F127.0.0.1" in p for p in asked)


# --- Italian public administrations -----------------------------------------------------------


def test_italian_pa_codes_need_no_network(options) -> None:
    """Codes are checked offline against the shipped list (tests/test_rules.py); the network
    checks ask nobody about them."""
    with git_server() as server:
        text = "organisation:\n  uri: urn:x-italian-pa:c_zzzz\n"
        assert check(publiccode(server, text), options=options) == []
        assert server.paths() == [f"{REPOSITORY}/info/refs?service=git-upload-pack"]
    assert [p.rule for p in validate_text(VALID + text).problems] == ["italian-pa-code"]


# --- once per run, and the cache ---------------------------------------------------------------


def test_each_url_is_asked_once_per_run(options) -> None:
    with git_server({"/": Reply(200)}) as server:
        site = server.url("/")
        doc = publiccode(server, f"landingURL: {site}\nroadmap: {site}\n",
                         description=f"    documentation: {site}\n    apiDocumentation: {site}\n")
        with Network(options) as network:
            assert network.check(doc) == [] and network.check(doc) == []
        assert server.paths().count("/") == 1


def test_second_run_makes_no_request_and_no_cache_does(options) -> None:
    raw = "/italia/medusa/raw/main"
    with git_server({"/": Reply(200), "/gone": Reply(404), f"{raw}/logo.svg": Reply(200, SVG)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/')}\nroadmap: {server.url('/gone')}\n"
                                 f"logo: {server.url(raw + '/logo.svg')}\n")
        first = check(doc, options=options)
        count = len(server.requests)
        assert check(doc, options=options) == first
        assert len(server.requests) == count  # everything came from the cache
        uncached = NetworkOptions(**{**options.__dict__, "use_cache": False})
        assert check(doc, options=uncached) == first
        assert len(server.requests) == 2 * count
    assert found(first) == [("link-missing", "error", "roadmap")]


def test_could_not_verify_is_not_cached(options) -> None:
    with git_server({"/busy": Reply(503)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/busy')}\n")
        check(doc, options=options)
        check(doc, options=options)
        assert server.paths().count("/busy") == 6


def test_cache_of_a_run_without_the_guard_is_not_used_with_it(options) -> None:
    with git_server({"/": Reply(200)}) as server:
        doc = publiccode(server, f"landingURL: {server.url('/')}\n")
        assert check(doc, options=options) == []
        guarded = NetworkOptions(**{**options.__dict__, "allowed_networks": ()})
        assert {p.rule for p in check(doc, options=guarded)} == {"network-unverified"}


# --- reading a publiccode.yml from a URL ------------------------------------------------------


def test_fetch_publiccode_then_check_it_end_to_end(options) -> None:
    with git_server() as server:
        text = VALID.replace("https://example.com/italia/medusa.git", server.url(REPOSITORY))
        server.routes["/italia/medusa/raw/main/publiccode.yml"] = Reply(200, text.encode())
        url = server.url("/italia/medusa/raw/main/publiccode.yml")
        data = fetch_publiccode(url, options)
        assert data == text.encode()
        problems = check(document((data + b"logo: img/logo.svg\n").decode()), base_url=url, options=options)
    assert found(problems) == [("remote-file-missing", "error", "logo")]


def test_fetch_publiccode_checks_the_status(options) -> None:
    with LocalServer({"/publiccode.yml": Reply(404, b"<html>Not Found</html>")}) as server, \
            pytest.raises(FetchError, match="404"):
        fetch_publiccode(server.url("/publiccode.yml"), options)


def test_problems_have_positions_and_strict_severity(options) -> None:
    with git_server({"/gone": Reply(404)}) as server:
        doc = publiccode(server, f"roadmap: {server.url('/gone')}\n")
        [problem] = check(doc, options=options)
    assert problem.severity is Severity.ERROR
    assert (problem.line, problem.column) == (len(VALID.splitlines()) + 1, 10)
