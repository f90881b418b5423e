"""The web page of `publiccode-check serve`, as its readers get it.

First the page as a browser without JavaScript gets it (forms sent with urllib3, the answer
parsed as a browser's parser would), then in Chromium (Playwright, Debian's /usr/bin/chromium):
with its script, and with JavaScript turned off. For every page opened in the browser: no
console error, no dialog, and no request to anywhere but the server itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import urllib3
from browsing import Opened, watch
from conftest import SHARED, STANDARD_VALID, require_shared
from forges import Forge
from serving import Client, Server
from test_serve import readme_example
from test_vet_html import browser, parse  # noqa: F401  (browser: the Chromium fixture)

from publiccode_check.serve.page import docs_link
from publiccode_check.vocab import load_vocab

BROKEN_LINES = {3: "repository-url", 4: "wrong-type", 5: "bad-value"}  # of the README's example


@pytest.fixture(scope="module")
def forge() -> Iterator[Forge]:
    with Forge("github") as made:
        made.add("city/invalid", {"publiccode.yml": readme_example()})
        made.add("city/none", {})
        yield made


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, forge: Forge) -> Iterator[Server]:
    running = Server("--workers", "1", "--allow-network", "127.0.0.1/32", "--forge", f"{forge.host}=github",
                     "--no-cache", workdir=tmp_path_factory.mktemp("serve-page"))
    yield running
    assert running.stop() == 0, "".join(running.errors)


def page_of(response: Any, status: int = 200) -> Any:
    assert response.status == status, response.data[:300]
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return parse(response.data.decode())


def line(root: Any, number: int) -> Any:
    return root.find("li", id=f"line-{number}")


# --- without JavaScript ------------------------------------------------------------------------------

def test_the_form_sent_without_javascript_shows_each_problem_under_its_line(server: Server) -> None:
    client = Client(server)
    response = client.request("POST", "/", fields={"text": readme_example(), "profile": "standard"})
    root = page_of(response)
    results = root.find("section", id="results")
    assert results.find("h2").text() == "Not valid"
    assert "7 errors and 3 warnings" in results.find("p", cls="summary").text()
    for number, rule in BROKEN_LINES.items():
        shown = line(root, number)
        assert shown.find("code", cls="text").text() == readme_example().splitlines()[number - 1]
        problems = shown.find_all("li", cls="problem")
        assert [p.find("code", cls="rule").text() for p in problems] == [rule]
        assert problems[0].find("span", cls="sev").text() == "error"
        assert f"line {number}, column" in problems[0].find("span", cls="pos").text()
    url_problem = line(root, 3).find("li", cls="problem")
    assert "is an SSH shorthand, not a URL" in url_problem.find("span", cls="msg").text()
    assert url_problem.find("span", cls="hint").text() == "write the https address: https://github.com/italia/medusa.git"
    assert url_problem.find("a").attrs["href"] == "https://yml.publiccode.tools/schema.core.html#key-url"
    assert not line(root, 7).find_all("li", cls="problem")  # softwareType is fine
    assert root.find("textarea", id="text").text() == readme_example()  # to correct and send again
    jump = [a.attrs["href"] for a in root.find("nav", cls="jump").find_all("a")]
    assert jump[:3] == ["#line-1", "#line-2", "#line-3"]
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert not root.find_all("section", id="similar")  # this server has no catalogue to compare with


def test_a_chosen_file_is_checked_too(server: Server) -> None:
    part = ("publiccode.yml", STANDARD_VALID.encode(), "application/x-yaml")
    fields = {"text": "", "file": part, "profile": "complete"}
    root = page_of(Client(server).request("POST", "/", fields=fields))
    assert root.find("section", id="results").find("h2").text() == "Not valid"
    assert [p.find("code", cls="rule").text() for p in line(root, 1).find_all("li", cls="problem")] == [
        "roadmap-required"]
    assert all("selected" in option.attrs for option in root.find_all("option", value="complete"))


def test_a_repository_address_without_javascript(server: Server, forge: Forge) -> None:
    client = Client(server)
    root = page_of(client.get("/", url=forge.url("/city/invalid")))
    results = root.find("section", id="results")
    assert results.find("h2").text() == "Not valid"
    raw = forge.url("/city/invalid/raw/HEAD/publiccode.yml")
    assert [a.attrs["href"] for a in results.find("p", cls="meta").find_all("a")] == [raw]
    assert [p.find("code", cls="rule").text() for p in line(root, 3).find_all("li", cls="problem")] == [
        "repository-url"]
    badge = root.find("details", cls="badge-code").find("code").text()
    address = forge.url("/city/invalid")
    query = urlencode({"url": address})
    assert badge == f"[![publiccode.yml]({server.url('/badge.svg')}?{query})]({address})"
    assert root.find("input", id="url").attrs["value"] == forge.url("/city/invalid")


def test_what_cannot_be_checked_is_said_on_the_page(server: Server, forge: Forge) -> None:
    client = Client(server)
    empty = page_of(client.request("POST", "/", fields={"text": "  \n"}), 400)
    assert "paste the content of your publiccode.yml" in empty.find("section", id="results").text()
    huge = page_of(client.request("POST", "/", fields={"text": "#" * (2**20 + 10)}), 413)
    assert "larger than 1 MiB" in huge.find("section", id="results").text()
    missing = page_of(client.get("/", url=forge.url("/city/none")), 404)
    assert missing.find("h2", id="results-title").text() == "No publiccode.yml found"
    refused = page_of(client.get("/", url="http://169.254.169.254/latest/"), 403)
    assert "private, local or reserved" in refused.find("section", id="results").text()
    assert page_of(client.get("/", url="ftp://example.org/x"), 400).find("section", cls="refusal")


def test_a_long_file_is_shown_around_its_problems(server: Server) -> None:
    comments = "".join(f"# note {number}\n" for number in range(1000))
    text = STANDARD_VALID + comments + "licence: x\n"
    root = page_of(Client(server).request("POST", "/", fields={"text": text}))
    last = len(text.splitlines())
    assert [p.find("code", cls="rule").text() for p in line(root, last).find_all("li", cls="problem")] == [
        "unknown-key"]
    shown = [int(li.attrs["id"].removeprefix("line-")) for li in root.find("ol", cls="source").find_all("li")
             if li.attrs.get("id", "").startswith("line-")]
    assert shown == list(range(last - 3, last + 1))
    gaps = [li.text() for li in root.find_all("li", cls="gap")]
    assert gaps == [f"lines 1 to {last - 4}: no problem"]
    assert "A long file" in root.find("section", id="results").text()


def test_the_results_part_alone(server: Server) -> None:
    response = Client(server).request("POST", "/", fields={"text": readme_example()}, part="results")
    root = page_of(response)
    assert [e.tag for e in root.children if not isinstance(e, str)] == ["section"]
    assert "Content-Security-Policy" not in response.headers  # a part of the page, not a page


def test_hostile_text_stays_text(server: Server) -> None:
    text = STANDARD_VALID + '"<img src=x onerror=alert(1)>": 1\n"</code><script>alert(2)</script>": "`x"\n'
    page = Client(server).request("POST", "/", fields={"text": text}).data.decode()
    root = parse(page)
    assert not root.find_all("img") and [s.attrs for s in root.find_all("script")] == [{}]
    assert "<img src=x" not in page and "<script>alert" not in page
    assert any("<img src=x onerror=alert(1)>" in li.text() for li in root.find_all("li", cls="problem"))


def test_each_key_links_to_where_the_standard_documents_it() -> None:
    """The anchors are those of the standard's pages (docutils makes them from the section titles)."""
    anchors = {}
    for page, source in (("schema.core.html", "schema.core.rst"), ("schema.it.html", "schema.it.rst")):
        text = require_shared(SHARED / "spec" / source).read_text(encoding="utf-8")
        titles = re.findall(r"^((?:Key|Section) ``[^`]+``.*)$", text, re.MULTILINE)
        anchors[page] = {re.sub(r"[^a-z0-9]+", "-", re.sub(r"[`*]", "", title).lower()).strip("-")
                         for title in titles}
    docs = load_vocab("standard-docs")
    for page, keys in docs["pages"].items():
        assert set(keys.values()) == anchors[page], page
    core = docs["base"] + "schema.core.html#"
    assert docs_link(["description", "en_GB", "features", 2]) == {
        "url": core + "key-description-lang-features", "key": "description/[lang]/features"}
    assert docs_link(["maintenance", "contacts", 0, "email"])["url"] == core + "key-maintenance-contacts"
    assert docs_link(["organisation"])["url"] == core + "section-organisation"
    italian = docs_link(["IT", "riuso", "codiceIPA"])["url"]
    assert italian.endswith("schema.it.html#key-riuso-codiceipa-deprecated")
    assert docs_link(["Name"]) is None and docs_link([]) is None


