"""The HTTP client of the network checks: urllib3 connections behind an address guard.

Each request resolves the host itself, refuses addresses the guard refuses, and
connects to the judged address (the host name is still sent as Host and as TLS
SNI, and certificates are verified against it), so DNS cannot answer one address
for the check and another for the connection. Redirects (at most 5) go through
the same steps. Bodies are read only as far as the caller asks; a watchdog closes
the connection when the request's time is up, so a server that drips its answer
is cut off too. Connections are not reused: nothing leaks from one URL to the next.
"""

from __future__ import annotations

import errno
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, NewConnectionError

from .. import __version__
from . import guard
from .options import NetworkOptions

USER_AGENT = f"publiccode-check/{__version__} (publiccode.yml validator; network checks)"
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_ADDRESSES_TRIED = 3  # of the allowed addresses of a host, in the resolver's order
_MAX_RETRY_AFTER = 30.0
_URL_SAFE = "/%:@!$&'()*+,;=-._~?"  # characters left as they are in a request target


class Unverifiable(Exception):
    """A request that could not be made or finished; the message says why, in plain words."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class Refused(Unverifiable):
    """Every address of the host is one the guard refuses (private, local, reserved)."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    reason: str
    content_type: str  # lowercased, without parameters
    body: bytes  # at most the bytes asked for
    complete: bool  # False when the body was longer than that
    location: str | None = None
    retry_after: float | None = None  # seconds, from a Retry-After header

    @property
    def status_text(self) -> str:
        return f"{self.status} {self.reason}".strip()


