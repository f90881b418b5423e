"""The limits a request meets before any work: rate per client, room in the queue, body size and time."""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from .answers import Refusal
from .settings import Settings, size_text


class RateLimiter:
    """A token bucket per client: `burst` validations at once, refilled at `per_minute`.

    At most `clients` buckets are kept; past that the client seen longest ago is forgotten
    (it starts again with a full bucket), so memory stays bounded whatever the traffic.
    """

    def __init__(self, per_minute: float, burst: int, *, clients: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clients = clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> tokens, when

    def take(self, client: str) -> float:
        """0 when `client` may go on (a token is spent), else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        tokens, then = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.clients:
            self._buckets.popitem(last=False)
        return wait

    def check(self, client: str) -> None:
        """Raise a 429 `Refusal` with Retry-After when `client` has used up its validations."""
        wait = self.take(client)
        if wait:
            seconds = max(1, math.ceil(wait))
            raise Refusal(429, "rate-limited", "Too many requests",
                          f"this address has asked for more than {self.burst} validations in a short time; "
                          f"try again in {seconds} s", headers={"Retry-After": str(seconds)},
                          retryAfter=seconds)


class Admission:
    """Validations under way or waiting for a worker, at most `settings.admitted`; more: 503."""

    def __init__(self, settings: Settings) -> None:
        self.limit = settings.admitted
        self.pending = 0

    def __enter__(self) -> Admission:
        if self.pending >= self.limit:
            raise Refusal(503, "busy", "The service is busy",
                          f"{self.limit} validations are under way or waiting; try again in a few seconds",
                          headers={"Retry-After": "2"})
        self.pending += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.pending -= 1


async def read_body(request: Request, settings: Settings) -> bytes:
    """The request's body, refused past `max_body` bytes (413) or `body_seconds` (408).

    A declared Content-Length over the limit is refused before anything is read.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body:
        raise too_large(settings)

    async def read() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > settings.max_body:
                raise too_large(settings)
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        body = await asyncio.wait_for(read(), settings.body_seconds)
    except asyncio.TimeoutError:
        raise Refusal(408, "body-timeout", "The request took too long to send",
                      f"the body was not received within {settings.body_seconds:g} s") from None
    return body


async def form(request: Request, body: bytes, settings: Settings) -> FormData:
    """The form a body read by `read_body` holds (multipart or URL-encoded): its fields, at most
    one file among them."""

    async def replay() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, replay).form(max_files=1, max_fields=8,
                                                         max_part_size=settings.max_body)
    except HTTPException as exc:  # a malformed multipart body
        raise Refusal(400, "bad-form", "The form could not be read", str(exc.detail)) from None


def too_large(settings: Settings) -> Refusal:
    limit = settings.max_body
    return Refusal(413, "body-too-large", "The file is too large",
                   f"the request body is larger than {size_text(limit)}, the most this service accepts; a "
                   "publiccode.yml is a few kilobytes", limit=limit)