# --- in the browser -----------------------------------------------------------------------------------

@pytest.fixture
def open_page(browser: Any, server: Server) -> Iterator[Callable[..., Opened]]:  # noqa: F811
    opened: list[tuple[Opened, Any]] = []

    def _open(path: str = "/", *, javascript: bool = True, width: int = 1280) -> Opened:
        context = browser.new_context(java_script_enabled=javascript,
                                      viewport={"width": width, "height": 900},
                                      extra_http_headers={"X-Forwarded-For": Client(server).address})
        page = context.new_page()
        page.set_default_timeout(20_000)
        result = watch(page, server.url(path), lambda url: url.startswith(server.base))
        page.goto(result.url)
        opened.append((result, context))
        return result

    yield _open
    for result, context in opened:
        context.close()
        assert [url for url in result.requests if not url.startswith(server.base)] == []
        assert result.complaints == []


def problems_on_line(page: Any, number: int) -> list[str]:
    return page.locator(f"#line-{number} li.problem code.rule").all_inner_texts()


def test_a_pasted_file_is_checked_without_leaving_the_page(open_page: Callable[..., Opened],
                                                            server: Server) -> None:
    opened = open_page()
    page = opened.page
    page.evaluate("window.stayed = true")  # gone if the page were loaded again
    page.locator("#text").fill(readme_example())
    page.locator("#check-file button[type=submit]").click()
    page.locator("#results h2").wait_for()
    assert page.evaluate("window.stayed") is True
    for number, rule in BROKEN_LINES.items():
        assert problems_on_line(page, number) == [rule]
    message = "git@github.com:italia/medusa.git is an SSH shorthand, not a URL"
    assert page.locator("#line-3 .msg").inner_text() == message
    assert page.locator("#line-3 .hint").is_visible()
    assert page.evaluate("document.activeElement.id") == "results"  # the reader is taken to the results
    assert page.locator("#status").inner_text().startswith("Not valid.")
    assert opened.requests == [server.url("/"), server.url("/?part=results")]


