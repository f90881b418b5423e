"""Find and read a repository's publiccode.yml on its default branch, without cloning it.

On a known kind of forge the raw file is asked for directly (`HEAD` names the
default branch on GitHub, GitLab and Bitbucket; Gitea and Forgejo tell theirs
through their API). A host not in the forge table is recognised by its name
(`gitlab.`, `gitea.`, `forgejo.`, `codeberg.`), by `--forge HOST=KIND`, or by
asking its API; failing all that, git itself fetches the one file, from a
shallow clone with no file contents but the ones read.

Every request goes through the network client (address guard, time limits,
per-host limit). Failures are `FetchFailure`s whose status is a record status:
`missing` when the repository answers that there is no such file, `unreachable`
when it cannot be asked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import threading
import time
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from ..load import MAX_BYTES
from ..network import forges
from ..network.client import Client, Response, Unverifiable
from ..rules.urls import https_of_shorthand

KINDS = ("github", "gitlab", "bitbucket", "gitea")
FILE_NAMES = ("publiccode.yml", "publiccode.yaml")
_HOST_HINTS = (("gitlab", "gitlab"), ("gitea", "gitea"), ("forgejo", "gitea"), ("codeberg", "gitea"))
_MISSING = frozenset({404, 410})
_ACCEPT = "text/plain, application/x-yaml, text/yaml, application/octet-stream;q=0.9, */*;q=0.5"
_API_READ = 256 * 1024
_UNDETECTED = "git"  # a host that is none of the kinds: git fetches the file
_TWO_SEGMENT_KINDS = frozenset({"github", "bitbucket", "gitea"})  # projects are OWNER/NAME


class FetchFailure(Exception):
    """The file could not be read; `status` is `missing` or `unreachable`."""

    def __init__(self, status: str, reason: str, file_url: str | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.file_url = file_url


class Fetched(NamedTuple):
    file_url: str  # where the file was read from; relative images are resolved against it
    data: bytes  # at most one byte more than the loader accepts
    remote: bool  # False when git read it: there is no raw address for its images


class Repository(NamedTuple):
    """A repository's address split as the fetcher needs it."""

    origin: str  # scheme://host[:port]
    host: str  # lowercase host name (with :port when there is one)
    project: tuple[str, ...]  # path segments naming the project, `.git` removed
    address: str  # origin/project, as given to git

    @property
    def path(self) -> str:
        return "/".join(quote(segment, safe="") for segment in self.project)

    def api(self, kind: str) -> str:
        """The address of what the forge's API says of this repository (GitLab's or Gitea's)."""
        if kind == "gitlab":
            return f"{self.origin}/api/v4/projects/{quote('/'.join(self.project), safe='')}"
        return f"{self.origin}/api/v1/repos/{self.on('gitea').path}"

    def on(self, kind: str) -> Repository:
        """This repository on a forge of `kind`: where projects are OWNER/NAME, a longer path is a
        page inside the project (`/o/r/src/branch/main`, `/o/r/tree/main`)."""
        if kind not in _TWO_SEGMENT_KINDS or len(self.project) <= 2:
            return self
        project = self.project[:2]
        return self._replace(project=project, address=f"{self.origin}/{'/'.join(project)}")


def repository(url: str) -> Repository | None:
    """The repository an address names (a forge's page inside it names it too), or None."""
    url = https_of_shorthand(url) or url
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or port == 0:
        return None
    authority = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    netloc = authority if port is None else f"{authority}:{port}"
    place = forges.place(f"{parts.scheme}://{host}{parts.path}")
    if place is not None and place.forge is not None:
        project = place.project
    elif forges.forge_kind(host) is not None:
        return None  # a page of a well-known forge that names no project (an organisation, the home page)
    else:
        segments = tuple(segment for segment in parts.path.split("/") if segment)
        project = segments[:segments.index("-")] if "-" in segments else segments  # GitLab's pages
        if project and project[-1].endswith(".git"):
            project = (*project[:-1], project[-1][:-4])
    if not project:
        return None
    origin = f"{parts.scheme}://{netloc}"
    return Repository(origin, netloc, project, f"{origin}/{'/'.join(project)}")


def is_file_url(url: str) -> bool:
    """Whether `url` names a publiccode.yml itself rather than a repository. On a known forge,
    only a file's page or raw address does: the standard's own repository is called
    `publiccode.yml` (github.com/publiccodeyml/publiccode.yml)."""
    if not urlsplit(url).path.lower().endswith((".yml", ".yaml")):
        return False
    place = forges.place(url)
    return place is None or place.forge is None or bool(place.rest)


