"""Hostile input (issue 11): every file is answered quickly, with a clear outcome, in clean words.

Each reproducer of the adversarial pass is generated here at run time (nothing large on
disk). The time bounds are guards against a hang, generous for a loaded machine; the
figures themselves are measured by bench/hostile_bench.py. Failures that cannot come from
a file (a bug of ours, a process killed) are provoked by running the real command with a
check added that fails on purpose (`SABOTAGED`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import STANDARD_VALID, UNSAFE, VALID, tree
from forges import vet
from localserver import LocalServer, Reply, loopback_only

from publiccode_check import validate_text
from publiccode_check.load import MAX_BYTES, MAX_VALUES
from publiccode_check.text import grapheme_length
from publiccode_check.validate import MAX_PROBLEMS, Result, validate_paths


def cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "publiccode_check", *args], input=stdin, cwd=cwd,
                          capture_output=True, timeout=timeout)


def rules(result: Result) -> list[str]:
    return [p.rule for p in result.problems]


def timed(text: str | bytes) -> tuple[Result, float]:
    started = time.monotonic()
    result = validate_text(text)
    return result, time.monotonic() - started


# --- 1. merge keys --------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [7, 9])
def test_merge_key_bomb_is_stopped_at_the_value_limit(levels: int) -> None:
    lines = ["m0: &m0 {x: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + "]}" for i in range(1, levels + 1)]
    result, elapsed = timed("\n".join(lines) + "\n")
    [limit] = [p for p in result.problems if p.rule == "yaml-limits"]
    assert f"more than {MAX_VALUES} values" in limit.message and "merge key" in limit.message
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_merges_below_the_limit_still_merge() -> None:
    text = "a: &a {name: M, url: x}\n" + "".join(f"b{i}: {{<<: *a, n: {i}}}\n" for i in range(1000))
    loaded = validate_text(text)
    assert "yaml-limits" not in rules(loaded)


# --- 2. graphemes -----------------------------------------------------------------------------------


def test_a_long_run_of_flag_letters_is_counted_in_linear_time() -> None:
    flags = "\U0001F1EE" * 160_000  # regional indicators: each pair is one flag
    text = STANDARD_VALID.replace("A rather short description which is probably useless", flags)
    result, elapsed = timed(text)
    [length] = [p for p in result.problems if p.rule == "length"]
    assert "is 80000 characters long" in length.message
    assert elapsed < 10, f"{elapsed:.1f} s"


@pytest.mark.parametrize("text", ["\U0001F1EE" * 5, "a\U0001F1EE\U0001F1F9\u0301\U0001F1EE",
                                  "\u0600\U0001F1EE" * 3, "\U0001F1EE\u200d\U0001F468",
                                  "\U0001F1EE\U0001F1F9\U0001F1EE\u0301"])
def test_flag_letters_are_counted_as_the_standard_pairs_them(text: str) -> None:
    import regex

    assert grapheme_length(text) == len(regex.findall(r"\X", text))


# --- 3. crashes -------------------------------------------------------------------------------------


def test_a_url_that_cannot_be_parsed_is_a_problem_not_a_crash() -> None:
    result = validate_text(STANDARD_VALID + 'logo: "http://[x"\n')
    assert result.failure is None
    [problem] = [p for p in result.problems if p.key == "logo"]
    assert (problem.rule, problem.message) == ("file-reference", "`http://[x` is not a valid URL")


@pytest.mark.parametrize("number", ["1" * 5000, "-" + "9" * 5000, "0x" + "f" * 4000, "0o" + "7" * 5000])
def test_a_number_of_thousands_of_digits_is_read(number: str) -> None:
    result = validate_text(STANDARD_VALID.replace('name: Medusa', f"name: {number}"))
    assert result.failure is None
    [problem] = [p for p in result.problems if p.key == "name"]
    assert problem.rule == "unquoted-scalar" and "…" in problem.message


def test_an_oembed_answer_nested_thousands_deep_is_not_json(tmp_path: Path) -> None:
    from publiccode_check.network import NetworkOptions, check

    nested = b"[" * 30_000 + b"]" * 30_000
    options = NetworkOptions(timeout=2.0, deadline=20.0, backoff=0.01, cache_dir=tmp_path / "cache",
                             allowed_networks=("127.0.0.1/32",))
    with loopback_only(), LocalServer({"/services/oembed": Reply(200, nested, {
            "Content-Type": "application/json"})}) as server:
        text = STANDARD_VALID.replace("    features:", f"    videos:\n      - {server.url('/w/abc')}\n"
                                      "    features:").replace("https://example.com/italia/medusa.git",
                                                              server.url("/repo.git"))
        from publiccode_check.load import load
        from publiccode_check.schema import check as schema_check

        document, _ = schema_check(load(text.encode()).document)
        problems = check(document, options=options)
    [video] = [p for p in problems if p.key.startswith("description.en.videos")]
    assert video.rule == "network-unverified" and "is not oEmbed JSON" in video.message


def test_a_forge_api_answer_nested_thousands_deep_is_not_json() -> None:
    from publiccode_check.network import Network, NetworkOptions
    from publiccode_check.vet.fetch import Fetcher, FetchFailure

    nested = Reply(200, b"{\"a\":" * 30_000 + b"1" + b"}" * 30_000, {"Content-Type": "application/json"})
    options = NetworkOptions(timeout=2, allowed_networks=("127.0.0.1/32",), use_cache=False)
    routes = {"/api/v4/projects/city%2Fapp": nested, "/api/v1/repos/city/app": nested}
    with loopback_only(), LocalServer(routes) as server, Network(options) as network, \
            pytest.raises(FetchFailure) as failure:
        Fetcher(network.client, use_git=False).fetch(server.url("/city/app"), time.monotonic() + 20)
    assert failure.value.status in ("missing", "unreachable")


@pytest.mark.parametrize(("content", "message"), [
    ('profile = ["a"]\n', "`profile` is ['a']; use one of: standard, complete"),
    ("[profile]\na = 1\n", "`profile` is {'a': 1}; use one of: standard, complete"),
    ('repo-root = "a\\u0000b"\n', "`repo-root` must be a path, in quotes"),
    ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "its arrays or tables nest thousands of levels deep"),
    ("[rules]\nemail = [1]\n", "`email` is [1]; use one of: error, warning, off"),
])
def test_a_configuration_of_the_wrong_shape_is_a_usage_error(tmp_path: Path, content: str,
                                                             message: str) -> None:
    (tmp_path / ".publiccode-check.toml").write_text(content)
    (tmp_path / "publiccode.yml").write_text(VALID)
    done = cli("publiccode.yml", cwd=tmp_path)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert message in done.stderr.decode(), done.stderr


@pytest.mark.parametrize(("content", "message"), [
    ('"\\u001b[31mred\\u202e" = 1\n', "unknown setting `\\x1b[31mred\\u202e`"),
    ('[rules]\n"\\u001b[31mred\\n" = "off"\n', "unknown rule `\\x1b[31mred\\n`"),
])
def test_a_configuration_key_reaches_the_terminal_cleaned(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / ".publiccode-check.toml").write_text(content)
    (tmp_path / "publiccode.yml").write_text(VALID)
    done = cli("publiccode.yml", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr.decode(), done.stderr
    assert not UNSAFE.search(done.stderr.decode().rstrip("\n")), done.stderr


def test_an_unreadable_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".publiccode-check.toml").symlink_to("/proc/self/mem")  # reading it fails, even as root
    (tmp_path / "publiccode.yml").write_text(VALID)
    done = cli("publiccode.yml", cwd=tmp_path)
    assert done.returncode == 2
    assert b".publiccode-check.toml:1: cannot be read: Input/output error" in done.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "soon"])
def test_timeouts_must_be_finite_numbers_of_seconds(tmp_path: Path, value: str) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID)
    for command in ((), ("vet",)):
        done = cli(*command, "--timeout", value, "--cpu-limit", "5", "publiccode.yml", cwd=tmp_path)
        assert done.returncode == 2 and b"--timeout" in done.stderr and b"Traceback" not in done.stderr


def test_a_full_standard_output_is_said_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID)
    for command in ((), ("vet", "--no-network")):
        with open("/dev/full", "wb") as full:
            done = subprocess.run([sys.executable, "-m", "publiccode_check", *command, "publiccode.yml"],
                                  cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert done.returncode == 2, done.stderr
        assert b"No space left on device" in done.stderr and b"Traceback" not in done.stderr


def test_init_beside_manifests_nested_thousands_deep(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "package.json").write_text(deep)
    (tmp_path / "composer.json").write_text(deep)
    (tmp_path / "pyproject.toml").write_text(f"a = {deep}\n")
    (tmp_path / "Cargo.toml").write_text(f"a = {deep}\n")
    done = cli("init", "--repo", str(tmp_path), stdin=b"")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "publiccode.yml").is_file()


# --- 4. forged report lines -------------------------------------------------------------------------

FORGED = "::error file=README.md,line=1::forged"


def hostile_file(tmp_path: Path) -> Path:
    """A file whose keys and values carry newlines, terminal escapes and bidi controls."""
    escape, bidi = "\\x1b]8;;http://x\\x07\\x1b[2J", "\u202e\u2066"  # YAML escapes, raw bidi
    text = STANDARD_VALID + (f'"evil\\n{FORGED}": 1\n'
                             f'"{escape}key{bidi}": 2\n'
                             f'landingURL: "nope\\n{FORGED}{escape}{bidi}"\n'
                             f'isBasedOn: "a\\n{FORGED}"\n')
    text = text.replace("platforms:\n  - web\n", f'platforms: "web\\n{FORGED}"\n')
    path = tmp_path / "publiccode.yml"
    path.write_text(text)
    return path


def test_hostile_strings_are_cleaned_where_problems_are_made(tmp_path: Path) -> None:
    result = validate_paths([hostile_file(tmp_path)])[0]
    assert len(result.problems) >= 5, result.problems
    for problem in result.problems:
        assert not UNSAFE.search(problem.key), problem
        assert not UNSAFE.search(problem.message), problem
        assert all(not UNSAFE.search(line) for line in (problem.hint or "").split("\n")), problem
    keys = {problem.key for problem in result.problems}
    assert "evil\\n" + FORGED in keys
    assert "\\x1b]8;;http://x\\x07\\x1b[2Jkey\\u202e\\u2066" in keys, keys


@pytest.mark.parametrize("fmt", ["text", "github", "json", "jsonl", "sarif", "gitlab"])
def test_no_report_format_carries_a_forged_line_or_an_escape(tmp_path: Path, fmt: str) -> None:
    path = hostile_file(tmp_path)
    done = cli("--format", fmt, "-v", "--color", "never", path.name, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = done.stdout.decode()
    assert not UNSAFE.search(report.replace("\n", "")), [line for line in report.splitlines()
                                                          if UNSAFE.search(line)]
    assert not any(line.lstrip().startswith("::error file=README.md") for line in report.splitlines())
    assert FORGED in report  # there, but inside a line of ours
    if fmt == "github":  # every line is one of ours: an annotation of publiccode.yml or the summary
        assert all(line.startswith(("::error file=publiccode.yml,", "::warning file=publiccode.yml,"))
                   or line.startswith("1 file checked") for line in report.splitlines())
    if fmt in ("json", "jsonl"):  # faithful: the keys as written are in the paths
        assert "evil\\n" + FORGED in report


def test_file_names_are_cleaned_in_the_text_report(tmp_path: Path) -> None:
    name = f"x\n{FORGED}\x1b[2J.yml"
    (tmp_path / name).write_text(VALID)
    done = cli("--format", "text", name, "nothing.yml", cwd=tmp_path)
    assert not UNSAFE.search(done.stdout.decode().replace("\n", ""))
    assert not any(line.startswith("::") for line in done.stdout.decode().splitlines())


# --- 5. vet DIR and symbolic links ------------------------------------------------------------------


def test_vet_does_not_follow_links_out_of_the_directory(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("name: the secret is 42\n")
    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    (tree / "b").mkdir()
    (tree / "a" / "publiccode.yml").symlink_to(secret)
    (tree / "b" / "publiccode.yml").write_text(VALID)
    (tree / "b" / "publiccode.yaml").symlink_to(tree / "b" / "publiccode.yml")  # inside: followed
    done = vet("--no-network", "--html", "page.html", str(tree), cwd=tmp_path)
    records = {r["source"]: r for r in map(json.loads, done.stdout.splitlines())}  # relative to tree
    assert records["a/publiccode.yml"]["status"] == "missing"
    assert "symbolic link that leads out of" in records["a/publiccode.yml"]["failure"]
    assert records["b/publiccode.yml"]["status"] == records["b/publiccode.yaml"]["status"] == "valid"
    assert "secret is 42" not in done.stdout and "secret is 42" not in (tmp_path / "page.html").read_text()


# --- 6. unbounded reads -----------------------------------------------------------------------------


def test_standard_input_is_read_up_to_the_size_limit(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "publiccode_check", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunk = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
    try:
        for _ in range(MAX_BYTES // len(chunk) + 2):
            process.stdin.write(chunk)
        process.stdin.close()
    except BrokenPipeError:  # it stopped reading at the limit, as it should
        pass
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert b"at most 10 MiB are read [yaml-limits]" in out


def test_resume_from_a_device_or_a_huge_line_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "publiccode.yml").write_text(VALID)
    done = vet("--no-network", "--resume", "/dev/zero", "publiccode.yml", cwd=tmp_path)
    assert done.returncode == 2 and "not a regular file" in done.stderr
    done = vet("--no-network", "--resume", "/dev/zero", "-", cwd=tmp_path, stdin="")
    assert done.returncode == 2
    done = vet("--no-network", "/dev/zero", cwd=tmp_path)  # as a list of addresses
    assert done.returncode == 2 and "longer than 8,192 characters" in done.stderr


def test_resume_skips_records_of_the_wrong_shape(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for name in ("a", "b", "c", "d"):
        (tree / name).mkdir(parents=True)
        (tree / name / "publiccode.yml").write_text(VALID)
    first = vet("--no-network", str(tree), cwd=tmp_path)
    records = [json.loads(line) for line in first.stdout.splitlines()]
    by_name = {Path(r["source"]).parent.name: r for r in records}
    by_name["a"]["problems"] = "nothing"
    by_name["b"]["publiccodeYmlVersion"] = ["0.4"]
    by_name["c"]["problems"] = [{"rule": ["x"], "severity": "error", "message": {}}]
    lines = [json.dumps(r) for r in by_name.values()] + ["[" * 100_000]
    (tmp_path / "earlier.jsonl").write_text("\n".join(lines) + "\n")
    done = vet("--no-network", "--resume", "earlier.jsonl", str(tree), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    checked_again = {Path(json.loads(line)["source"]).parent.name for line in done.stdout.splitlines()}
    assert checked_again == {"a", "b", "c"}
    assert done.stderr.count("not a record") == 4


# --- 7. many problems ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "listed"), [
    ("".join(f"k{i}: 1\n" for i in range(20_000)), "unknown-key"),
    ("description:\n" + "".join(f"  l{i}:\n    shortDescription: x\n" for i in range(6_000)), "language-tag"),
])
def test_problems_past_the_cap_are_counted_not_listed(text: str, listed: str) -> None:
    result, elapsed = timed(text)
    assert len(result.problems) == MAX_PROBLEMS + 1
    [cap] = [p for p in result.problems if p.rule == "too-many-problems"]
    assert (cap.severity.value, cap.line, cap.column) == ("error", 1, 1)
    assert re.fullmatch(r"the file has more than 1,000 problems: the first 1,000 are listed, and at least "
                        r"4,000 more were found before the check stopped", cap.message), cap.message
    assert listed in rules(result)
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_a_few_problems_more_than_the_cap_are_counted_exactly() -> None:
    result = validate_text(VALID + "".join(f"k{i}: 1\n" for i in range(MAX_PROBLEMS + 7)))
    [cap] = [p for p in result.problems if p.rule == "too-many-problems"]
    assert cap.message.endswith("and 7 more were found")


# --- 8. smaller -------------------------------------------------------------------------------------


def test_init_force_replaces_a_link_not_the_file_it_leads_to(tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    target.write_text("keep me\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "publiccode.yml").symlink_to(target)
    done = cli("init", "--force", "--repo", str(repo), stdin=b"")
    assert done.returncode == 0, done.stderr
    assert target.read_text() == "keep me\n"
    written = repo / "publiccode.yml"
    assert not written.is_symlink() and "publiccodeYmlVersion" in written.read_text()


@pytest.mark.parametrize(("url", "origin"), [
    ("http://[::1]:8080/o/r", "http://[::1]:8080"),
    ("https://[2001:db8::1]/o/r", "https://[2001:db8::1]"),
    ("http://h.example:0/o/r", None),
])
def test_origins_of_ipv6_addresses_and_port_zero(url: str, origin: str | None) -> None:
    from publiccode_check.vet.fetch import repository

    found = repository(url)
    assert (found.origin if found else None) == origin


def test_port_zero_is_not_port_80() -> None:
    from publiccode_check.network import NetworkOptions
    from publiccode_check.network.client import Client, Unverifiable

    with LocalServer({"/": Reply(200, b"hi")}) as server:
        port80 = server.url("/").replace(f":{server.port}", ":0")
        client = Client(NetworkOptions(timeout=2, allowed_networks=("127.0.0.1/32",), use_cache=False))
        with pytest.raises(Unverifiable, match="names port 0"):
            client.request("GET", port80, deadline=time.monotonic() + 5)


def test_fifos_and_devices_are_said_to_be_such(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")
    (tmp_path / "publiccode.yml").write_text(STANDARD_VALID + "logo: logo.png\n")
    [result] = validate_paths([tmp_path / "publiccode.yml"])
    [logo] = [p for p in result.problems if p.key == "logo"]
    assert "is not a regular file (a pipe, a device...)" in logo.message
    [device] = validate_paths(["/dev/null"])
    assert device.failure == "is not a regular file (a device, a pipe...)"


# --- the rule for what cannot be foreseen ------------------------------------------------------------

SABOTAGED = """\
import os, sys
import publiccode_check.validate as validate

