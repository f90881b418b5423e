"""The address guard, TLS, the cache, forge URLs and the offline default: what keeps the checks safe.

Servers listen on loopback only; `loopback_only()` records every connection and DNS
lookup and fails any outside loopback before a packet is sent, so a guard that let
one through would fail here, not reach the network.
"""

from __future__ import annotations

import ipaddress
import json
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from localserver import LocalServer, Reply, loopback_only, redirect

from publiccode_check.network import forges, guard, probes
from publiccode_check.network.cache import Cache
from publiccode_check.network.client import Client, Unverifiable
from publiccode_check.network.options import NetworkOptions
from publiccode_check.rules.videos import _providers

TLS = Path(__file__).parent / "fixtures" / "tls"  # a self-signed certificate for `localhost`


@pytest.fixture(autouse=True)
def _loopback_only() -> Iterator[list]:
    with loopback_only() as attempts:
        yield attempts


def get(url: str, *, read: int = 0, **options) -> int:
    """The status of GET `url` through the client, with `options` (the guard on by default)."""
    client = Client(NetworkOptions(timeout=2.0, retries=0, **options))
    return client.request("GET", url, deadline=time.monotonic() + 5, read=read).status


# --- the guard --------------------------------------------------------------------------------

REFUSED = ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
           "100.64.0.1", "100.127.255.254", "224.0.0.1", "239.255.255.250", "0.0.0.0", "240.0.0.1",
           "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
           "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
           "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
           "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
           "64:ff9b:1::1",  # local-use NAT64
           "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
           "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
           "2001:db8::1"]  # documentation
ALLOWED = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
           "2002:0808:0808::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_guard_refuses_non_public_addresses(address: str) -> None:
    assert guard.refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ALLOWED)
def test_guard_allows_public_addresses(address: str) -> None:
    assert guard.refusal(ipaddress.ip_address(address)) is None


def test_guard_names_the_reason() -> None:
    assert "link-local" in guard.refusal(ipaddress.ip_address("169.254.169.254"))
    assert "carrier-grade NAT" in guard.refusal(ipaddress.ip_address("100.64.0.1"))
    mapped = ipaddress.ip_address("::ffff:127.0.0.1")
    assert guard.refusal(mapped) == "an address that carries 127.0.0.1, a loopback address"
    assert guard.refusal(ipaddress.ip_address("10.0.0.1"), guard.networks(["10.0.0.0/8"])) is None


def test_guard_refuses_a_loopback_server(_loopback_only) -> None:
    with LocalServer({"/": Reply(200)}) as server:
        with pytest.raises(Unverifiable, match=r"127\.0\.0\.1 is a loopback address"):
            get(server.url("/"))
        assert server.requests == []
    assert [kind for kind, _ in _loopback_only] == []  # refused before any lookup or connection


def test_guard_refuses_a_name_resolving_to_loopback() -> None:
    with LocalServer({"/": Reply(200)}) as server:
        with pytest.raises(Unverifiable, match=r"`localhost` resolves to .*loopback"):
            get(server.url("/", host="localhost"))
        assert server.requests == []


def test_guard_refuses_cloud_metadata_without_connecting(_loopback_only) -> None:
    for url in ("http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
                "http://[fd00:ec2::254]/", "http://100.100.100.200/"):
        with pytest.raises(Unverifiable, match="not connecting"):
            get(url)
    assert _loopback_only == []  # not even a DNS lookup: nothing was sent


def test_guard_refuses_a_redirect_into_a_private_address(_loopback_only) -> None:
    with LocalServer({"/": Reply(200)}, host="127.0.0.2") as inner:
        targets = {"/to-inner": redirect(inner.url("/")), "/to-metadata": redirect("http://169.254.169.254/"),
                   "/to-lan": redirect("http://10.0.0.1:8080/admin"), "/to-ftp": redirect("ftp://example.org/")}
        with LocalServer(targets) as outer:
            for path, reason in [("/to-inner", r"127\.0\.0\.2 is a loopback"),
                                 ("/to-metadata", "link-local"), ("/to-lan", "private address"),
                                 ("/to-ftp", "only http")]:
                with pytest.raises(Unverifiable, match=reason):
                    get(outer.url(path), allowed_networks=("127.0.0.1/32",))
            assert len(outer.requests) == 4
        assert inner.requests == []
    assert {host for _, host in _loopback_only} == {"127.0.0.1"}  # the only address contacted


