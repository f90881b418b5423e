"""`organisation.uri: urn:x-italian-pa:CODE`: the code must be in the public index (IndicePA).

The list is downloaded once (a CSV of the administrations whose `Codice_IPA`
column holds the codes; the older tab-separated export called it `cod_amm`) and
kept in the cache for a week.
"""

from __future__ import annotations

import csv
import io
import re

from .cache import Cache
from .client import Client, Unverifiable

URN = re.compile(r"urn:x-italian-pa:(?P<code>.+)", re.IGNORECASE)
LIST_LIMIT = 64 * 1024 * 1024  # bytes of the list read at most
LIST_TTL = 7 * 24 * 3600.0
_CODE_COLUMNS = ("codice_ipa", "cod_amm")


def code_of(uri: str) -> str | None:
    """CODE of `urn:x-italian-pa:CODE`, or None for another URI."""
    match = URN.fullmatch(uri.strip())
    return match["code"] if match else None


def codes(client: Client, cache: Cache, url: str, deadline: float) -> frozenset[str]:
    """The codes of the index, lowercased; `Unverifiable` when the list cannot be had."""
    key = f"italian-pa-codes\n{url}"
    cached = cache.get(key, LIST_TTL)
    if isinstance(cached, list):
        return frozenset(cached)
    response = client.request("GET", url, deadline=deadline, read=LIST_LIMIT, accept="text/csv, */*")
    if not 200 <= response.status < 300:
        raise Unverifiable(f"the list of Italian public administrations at {url} answers "
                           f"{response.status_text}")
    if not response.complete:
        raise Unverifiable(f"the list of Italian public administrations at {url} is larger than "
                           f"{LIST_LIMIT // 2**20} MiB")
    found = parse(response.body)
    if not found:
        raise Unverifiable(f"the list at {url} has no column of IPA codes ({' or '.join(_CODE_COLUMNS)})")
    cache.put(key, sorted(found))
    return found


def parse(data: bytes) -> frozenset[str]:
    """The lowercased codes of a CSV (comma, semicolon or tab separated) with a code column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    names = [name.strip().lower() for name in next(rows, [])]
    column = next((names.index(name) for name in _CODE_COLUMNS if name in names), None)
    if column is None:
        return frozenset()
    return frozenset(row[column].strip().lower() for row in rows if len(row) > column and row[column].strip())
