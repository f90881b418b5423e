"""Imported by the workers' fork server: everything a validation may need, loaded once.

The checks import their libraries when a file first needs them (jsonschema, the SPDX list,
the language registry, `regex`...), and the page's templates are compiled when first used.
Checking one file that needs them all here, and showing it as the page would, before any
worker is forked, means that no request pays for those imports and that the workers share
the memory they take. The same goes for the service's catalogue, when it has one.
"""

from __future__ import annotations

from .. import schema
from ..network import checks  # noqa: F401  (for requests that ask for the network checks)
from . import catalogue
from .jobs import answer, results

# wrong in ways that reach every lazily imported check: structure, licence, language tags,
# e-mail (non-ASCII), countries, grapheme counting
_SAMPLE = """\
publiccodeYmlVersion: "0.7"
name: Warm-up
url: "https://example.org/warm/up.git"
platforms: web
developmentStatus: Stable
softwareType: "standalone/web"
description:
  en_GB:
    shortDescription: "Préparé: e\u0301 🇮🇹"
    longDescription: too short
    features: [one]
legal: {license: "MIT OR Apache-2.0"}
maintenance: {type: internal, contacts: [{name: A, email: "a@exämple.org"}]}
localisation: {localisationReady: true, availableLanguages: [it-IT, de-CH-1996]}
intendedAudience: {countries: [it]}
"""

schema.prepare()
answer(_SAMPLE.encode(), "complete")
results(_SAMPLE.encode(), "complete")  # and the page's templates, compiled
catalogue.preload()  # with a catalogue: its snapshot, shared by every worker, and the search's libraries
