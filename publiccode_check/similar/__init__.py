"""Finding the initiatives close to a publiccode.yml (or a draft of one) in a catalogue.

Imported only by `similar`, `init --catalogue`, `serve --catalogue` and the overlaps of a vet
report. The flow:

    catalogue (vet records) ─► analysis (words, stems, concepts per field) ─► index (BM25F)
    draft ─► analysis ─► query ─► ranking (exclusions, status) ─► matches with their "why"

`analysis.py` turns a `software` summary into weighted terms, `index.py` holds the BM25F
index (and its cache on disk), `search.py` ranks and explains, `catalogue.py` reads a
catalogue from a vet JSONL or from anything `vet` accepts, `overlaps.py` finds groups of
look-alike repositories of different organisations. docs/similar.md explains the method.
"""

from __future__ import annotations

from pathlib import Path


def cache_directory() -> Path:
    """Where the indexes of JSONL catalogues are kept: in the user's cache directory, beside the
    network checks' cache (`similar`, `init --catalogue`, `serve --catalogue`)."""
    from ..network.options import default_cache_dir

    return default_cache_dir().parent / "similar"
