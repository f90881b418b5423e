"""The service: a Starlette application over a pool of validation workers.

Requests are answered in the event loop; validations run in the worker processes (`pool`),
reached from a thread each, and URL fetches in threads too. Before any work, a request meets
the limits (`limits`): its parameters, the rate of its client, the size and time of its body,
and the room left among the validations under way. `/status` never waits for any of that.
With a catalogue (`catalogue`), the search for the initiatives closest to a file runs in the
worker that checks it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any, TextIO, TypeVar

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..network.options import NetworkOptions
from ..workers import JobFailed, Overrun, WorkerFailed, WorkerPool
from . import badge, jobs, page
from .accesslog import AccessLog
from .answers import PROBLEM_JSON, Refusal
from .catalogue import MOST as MOST_SIMILAR
from .catalogue import VARIABLE as CATALOGUE_VARIABLE
from .limits import Admission, RateLimiter, form, read_body
from .remote import Fetched, Remote
from .settings import Settings

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
YAML_TYPES = frozenset({"application/x-yaml", "application/yaml", "text/yaml", "text/x-yaml", "text/plain",
                        "application/octet-stream"})
FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
T = TypeVar("T")
SECURITY_HEADERS = {b"x-content-type-options": b"nosniff", b"referrer-policy": b"no-referrer"}
PAGE_SIMILAR = 5  # similar initiatives shown on the page, with a catalogue


class Service:
    """What the routes share: settings, workers, limits, the fetcher and the badges' verdicts."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.workers, cpu_seconds=settings.cpu_seconds,
                               memory_bytes=settings.worker_memory or None,
                               preload=("publiccode_check.serve.warm",))
        self.threads = ThreadPoolExecutor(settings.admitted, thread_name_prefix="publiccode-check-serve")
        self.rate = RateLimiter(settings.rate, settings.burst)
        self.admission = Admission(settings)
        self.remote = Remote(settings)
        self.verdicts = badge.Verdicts(settings.badge_seconds, settings.badge_entries)
        self.started = time.monotonic()

    def similar(self, limit: int) -> jobs.Similar | None:
        """The search for the `limit` closest initiatives, for a job; None without a catalogue."""
        catalogue = self.settings.catalogue
        return jobs.Similar(catalogue.path, limit) if catalogue is not None else None

    async def in_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.threads, partial(function, *args))

    def network(self, external: bool) -> NetworkOptions | None:
        return self.settings.network if external else None

    async def work(self, job: Callable[[], T], *, external: bool = False) -> T:
        """`job` (a validation, see `jobs`) in a worker; a `Refusal` when it overran or failed."""
        wall = self.settings.job_seconds if external else None
        try:
            return await self.in_thread(partial(self.pool.run, job, wall_seconds=wall))
        except Overrun as overrun:
            raise Refusal(422, "deadline", "The file took too long to check",
                          f"checking this file took more than {overrun.seconds:g} s of {overrun.kind} time, "
                          "so it was stopped; a publiccode.yml is checked in milliseconds. A file built to "
                          "exhaust validators does this (a merge-key bomb, deep nesting); if yours is an "
                          "ordinary file, please report it", limit=overrun.seconds) from None
        except JobFailed as failure:
            raise Refusal(500, "internal-error", "publiccode-check failed on this file",
                          f"an error of publiccode-check ({failure}); please report it with the "
                          "file") from None
        except WorkerFailed as failure:
            raise Refusal(422, "worker-failed", "The file could not be checked",
                          f"checking this file stopped the process that checked it ({failure}); "
                          "a file built to exhaust validators does this") from None

    async def fetch(self, url: str) -> Fetched:
        return await self.in_thread(self.remote.fetch, url)


# --- parameters ----------------------------------------------------------------------------------

def profile_of(request: Request) -> str:
    profile = request.query_params.get("profile", "standard")
    if profile not in page.PROFILES:
        raise Refusal(400, "bad-parameter", "Unknown profile",
                      f"`profile` is `{profile[:40]}`; give `standard` (the default) or `complete`")
    return profile


