"""Files the document points to: logos, screenshots, the authors file.

A relative path is resolved from the repository root and must stay inside it,
exist, and have the right extension and content. An absolute http(s) URL gets
the extension check here (fetching it is a network check).
"""

from __future__ import annotations

import gzip
import io
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ..document import Document
from ..problem import KeyPath, Problem
from ..rule import error
from ..schema import removal
from ..text import as_typed

FILE_REFERENCE = error("file-reference", "Files are relative paths inside the repository or http(s) URLs.",
                       fix="safe")
FILE_MISSING = error("file-missing", "Referenced files must exist in the repository.")
FILE_FORMAT = error("file-format", "Logos are SVG, SVGZ or PNG; screenshots PNG or JPEG.")
RULES = (FILE_REFERENCE, FILE_MISSING, FILE_FORMAT)

LOGO_FORMATS = {".svg": "svg", ".svgz": "svgz", ".png": "png"}
SCREENSHOT_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}
KINDS: tuple[tuple[str, dict[str, str] | None], ...] = (
    ("logo", LOGO_FORMATS),
    ("monochromeLogo", LOGO_FORMATS),
    ("description.*.screenshots[]", SCREENSHOT_FORMATS),
    ("legal.authorsFile", None),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x1f\x8b", "svgz"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
)
_PROLOGUE = re.compile(rb"(\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_SVG_ROOT = re.compile(rb"<(\w+:)?svg[\s>/]")
_NAMES = {"png": "PNG", "jpeg": "JPEG", "svg": "SVG", "svgz": "SVGZ (gzipped SVG)", "gif": "GIF",
          "pdf": "PDF"}


def sniff(head: bytes) -> str | None:
    """The format of a file from its first bytes: png, jpeg, svg, svgz, gif, pdf or None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "svgz":
                try:
                    with gzip.GzipFile(fileobj=io.BytesIO(head)) as unzipped:
                        inner = unzipped.read(65536)
                except (OSError, EOFError):
                    return None
                return "svgz" if sniff(inner) == "svg" else None
            return kind
    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOGUE.match(text, position):
        position = match.end()
    return "svg" if _SVG_ROOT.match(text, position) else None


def check(doc: Document, ctx: Any) -> Iterator[Problem]:
    for pattern, formats in KINDS:
        for path, value in doc.find(pattern):
            if isinstance(value, str):
                yield from _reference(doc, path, value, formats, ctx.repo_root)


def _reference(doc: Document, path: KeyPath, value: str, formats: dict[str, str] | None,
               root: Path | None) -> Iterator[Problem]:
    if not value.strip():
        yield FILE_REFERENCE.at(doc, path, "the path is empty", hint="give the path from the "
                                "repository root, like img/logo.svg, or remove the key",
                                fix=removal(doc, path))
        return
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")):
        try:
            url_path = urlsplit(value).path
        except ValueError:  # brackets of an IPv6 address left open, say
            yield FILE_REFERENCE.at(doc, path, f"`{value}` is not a valid URL",
                                    hint="check the address in a browser and copy it from there")
            return
        yield from _extension(doc, path, value, url_path, formats)
        return
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", value) and not re.match(r"[A-Za-z]:[\\/]", value):
        yield FILE_REFERENCE.at(doc, path, f"`{value}` is neither a path in the repository nor "
                                "an http(s) URL", hint="give a path relative to the repository "
                                "root, like img/logo.svg, or an https URL")
        return
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", value):
        yield FILE_REFERENCE.at(doc, path, f"`{value}` is an absolute path; paths are relative "
                                "to the repository root", hint="give the path from the repository "
                                "root, like img/logo.svg")
        return
    normal = posixpath.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        yield FILE_REFERENCE.at(doc, path, f"`{value}` leaves the repository (`..`)",
                                hint="keep the file inside the repository")
        return
    if "\0" in value:
        yield FILE_REFERENCE.at(doc, path, "the path contains a NUL character",
                                hint="give the path from the repository root, like img/logo.svg")
        return
    problems = list(_extension(doc, path, value, value, formats))
    yield from problems
    if root is None:
        return
    target = root / value
    try:
        resolved = target.resolve()
        inside = resolved.is_relative_to(root.resolve())
        kind = ("file" if resolved.is_file() else "directory" if resolved.is_dir()
                else "special" if resolved.exists() else None)
    except (OSError, RuntimeError):  # a loop of links, a name too long...
        inside, kind = True, None
    if not inside:
        yield FILE_REFERENCE.at(doc, path, f"`{value}` is a link that leads outside the "
                                "repository", hint="keep the file itself inside the repository")
        return
    if kind != "file":
        what = {"directory": "is a directory, not a file", "special": "is not a regular file (a pipe, a "
                "device...)", None: "does not exist in the repository"}[kind]
        yield FILE_MISSING.at(doc, path, f"`{value}` {what} (looked for {as_typed(target)})",
                              hint="check the path and its upper and lower case, and that the "
                              "file is committed")
        return
    if formats and not problems:
        yield from _content(doc, path, value, resolved, formats)


def _extension(doc: Document, path: KeyPath, value: str, file_path: str,
               formats: dict[str, str] | None) -> Iterator[Problem]:
    if formats is None:
        return
    suffix = PurePosixPath(file_path).suffix.lower()
    if suffix not in formats:
        allowed = ", ".join(sorted({_NAMES[k] for k in formats.values()}))
        yield FILE_FORMAT.at(doc, path, f"`{value}` does not have the extension of an accepted "
                             f"format ({allowed})", hint="use " + ", ".join(formats) + " files")


def _content(doc: Document, path: KeyPath, value: str, resolved: Path,
             formats: dict[str, str]) -> Iterator[Problem]:
    try:
        with resolved.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        yield FILE_MISSING.at(doc, path, f"`{value}` cannot be read: {exc.strerror}")
        return
    expected = formats[resolved.suffix.lower()]
    found = sniff(head)
    if found != expected:
        actual = f"it looks like {_NAMES[found]}" if found else "its content is not recognised"
        yield FILE_FORMAT.at(doc, path, f"`{value}` is named as {_NAMES[expected]} but {actual}",
                             hint="save the image in the format its name says")
