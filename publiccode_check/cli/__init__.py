"""The command line: one module per command, over the shared options in `options.py`.

`main` only picks the command; each command module parses its own arguments and is
imported only when it runs, so the plain check starts without loading `init`, `vet`...
A file named like a command (`rules`, `init`, `fix`) is checked as `./rules`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module

from .options import EXIT_INTERNAL

# command name -> module of this package with a `main(argv) -> int`
COMMANDS = {"rules": "rules", "init": "init", "vet": "vet", "fix": "fix", "serve": "serve",
            "similar": "similar"}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that is not UTF-8 gets escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = list(sys.argv[1:] if argv is None else argv)
    name = COMMANDS.get(argv[0]) if argv else None
    try:
        if name is not None:
            return import_module(f"{__name__}.{name}").main(argv[1:])
        from .check import main as check

        return check(argv)
    except KeyboardInterrupt:
        print("publiccode-check: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: its own exit code, a short message, no traceback
        from ..validate import internal_error

        failed = internal_error("", exc)
        print(f"publiccode-check: {failed.failure}\n{failed.trace}", end="", file=sys.stderr)
        return EXIT_INTERNAL