class Client:
    """Makes GET and HEAD requests within the limits of `NetworkOptions`; thread-safe."""

    def __init__(self, options: NetworkOptions) -> None:
        self.options = options
        self._allowed = guard.networks(options.allowed_networks)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()

    def request(self, method: str, url: str, *, deadline: float, read: int = 0,
                accept: str = "*/*") -> Response:
        """The final response to `method url` after redirects, retrying transient failures.

        Any HTTP status is returned, a transient one (429, 5xx) once retries are spent;
        what prevents an answer raises `Unverifiable`. At most `read` bytes of the body
        are read. `deadline` is a `time.monotonic()` instant that nothing goes past.
        """
        attempt = 0
        while True:
            try:
                response = self._follow(method, url, deadline, read, accept)
            except Unverifiable as failure:
                if not failure.transient or not self._wait(attempt, None, deadline):
                    raise
            else:
                if response.status not in TRANSIENT_STATUSES or not self._wait(
                        attempt, response, deadline):
                    return response
            attempt += 1

    def _wait(self, attempt: int, response: Response | None, deadline: float) -> bool:
        """Sleep before another attempt; False when none is left or time would run out."""
        if attempt >= self.options.retries:
            return False
        pause = self.options.backoff * 2 ** attempt
        if response is not None and response.retry_after is not None:
            pause = max(pause, response.retry_after)
        if time.monotonic() + pause + 0.1 >= deadline:
            return False
        time.sleep(pause)
        return True

    def _follow(self, method: str, url: str, deadline: float, read: int, accept: str) -> Response:
        seen = {url}
        for _ in range(MAX_REDIRECTS + 1):
            with self._turn(url, deadline):
                answer = self._once(method, url, deadline, read, accept)
            if answer.status not in REDIRECTS or answer.location is None:
                return answer
            target = urljoin(url, answer.location)
            if target in seen:
                raise Unverifiable(f"the redirects go round in a loop (back to {target})")
            seen.add(target)
            url = target
        raise Unverifiable(f"more than {MAX_REDIRECTS} redirects")

    @contextmanager
    def _turn(self, url: str, deadline: float) -> Iterator[None]:
        """Wait, within the deadline, until fewer than `per_host` requests to the host are under way."""
        if self.options.per_host <= 0:
            yield
            return
        try:
            host = urlsplit(url).netloc.lower()
        except ValueError:
            host = ""
        with self._hosts_lock:
            slots = self._hosts.setdefault(host, threading.BoundedSemaphore(self.options.per_host))
        if not slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Unverifiable(f"no turn to ask {host} before the time ran out (too many requests "
                               "to the same host)", transient=True)
        try:
            yield
        finally:
            slots.release()

    def _once(self, method: str, url: str, deadline: float, read: int, accept: str) -> Response:
        try:
            parts = urlsplit(url)
            port = parts.port if parts.port is not None else 443 if parts.scheme == "https" else 80
            host = (parts.hostname or "").encode("idna").decode("ascii")
        except (ValueError, UnicodeError) as exc:
            raise Unverifiable(f"`{url}` is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not host:
            raise Unverifiable(f"only http(s) addresses are followed, not `{url}`")
        if port == 0:
            raise Unverifiable(f"`{url}` names port 0, which no server listens on")
        authority = f"[{host}]" if ":" in host else host
        if parts.port is not None:
            authority += f":{port}"
        headers = {"Host": authority, "User-Agent": USER_AGENT, "Accept": accept,
                   "Accept-Encoding": "identity", "Connection": "close"}
        target = quote(parts.path or "/", safe=_URL_SAFE) + (
            f"?{quote(parts.query, safe=_URL_SAFE)}" if parts.query else "")
        until = min(deadline, time.monotonic() + self.options.timeout)  # this request's own end
        connection = self._connect(parts.scheme, host, port, until)
        response = None
        try:
            with _watchdog(connection.sock, until) as fired:
                try:
                    connection.request(method, target, headers=headers, preload_content=False,
                                       decode_content=False)
                    response = connection.getresponse()
                    data = response.read(read + 1) if read and method != "HEAD" else b""
                except (HTTPError, OSError, http.client.HTTPException) as exc:
                    if fired.is_set():
                        raise _timed_out(self.options.timeout) from None
                    raise _failure(exc, self.options.timeout) from None
                if fired.is_set():
                    raise _timed_out(self.options.timeout)
        finally:
            if response is not None:
                response.close()  # it holds the socket once http.client has let go of it
            connection.close()
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        retry_after = response.headers.get("Retry-After", "")
        return Response(url, response.status, response.reason or "", content_type, data[:read],
                        len(data) <= read, response.headers.get("Location"),
                        min(float(retry_after), _MAX_RETRY_AFTER) if retry_after.isdigit() else None)

    def _connect(self, scheme: str, host: str, port: int, deadline: float) -> HTTPConnection:
        failure: Unverifiable | None = None
        for address in self.addresses(host, port, deadline)[:_ADDRESSES_TRIED]:
            timeout = _remaining(deadline, self.options.timeout)
            if scheme == "https":
                connection: HTTPConnection = HTTPSConnection(
                    address, port, timeout=timeout, server_hostname=host, ca_certs=self.options.ca_file)
            else:
                connection = HTTPConnection(address, port, timeout=timeout)
            try:
                connection.connect()
            except (HTTPError, OSError) as exc:
                connection.close()
                failure = _failure(exc, self.options.timeout)
                continue
            return connection
        assert failure is not None  # addresses() returns at least one address
        raise failure

    def addresses(self, host: str, port: int, deadline: float) -> list[str]:
        """The addresses of `host` that the guard allows, in the resolver's order; `Unverifiable`
        when there is none (also for programs that connect by themselves, like git)."""
        try:
            literal: guard.Address | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        resolved = [literal] if literal is not None else _resolve(host, port, deadline, self.options.timeout)
        allowed, refusals = [], []
        for address in resolved:
            reason = None if self.options.allow_private_hosts else guard.refusal(address, self._allowed)
            if reason is None:
                allowed.append(str(address))
            else:
                refusals.append(f"{address} is {reason}")
        if not allowed:
            subject = "" if literal is not None else f"`{host}` resolves to "
            raise Refused(f"not connecting to a private or reserved address: {subject}"
                               f"{'; '.join(refusals)}")
        return allowed


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Unverifiable("the time for this file's checks ran out")
    return min(left, timeout)


def _resolve(host: str, port: int, deadline: float, timeout: float) -> list[guard.Address]:
    """`host`'s addresses, within the time left (the resolver runs in a thread it may outlive)."""
    found: list[guard.Address] = []
    failure: list[OSError] = []

    def resolve() -> None:
        try:
            for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
                if address not in found:
                    found.append(address)
        except (OSError, UnicodeError) as exc:
            failure.append(OSError(str(exc)) if isinstance(exc, UnicodeError) else exc)

    worker = threading.Thread(target=resolve, name="publiccode-check-dns", daemon=True)
    worker.start()
    worker.join(_remaining(deadline, timeout))
    if worker.is_alive():
        raise Unverifiable(f"the name `{host}` did not resolve within {timeout:g} s", transient=True)
    if failure:
        error = failure[0]
        transient = getattr(error, "errno", None) == socket.EAI_AGAIN
        raise Unverifiable(f"the name `{host}` does not resolve (DNS: {error.strerror or error})",
                           transient=transient)
    if not found:
        raise Unverifiable(f"the name `{host}` has no address")
    return found


@contextmanager
def _watchdog(sock: socket.socket, deadline: float) -> Iterator[threading.Event]:
    """Shut `sock` down when `deadline` passes; the event tells it happened.

    The socket is taken when the connection is made: http.client lets go of it
    once the response holds it.
    """
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        with suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket under TLS too

    timer = threading.Timer(max(0.0, deadline - time.monotonic()), fire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def _timed_out(timeout: float) -> Unverifiable:
    return Unverifiable(f"no complete answer within {timeout:g} s", transient=True)


def _failure(exc: BaseException, timeout: float) -> Unverifiable:
    """What went wrong, in plain words; transient failures are worth another attempt."""
    cause = (exc.__cause__ or exc.__context__) if isinstance(exc, NewConnectionError) else exc
    if isinstance(cause, ConnectionRefusedError):
        return Unverifiable("the connection was refused")
    if isinstance(cause, (TimeoutError, socket.timeout, urllib3.exceptions.TimeoutError)):
        return _timed_out(timeout)
    if isinstance(cause, (ssl.SSLError, urllib3.exceptions.SSLError)):
        return Unverifiable(f"the secure connection failed ({_first_line(cause)})")
    if isinstance(cause, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                          http.client.RemoteDisconnected, urllib3.exceptions.ProtocolError,
                          http.client.IncompleteRead)):
        return Unverifiable("the server closed the connection", transient=True)
    if isinstance(cause, http.client.HTTPException):
        return Unverifiable(f"the server's answer is not valid HTTP ({type(cause).__name__})")
    if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return Unverifiable("the host cannot be reached", transient=True)
    return Unverifiable(f"the request failed ({_first_line(cause or exc)})", transient=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
