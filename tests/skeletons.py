"""Real repositories for `init`: skeletons turned into git work trees, and a score of what
`init` wrote in them against the maintainers' own publiccode.yml.

`../shared/repos/` holds skeletons of 30 real repositories (the tree, the key files, the
history's tags and dates, the maintainers' `expected.publiccode.yml`; see its README).
`materialise` builds a git repository from one: every path as an empty file, the real
files over them, and a history with the recorded number of commits, authors, dates and
tags, written by one `git fast-import` so that 8,600 commits and 200 tags take a second.
`run_init` runs `publiccode-check init` there as a new user does: no flag, no terminal.
`score` judges each field of the written file (see FIELDS) as right, acceptable or wrong;
`init_scores` does both in every skeleton.

The maintainers' file is the answer key but not an infallible one: where it contradicts
the repository (a licence the LICENSE text denies, a stale version), the repository is
right. Such corrections are data, each with its reason: `skeleton-corrections.json`.
Used by tests/test_init_accuracy.py and bench/init_accuracy.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SKELETONS = SHARED / "repos"
CORRECTIONS = Path(__file__).resolve().parent / "fixtures" / "skeleton-corrections.json"
USER = ("Ada Lovelace", "ada@example.org")  # the identity in the new user's git configuration
RIGHT, ACCEPTABLE, WRONG = "right", "acceptable", "wrong"


def skeletons() -> list[Path]:
    return sorted(path.parent for path in SKELETONS.glob("*/git.json"))


def git_env(home: Path) -> dict[str, str]:
    """git reading only a configuration of our own: the new user's name and e-mail address."""
    config = home / "gitconfig"
    if not config.exists():
        config.write_text(f"[user]\n\tname = {USER[0]}\n\temail = {USER[1]}\n", encoding="utf-8")
    return {**os.environ, "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(home)}


# Materialising

def materialise(skeleton: Path, dest: Path, env: dict[str, str]) -> None:
    """A git work tree at `dest` as the repository was at the skeleton's commit, without its
    publiccode.yml (what `init` has to write)."""
    info = json.loads((skeleton / "git.json").read_text(encoding="utf-8"))
    tree = (skeleton / "tree.txt").read_text(encoding="utf-8", errors="surrogateescape")
    dest.mkdir(parents=True)
    for line in tree.splitlines():
        parts = line.split("/")
        if line.startswith("# truncated:") or not line or line.startswith("/") or \
                {"..", ".git"} & set(parts) or parts[-1] in ("publiccode.yml", "publiccode.yaml"):
            continue
        path = dest / line
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    if (skeleton / "files").is_dir():
        shutil.copytree(skeleton / "files", dest, dirs_exist_ok=True)
    branch = info.get("default_branch") or "main"

    def git(*args: str, stdin: bytes | None = None) -> str:
        done = subprocess.run(["git", "-C", str(dest), *args], input=stdin, env=env, check=True,
                              capture_output=True)
        return done.stdout.decode().strip()

    git("init", "-q", "-b", branch)
    git("remote", "add", "origin", info["remote"])
    git("add", "-A", "-f")
    stamp, offset = _when(info["first_commit_date"])
    root = subprocess.run(["git", "-C", str(dest), "commit-tree", git("write-tree"), "-m", "initial"],
                          env={**env, **_person(0, f"@{stamp} {offset}")}, check=True,
                          capture_output=True, text=True).stdout.strip()
    git("fast-import", "--quiet", stdin=_history(info, branch, root))
    git("reset", "-q", branch)


def _person(n: int, date: str) -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": f"Author {n}", "GIT_AUTHOR_EMAIL": f"author{n}@example.invalid",
            "GIT_COMMITTER_NAME": f"Author {n}", "GIT_COMMITTER_EMAIL": f"author{n}@example.invalid",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}


