"""`publiccode-check serve`: the validation service (API, web page, badges) on a real HTTP server.

Every flag can also be given as an environment variable, PUBLICCODE_CHECK_ followed by the
flag's name in capitals with `_` for `-` (`--cpu-seconds 3` or PUBLICCODE_CHECK_CPU_SECONDS=3;
`--git` or PUBLICCODE_CHECK_GIT=true; lists separated by commas); a flag wins over its
variable. The server's libraries (the `serve` extra) are imported only here.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import options
from .options import EXIT_OK, EXIT_USAGE, add_request_options, forge_kinds

if TYPE_CHECKING:
    from ..serve.catalogue import Snapshot

ENVIRONMENT_PREFIX = "PUBLICCODE_CHECK_"
_SIZE = re.compile(r"(\d+)\s*(|B|KiB|MiB)", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kib": 2**10, "mib": 2**20}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def size(text: str) -> int:
    """`1048576`, `512KiB` or `1MiB` as a number of bytes."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"`{text}` is not a size: write bytes, or a number with KiB or MiB")
    return int(match[1]) * _UNITS[match[2].lower()]


def seconds(text: str) -> float:
    """A finite number of seconds more than 0 (`options.seconds`), and less than a million."""
    value = options.seconds(text)
    if value >= 1e6:
        raise argparse.ArgumentTypeError(f"{text!r}: give fewer than 1,000,000 seconds")
    return value


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"`{text}` is below 0")
    return value


def _parser() -> argparse.ArgumentParser:
    from ..serve.settings import MiB, Settings

    default = Settings()  # the limits' defaults, said once
    parser = argparse.ArgumentParser(
        prog="publiccode-check serve",
        description="Serve the validator over HTTP: an API (POST /v1/validate, GET "
                    "/v1/validate?url=..., described at /openapi.json), a web page at / to paste, upload "
                    "or name a file, and README badges (/badge.svg?url=...). Needs the serve extra: "
                    "pip install 'publiccode-check[serve]'.",
        epilog=f"Every option can be given as an environment variable: {ENVIRONMENT_PREFIX} and the option's "
               f"name in capitals, e.g. {ENVIRONMENT_PREFIX}CPU_SECONDS=3; the option wins.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1; 0.0.0.0 or :: for every interface)")
    parser.add_argument("--port", type=count, default=8000,
                        help="port to listen on (default: 8000; 0: any free one)")
    parser.add_argument("--workers", type=count, default=0, metavar="N",
                        help="processes that check files (default: one per core)")
    limits = parser.add_argument_group("limits", "what one request may cost")
    limits.add_argument("--queue", type=count, default=default.queue, metavar="N",
                        help="validations waiting for a worker at most; more are answered 503 "
                             f"(default: {default.queue})")
    limits.add_argument("--cpu-seconds", type=seconds, default=default.cpu_seconds, metavar="SECONDS",
                        help="CPU time to check one file, to the second; past it the worker is replaced "
                             f"and the answer is 422 (default: {default.cpu_seconds:g})")
    limits.add_argument("--worker-memory", type=size, default=default.worker_memory, metavar="SIZE",
                        help="memory (address space) of a worker, 0 for no limit "
                             f"(default: {default.worker_memory // MiB}MiB)")
    limits.add_argument("--max-body", type=size, default=default.max_body, metavar="SIZE",
                        help="size of a request body; more is answered 413 "
                             f"(default: {default.max_body // MiB}MiB)")
    limits.add_argument("--body-seconds", type=seconds, default=default.body_seconds, metavar="SECONDS",
                        help="time to receive a request body; more is answered 408 "
                             f"(default: {default.body_seconds:g})")
    limits.add_argument("--max-fetch", type=size, default=default.max_fetch, metavar="SIZE",
                        help=f"size of a fetched publiccode.yml (default: {default.max_fetch // MiB}MiB)")
    limits.add_argument("--fetch-seconds", type=seconds, default=default.fetch_seconds, metavar="SECONDS",
                        help="time to fetch one publiccode.yml, all its requests together "
                             f"(default: {default.fetch_seconds:g})")
    limits.add_argument("--rate", type=float, default=default.rate, metavar="N",
                        help="validations per minute and client on average, 0 for no limit; more are "
                             f"answered 429 (default: {default.rate:g})")
    limits.add_argument("--burst", type=count, default=default.burst, metavar="N",
                        help=f"validations a client may ask for at once (default: {default.burst})")
    limits.add_argument("--badge-seconds", type=seconds, default=default.badge_seconds, metavar="SECONDS",
                        help="how long a badge's verdict is kept before the file is fetched again "
                             f"(default: {default.badge_seconds:g})")
    limits.add_argument("--max-connections", type=count, default=256, metavar="N",
                        help="connections at once; more are answered 503 by the HTTP server (default: 256)")
    online = parser.add_argument_group(
        "network", "repositories named by address are fetched as `vet` fetches them; the network checks of a "
                   "file run only when a request asks for them (external-checks=true)")
    online.add_argument("--no-external-checks", dest="external_checks", action="store_false",
                        help="refuse requests that ask for the network checks")
    add_request_options(online)
    online.add_argument("--allow-network", action="append", default=[], metavar="CIDR",
                        help="also reach addresses in this network (e.g. an intranet forge: 10.1.2.0/24); "
                             "repeatable")
    online.add_argument("--forge", action="append", default=[], metavar="HOST=KIND",
                        help="say what software a host runs, for self-hosted forges not recognised by "
                             "name or API; repeatable")
    online.add_argument("--git", action="store_true",
                        help="read files on hosts that are no known forge with git (off by default)")
    similar = parser.add_argument_group(
        "similar initiatives", "with a catalogue, the page ends with the initiatives closest to the file "
                               "checked, and the API lists them when asked (?similar=N)")
    similar.add_argument("--catalogue", action="append", default=[], metavar="SOURCE",
                         help="what files are compared with: a JSONL written by `publiccode-check vet`, a "
                              "directory of publiccode.yml files, or anything `vet` accepts; read once, at "
                              "start-up (repeatable; none by default)")
    operations = parser.add_argument_group("operations")
    operations.add_argument("--access-log", default="-", metavar="FILE",
                            help="where the access log goes, one JSON line per request ('-': standard "
                                 "output, the default; 'off': nowhere)")
    operations.add_argument("--trusted-proxies", default="127.0.0.1", metavar="ADDRESSES",
                            help="proxies whose X-Forwarded-For names the client, for the rate limit and "
                                 "the log (comma-separated addresses or networks, '*' for any; default: "
                                 "127.0.0.1)")
    operations.add_argument("--graceful-seconds", type=seconds, default=10.0, metavar="SECONDS",
                            help="on SIGTERM or Ctrl+C, time left to the requests under way (default: 10)")
    _environment_defaults(parser)
    return parser