def external_of(request: Request, settings: Settings) -> bool:
    value = request.query_params.get("external-checks", "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise Refusal(400, "bad-parameter", "Bad value for external-checks",
                      "`external-checks` is `true` (check links, images and repositories online) or "
                      "`false` (the default)")
    wanted = value in ("true", "1")
    if wanted and not settings.external_checks:
        raise Refusal(403, "external-checks-off", "Network checks are turned off",
                      "this service does not run the network checks; ask without `external-checks`")
    return wanted


def similar_of(request: Request, service: Service) -> jobs.Similar | None:
    """`?similar=N`: the N initiatives of the service's catalogue closest to the file, in the answer."""
    value = request.query_params.get("similar")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MOST_SIMILAR):
        raise Refusal(400, "bad-parameter", "Bad value for similar",
                      f"`similar` is `{value[:40]}`; give how many similar initiatives to list, 1 to "
                      f"{MOST_SIMILAR}")
    asked = service.similar(int(value))
    if asked is None:
        raise Refusal(403, "no-catalogue", "This service has no catalogue",
                      "`similar` lists the initiatives of the service's catalogue closest to the file, and "
                      "this service was started without one (`publiccode-check serve --catalogue`); ask "
                      "without `similar`, or run `publiccode-check similar` yourself")
    return asked


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def note(request: Request, **fields: Any) -> None:
    """Something about this request for the access log (never a body)."""
    request.state.log = {**getattr(request.state, "log", {}), **fields}


# --- the API ---------------------------------------------------------------------------------------

async def validate(request: Request) -> Response:
    """`POST`/`QUERY /v1/validate` with the file as the body; `GET /v1/validate?url=...`."""
    service: Service = request.app.state.service
    profile = profile_of(request)
    external = external_of(request, service.settings)
    similar = similar_of(request, service)
    if request.method == "GET":
        url = request.query_params.get("url")
        if not url:
            raise Refusal(400, "missing-url", "Nothing to check",
                          "give the address of a repository as `?url=`, or send the file itself with "
                          "POST (or QUERY) /v1/validate")
        service.rate.check(client_of(request))
        with service.admission:
            fetched = await service.fetch(url)
            body, verdict = await service.work(partial(
                jobs.answer, fetched.data, profile, network=service.network(external), path=fetched.file_url,
                base_url=fetched.file_url if fetched.remote else None,
                extra={"url": fetched.url, "fileUrl": fetched.file_url}, similar=similar), external=external)
    else:
        kind = media_type(request)
        if kind and kind not in YAML_TYPES | {"multipart/form-data"}:
            raise Refusal(415, "unsupported-media-type", "Unsupported media type",
                          f"the body is sent as `{kind[:60]}`; send the file as `application/x-yaml` (or "
                          "`text/plain`), or as the part `file` of a `multipart/form-data` form. With curl: "
                          "curl -H 'Content-Type: application/x-yaml' --data-binary @publiccode.yml URL")
        service.rate.check(client_of(request))
        body = await read_body(request, service.settings)
        data = await _uploaded(request, body, service.settings) if kind == "multipart/form-data" else body
        if not data.strip():
            raise Refusal(400, "empty-body", "Nothing to check",
                          "the request has no file: send the content of a publiccode.yml as the body")
        with service.admission:
            body, verdict = await service.work(partial(jobs.answer, data, profile, similar=similar,
                                                       network=service.network(external)), external=external)
    note(request, **verdict)
    return Response(body, media_type="application/json")


async def _uploaded(request: Request, body: bytes, settings: Settings) -> bytes:
    fields = await form(request, body, settings)
    part = fields.get("file")
    if part is None:
        raise Refusal(400, "missing-file", "Nothing to check",
                      "the form has no part named `file`: send the publiccode.yml as the part `file`")
    return await _content(part)


async def _content(field: UploadFile | str | None) -> bytes:
    """What a form's field holds: a chosen file's bytes, or a text field's (none: empty)."""
    if isinstance(field, UploadFile):
        return await field.read()
    return (field or "").encode("utf-8", "surrogatepass")


async def rules(request: Request) -> Response:
    """`GET /v1/rules`: every rule, as `publiccode-check rules --format json --profile P` lists
    them (the profile of the validations, `standard` unless asked)."""
    return Response(_rules_json(profile_of(request)), media_type="application/json")


