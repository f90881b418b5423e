"""What a worker process runs for a request: one validation, and the answer made from it.

Everything here runs in a worker of `pool.WorkerPool`, under its CPU deadline: the
validation, the search for similar initiatives when asked (`catalogue`), and turning their
results into the JSON or the HTML sent back, whose size grows with the number of problems.
Arguments and answers travel between processes, so both are plain data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..network.options import NetworkOptions
from ..profiles import Policy
from ..software import summary
from ..text import json_text
from ..validate import Result, validate_text
from .answers import validation

if TYPE_CHECKING:
    from ..similar.catalogue import Found


def answer(data: bytes, profile: str, *, network: NetworkOptions | None = None, base_url: str | None = None,
           path: str = "publiccode.yml", extra: dict[str, Any] | None = None,
           similar: Similar | None = None) -> tuple[bytes, dict[str, Any]]:
    """The API's answer for `data` as JSON (with `extra` fields at the end, then, if asked, the
    `similar` initiatives), and its verdict."""
    result = _validated(data, profile, network, base_url, path)
    document = {**validation(result, profile), **(extra or {})}
    if similar is not None:
        from ..similar.present import as_dict

        document["similar"] = [as_dict(found) for found in _closest(summary(result.data), similar) or ()]
    return json_text(document, compact=True).encode(), verdict(document)


def results(data: bytes, profile: str, *, path: str = "publiccode.yml", source: str | None = None,
            file_url: str | None = None, badge: str | None = None,
            similar: Similar | None = None) -> tuple[str, dict[str, Any], str]:
    """The page's results part for `data` (with the `similar` initiatives, if asked), its verdict, and
    the file as read (for the text box)."""
    from . import page

    result = _validated(data, profile, None, None, path)
    document = validation(result, profile)
    text = result.text or ""
    shown = page.outcome(document, text, source=source, file_url=file_url)
    initiatives = None
    if similar is not None:
        from ..similar.analysis import language_of
        from .catalogue import loaded

        software = summary(result.data)
        languages = [language_of(tag) for tag in (software or {}).get("description", {})]
        initiatives = page.initiatives(_closest(software, similar), len(loaded(similar.snapshot).index),
                                       languages)
    return page.results(outcome=shown, badge=badge, similar=initiatives), verdict(document), text


class Similar(NamedTuple):
    """Initiatives asked for: the snapshot of the service's catalogue (`catalogue.Snapshot.path`), and
    how many."""

    snapshot: Path
    limit: int


def _closest(software: dict[str, Any] | None, similar: Similar) -> list[Found] | None:
    """The initiatives closest to the file summarised as `software`; None if it gives nothing to compare."""
    from .catalogue import closest

    return closest(software, similar.snapshot, similar.limit)


def verdict(document: dict[str, Any]) -> dict[str, Any]:
    """What the access log and the badges need of an answer."""
    return {name: document[name] for name in ("valid", "errors", "warnings")}


def _validated(data: bytes, profile: str, network: NetworkOptions | None, base_url: str | None,
               path: str) -> Result:
    """Local files (logos, screenshots) are not looked up: the service has no repository. With
    `network`, links and images are checked online, relative ones against `base_url`."""
    policy = Policy(profile)
    if network is None:
        return validate_text(data, path=path, policy=policy, edits=True)  # answers give fixes
    from ..network import Network

    with Network(network) as online:
        return validate_text(data, path=path, policy=policy, network=online, base_url=base_url, edits=True)
