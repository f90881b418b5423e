"""The network checks through the command line, against real servers on loopback."""

from __future__ import annotations

from pathlib import Path

from conftest import STANDARD_VALID as VALID
from conftest import cli_env, run_cli
from localserver import LocalServer, Reply

PAGE = Reply(200, b"<html>roadmap</html>", {"Content-Type": "text/html"})
GIT = Reply(200, b"001e# service=git-upload-pack\n",
            {"Content-Type": "application/x-git-upload-pack-advertisement"})


def online(*args: str) -> list[str]:
    return ["--network", "--allow-private-hosts", "--timeout", "5", *args]


def serving(routes: dict[str, Reply]) -> LocalServer:
    """A loopback server that also hosts the example's repository: the subprocesses under
    test must never look up or reach any other host."""
    return LocalServer({"/medusa.git/info/refs": GIT, **routes})


def on(server: LocalServer, text: str) -> str:
    """VALID's repository URL moved to `server`."""
    return text.replace("https://example.com/italia/medusa.git", server.url("/medusa.git"))


def test_network_is_opt_in_and_finds_a_missing_page(tmp_path: Path) -> None:
    with serving({"/roadmap": PAGE}) as server:
        text = on(server, VALID) + f'roadmap: "{server.url("/gone")}"\n'
        (tmp_path / "publiccode.yml").write_text(text, encoding="utf-8")
        env = cli_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
        offline = run_cli("publiccode.yml", cwd=tmp_path, env=env)
        assert offline.returncode == 0, offline.stdout
        assert server.paths() == []
        done = run_cli("-q", *online("publiccode.yml"), cwd=tmp_path, env=env)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "publiccode.yml:28:10: error: roadmap:" in done.stdout
        assert "[link-missing]" in done.stdout


def test_publiccode_yml_read_from_a_url(tmp_path: Path) -> None:
    with serving({"/roadmap": PAGE}) as server:
        text = on(server, VALID) + f'roadmap: "{server.url("/roadmap")}"\n'
        server.routes["/publiccode.yml"] = Reply(200, text.encode())
        env = cli_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
        done = run_cli(*online(server.url("/publiccode.yml")), cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.strip() == "1 file checked: 0 errors, 0 warnings"
        missing = run_cli(*online(server.url("/nothing.yml")), cwd=tmp_path, env=env)
        assert missing.returncode == 3
        assert "cannot validate" in missing.stdout


def test_a_url_without_network_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("https://publiccode.invalid/publiccode.yml", cwd=tmp_path)  # refused before any lookup
    assert done.returncode == 2
    assert "needs --network" in done.stderr


def test_network_can_be_turned_on_in_the_configuration(tmp_path: Path) -> None:
    with serving({}) as server:
        text = on(server, VALID) + f'roadmap: "{server.url("/gone")}"\n'
        (tmp_path / "publiccode.yml").write_text(text, encoding="utf-8")
        (tmp_path / ".publiccode-check.toml").write_text("network = true\n", encoding="utf-8")
        env = cli_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
        done = run_cli("-q", "--allow-private-hosts", "publiccode.yml", cwd=tmp_path, env=env)
        assert done.returncode == 1, done.stdout + done.stderr
        assert server.paths()


def test_init_is_a_subcommand(tmp_path: Path) -> None:
    done = run_cli("init", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "publiccode-check init" in done.stdout