def test_allow_private_hosts_lifts_the_guard() -> None:
    with LocalServer({"/": Reply(200)}) as server:
        assert get(server.url("/"), allow_private_hosts=True) == 200
        assert get(server.url("/", host="localhost"), allow_private_hosts=True) == 200


def test_only_http_and_https() -> None:
    for url in ("ftp://example.org/", "file:///etc/passwd", "gopher://127.0.0.1/"):
        with pytest.raises(Unverifiable, match="only http"):
            get(url, allow_private_hosts=True)


# --- TLS: the name is verified while the judged address is connected to -------------------------


@pytest.fixture
def tls_server() -> Iterator[LocalServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost.pem", TLS / "localhost.key")
    with LocalServer({"/": Reply(200, b"secure")}, tls=context) as server:
        yield server


def test_https_sends_the_name_and_verifies_the_certificate(tls_server) -> None:
    options = {"allow_private_hosts": True, "ca_file": str(TLS / "localhost.pem")}
    assert get(tls_server.url("/", host="localhost"), **options) == 200
    assert tls_server.requests[0][2]["Host"] == f"localhost:{tls_server.port}"
    with pytest.raises(Unverifiable, match="secure connection failed"):  # the certificate is not for the IP
        get(tls_server.url("/"), **options)
    with pytest.raises(Unverifiable, match="secure connection failed"):  # nor from a known authority
        get(tls_server.url("/", host="localhost"), allow_private_hosts=True)


# --- limits -----------------------------------------------------------------------------------


def test_body_is_read_only_as_far_as_asked() -> None:
    body = (b"x" * 65536 for _ in range(1024))  # 64 MiB, streamed
    with LocalServer({"/big": Reply(200, body)}) as server:
        client = Client(NetworkOptions(allow_private_hosts=True, retries=0))
        response = client.request("GET", server.url("/big"), deadline=time.monotonic() + 10, read=1000)
    assert (len(response.body), response.complete) == (1000, False)
    assert server.sent < 16 * 2**20


def test_user_agent_names_the_tool_and_its_version() -> None:
    from publiccode_check import __version__

    with LocalServer({"/": Reply(200)}) as server:
        get(server.url("/"), allow_private_hosts=True)
        headers = server.requests[0][2]
    assert headers["User-Agent"].startswith(f"publiccode-check/{__version__} ")
    assert "Cookie" not in headers and "Authorization" not in headers


# --- the cache --------------------------------------------------------------------------------


def test_cache_keeps_values_within_their_time_to_live(tmp_path) -> None:
    cache = Cache(tmp_path, ttl=3600)
    assert cache.get("k") is None
    cache.put("k", [["link-missing", "gone", None]])
    assert cache.get("k") == [["link-missing", "gone", None]]
    assert Cache(tmp_path, ttl=-1).get("k") is None  # expired
    assert Cache(tmp_path, ttl=3600, enabled=False).get("k") is None
    [entry] = tmp_path.iterdir()
    entry.write_text("{ half an entr")
    assert cache.get("k") is None  # a damaged entry is a miss, not a crash


WRITER = """
import sys
from pathlib import Path
from publiccode_check.network.cache import Cache
cache = Cache(Path(sys.argv[1]), ttl=3600)
for i in range(300):
    cache.put(f"key{i % 10}", {"writer": sys.argv[2], "payload": "x" * 20000, "i": i})
"""


def test_cache_is_safe_with_two_processes_writing_at_once(tmp_path) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name]) for name in "ab"]
    cache, seen = Cache(tmp_path, ttl=3600), 0
    while any(w.poll() is None for w in writers):
        for i in range(10):
            value = cache.get(f"key{i}")
            if value is not None:  # never half an entry
                assert value["writer"] in "ab" and len(value["payload"]) == 20000
                seen += 1
    assert [w.wait(60) for w in writers] == [0, 0]
    assert {cache.get(f"key{i}")["i"] % 10 for i in range(10)} == set(range(10))
    assert not list(tmp_path.glob(".entry-*"))  # no temporary file left behind
    assert seen > 0


