"""What a worker process runs for a request: one validation, and the answer made from it.

Everything here runs in a worker of `pool.WorkerPool`, under its CPU deadline: the
validation, and also turning its result into the JSON or the HTML sent back, whose size
grows with the number of problems. Arguments and answers travel between processes, so
both are plain data.
"""

from __future__ import annotations

import json
from typing import Any

from ..network.options import NetworkOptions
from ..profiles import Policy
from ..validate import Result, validate_text
from .answers import validation


def answer(data: bytes, profile: str, *, network: NetworkOptions | None = None, base_url: str | None = None,
           path: str = "publiccode.yml", extra: dict[str, Any] | None = None) -> tuple[bytes, dict[str, Any]]:
    """The API's answer for `data` as JSON (with `extra` fields at the end), and its verdict."""
    document = {**validation(_validated(data, profile, network, base_url, path), profile), **(extra or {})}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), verdict(document)


def results(data: bytes, profile: str, *, path: str = "publiccode.yml", source: str | None = None,
            file_url: str | None = None, badge: str | None = None) -> tuple[str, dict[str, Any], str]:
    """The page's results part for `data`, its verdict, and the file as read (for the text box)."""
    from . import page

    result = _validated(data, profile, None, None, path)
    document = validation(result, profile)
    text = result.text or ""
    shown = page.outcome(document, text, source=source, file_url=file_url)
    return page.results(outcome=shown, badge=badge), verdict(document), text


def verdict(document: dict[str, Any]) -> dict[str, Any]:
    """What the access log and the badges need of an answer."""
    return {name: document[name] for name in ("valid", "errors", "warnings")}


def _validated(data: bytes, profile: str, network: NetworkOptions | None, base_url: str | None,
               path: str) -> Result:
    """Local files (logos, screenshots) are not looked up: the service has no repository. With
    `network`, links and images are checked online, relative ones against `base_url`."""
    policy = Policy(profile)
    if network is None:
        return validate_text(data, path=path, policy=policy)
    from ..network import Network

    with Network(network) as online:
        return validate_text(data, path=path, policy=policy, network=online, base_url=base_url)
