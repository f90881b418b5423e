"""Imported by the fork server of worker processes: everything a validation may need, loaded once.

The checks import their libraries when a file first needs them (jsonschema, the SPDX list,
the language registry, `regex`...). Checking here one file that needs them all, before any
worker is forked, means that no file pays for those imports and that the workers share the
memory they take (`workers.WorkerPool(preload=("publiccode_check.warm",))`).
"""

from __future__ import annotations

from . import schema
from .profiles import Policy
from .validate import validate_text

# wrong in ways that reach every lazily imported check: structure, licence, language tags,
# e-mail (non-ASCII), countries, grapheme counting
SAMPLE = """\
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
validate_text(SAMPLE.encode(), policy=Policy("complete"))
