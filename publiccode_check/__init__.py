"""publiccode-check: a validator for publiccode.yml files.

    >>> from publiccode_check import validate_path
    >>> result = validate_path("publiccode.yml")
    >>> result.valid, [p.message for p in result.problems]
"""

from .problem import Problem, Severity
from .validate import Result, validate_path, validate_paths, validate_text

__version__ = "0.1.0"
STANDARD_VERSIONS = "0.2 to 0.7"

__all__ = [
    "STANDARD_VERSIONS",
    "Problem",
    "Result",
    "Severity",
    "__version__",
    "validate_path",
    "validate_paths",
    "validate_text",
]
