"""What a worker process runs for a request: one validation, answered as a plain dict.

Everything here runs in a worker of `pool.WorkerPool`, under its CPU deadline; its
arguments and its answer travel between processes, so both are plain data.
"""

from __future__ import annotations

from typing import Any

from ..network.options import NetworkOptions
from ..profiles import Policy
from ..validate import validate_text
from .answers import validation


def check(data: bytes, profile: str, *, network: NetworkOptions | None = None, base_url: str | None = None,
          path: str = "publiccode.yml", with_text: bool = False) -> dict[str, Any]:
    """The validation answer for `data`; with `with_text`, also the file as read (for the page).

    Local files (logos, screenshots) are not looked up: the service has no repository. With
    `network`, links and images are checked online, relative ones against `base_url`.
    """
    policy = Policy(profile)
    if network is None:
        result = validate_text(data, path=path, policy=policy)
    else:
        from ..network import Network

        with Network(network) as online:
            result = validate_text(data, path=path, policy=policy, network=online, base_url=base_url)
    return {"answer": validation(result, profile), "text": result.text if with_text else None}