def test_default_cache_directory_follows_xdg(monkeypatch, tmp_path) -> None:
    from publiccode_check.network.options import default_cache_dir

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "publiccode-check" / "network"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, as the XDG spec says
    assert default_cache_dir() == Path.home() / ".cache" / "publiccode-check" / "network"


# --- forges and oEmbed: data and parsing ---------------------------------------------------------


@pytest.mark.parametrize(("page", "raw"), [
    ("https://github.com/italia/medusa/blob/main/img/logo.svg",
     "https://raw.githubusercontent.com/italia/medusa/main/img/logo.svg"),
    ("https://gitlab.com/group/sub/project/-/blob/v1.0/logo.png",
     "https://gitlab.com/group/sub/project/-/raw/v1.0/logo.png"),
    ("https://bitbucket.org/team/repo/src/master/docs/shot.png",
     "https://bitbucket.org/team/repo/raw/master/docs/shot.png"),
    ("https://codeberg.org/owner/repo/src/branch/main/logo.svg",
     "https://codeberg.org/owner/repo/raw/branch/main/logo.svg"),
])
def test_forge_pages_of_files_become_raw_urls(page: str, raw: str) -> None:
    assert forges.raw_url(page) == raw
    assert forges.raw_url(raw) is None  # already raw
    assert forges.same_repository(forges.place(page).address, raw)


@pytest.mark.parametrize(("remote", "root"), [
    ("https://github.com/italia/medusa/blob/main/publiccode.yml",
     "https://raw.githubusercontent.com/italia/medusa/main/"),
    ("https://raw.githubusercontent.com/italia/medusa/refs/heads/main/sub/publiccode.yml",
     "https://raw.githubusercontent.com/italia/medusa/refs/heads/main/"),
    ("https://gitlab.com/g/s/p/-/raw/main/publiccode.yml", "https://gitlab.com/g/s/p/-/raw/main/"),
    ("https://codeberg.org/o/r/src/tag/v1/publiccode.yml", "https://codeberg.org/o/r/raw/tag/v1/"),
    ("https://example.org/files/publiccode.yml?download=1", "https://example.org/files/"),
])
def test_raw_root_of_a_remote_publiccode(remote: str, root: str) -> None:
    assert forges.raw_root(remote) == root


def test_same_repository() -> None:
    assert forges.same_repository("https://github.com/Italia/Medusa.git",
                                  "https://raw.githubusercontent.com/italia/medusa/main/logo.png")
    assert not forges.same_repository("https://github.com/italia/medusa",
                                      "https://raw.githubusercontent.com/italia/other/main/logo.png")
    assert forges.same_repository("https://git.example.org/g/p.git", "https://git.example.org/g/p/-/raw/m/l.png")
    assert not forges.same_repository("https://git.example.org/g/p.git", "https://cdn.example.org/g/p/l.png")
    assert forges.same_repository("git@example.org:g/p.git", "https://example.org/g/p/l.png") is None


def test_every_video_provider_has_an_oembed_entry() -> None:
    endpoints = json.loads((Path(probes.__file__).parent / "oembed.json").read_text())
    assert {name for name, _, _ in _providers()} == set(endpoints)
    assert probes.oembed_endpoint("https://tube.example.org/w/abc") == "https://tube.example.org/services/oembed"
    assert probes.oembed_endpoint("https://youtu.be/abc") == "https://www.youtube.com/oembed"


# --- the offline default ----------------------------------------------------------------------


def test_offline_run_never_imports_the_network_package(tmp_path) -> None:
    from conftest import VALID

    (tmp_path / "publiccode.yml").write_text(VALID + "landingURL: https://example.org/\n")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "publiccode_check", "publiccode.yml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "publiccode_check.rules" in imported  # the trace is the real one
    assert not {name for name in imported if name.startswith(("publiccode_check.network", "urllib3",
                                                               "ssl", "http.client", "socket"))}


def test_listing_the_network_rules_does_not_import_the_client() -> None:
    code = ("import sys; from publiccode_check.network import RULES, NetworkOptions; "
            "print(len(RULES), 'urllib3' in sys.modules, 'socket' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["11", "False", "False"], done.stderr
