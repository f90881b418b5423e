"""publiccode-check: a validator for publiccode.yml files.

    >>> from publiccode_check import Policy, validate_path
    >>> result = validate_path("publiccode.yml")  # the `standard` profile: the standard alone
    >>> result.valid, [p.message for p in result.problems]
    >>> validate_path("publiccode.yml", policy=Policy("complete")).valid  # as the command line checks
"""

from .problem import Problem, Severity
from .profiles import Policy
from .validate import Result, validate_path, validate_paths, validate_text

__version__ = "0.1.0"
STANDARD_VERSIONS = "0.2 to 0.7"
# PLACEHOLDER: the project's public address is not known yet. The maintainers replace this one
# value (the tests then name every file that still shows the old one: README, templates).
# `.invalid` can never resolve (RFC 2606), so nothing points at someone else's site meanwhile.
HOMEPAGE = "https://publiccode-check.invalid/publiccode-check"
# Every rule, with an example that passes and one that fails (docs/rules.md, one anchor per rule
# id); the path is a GitHub-style forge's, to adapt with HOMEPAGE.
RULES_DOC = f"{HOMEPAGE}/blob/main/docs/rules.md"

__all__ = [
    "HOMEPAGE",
    "RULES_DOC",
    "STANDARD_VERSIONS",
    "Policy",
    "Problem",
    "Result",
    "Severity",
    "__version__",
    "validate_path",
    "validate_paths",
    "validate_text",
]
