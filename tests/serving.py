"""`publiccode-check serve` as its users run it, for the tests: a real process, a real HTTP client.

`Server` starts the command on a free loopback port (`--port 0`; the port is read from the line
it prints), under the loopback safety net of localserver.py: an attempt of the server to look up
or reach any host outside loopback fails, and is reported when the server stops. `Client` makes
requests with urllib3, each from a client address of its own (X-Forwarded-For, which the server
trusts from 127.0.0.1), so that the rate limit of one test does not touch another; with a `spec`,
it checks every answer against the OpenAPI file.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import urllib3
from conftest import cli_env
from forges import SAFETY_NET, guarded

_LISTENING = re.compile(r"listening on (http://\S+?)/? ")

class Server:
    """`publiccode-check serve ARGS --port 0` in its own process; `stop()` ends it as SIGTERM does."""

    def __init__(self, *args: str, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.access_log = workdir / "access.jsonl"
        command = guarded("serve", "--port", "0", "--access-log", str(self.access_log), *args)
        environment = {**cli_env(XDG_CACHE_HOME=str(workdir / "cache")), **(env or {})}
        self.process = subprocess.Popen(command, cwd=workdir, env=environment, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.errors: list[str] = []  # what it printed on standard error
        self.base = self._wait_listening()
        self._reader = threading.Thread(target=self._read_errors, daemon=True)
        self._reader.start()

    def _wait_listening(self, timeout: float = 60) -> str:
        started = time.monotonic()
        assert self.process.stderr is not None
        while time.monotonic() - started < timeout:
            line = self.process.stderr.readline()
            if not line:
                raise AssertionError(f"serve ended before listening (exit {self.process.wait()}): "
                                     + "".join(self.errors))
            self.errors.append(line)
            found = _LISTENING.search(line)
            if found:
                return found[1]
        raise AssertionError("serve did not say where it listens within a minute")

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def log(self) -> list[dict[str, Any]]:
        """The access log's lines so far."""
        text = self.access_log.read_text(encoding="utf-8") if self.access_log.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit code; it must not have tried to leave loopback."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout)
        self._reader.join(5)
        assert code != SAFETY_NET, "".join(self.errors)
        return code


_clients = itertools.count(1)


class Client:
    """Requests to a `Server` from one client address of its own (198.18.x.y, a benchmark network)."""

    def __init__(self, server: Server, spec: dict[str, Any] | None = None) -> None:
        number = next(_clients) + os.getpid() % 1000 * 256
        self.address = f"198.18.{number // 256 % 256}.{number % 256}"
        self.server = server
        self.spec = spec
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=60))

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None, fields: dict[str, Any] | None = None,
                **query: str) -> urllib3.BaseHTTPResponse:
        url = self.server.url(path) + (("?" + urlencode(query)) if query else "")
        headers = {"X-Forwarded-For": self.address, **(headers or {})}
        if fields is not None:
            body, content_type = urllib3.encode_multipart_formdata(fields)
            headers["Content-Type"] = content_type
        response = self.http.request(method, url, body=body, headers=headers)
        if self.spec is not None:
            from openapi import conforms

            conforms(self.spec, method, path, response)
        return response

    def get(self, path: str, **query: str) -> urllib3.BaseHTTPResponse:
        return self.request("GET", path, **query)

    def post(self, path: str, body: bytes, content_type: str = "application/x-yaml",
             **query: str) -> urllib3.BaseHTTPResponse:
        return self.request("POST", path, body=body, headers={"Content-Type": content_type}, **query)


def problem(response: urllib3.BaseHTTPResponse, status: int, kind: str) -> dict[str, Any]:
    """The RFC 9457 document of a refusal, checked to be one of `kind` with `status`."""
    assert response.status == status, (response.status, response.data[:500])
    assert response.headers["Content-Type"] == "application/problem+json"
    document = json.loads(response.data)
    assert document["type"] == f"urn:publiccode-check:problem:{kind}", document
    assert document["status"] == status and document["title"] and document["detail"]
    return document
