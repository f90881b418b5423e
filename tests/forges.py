"""Imitations of forges on loopback for the `vet` tests, and a way to run `vet` safely.

`Forge` is a LocalServer answering like GitHub, GitLab or Gitea do for the raw
files and APIs `vet` asks for. `GitServer` serves real git repositories over smart
HTTP through `git http-backend`, for the git fallback. `vet()` runs the command in
its own process with the loopback safety net of localserver.py installed: an
attempt to look up or reach any other host makes it exit with SAFETY_NET.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import quote

from conftest import cli_env
from localserver import LocalServer, Reply, Route

TESTS = Path(__file__).resolve().parent
SAFETY_NET = 99

YAML = {"Content-Type": "text/plain; charset=utf-8"}
JSON = {"Content-Type": "application/json"}


def raw(content: str | bytes | Iterable[bytes], **kwargs: Any) -> Reply:
    """A raw file as forges serve it: text/plain (bytes or chunks are sent as they are)."""
    return Reply(200, content.encode() if isinstance(content, str) else content, YAML, **kwargs)


class Forge:
    """A forge of one kind on loopback; `add()` puts a repository on it."""

    def __init__(self, kind: str) -> None:
        assert kind in ("github", "gitlab", "gitea")
        self.kind = kind
        self.server = LocalServer()

    @property
    def host(self) -> str:
        return f"{self.server.host}:{self.server.port}"

    def __enter__(self) -> Forge:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def url(self, path: str = "/") -> str:
        return self.server.url(path)

    def raw_path(self, project: str, name: str, ref: str) -> str:
        if self.kind == "github":
            return f"/{project}/raw/{ref}/{name}"
        if self.kind == "gitlab":
            return f"/{project}/-/raw/{ref}/{name}"
        return f"/{project}/raw/branch/{ref}/{name}"

    def add(self, project: str, files: dict[str, Route | str | bytes], branch: str = "main") -> str:
        """A repository at /project whose default branch holds `files`; its address."""
        refs = (branch,) if self.kind == "gitea" else ("HEAD", branch)  # Gitea's raw URLs name the branch
        for name, content in files.items():
            route = content if isinstance(content, Reply) or callable(content) else raw(content)
            for ref in refs:
                self.server.routes[self.raw_path(project, name, ref)] = route
        # what vet asks to tell the kind of an unknown host (and Gitea's default branch)
        if self.kind == "gitlab":
            self.server.routes[f"/api/v4/projects/{quote(project, safe='')}"] = Reply(
                200, json.dumps({"path_with_namespace": project, "default_branch": branch}).encode(), JSON)
        if self.kind == "gitea":
            self.server.routes[f"/api/v1/repos/{project}"] = Reply(
                200, json.dumps({"full_name": project, "default_branch": branch}).encode(), JSON)
        return self.url(f"/{project}")

    def file_requests(self) -> list[str]:
        """The paths asked for that are not API calls."""
        return [path for path in self.server.paths() if not path.startswith("/api/")]


# --- git over smart HTTP ---------------------------------------------------------------------------

GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "LC_ALL": "C"}


def git_repository(root: Path, project: str, files: dict[str, str]) -> Path:
    """A bare repository root/project.git whose `main` branch holds `files` (and a README)."""
    work = root.parent / f"work-{project.replace('/', '-')}"
    work.mkdir(parents=True)
    env = {**os.environ, **GIT_ENV}

    def git(*args: str, cwd: Path = work) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)

    git("init", "--quiet", "--initial-branch", "main")
    for name, text in {"README.md": f"# {project}\n", **files}.items():
        (work / name).write_text(text, encoding="utf-8")
    git("add", ".")
    git("commit", "--quiet", "-m", "first")
    bare = root / f"{project}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git("clone", "--quiet", "--bare", str(work), str(bare), cwd=root)
    return bare


class GitServer(LocalServer):
    """Bare repositories under `root` served by `git http-backend` (as a CGI) on loopback.

    Everything else, the APIs that `vet` probes first among them, answers 404.
    """

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        with self._lock:
            self.requests.append((method, handler.path, dict(handler.headers.items())))
        path, _, query = handler.path.partition("?")
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if path.startswith("/api/"):
            status, headers, content = 404, [("Content-Type", "text/plain")], b"not found"
        else:
            status, headers, content = self._backend(handler, path, query, body)
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(content)

    def _backend(self, handler: BaseHTTPRequestHandler, path: str, query: str,
                 body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        env = {"PATH": os.environ["PATH"], **GIT_ENV, "GIT_PROJECT_ROOT": str(self.root),
               "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path, "REQUEST_METHOD": handler.command,
               "QUERY_STRING": query, "CONTENT_TYPE": handler.headers.get("Content-Type", ""),
               "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1",
               # what a partial clone (--filter=blob:none) needs of the server
               "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "uploadpack.allowFilter",
               "GIT_CONFIG_VALUE_0": "true", "GIT_CONFIG_KEY_1": "uploadpack.allowAnySHA1InWant",
               "GIT_CONFIG_VALUE_1": "true"}
        for name, value in handler.headers.items():
            env["HTTP_" + name.upper().replace("-", "_")] = value
        done = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True,
                              timeout=30, check=False)
        head, _, content = done.stdout.partition(b"\r\n\r\n")  # CGI headers, then the body
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        return status, headers, content


# --- running vet ----------------------------------------------------------------------------------

def guarded(name: str, *args: str) -> list[str]:
    """`publiccode-check NAME ARGS` in a new process, under the loopback safety net."""
    script = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from localserver import _loopback, loopback_only
from publiccode_check.cli import main
with loopback_only() as attempts:
    code = main([{name!r}, *sys.argv[1:]])
outside = sorted({{str(host) for _, host in attempts if not _loopback(host)}})
if outside:
    print("test safety net: {name} tried to reach " + ", ".join(outside), file=sys.stderr)
    code = {SAFETY_NET}
sys.exit(code)
"""
    return [sys.executable, "-c", script, *args]


def command(*args: str) -> list[str]:
    """`publiccode-check vet ARGS` in a new process, under the loopback safety net."""
    return guarded("vet", *args)


def environment(cache: Path, **extra: str) -> dict[str, str]:
    return cli_env(XDG_CACHE_HOME=str(cache), **extra)


def vet(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`publiccode-check vet ARGS` run in `cwd`, its cache there too."""
    done = subprocess.run(command(*args), cwd=cwd, env=environment(cwd / "cache"), input=stdin,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != SAFETY_NET, done.stderr
    return done


def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_source(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {record["source"]: record for record in records}
    assert len(found) == len(records), "a source has more than one record"
    return found


class Concurrency:
    """A route that takes `seconds` to answer and counts the requests it serves at once."""

    def __init__(self, body: bytes, seconds: float) -> None:
        self.body = body
        self.seconds = seconds
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __call__(self, method: str, path: str) -> Reply:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.seconds)
        with self._lock:
            self.now -= 1
        return raw(self.body)

