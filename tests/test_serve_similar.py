"""`publiccode-check serve --catalogue`: similar initiatives in the API (`?similar=N`) and on the page.

One server for the module, given its catalogue (a directory of publiccode.yml files, some of them
hostile) through the environment variable, as a container would be: the API's answers are checked
against the OpenAPI file, the page is read as a browser without JavaScript would, then used in
Chromium. The catalogue is read once, at start-up: the test changes it afterwards, and nothing
changes in the answers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import Opened
from conftest import cli_env
from forges import Forge
from serving import Client, Server, problem
from test_serve_page import open_page, page_of  # noqa: F401  (open_page: the page in Chromium, on this server)
from test_similar import CATALOGUE, DRAFT, catalogue_tree, publiccode
from test_vet_html import browser  # noqa: F401  (the Chromium fixture)

HOSTILE = publiccode("<script>alert(1)</script>", "javascript:alert(2)", "it",
                     "Prenotazione online degli appuntamenti\u202e allo sportello del comune",
                     contact=("<img src=x onerror=alert(3)>", "evil@example.org"))
HOSTILE["roadmap"] = "https://example.org/\"><b>roadmap</b>"
OWN = "city/sportello"  # a repository of the forge, whose file is in the catalogue too
# what comes up for it, best first: the closest in Italian, then the same idea in German and Swedish
CLOSEST = ["Prenota Comune", "<script>alert(1)</script>", "Terminvergabe", "Terminvergabe Nord", "Bibliotek"]


@pytest.fixture(scope="module")
def forge() -> Iterator[Forge]:
    with Forge("github") as made:
        yield made


@pytest.fixture(scope="module")
def own(forge: Forge) -> dict[str, Any]:
    """The file of the repository OWN: the draft of test_similar, at home on the forge."""
    data = {**DRAFT, "url": forge.url(f"/{OWN}")}
    forge.add(OWN, {"publiccode.yml": json.dumps(data)})
    return data


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory, own: dict[str, Any]) -> Path:
    return catalogue_tree(tmp_path_factory.mktemp("catalogue"), {**CATALOGUE, "evil": HOSTILE, "own": own})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, forge: Forge, catalogue: Path) -> Iterator[Server]:
    running = Server("--workers", "1", "--allow-network", "127.0.0.1/32", "--forge", f"{forge.host}=github",
                     "--no-cache", workdir=tmp_path_factory.mktemp("serve-similar"),
                     env={"PUBLICCODE_CHECK_CATALOGUE": str(catalogue)})
    # read once, at start-up: what becomes of the files afterwards changes nothing
    (catalogue / "prenota" / "publiccode.yml").write_text("name: [", encoding="utf-8")
    (catalogue / "library" / "publiccode.yml").unlink()
    yield running
    assert running.stop() == 0, "".join(running.errors)


@pytest.fixture(scope="module")
def spec(server: Server) -> dict[str, Any]:
    return json.loads(Client(server).get("/openapi.json").data)


def answer(response: Any) -> dict[str, Any]:
    assert response.status == 200, response.data[:500]
    return json.loads(response.data)


# --- the API -----------------------------------------------------------------------------------------

def test_similar_initiatives_are_in_the_answer_when_asked(server: Server, spec: dict[str, Any],
                                                          own: dict[str, Any]) -> None:
    client = Client(server, spec)
    draft = json.dumps(own).encode()
    assert "similar" not in answer(client.post("/v1/validate", draft))
    response = client.post("/v1/validate", draft, similar="3")
    found = answer(response)["similar"]
    assert [item["name"] for item in found] == CLOSEST[:3]  # not its own file, which the catalogue holds
    first = found[0]
    assert first["source"] == "prenota/publiccode.yml" and first["developmentStatus"] == "concept"
    assert first["url"] == "https://example.org/comune/prenota"
    assert first["contacts"] == [{"name": "Lucia Bianchi", "email": "lucia@example.it"}]
    assert first["shared"]["categories"] == [] and "appuntamenti" in first["shared"]["words"]
    assert first["why"].startswith("words: Prenotazione") and first["score"] > found[1]["score"] > 0
    # across languages: the German file names the idea in its own words
    assert ["Prenotazione", "Terminvergabe"] in found[2]["shared"]["otherWords"]
    # the hostile file's values are the file's, its bidirectional control written as an escape
    assert found[1]["url"] == "javascript:alert(2)" and "\u202e" in found[1]["shortDescription"]
    assert "\\u202e" in response.data.decode()
    query = client.request("QUERY", "/v1/validate", body=draft,
                           headers={"Content-Type": "application/x-yaml"}, similar="3")
    assert answer(query)["similar"] == found


def test_a_repository_checked_by_its_address(server: Server, spec: dict[str, Any], forge: Forge) -> None:
    got = answer(Client(server, spec).get("/v1/validate", url=forge.url(f"/{OWN}"), similar="20"))
    assert got["url"] == forge.url(f"/{OWN}")
    assert [item["name"] for item in got["similar"]] == CLOSEST  # all that share something with it


def test_a_file_that_says_nothing_gets_no_similar_initiatives(server: Server, spec: dict[str, Any]) -> None:
    client = Client(server, spec)
    assert answer(client.post("/v1/validate", b"publiccodeYmlVersion: '0.7'\n", similar="5"))["similar"] == []
    assert answer(client.post("/v1/validate", b"- a list\n", similar="5"))["similar"] == []


def test_bad_similar_parameters_are_refused(server: Server, spec: dict[str, Any]) -> None:
    client = Client(server, spec)
    for value in ("0", "21", "five", "-1", "³"):
        refused = problem(client.post("/v1/validate", b"name: x\n", similar=value), 400, "bad-parameter")
        assert "1 to 20" in refused["detail"]


def test_status_says_what_the_catalogue_holds(server: Server, spec: dict[str, Any]) -> None:
    status = answer(Client(server, spec).get("/status"))
    assert status["catalogue"] == {"records": 8, "initiatives": 8}


# --- the page ----------------------------------------------------------------------------------------

def initiatives(root: Any) -> list[dict[str, Any]]:
    section = root.find("section", id="similar")
    assert section.find("h2").text() == "Similar initiatives"
    return [{"name": item.find("span", cls="name").text(), "status": item.find("span", cls="status").text(),
             "links": [a.attrs["href"] for a in item.find_all("a")],
             "contacts": item.find("dd", cls="contacts").text(), "why": item.find("dd", cls="why").text()}
            for item in section.find_all("li", cls="initiative")]


def test_the_page_shows_similar_initiatives_after_the_results(server: Server, own: dict[str, Any]) -> None:
    root = page_of(Client(server).request("POST", "/", fields={"text": json.dumps(own)}))
    assert "among the 8 of this service's catalogue" in root.find("header").text()
    shown = initiatives(root)
    # a file of the catalogue broken (prenota) and one removed (Bibliotek) since the start are still there
    assert [item["name"] for item in shown] == CLOSEST
    prenota = shown[0]
    assert prenota["status"] == "concept" and prenota["links"] == ["https://example.org/comune/prenota"]
    assert prenota["contacts"] == "Lucia Bianchi <lucia@example.it>"
    assert prenota["why"].startswith("words: ")
    # hostile values stay text; a javascript: address is no link, an https one with markup in it is
    evil = shown[1]
    assert evil["links"] == ['https://example.org/"><b>roadmap</b>']
    assert evil["contacts"] == "<img src=x onerror=alert(3)> <evil@example.org>"
    assert not root.find_all("img") and not root.find_all("b")
    assert [s.attrs for s in root.find_all("script")] == [{}]  # the page's own
    assert "\\u202e" in root.find("section", id="similar").text()
    jump = root.find("section", id="results").find_all("a", href="#similar")
    assert [a.text() for a in jump] == ["5 similar initiatives"]


def test_the_page_of_a_repository_and_of_a_file_with_nothing_to_compare(server: Server, forge: Forge) -> None:
    client = Client(server)
    names = [item["name"] for item in initiatives(page_of(client.get("/", url=forge.url(f"/{OWN}"))))]
    assert names == CLOSEST
    empty = page_of(client.request("POST", "/", fields={"text": "publiccodeYmlVersion: '0.7'\n"}))
    assert "Give the file a name or a description" in empty.find("section", id="similar").text()
    assert not empty.find_all("a", href="#similar")
    refused = page_of(client.request("POST", "/", fields={"text": " "}), 400)
    assert not refused.find_all("section", id="similar")


def test_similar_initiatives_in_the_browser(open_page: Callable[..., Opened], server: Server,  # noqa: F811
                                           own: dict[str, Any]) -> None:
    opened = open_page()
    page = opened.page
    page.locator("#text").fill(json.dumps(own, indent=2))
    page.locator("#check-file button[type=submit]").click()
    page.locator("#similar").wait_for()
    assert page.locator("#similar li.initiative .name").all_inner_texts() == CLOSEST
    page.locator("#results a[href='#similar']").click()
    assert page.locator("#similar h2").is_visible()
    assert page.evaluate("document.scripts.length") == 1 and page.locator("img").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # nothing wider than the page
    assert opened.requests == [server.url("/"), server.url("/?part=results")]
    # the fixture's teardown: no request leaving the page, no console error


# --- the command -------------------------------------------------------------------------------------

def test_a_catalogue_that_cannot_be_searched_stops_the_start(tmp_path: Path) -> None:
    older = tmp_path / "older.jsonl"
    older.write_text(json.dumps({"formatVersion": 1, "source": "a", "status": "valid"}) + "\n",
                     encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for source, said in ((older, "older `vet`"), (tmp_path / "empty", "no publiccode.yml there"),
                         (tmp_path / "nowhere.jsonl", "nowhere.jsonl")):
        done = subprocess.run([sys.executable, "-m", "publiccode_check", "serve", "--port", "0",
                               "--catalogue", str(source)], capture_output=True, text=True, timeout=60,
                              env=cli_env(XDG_CACHE_HOME=str(tmp_path / "cache")), cwd=tmp_path)
        assert done.returncode == 2 and "publiccode-check serve: --catalogue: " in done.stderr, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr and "listening" not in done.stderr