def sabotage(doc, ctx):
    name = doc.get(("name",))
    if name == "boom":
        raise RuntimeError("sabotaged")
    if name == "spin":
        while True:
            pass
    if name == "die":
        os.kill(os.getpid(), 9)
    if name == "slow":
        import time
        time.sleep(0.05)
    return ()

validate.CHECKS = (*validate.CHECKS, sabotage)
from publiccode_check.cli import main
sys.exit(main(sys.argv[1:]))
"""


def sabotaged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SABOTAGED, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_one_file_failing_never_stops_the_others(tmp_path: Path) -> None:
    names = ["ok"] * 40
    names[3], names[17], names[30] = "boom", "spin", "die"
    paths = tree(tmp_path, names)
    done = sabotaged("--format", "json", "-j", "2", "--cpu-limit", "1", *paths, cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    files = {Path(f["path"]).parent.name.split("-")[1]: f for f in json.loads(done.stdout)["files"]}
    assert files["boom"]["failure"] == ("internal error: RuntimeError: sabotaged (a bug of publiccode-check: "
                                        "please report it)")
    assert files["spin"]["failure"] == "the check took more than 1 s of CPU time and was stopped"
    assert files["die"]["failure"].startswith("the process checking it stopped unexpectedly")
    assert sum(f["valid"] for f in json.loads(done.stdout)["files"]) == 37

    serial = sabotaged("-v", "--cpu-limit", "1", paths[3], paths[17], paths[0], cwd=tmp_path)
    assert serial.returncode == 4 and "Traceback" not in serial.stderr
    assert "at validate.py:" in serial.stdout and "in sabotage" in serial.stdout  # the short trace, with -v
    assert "took more than 1 s of CPU time" in serial.stdout and "3 files checked" in serial.stdout


def test_the_staged_file_is_checked_under_the_cpu_limit_given(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "publiccode.yml").write_text(VALID.replace("name: Medusa", "name: spin"))
    subprocess.run(["git", "add", "publiccode.yml"], cwd=tmp_path, check=True)
    done = sabotaged("--staged", "--cpu-limit", "0.5", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "the check took more than 0.5 s of CPU time and was stopped" in done.stdout


def test_vet_records_an_internal_error_and_goes_on(tmp_path: Path) -> None:
    names = ["ok"] * 40
    names[5], names[22] = "boom", "spin"
    tree(tmp_path / "tree", names)
    done = sabotaged("vet", "--no-network", "--cpu-limit", "1", "-o", "out.jsonl", "tree", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    records = {Path(r["source"]).parent.name.split("-")[1]: r
               for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert len(records) == 3
    assert (records["boom"]["status"], records["boom"]["internalError"]) == ("unreachable", True)
    assert "took more than 1 s of CPU time" in records["spin"]["failure"]
    assert records["ok"]["status"] == "valid"
    assert "publiccode-check failed on 1 of them" in done.stdout


def test_vet_stops_soon_on_ctrl_c_and_keeps_what_is_done(tmp_path: Path) -> None:
    tree(tmp_path / "tree", ["slow"] * 400)  # 20 s of work on 2 processes
    process = subprocess.Popen([sys.executable, "-c", SABOTAGED, "vet", "--no-network", "-o", "out.jsonl",
                                "tree"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    time.sleep(3)
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    stopped = time.monotonic() - interrupted
    assert process.returncode == 130, err
    recorded = int(re.search(r"interrupted; (\d+) of 400 recorded", err)[1])
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert 0 < recorded == len(lines) < 400
    assert all(json.loads(line)["status"] == "valid" for line in lines)
    assert stopped < 5, f"{stopped:.1f} s"


def test_a_port_nothing_listens_on_for_ipv6(tmp_path: Path) -> None:
    """`vet http://[::1]:P/o/r` asks the address it was given (not `http://::1:P`)."""
    with socket.socket(socket.AF_INET6) as probe:
        try:
            probe.bind(("::1", 0))
        except OSError as exc:
            pytest.fail(f"IPv6 loopback is not available here: {exc}")
        port = probe.getsockname()[1]
    done = vet("--no-network", "--allow-private-hosts", "--timeout", "2", f"http://[::1]:{port}/o/r",
               cwd=tmp_path)
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["failure"] == f"http://[::1]:{port} cannot be reached: the connection was refused"


def test_reports_stay_small_when_a_long_key_or_line_is_repeated(tmp_path: Path) -> None:
    """1,000 problems under one key of 300,000 characters, and on one line of 200,000: every
    report stays within a few times the size of the file (not a thousand times)."""
    tag = "en-x-" + "-".join(["abcdefgh"] * 33_000)  # a valid language tag, with private-use subtags
    long_key = f"description:\n  ? {tag}\n  :\n" + "".join(f"    u{i}: 1\n" for i in range(1500))
    long_line = "legal: {" + ", ".join(f"k{i}: 1" for i in range(20_000)) + "}\n"
    for name, text in (("key.yml", long_key), ("line.yml", long_line)):
        (tmp_path / name).write_text(text)
        for fmt in ("text", "json", "github"):
            done = cli("--format", fmt, "-v", name, cwd=tmp_path)
            assert done.returncode == 1, done.stderr
            assert len(done.stdout) < 3 * len(text) + 500_000, (name, fmt, len(done.stdout))
