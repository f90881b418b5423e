"""The access log: one JSON object per request and line, never a body.

    {"time": "2026-01-02T03:04:05.678Z", "client": "203.0.113.7", "method": "POST",
     "path": "/v1/validate", "query": "profile=complete", "status": 200, "bytes": 1834,
     "ms": 12.4, "userAgent": "curl/8.5.0", "valid": false, "errors": 8, "warnings": 4}

What a route notes about its request (`request.state.log`: the verdict, the kind of a
refusal) is added. Strings from the request are cut short, and JSON escapes every control
character, so a request cannot forge a line of the log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any, TextIO

_LONGEST = 1000  # characters of a path or query logged
_LONGEST_AGENT = 200


class AccessLog:
    """ASGI middleware writing a line to `stream` as each answer ends."""

    def __init__(self, app: Callable[..., Awaitable[None]], stream: TextIO) -> None:
        self.app = app
        self.stream = stream

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answered = {"status": 0, "bytes": 0}

        async def counting(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answered["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answered["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            self._write(scope, answered, time.perf_counter() - started)

    def _write(self, scope: dict[str, Any], answered: dict[str, int], seconds: float) -> None:
        headers = dict(scope.get("headers") or [])
        client = scope.get("client")
        line = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "client": client[0] if client else None, "method": scope.get("method"),
                "path": str(scope.get("path", ""))[:_LONGEST],
                "query": scope.get("query_string", b"").decode("latin-1")[:_LONGEST],
                "status": answered["status"], "bytes": answered["bytes"], "ms": round(seconds * 1000, 1),
                "userAgent": headers.get(b"user-agent", b"").decode("latin-1")[:_LONGEST_AGENT],
                **scope.get("state", {}).get("log", {})}
        try:
            self.stream.write(json.dumps(line) + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a full disk or a closed stream costs the log, not the answer
            pass