def _history(info: dict[str, Any], branch: str, root: str) -> bytes:
    """A fast-import stream over the first commit `root`: empty commits in date order (one per
    tagged commit, with its tags, and fillers up to the recorded count, by as many authors as
    recorded), the last at the skeleton's commit; tags that are not in its history go on a
    side branch, so that `git describe` answers as it did."""
    head = info["commit"]
    groups: dict[tuple[bool, str], list[dict[str, Any]]] = {}
    for tag in reversed(info["tags"]):
        if tag["commit"] != head:
            groups.setdefault((bool(tag.get("reachable", True)), tag["commit"]), []).append(tag)

    def tagged(reachable: bool) -> list[tuple[tuple[int, str], list[dict[str, Any]]]]:
        return sorted(((_when(tags[0]["date"]), tags) for (kept, _), tags in groups.items()
                       if kept == reachable), key=lambda event: event[0][0])

    first, last = _when(info["first_commit_date"]), _when(info["last_commit_date"])
    main = tagged(True)
    fillers = max(0, info["commits"] - 2 - len(main))
    span = max(1, last[0] - first[0])
    main += [((first[0] + span * (i + 1) // (fillers + 1), first[1]), []) for i in range(fillers)]
    main.sort(key=lambda event: event[0][0])
    head_tags = [tag for tag in info["tags"] if tag["commit"] == head]
    if info["commits"] > 1:
        main.append((last, head_tags))
    authors = max(1, info.get("contributors") or 1)
    out: list[str] = [f"reset refs/heads/{branch}", f"from {root}", ""]  # the branch, even with one commit

    def tag_lines(tags: list[dict[str, Any]], commit: str) -> None:
        out.extend(line for tag in tags for line in (f"reset refs/tags/{tag['name']}", f"from {commit}", ""))

    def line_of(ref: str, events: list[tuple[tuple[int, str], list[dict[str, Any]]]]) -> None:
        parent = root
        for when, tags in events:
            n = len(out)
            person = f"Author {n % authors} <author{n % authors}@example.invalid> {when[0]} {when[1]}"
            message = f"release {tags[0]['name']}" if tags else "change"
            out.extend([f"commit {ref}", f"mark :{n + 1}", f"author {person}", f"committer {person}",
                        f"data {len(message.encode())}", message, f"from {parent}", ""])
            parent = f":{n + 1}"
            tag_lines(tags, parent)

    line_of(f"refs/heads/{branch}", main)
    if info["commits"] <= 1:
        tag_lines(head_tags, root)
    line_of("refs/heads/other-tags", tagged(False))
    return ("\n".join(out) + "\n").encode("utf-8", "surrogateescape")


def _when(iso: str) -> tuple[int, str]:
    """(unix time, +hhmm) of an ISO 8601 date, for git."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    return int(moment.timestamp()), f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def run_init(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`publiccode-check init` in `repo` as a new user runs it: no flag, no terminal."""
    return subprocess.run([sys.executable, "-m", "publiccode_check", "init"], cwd=repo, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


# Scoring

Reader = Callable[[dict[str, Any]], Any]
Judge = Callable[[Any, Any, dict[str, Any]], tuple[str, str]]

@dataclass
class Judgement:
    field: str
    verdict: str  # RIGHT, ACCEPTABLE or WRONG
    ours: Any
    expected: Any
    why: str = ""


@dataclass
class Score:
    folder: str
    valid: bool  # the written file passes `--profile standard`
    judgements: list[Judgement] = field(default_factory=list)

    def verdict(self, name: str) -> str | None:
        return next((j.verdict for j in self.judgements if j.field == name), None)


def corrections() -> dict[str, dict[str, dict[str, Any]]]:
    """folder -> field -> {"value": what the repository says, "reason": why}."""
    data = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    return {folder: fields for folder, fields in data.items() if not folder.startswith("$")}


def expected_values(skeleton: Path) -> dict[str, Any]:
    """The maintainers' answers, field by field (see FIELDS), with the corrections applied;
    a field the file does not give is not scored."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load((skeleton / "expected.publiccode.yml").read_text(encoding="utf-8"))
    except YAMLError:
        data = {}  # not YAML: the corrections give what it says
    values = {name: value for name, read in FIELDS.items()
              if (value := read[0](data if isinstance(data, dict) else {})) not in (None, [], "")}
    for name, correction in corrections().get(skeleton.name, {}).items():
        if name not in FIELDS:
            raise KeyError(f"{CORRECTIONS.name}: {skeleton.name}: no field {name!r}")
        if correction["value"] is None:
            values.pop(name, None)
        else:
            values[name] = correction["value"]
    return values


def score(skeleton: Path, written: Path) -> Score:
    """Each field of the file `init` wrote, judged against the corrected maintainers' file."""
    from ruamel.yaml import YAML

    from publiccode_check import validate_path
    from publiccode_check.profiles import Policy

    valid = validate_path(written, policy=Policy("standard")).valid
    data = YAML(typ="safe").load(written.read_text(encoding="utf-8")) or {}
    result = Score(skeleton.name, valid)
    expected = expected_values(skeleton)
    for name, (read, judge) in FIELDS.items():
        if name in expected:
            ours = read(data)
            verdict, why = judge(ours, expected[name], expected)
            result.judgements.append(Judgement(name, verdict, ours, expected[name], why))
    return result


def _get(*path: str) -> Callable[[dict[str, Any]], Any]:
    def read(data: dict[str, Any]) -> Any:
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    return read


def _descriptions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    description = data.get("description")
    return {str(tag): text for tag, text in description.items() if isinstance(text, dict)} \
        if isinstance(description, dict) else {}


def _per_language(key: str) -> Callable[[dict[str, Any]], Any]:
    def read(data: dict[str, Any]) -> Any:
        return {tag: text[key] for tag, text in _descriptions(data).items() if text.get(key)} or None

    return read


def _language(tag: Any) -> str:
    return str(tag).split("-")[0].split("_")[0].lower()


def _words(text: Any) -> set[str]:
    """Content words: four letters or more, without accents, in lower case."""
    flat = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return {word for word in re.findall(r"[a-z0-9]{4,}", flat)}


_NOISE = re.compile(r"\]\(|\]:|\[[^\]]*\]\[|^:\w+:|::|`|<[a-z/!]|\|\s*-{3}|^#|https?://\S+$|\{\{",
                    re.MULTILINE | re.IGNORECASE)


def _noise(text: str) -> str | None:
    """Why a text is not a description: markup left over, a bare address, a heading's shape."""
    found = _NOISE.search(text)
    if found:
        return f"markup or an address left in it: {found.group()!r}"
    if len(text.split()) < 3:
        return "fewer than three words"
    return None


def _texts(expected: dict[str, Any], language: str) -> set[str]:
    """The words of the maintainers' descriptions in a language (all of them when none is in it)."""
    chosen = [texts for name in ("short", "long", "features")
              for tag, texts in (expected.get(name) or {}).items() if _language(tag) == language]
    if not chosen:
        chosen = [texts for name in ("short", "long", "features")
                  for texts in (expected.get(name) or {}).values()]
    return set().union(*(_words(text) for text in chosen)) if chosen else set()


def _judge_text(minimum: int) -> Judge:
    """A description text: right when one is in a language of the maintainers' file, none is
    noise, and it shares a third of its content words with their descriptions in that
    language; acceptable when clean and in their language but in other words. (Which
    languages were written at all is the field `languages`.)"""
    def judge(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
        if not ours:
            return WRONG, "missing"
        languages = {_language(tag) for tag in wanted}
        best = (WRONG, f"none in a language of the maintainers' file ({', '.join(sorted(languages))})")
        for tag, text in ours.items():
            text = "\n".join(map(str, text)) if isinstance(text, list) else str(text)
            noise = _noise(text) if len(text) >= minimum else f"shorter than {minimum} characters"
            if noise:
                return WRONG, f"`{tag}`: {noise}"
            if _language(tag) in languages and best[0] != RIGHT:
                words = _words(text)
                shared = len(words & _texts(expected, _language(tag))) / max(1, len(words))
                best = (RIGHT, "") if shared >= 1 / 3 else \
                    (ACCEPTABLE, f"`{tag}`: {shared:.0%} of its words in the maintainers' text")
        return best

    return judge


def _judge_features(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
    """Features: right when one of them matches one of the maintainers' (half its words in
    common) and none is noise; acceptable when clean, in their language, but different."""
    if not ours:
        return WRONG, "missing"
    languages = {_language(tag) for tag in wanted}
    theirs = [_words(item) for items in wanted.values() for item in items]
    if not {_language(tag) for tag in ours} & languages:
        return WRONG, f"none in a language of the maintainers' file ({', '.join(sorted(languages))})"
    verdict, why = RIGHT, ""
    for tag, items in ours.items():
        noisy = next((item for item in items if _NOISE.search(str(item))), None)
        if noisy:
            return WRONG, f"`{tag}`: markup left in {noisy!r}"
        matched = any(len(_words(item) & words) >= max(1, min(len(_words(item)), len(words)) / 2)
                      for item in items for words in theirs if words)
        if not matched:
            verdict, why = ACCEPTABLE, f"`{tag}`: none matches the maintainers' features"
    return verdict, why


def _same(normal: Callable[[Any], Any]) -> Judge:
    def judge(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
        if ours in (None, "", []):
            return WRONG, "missing"
        return (RIGHT, "") if normal(ours) == normal(wanted) else (WRONG, "different")

    return judge


def _judge_date(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
    """The same day is right; within a month acceptable (a release announced days after its tag)."""
    if not ours:
        return WRONG, "missing"
    try:
        days = abs((date.fromisoformat(str(ours)) - date.fromisoformat(str(wanted))).days)
    except ValueError:
        return WRONG, "not a date"
    return (RIGHT, "") if days == 0 else (ACCEPTABLE, f"{days} days apart") if days <= 31 else \
        (WRONG, f"{days} days apart")


def _name(value: Any) -> str:
    return re.sub(r"[\W_]+", "", str(value).casefold())


def _judge_name(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
    """The name modulo case and punctuation; one inside the other is acceptable (`PDFsam`
    for `PDFsam Basic`)."""
    if not ours:
        return WRONG, "missing"
    mine, theirs = _name(ours), _name(wanted)
    if mine == theirs:
        return RIGHT, ""
    return (ACCEPTABLE, "one contains the other") if mine and (mine in theirs or theirs in mine) \
        else (WRONG, "different")


def _url(value: Any) -> str:
    return re.sub(r"^http://", "https://", str(value).strip().lower()).removesuffix("/").removesuffix(".git")


def _version(value: Any) -> str:
    return str(value).strip().lower().removeprefix("v")


_PLATFORMS = {"macos": "mac", "osx": "mac", "darwin": "mac"}


def _platforms(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {_PLATFORMS.get(str(item).lower(), str(item).lower()) for item in items}


def _judge_sets(normal: Callable[[Any], set[str]]) -> Judge:
    """Equal sets are right; one inside the other (both not empty) acceptable."""
    def judge(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
        if not ours:
            return WRONG, "missing"
        mine, theirs = normal(ours), normal(wanted)
        if mine == theirs:
            return RIGHT, ""
        return (ACCEPTABLE, "one contains the other") if mine <= theirs or theirs <= mine \
            else (WRONG, "different")

    return judge


def _languages(value: Any) -> set[str]:
    return {_language(tag) for tag in (value if isinstance(value, (list, dict)) else [value])}


def _license(value: Any) -> str:
    return " ".join(str(value).split()).lower()


def _judge_license(ours: Any, wanted: Any, expected: dict[str, Any]) -> tuple[str, str]:
    """SPDX expressions equal modulo case; the same GNU licence with `-only` for `-or-later`
    (their texts are the same, and init says it assumed one) is acceptable."""
    if not ours:
        return WRONG, "missing"
    if _license(ours) == _license(wanted):
        return RIGHT, ""
    def base(value: Any) -> str:
        return re.sub(r"(-only|-or-later|\+)$", "", _license(value))

    return (ACCEPTABLE, "-only and -or-later") if base(ours) == base(wanted) else (WRONG, "different")


def _boolean(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "yes")


FIELDS: dict[str, tuple[Reader, Judge]] = {
    "name": (_get("name"), _judge_name),
    "url": (_get("url"), _same(_url)),
    "developmentStatus": (_get("developmentStatus"), _same(str)),
    "softwareVersion": (_get("softwareVersion"), _same(_version)),
    "releaseDate": (_get("releaseDate"), _judge_date),
    "softwareType": (_get("softwareType"), _same(str)),
    "platforms": (_get("platforms"), _judge_sets(_platforms)),
    "license": (_get("legal", "license"), _judge_license),
    "languages": (lambda data: sorted(_descriptions(data)) or None, _judge_sets(_languages)),
    "short": (_per_language("shortDescription"), _judge_text(10)),
    "long": (_per_language("longDescription"), _judge_text(150)),
    "features": (_per_language("features"), _judge_features),
    "localisationReady": (_get("localisation", "localisationReady"), _same(_boolean)),
    "availableLanguages": (_get("localisation", "availableLanguages"), _judge_sets(_languages)),
}


def materialised(root: Path) -> Iterator[tuple[Path, Path]]:
    """(skeleton, work tree) for every skeleton, materialised under `root` (once)."""
    env = git_env(root)
    for skeleton in skeletons():
        dest = root / skeleton.name
        if not dest.exists():
            materialise(skeleton, dest, env)
        yield skeleton, dest


def init_scores(root: Path) -> list[Score]:
    """`init` run afresh (`run_init`, two at a time) in every skeleton materialised under `root`,
    and the score of each file it wrote; an AssertionError with init's errors where it fails."""
    env = git_env(root)

    def one(pair: tuple[Path, Path]) -> Score:
        skeleton, repo = pair
        (repo / "publiccode.yml").unlink(missing_ok=True)
        done = run_init(repo, env)
        assert done.returncode == 0 and "Traceback" not in done.stderr, \
            f"init failed in {repo}:\n{done.stderr}"
        return score(skeleton, repo / "publiccode.yml")

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, list(materialised(root))))