class Fetcher:
    """Reads publiccode.yml files of repositories; one for a run, shared by its threads."""

    def __init__(self, client: Client, *, kinds: dict[str, str] | None = None, use_git: bool = True,
                 max_bytes: int = MAX_BYTES) -> None:
        self.client = client
        self.kinds = dict(kinds or {})  # host[:port] -> kind, from --forge and from detection
        self.use_git = use_git
        self.max_bytes = max_bytes  # of a file; one byte more is read, so that the excess shows
        self._lock = threading.Lock()

    def fetch(self, url: str, deadline: float) -> Fetched:
        """The publiccode.yml of the repository at `url` (or the file at `url`)."""
        if is_file_url(url):
            target = forges.raw_url(url) or url
            return Fetched(target, self._read(target, deadline, last=True), True)
        repo = repository(url)
        if repo is None:
            raise FetchFailure("unreachable", f"`{url}` names no repository: give the address of one "
                               "(like https://github.com/OWNER/NAME), not of an organisation or a site")
        kind, branch = self._kind(repo, deadline)
        repo = repo.on(kind)
        if kind == _UNDETECTED:
            if not self.use_git:
                raise FetchFailure("unreachable", f"{repo.host} is not a forge publiccode-check knows "
                                   "(give --forge HOST=KIND), and git is turned off")
            return self._with_git(repo, deadline)
        if kind == "gitea" and branch is None:
            branch = self._gitea_branch(repo, deadline)
        candidates = [raw_file(repo, kind, name, branch) for name in FILE_NAMES]
        for candidate in candidates:
            try:
                return Fetched(candidate, self._read(candidate, deadline, last=False), True)
            except _NotThere:
                continue
        raise FetchFailure("missing", f"there is no publiccode.yml (nor publiccode.yaml) at the root of "
                           f"the default branch: {candidates[0]} answers 404", candidates[0])

    def _read(self, url: str, deadline: float, *, last: bool) -> bytes:
        response = self._get(url, deadline, read=self.max_bytes + 1, accept=_ACCEPT)
        if response.status in _MISSING:
            if last:
                raise FetchFailure("missing", f"{url} answers {response.status_text}", url)
            raise _NotThere
        if not 200 <= response.status < 300:
            raise FetchFailure("missing" if response.status in (401, 403) else "unreachable",
                               f"{url} answers {response.status_text}"
                               + (" (a private repository?)" if response.status in (401, 403) else ""), url)
        if _is_web_page(response):
            raise FetchFailure("missing", f"{response.url} answers with a web page, not the file (a sign-in "
                               "page for a private repository, or a page of the forge)", url)
        return response.body

    def _get(self, url: str, deadline: float, *, read: int, accept: str) -> Response:
        try:
            return self.client.request("GET", url, deadline=deadline, read=read, accept=accept)
        except Unverifiable as failure:
            raise FetchFailure("unreachable", f"{url}: {failure.reason}", url) from None

    def _kind(self, repo: Repository, deadline: float) -> tuple[str, str | None]:
        """The repository's kind of forge, and its default branch when finding the kind told it."""
        host_name = repo.host.split(":")[0]
        with self._lock:
            known = self.kinds.get(repo.host) or self.kinds.get(host_name)
        known = known or forges.forge_kind(host_name)
        if known is None:
            known = next((kind for hint, kind in _HOST_HINTS if hint in host_name.split(".")[0]), None)
        if known is not None:
            return known, None
        kind, branch = self._detect(repo, deadline)
        # APIs that do not know one repository (a typo, a private one) say nothing of its host
        if kind != _UNDETECTED:
            with self._lock:
                self.kinds.setdefault(repo.host, kind)
        return kind, branch

    def _detect(self, repo: Repository, deadline: float) -> tuple[str, str | None]:
        """Ask the host's APIs what it is: GitLab's, then Gitea's (Forgejo answers as Gitea)."""
        for kind in ("gitlab", "gitea"):
            answer = self._api(repo.api(kind), deadline)
            if answer is not None:
                return kind, answer.get("default_branch") or None
        return _UNDETECTED, None

    def _api(self, url: str, deadline: float) -> dict | None:
        """The API's JSON about a repository, or None; a host that cannot be asked at all is
        `unreachable` (git would not reach it either)."""
        try:
            response = self.client.request("GET", url, deadline=deadline, read=_API_READ,
                                           accept="application/json")
        except Unverifiable as failure:
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
            raise FetchFailure("unreachable", f"{origin} cannot be reached: {failure.reason}") from None
        if response.status != 200 or "json" not in response.content_type:
            return None
        try:
            answer = json.loads(response.body)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            return None
        return answer if isinstance(answer, dict) and "default_branch" in answer else None

    def _gitea_branch(self, repo: Repository, deadline: float) -> str:
        answer = self._api(repo.api("gitea"), deadline)
        if answer is None:
            raise FetchFailure("missing", f"{repo.address} is not a repository on this forge (its API "
                               f"does not know it)", repo.address)
        branch = answer.get("default_branch")
        if not isinstance(branch, str) or not branch:
            raise FetchFailure("missing", f"{repo.address} is an empty repository", repo.address)
        return branch

    def guard(self, url: str, deadline: float) -> None:
        """Before any request, `Refused` (or `Unverifiable`) when the client's guard does not allow
        the host of `url`: for git, which connects by itself, and for callers that answer a
        refused address otherwise than a failed fetch."""
        parts = urlsplit(url)
        port = parts.port if parts.port is not None else 443 if parts.scheme == "https" else 80
        self.client.addresses(parts.hostname or "", port, deadline)

    def _with_git(self, repo: Repository, deadline: float) -> Fetched:
        """Git does not go through our client: the client's guard judges the host first."""
        try:
            self.guard(repo.origin, deadline)
        except Unverifiable as failure:
            raise FetchFailure("unreachable", failure.reason, repo.address) from None
        return git_fetch(repo.address, deadline, self.max_bytes)


