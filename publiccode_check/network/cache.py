"""The on-disk cache of network results: one JSON file per entry, with a time to live.

An entry is written to a temporary file beside it and renamed into place, so a
reader (another process included) sees the old entry, the new one or none,
never half of one. Two processes writing the same entry leave one of the two
whole. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

_CLOCK_SKEW = 60.0  # seconds an entry may seem to come from the future


class Cache:
    def __init__(self, directory: Path, ttl: float, *, enabled: bool = True) -> None:
        self.directory = directory
        self.ttl = ttl
        self.enabled = enabled

    def _file(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")

    def get(self, key: str) -> Any:
        """The value stored under `key` within its time to live, or None."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
            age = time.time() - float(entry["stored"])
            if entry["key"] != key or not -_CLOCK_SKEW <= age <= self.ttl:
                return None
            return entry["value"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        text = json.dumps({"key": key, "stored": time.time(), "value": value}, ensure_ascii=False)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".entry-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self._file(key))
        except OSError:
            with suppress(OSError):
                Path(temporary).unlink(missing_ok=True)