@cache
def _rules_json(profile: str) -> bytes:
    from ..catalogue import listing
    from ..profiles import Policy

    return listing(Policy(profile), as_json=True).encode()


async def status(request: Request) -> Response:
    """`GET /status`: alive, what it is, since when, and how busy; never waits for a worker."""
    from ..rules.versions import supported

    service: Service = request.app.state.service
    catalogue = service.settings.catalogue
    return JSONResponse({
        "status": "ok", "version": __version__, "standardVersions": list(supported()),
        "uptime": round(time.monotonic() - service.started, 3),
        "validations": {"workers": service.pool.size, "busy": service.pool.busy,
                        "underWay": service.admission.pending, "limit": service.admission.limit,
                        "workersReplaced": service.pool.replaced},
        "catalogue": None if catalogue is None else {"records": catalogue.records,
                                                     "initiatives": catalogue.initiatives}})


async def openapi(request: Request) -> Response:
    return Response(_openapi_json(), media_type="application/json")


@cache
def _openapi_json() -> bytes:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    document["info"]["version"] = __version__
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


async def badge_svg(request: Request) -> Response:
    """`GET /badge.svg?url=...`: the verdict on a repository's file, kept for `badge_seconds`."""
    service: Service = request.app.state.service
    profile = profile_of(request)
    url = request.query_params.get("url", "")
    if not url:
        raise Refusal(400, "missing-url", "No repository",
                      "give the repository's address: /badge.svg?url=https://github.com/OWNER/NAME")
    from .remote import checked_url

    key = f"{profile} {checked_url(url)}"

    async def work() -> str:
        service.rate.check(client_of(request))  # only what is not kept costs the client
        try:
            with service.admission:
                fetched = await service.fetch(url)
                _, verdict = await service.work(partial(jobs.answer, fetched.data, profile))
        except Refusal as refusal:
            if refusal.status == 404:
                return "missing"
            if refusal.status in (422, 500, 502, 504):
                return "unknown"
            raise
        return "valid" if verdict["valid"] else "invalid"

    verdict, seconds = await service.verdicts.get(key, work)
    note(request, verdict=verdict)
    return Response(badge.svg(verdict), media_type="image/svg+xml", headers={
        "Cache-Control": f"public, max-age={int(seconds)}", "Content-Security-Policy": "default-src 'none'"})


# --- the page --------------------------------------------------------------------------------------

async def home(request: Request) -> Response:
    """`/`: the page; with `?url=` (GET) or a form (POST), the page with the results.

    With `?part=results`, the results part alone (for the page's script).
    """
    service: Service = request.app.state.service
    url = request.query_params.get("url", "") if request.method == "GET" else ""
    profile, text, results, title, status_code, headers = "standard", "", "", "", 200, {}
    try:
        if request.method == "POST":
            profile, data = await _page_form(request, service)
            if not data.strip():
                raise Refusal(400, "empty-body", "Nothing to check",
                              "paste the content of your publiccode.yml, or choose the file, then check it")
            with service.admission:
                results, verdict, text = await service.work(partial(jobs.results, data, profile,
                                                                    similar=service.similar(PAGE_SIMILAR)))
            note(request, **verdict)
            title = "Valid" if verdict["valid"] else "Not valid"
        elif url:
            profile = profile_of(request)
            service.rate.check(client_of(request))
            with service.admission:
                fetched = await service.fetch(url)
                results, verdict, _ = await service.work(partial(
                    jobs.results, fetched.data, profile, path=fetched.file_url, source=fetched.url,
                    file_url=fetched.file_url, badge=_badge_markdown(request, fetched.url, profile),
                    similar=service.similar(PAGE_SIMILAR)))
            note(request, **verdict)
            title = "Valid" if verdict["valid"] else "Not valid"
    except Refusal as refusal:
        note(request, refused=refusal.kind)
        results, title = page.results(refusal=refusal), refusal.title
        status_code, headers = refusal.status, dict(refusal.headers)
    if request.query_params.get("part") == "results":
        return HTMLResponse(results, status_code=status_code, headers=headers)
    headers["Content-Security-Policy"] = page.policy() + "; frame-ancestors 'none'"
    catalogue = service.settings.catalogue
    return HTMLResponse(page.render(text=text, url=url, profile=profile, results=results, verdict=title,
                                    catalogue=catalogue.initiatives if catalogue else 0),
                        status_code=status_code, headers=headers)


