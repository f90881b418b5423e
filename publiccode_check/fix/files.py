"""Reading a file to fix and writing it back: atomically, with its mode, or not at all.

The fixed content goes to a temporary file beside the original, which then replaces it in
one rename, so that a crash leaves either file whole. Nothing is written through a
symbolic link or over a file with other hard links (they would keep the old content), nor
when the file changed on disk while it was being fixed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from ..load import MAX_BYTES


class NotWritten(Exception):
    """Why a fixed file was left as it was, in words for the user."""


def read(path: Path) -> bytes:
    """The file's content, up to one byte past what the loader reads (which it then reports)."""
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def write(path: Path, fixed: bytes, original: bytes) -> None:
    """Replace the content of `path`, which must still be `original`, with `fixed`."""
    if path.is_symlink():
        raise NotWritten("it is a symbolic link; run fix on the file it points to")
    try:
        status = path.stat()
        if status.st_nlink > 1:
            raise NotWritten("it has other hard links, which would keep the old content")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".fixing")
    except OSError as exc:
        raise NotWritten(f"it cannot be written: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(fixed)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        if read(path) != original:
            raise NotWritten("it changed on disk while it was being fixed; run fix again")
        os.replace(temporary, path)
    except OSError as exc:
        raise NotWritten(f"it cannot be written: {exc.strerror or exc}") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
