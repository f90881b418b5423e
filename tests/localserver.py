"""Real HTTP servers on loopback for the network tests and benchmark, and a connect guard.

`LocalServer` serves a table of routes from a thread and records every request
it gets. `loopback_only()` makes any attempt of this process to connect to an
address outside 127.0.0.0/8 and ::1 fail before a packet is sent (an audit hook),
and records the attempts: a safety net under the tests of the client's own guard.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What a route answers. `body` may be bytes or an iterable of chunks (streamed)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


Route = Reply | Callable[[str, str], Reply]  # a reply, or a function of (method, path) making one


class LocalServer:
    """A threaded HTTP server on `host` (a loopback address), port chosen by the system."""

    def __init__(self, routes: dict[str, Route] | None = None, *, host: str = "127.0.0.1",
                 tls: ssl.SSLContext | None = None, latency: float = 0.0) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, path, headers
        self.sent = 0  # body bytes written
        self.latency = latency  # seconds added to every reply
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._serve(self, "GET")

            def do_HEAD(self) -> None:
                server._serve(self, "HEAD")

            def do_POST(self) -> None:
                server._serve(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer((host, 0), Handler)
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [path for m, path, _ in self.requests if method in (None, m)]

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        with self._lock:
            self.requests.append((method, handler.path, dict(handler.headers.items())))
        route = self.routes.get(handler.path) or self.routes.get(handler.path.split("?", 1)[0])
        reply = Reply(404, b"not found") if route is None else (
            route(method, handler.path) if callable(route) else route)
        if reply.delay or self.latency:
            time.sleep(reply.delay + self.latency)
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            if isinstance(reply.body, bytes):
                handler.send_header("Content-Length", str(len(reply.body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            if method == "HEAD":
                return
            for chunk in [reply.body] if isinstance(reply.body, bytes) else reply.body:
                handler.wfile.write(chunk)
                handler.wfile.flush()
                with self._lock:
                    self.sent += len(chunk)
        except OSError:  # the client went away: what a capped or timed-out client does
            pass


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


def drip(chunk: bytes, pause: float, count: int) -> Iterator[bytes]:
    """A body sent slowly: `count` chunks, `pause` seconds apart (bounded, so the server stops)."""
    for _ in range(count):
        yield chunk
        time.sleep(pause)


# --- the connect guard -------------------------------------------------------------------------

_attempts: list[tuple[str, Any]] = []
_active = threading.Event()
_installed = False


def _loopback(host: Any) -> bool:
    try:
        return ipaddress.ip_address(str(host).partition("%")[0]).is_loopback
    except ValueError:
        return host in ("localhost", None)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _active.is_set():
        return
    if event == "socket.connect":
        if getattr(args[0], "family", None) == getattr(socket, "AF_UNIX", None):
            return  # a local socket (multiprocessing's fork server): no network
        address = args[1]
        host = address[0] if isinstance(address, tuple) else address
        _attempts.append(("connect", host))
        if not _loopback(host):
            raise PermissionError(f"test safety net: no connection to {host} outside loopback")
    elif event == "socket.getaddrinfo":
        _attempts.append(("resolve", args[0]))
        if not _loopback(args[0]):
            raise PermissionError(f"test safety net: no DNS lookup of {args[0]!r}")


@contextmanager
def loopback_only() -> Iterator[list[tuple[str, Any]]]:
    """Refuse (and record) connections and DNS lookups outside loopback while active."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _attempts.clear()
    _active.set()
    try:
        yield _attempts
    finally:
        _active.clear()