def _environment_defaults(parser: argparse.ArgumentParser) -> None:
    """Defaults from PUBLICCODE_CHECK_* variables, converted and checked as the flags are."""
    for action in parser._actions:  # argparse's list of what it parses
        names = [name for name in action.option_strings if name.startswith("--")]
        if not names or action.dest == "help":
            continue
        negative = isinstance(action, argparse._StoreFalseAction)
        flag = names[0].removeprefix("--no-" if negative else "--")
        variable = ENVIRONMENT_PREFIX + flag.upper().replace("-", "_")
        value = os.environ.get(variable)
        if value is None:
            continue
        try:
            default = _converted(action, value)
        except (argparse.ArgumentTypeError, ValueError) as exc:
            parser.error(f"environment variable {variable}={value!r}: {exc}")
        parser.set_defaults(**{action.dest: default})


def _converted(action: argparse.Action, value: str) -> Any:
    if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
        if value.strip().lower() not in _TRUE + _FALSE:
            raise ValueError("write true or false")
        wanted = value.strip().lower() in _TRUE
        return wanted if isinstance(action, argparse._StoreTrueAction) else not wanted
    convert = action.type or str
    if isinstance(action, argparse._AppendAction):
        return [convert(part.strip()) for part in value.split(",") if part.strip()]
    return convert(value)