def test_without_javascript_the_form_is_sent_and_the_page_comes_back(open_page: Callable[..., Opened],
                                                                      server: Server) -> None:
    opened = open_page(javascript=False)
    page = opened.page
    page.locator("#text").fill(readme_example())
    page.locator("#check-file button[type=submit]").click()
    page.locator("#results h2").wait_for()
    assert page.url == server.url("/")
    for number, rule in BROKEN_LINES.items():
        assert problems_on_line(page, number) == [rule]
    assert page.locator("#text").input_value() == readme_example()
    page.locator("#url").fill("http://10.0.0.1/city/app")  # a private address: refused
    page.locator("#check-url button[type=submit]").click()
    page.locator("#results.refusal").wait_for()
    assert "private, local or reserved" in page.locator("#results").inner_text()
    # the page came with its status, 403, which the browser notes on its console
    assert opened.complaints == ["console error: Failed to load resource: the server responded with a status "
                                 "of 403 (Forbidden)"]
    opened.complaints.clear()


def test_a_chosen_file_is_loaded_into_the_text_box(open_page: Callable[..., Opened], tmp_path: Path) -> None:
    page = open_page().page
    chosen = tmp_path / "publiccode.yml"
    chosen.write_text(readme_example(), encoding="utf-8")
    page.locator("#file").set_input_files(str(chosen))
    page.wait_for_function("document.getElementById('text').value.length > 0")
    assert page.locator("#text").input_value() == readme_example()
    assert "publiccode.yml loaded" in page.locator("#status").inner_text()
    page.locator("#text").press("Control+Enter")  # sends the form from the keyboard
    page.locator("#results h2").wait_for()
    assert problems_on_line(page, 3) == ["repository-url"]


def test_a_repository_address_in_the_browser(open_page: Callable[..., Opened], forge: Forge,
                                             server: Server) -> None:
    page = open_page().page
    page.locator("#url").fill(forge.url("/city/invalid"))
    page.locator("#url").press("Enter")
    page.locator("#results h2").wait_for()
    assert problems_on_line(page, 4) == ["wrong-type"]
    assert page.url.startswith(server.url("/?url=")) and "part=" not in page.url  # to share or reload


def test_the_page_can_be_used_with_the_keyboard(open_page: Callable[..., Opened]) -> None:
    page = open_page().page
    order = []
    for _ in range(9):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert order == ["publiccode.yml standard", "text", "file", "profile-file", "Check the file", "url",
                     "profile-url", "Check the repository", "the API"]
    names = page.evaluate("[...document.querySelectorAll('textarea, input, select, button')]"
                          ".map(e => [e.id || e.type, e.labels && e.labels.length ? "
                          "e.labels[0].textContent : e.textContent])")
    assert all(name.strip() for _, name in names), names
    focused = page.locator("#text")
    focused.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_the_page_is_readable_on_a_phone(open_page: Callable[..., Opened]) -> None:
    page = open_page(width=360).page
    long_line = readme_example().replace("Booking system for hospitals", "Booking " + "system " * 40)
    page.locator("#text").fill(long_line)
    page.locator("#check-file button[type=submit]").click()
    page.locator("#results h2").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing to scroll sideways
    box = page.locator("#line-3 li.problem").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_the_page_runs_only_its_own_script(open_page: Callable[..., Opened]) -> None:
    opened = open_page()
    page = opened.page
    text = STANDARD_VALID + '"<img src=x onerror=alert(1)>": 1\n'
    page.locator("#text").fill(text)
    page.locator("#check-file button[type=submit]").click()
    page.locator("#results h2").wait_for()
    assert page.locator("img").count() == 0 and page.evaluate("document.scripts.length") == 1
    page.evaluate("fetch('https://example.org/').catch(() => null)")  # refused by the policy (and the route)
    page.wait_for_timeout(200)
    refused = [c for c in opened.complaints if "Content Security Policy" in c]
    assert refused and "https://example.org/" in refused[0]
    opened.complaints.clear()
    opened.requests[:] = [url for url in opened.requests if url != "https://example.org/"]


def test_the_openapi_file_and_the_page_agree_on_the_api(server: Server) -> None:
    """The page's footer points at the API it documents."""
    root = page_of(Client(server).get("/"))
    links = {a.attrs["href"] for a in root.find("footer").find_all("a")}
    assert links == {"openapi.json", "v1/rules"}
    for link in links:
        assert json.loads(urllib3.request("GET", server.url("/" + link)).data)
