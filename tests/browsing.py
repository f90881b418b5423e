"""Pages opened in the browser tests, watched: every request they make and every complaint.

A complaint is a console error or warning, an uncaught error, or a dialog (which is dismissed).
Requests that `allowed` refuses are aborted before they leave, and recorded all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Opened:
    """A page, with everything it asked for or complained about."""

    def __init__(self, page: Any, url: str) -> None:
        self.page, self.url = page, url
        self.requests: list[str] = []
        self.complaints: list[str] = []


def watch(page: Any, url: str, allowed: Callable[[str], bool]) -> Opened:
    """Start watching `page` (before it loads `url`)."""
    result = Opened(page, url)
    page.on("request", lambda request: result.requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if allowed(route.request.url) else route.abort())
    page.on("console", lambda message: message.type in ("error", "warning")
            and result.complaints.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: result.complaints.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (result.complaints.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    return result