def main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        import multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as missing:
        print(f"publiccode-check serve: the service needs the serve extra ({missing.name} is not installed): "
              "pip install 'publiccode-check[serve]'", file=sys.stderr)
        return EXIT_USAGE
    from ..network import guard
    from ..network.options import NetworkOptions
    from ..serve.settings import Settings
    from ..workers import default_size

    try:
        guard.networks(args.allow_network)
    except ValueError as exc:
        parser.error(f"--allow-network: {exc}")
    network = NetworkOptions(timeout=args.timeout, deadline=args.fetch_seconds + 10,
                             use_cache=not args.no_cache, allow_private_hosts=args.allow_private_hosts,
                             allowed_networks=tuple(args.allow_network), per_host=4)
    kinds = forge_kinds(args.forge, parser)
    with tempfile.TemporaryDirectory(prefix="publiccode-check-serve-") as scratch:
        catalogue = None
        if args.catalogue:
            catalogue = _catalogue(args.catalogue, Path(scratch), network, use_cache=not args.no_cache)
            if catalogue is None:
                return EXIT_USAGE
        settings = Settings(workers=args.workers or default_size(), queue=args.queue,
                            cpu_seconds=args.cpu_seconds, worker_memory=args.worker_memory,
                            max_body=args.max_body, body_seconds=args.body_seconds, max_fetch=args.max_fetch,
                            fetch_seconds=args.fetch_seconds, rate=max(0.0, args.rate), burst=args.burst,
                            badge_seconds=args.badge_seconds, external_checks=args.external_checks,
                            network=network, forges=kinds, use_git=args.git, catalogue=catalogue)
        return _serve(args, settings)


def _catalogue(sources: list[str], directory: Path, network: Any, *, use_cache: bool) -> Snapshot | None:
    """The snapshot of the catalogue (`serve.catalogue`), said on standard error; None after saying why
    it cannot be searched."""
    import time

    from ..serve.catalogue import NoCatalogue, make
    from ..similar import cache_directory
    from ..text import clean

    started = time.monotonic()
    try:
        snapshot = make(sources, directory, network=lambda: network,
                        cache_dir=cache_directory() if use_cache else None)
    except NoCatalogue as exc:
        print(f"publiccode-check serve: --catalogue: {clean(str(exc))}", file=sys.stderr)
        return None
    seconds = time.monotonic() - started
    print(f"publiccode-check serve: catalogue: {snapshot.initiatives} initiatives to compare files with, of "
          f"{snapshot.records} records in {clean(' '.join(sources))} (read in {seconds:.1f} s)",
          file=sys.stderr, flush=True)
    return snapshot


def _serve(args: argparse.Namespace, settings: Any) -> int:
    """Listen, serve until SIGTERM or Ctrl+C, stop."""
    import uvicorn

    try:
        listener = _listen(args.host, args.port)
    except OSError as exc:
        print(f"publiccode-check serve: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        log = None if args.access_log in ("-", "off") else open(args.access_log, "a", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"publiccode-check serve: cannot write the access log {args.access_log}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    from ..serve.app import create_app

    app = create_app(settings, access_log=sys.stdout if args.access_log == "-" else log)
    config = uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=True,
                            forwarded_allow_ips=args.trusted_proxies,
                            limit_concurrency=args.max_connections or None,
                            timeout_graceful_shutdown=round(args.graceful_seconds), timeout_keep_alive=5,
                            server_header=False, http="h11", loop="asyncio", lifespan="on")
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"publiccode-check serve: listening on http://{shown}:{port}/ ({settings.workers} workers, "
          f"{settings.cpu_seconds:g} s of CPU per file; Ctrl+C to stop)", file=sys.stderr, flush=True)
    # uvicorn handles SIGINT and SIGTERM (stop taking connections, finish what is under way), then
    # raises the signal again for the handler it found: this one, so that "stopped" is the end
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: None)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        if log is not None:
            log.close()
    print("publiccode-check serve: stopped", file=sys.stderr, flush=True)
    return EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on `host` (a name or an IPv4 or IPv6 address) and `port` (0: any free one).

    Made with the protocol named (IPPROTO_TCP), not 0: asyncio turns Nagle's algorithm off only on
    connections whose socket says TCP, and with it on, every answer on a kept-alive connection
    waited 40 ms for the client's delayed acknowledgement.
    """
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE)[0]
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(1024)
    except OSError:
        listener.close()
        raise
    return listener
