"""README badges: `publiccode.yml | valid` (or `invalid`, `not found`, `unknown`) as SVG, and the
cache of verdicts that keeps a README's readers from making the service fetch on every view."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from .. import web

LABEL = "publiccode.yml"
# verdict -> message, colour (those of the pages: valid, invalid; grey when nothing can be said)
VERDICTS = {"valid": ("valid", "#1a7f37"), "invalid": ("invalid", "#b42318"),
            "missing": ("not found", "#6e7781"), "unknown": ("unknown", "#6e7781")}
# a verdict that says nothing of the file (the forge did not answer) is asked again sooner
UNKNOWN_SECONDS = 300.0
# approximate advance widths of Verdana at 11 px, enough to size the two halves
_NARROW = frozenset("ijlt.,:;!|'()[] ")
_WIDE = frozenset("mwMW")


def svg(verdict: str) -> str:
    """The badge of `verdict` (a key of VERDICTS)."""
    message, colour = VERDICTS[verdict]
    left, right = _width(LABEL) + 10, _width(message) + 10
    return web.render("badge.svg", label=LABEL, message=message, colour=colour, left=left, right=right,
                      width=left + right)


def _width(text: str) -> int:
    return round(sum(3.9 if char in _NARROW else 10.0 if char in _WIDE else 7.0 for char in text))


class Verdicts:
    """Verdicts by key for `seconds` (less for `unknown`), at most `entries` of them.

    Requests for a key being worked out wait for that one answer instead of starting another.
    """

    def __init__(self, seconds: float, entries: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.entries = entries
        self.clock = clock
        self._kept: OrderedDict[str, tuple[str, float]] = OrderedDict()  # key -> verdict, until
        self._pending: dict[str, asyncio.Future[str]] = {}

    def cached(self, key: str) -> tuple[str, float] | None:
        """The verdict kept for `key` and the seconds it is still good for, if any."""
        kept = self._kept.get(key)
        if kept is None or kept[1] <= self.clock():
            return None
        return kept[0], kept[1] - self.clock()

    async def get(self, key: str, work: Callable[[], Awaitable[str]]) -> tuple[str, float]:
        """The verdict for `key`, from the cache or from `work()`, and how long it stays good.

        A refusal raised by `work()` is raised to every request waiting for it; if the request
        doing the work goes away, one of those waiting does it.
        """
        while True:
            kept = self.cached(key)
            if kept is not None:
                return kept
            pending = self._pending.get(key)
            if pending is not None:
                await asyncio.wait([pending])  # going away here does not cancel the other's work
                if pending.cancelled():
                    continue
                verdict = pending.result()
            else:
                pending = self._pending[key] = asyncio.get_running_loop().create_future()
                try:
                    verdict = await work()
                except Exception as exc:
                    pending.set_exception(exc)
                    pending.exception()  # retrieved: there may be nobody waiting
                    raise
                except BaseException:
                    pending.cancel()
                    raise
                finally:
                    del self._pending[key]
                pending.set_result(verdict)
                self._keep(key, verdict)
            kept = self.cached(key)
            return verdict, kept[1] if kept is not None else 0.0

    def _keep(self, key: str, verdict: str) -> None:
        seconds = min(self.seconds, UNKNOWN_SECONDS) if verdict == "unknown" else self.seconds
        self._kept.pop(key, None)
        self._kept[key] = (verdict, self.clock() + seconds)
        while len(self._kept) > self.entries:
            self._kept.popitem(last=False)
