"""Imported by the workers' fork server: everything a request may need, loaded once.

`publiccode_check.warm` checks a file that needs every lazily imported check; here, the
answer is also made and shown as the page would (its templates compiled), before any worker
is forked, so that no request pays for those imports and the workers share their memory. The
same goes for the service's catalogue, when it has one.
"""

from __future__ import annotations

from ..network import checks  # noqa: F401  (for requests that ask for the network checks)
from ..warm import SAMPLE  # and, imported, every check warmed
from . import catalogue
from .jobs import answer, results

answer(SAMPLE.encode(), "complete")
results(SAMPLE.encode(), "complete")  # and the page's templates, compiled
catalogue.preload()  # with a catalogue: its snapshot, shared by every worker, and the search's libraries