async def _page_form(request: Request, service: Service) -> tuple[str, bytes]:
    """The profile and the file of the page's form: the chosen file if there is one, else the text box."""
    kind = media_type(request)
    if kind not in FORM_TYPES:
        raise Refusal(415, "unsupported-media-type", "Unsupported media type",
                      "send the page's form (multipart/form-data)")
    service.rate.check(client_of(request))
    fields = await form(request, await read_body(request, service.settings), service.settings)
    profile = fields.get("profile")
    profile = profile if isinstance(profile, str) and profile in page.PROFILES else "standard"
    for name in ("file", "text"):  # as the browser sends them; curl -F may send either as a file
        data = await _content(fields.get(name))
        if data.strip():
            return profile, data
    return profile, b""


def _badge_markdown(request: Request, url: str, profile: str) -> str:
    from urllib.parse import urlencode

    query = {"url": url, **({"profile": profile} if profile != "standard" else {})}
    return f"[![publiccode.yml]({request.url_for('badge')}?{urlencode(query)})]({url})"


# --- errors ----------------------------------------------------------------------------------------

def problem_response(request: Request, refusal: Refusal) -> Response:
    note(request, refused=refusal.kind)
    return JSONResponse(refusal.document(request.url.path), status_code=refusal.status,
                        media_type=PROBLEM_JSON, headers=refusal.headers)


async def on_refusal(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refusal)
    return problem_response(request, exc)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {404: ("not-found", "No such address",
                    f"there is nothing at {request.url.path}; see /openapi.json"),
              405: ("method-not-allowed", "Method not allowed",
                    f"{request.method} is not answered at {request.url.path}; see /openapi.json")}
    kind, title, detail = titles.get(exc.status_code, ("http-error", "Bad request", str(exc.detail)))
    return problem_response(request, Refusal(exc.status_code, kind, title, detail, headers=exc.headers))


async def on_error(request: Request, exc: Exception) -> Response:
    logging.getLogger("publiccode_check.serve").error("%s %s failed", request.method, request.url.path,
                                                      exc_info=exc)
    return problem_response(request, Refusal(500, "internal-error", "Internal error",
                                             "publiccode-check failed on this request; please report it"))


# --- the application -------------------------------------------------------------------------------

def create_app(settings: Settings, *, access_log: TextIO | None = None) -> Starlette:
    """The application; its workers start with it (lifespan) and stop when it stops. Each request
    is logged to `access_log` as a JSON line, if given."""
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # for the workers' fork server, started now (catalogue.preload): this service's catalogue or none
        if settings.catalogue is not None:
            os.environ[CATALOGUE_VARIABLE] = str(settings.catalogue.path)
        else:
            os.environ.pop(CATALOGUE_VARIABLE, None)
        service.pool.start()
        try:
            yield
        finally:
            service.pool.close()
            service.threads.shutdown(wait=False, cancel_futures=True)

    routes = [Route("/", home, methods=["GET", "POST"]),
              Route("/v1/validate", validate, methods=["GET", "POST", "QUERY"]),
              Route("/v1/rules", rules, methods=["GET"]),
              Route("/status", status, methods=["GET"]),
              Route("/openapi.json", openapi, methods=["GET"]),
              Route("/badge.svg", badge_svg, methods=["GET"], name="badge")]
    logged = [Middleware(AccessLog, stream=access_log)] if access_log is not None else []
    middleware = [*logged,
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "QUERY"],
                             allow_headers=["Content-Type"], expose_headers=["Retry-After"]),
                  Middleware(SecurityHeaders)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={Refusal: on_refusal, HTTPException: on_http_error,
                                        Exception: on_error})
    app.state.service = service
    return app


class SecurityHeaders:
    """Headers every answer carries: no content sniffing, no referrer."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS.items() if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)