class _NotThere(Exception):
    """A 404 for one of the file names: the next one is tried."""


def raw_file(repo: Repository, kind: str, name: str, branch: str | None = None) -> str:
    """The raw address of `name` at the root of `repo`'s default branch (or `branch`)."""
    ref = quote(branch, safe="") if branch else "HEAD"
    if kind == "github":
        if repo.host == "github.com":
            return f"https://raw.githubusercontent.com/{repo.path}/{ref}/{name}"
        return f"{repo.origin}/{repo.path}/raw/{ref}/{name}"  # GitHub Enterprise
    if kind == "gitlab":
        return f"{repo.origin}/{repo.path}/-/raw/{ref}/{name}"
    if kind == "bitbucket":
        return f"{repo.origin}/{repo.path}/raw/{ref}/{name}"
    if kind == "gitea":
        return f"{repo.origin}/{repo.path}/raw/branch/{ref}/{name}"
    raise ValueError(f"unknown kind of forge {kind!r}")


def _is_web_page(response: Response) -> bool:
    if response.content_type in ("text/html", "application/xhtml+xml"):
        return True
    start = response.body[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


_GIT_SAFETY = ("-c", "protocol.allow=never", "-c", "protocol.https.allow=always",
               "-c", "protocol.http.allow=always", "-c", "http.followRedirects=false",
               "-c", "credential.helper=", "-c", "core.askPass=true")
_NO_REPOSITORY = re.compile(r"not found|does not exist|repository .* not exported|404", re.IGNORECASE)


def git_fetch(address: str, deadline: float, max_bytes: int = MAX_BYTES) -> Fetched:
    """The file read by git from a shallow clone without blobs (only the file's blob is fetched)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_ASKPASS": "true", "LC_ALL": "C"}
    with tempfile.TemporaryDirectory(prefix="publiccode-check-git-") as work:
        clone = _git(["clone", "--quiet", "--depth", "1", "--filter=blob:none", "--no-checkout",
                      "--single-branch", "--", address, work], env, deadline, address)
        if clone.returncode != 0:
            message = clone.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[-1] if message else f"git exited with {clone.returncode}"
            status = "missing" if _NO_REPOSITORY.search(detail) else "unreachable"
            raise FetchFailure(status, f"git could not fetch {address}: {detail}", address)
        for name in FILE_NAMES:
            if _git(["-C", work, "cat-file", "-e", f"HEAD:{name}"], env, deadline, address).returncode:
                continue
            # `cat-file blob` fetches the one blob; a file over the limit is not read past it
            with subprocess.Popen(["git", *_GIT_SAFETY, "-C", work, "cat-file", "blob", f"HEAD:{name}"],
                                  env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL) as reader:
                timer = threading.Timer(max(0.0, deadline - time.monotonic()), reader.kill)
                timer.start()
                try:
                    data = reader.stdout.read(max_bytes + 1) if reader.stdout else b""
                finally:
                    timer.cancel()
                    reader.kill()
            if not data and reader.returncode not in (0, None, -9):
                raise FetchFailure("unreachable", f"git could not read {name} from {address}", address)
            return Fetched(f"{address}#HEAD:{name}", data, False)
    raise FetchFailure("missing", f"there is no publiccode.yml (nor publiccode.yaml) at the root of "
                       f"{address}'s default branch (read with git)", address)


def _git(args: list[str], env: dict[str, str], deadline: float, address: str) -> subprocess.CompletedProcess:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailure("unreachable", f"the time to fetch {address} ran out", address)
    try:
        return subprocess.run(["git", *_GIT_SAFETY, *args], env=env, capture_output=True, timeout=left,
                              stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise FetchFailure("unreachable", f"{address} is on a host that is not a known forge, and git, "
                           "which would read it, is not installed", address) from None
    except subprocess.TimeoutExpired:
        raise FetchFailure("unreachable", f"git did not fetch {address} in time", address) from None
