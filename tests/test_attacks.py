"""Bad input is checked where it enters, never discovered by a later crash: each test here is a finding
of issue 28's attack that got through on main before it (the message it gave, or the damage, is in
each test's comment)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from pactgraph import paths
from pactgraph.errors import InputError

from tests.cli import command, invoke, one_line_error
from tests.serving import pactgraph_server
from tests.test_faults import HARNESS, ROOT
from tests.test_inputs import hostile  # noqa: F401 (a fixture)
from tests.test_serve import http

REPORT = "Norway and Ukraine signed a drone agreement in Oslo on Monday.\nThe deal covers 2,000 drones.\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    for name in ("sources", "claims"):
        shutil.copytree(paths.PACKAGE / name, tmp_path / name)
    return tmp_path


def add(corpus: Path, text_file: Path, *args: str):
    return invoke("add", str(text_file), "--sources", str(corpus / "sources"), *args)


def report(tmp_path: Path, text: str = REPORT, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def registered(corpus: Path) -> list[str]:
    return sorted(p.name for p in (corpus / "sources").iterdir())


# -- add ----------------------------------------------------------------------------------------------


def test_a_url_with_a_space_is_refused_at_add(corpus, tmp_path):
    # Before: accepted, and `build` then crashed with an rdflib traceback.
    before = registered(corpus)
    result = add(
        corpus, report(tmp_path), "--publisher", "X", "--published", "2025-12-01", "--url", "https://e.com/a b"
    )
    assert "is not an http(s) URL" in one_line_error(result.stderr, result.exit_code)
    assert registered(corpus) == before


def test_a_date_with_a_newline_is_refused_at_add(corpus, tmp_path):
    # Before: "2025-11\n" landed in the exports with its newline.
    result = add(corpus, report(tmp_path), "--publisher", "X", "--published", "2025-11\n")
    assert "is not a date" in one_line_error(result.stderr, result.exit_code)


def test_a_control_character_in_a_text_or_a_label_is_refused(corpus, tmp_path):
    # Before: a NUL in a label made pactgraph.graphml invalid XML while build exited 0.
    result = add(
        corpus, report(tmp_path, "Norway\x00 and Ukraine signed.\n"), "--publisher", "X", "--published", "2025"
    )
    assert "control character (U+0000) at line 1, column 7" in one_line_error(result.stderr, result.exit_code)
    claims = corpus / "claims" / "ukraine-norway-drones.yaml"
    text = claims.read_text(encoding="utf-8").replace("label: Denys Shmyhal", 'label: "Denys\\0 Shmyhal"', 1)
    claims.write_text(text, encoding="utf-8")
    result = invoke(
        "build", "--sources", str(corpus / "sources"), "--claims", str(claims.parent), "--out", str(tmp_path / "out")
    )
    line = one_line_error(result.stderr, result.exit_code)
    assert "claim 'shmyhal': label: an invisible or control character (U+0000)" in line
    assert not (tmp_path / "out").exists()


def test_a_page_that_is_not_the_utf8_it_claims_is_refused_where_it_breaks(corpus, tmp_path):
    # Before: one stray byte made the whole page be read as Latin-1 (every accented letter two), silently.
    pytest.importorskip("trafilatura")
    body = "<p>" + "Støre said Norway would sign the drone agreement with Ukraine on Monday. " * 5 + "</p>"
    page = (
        f'<html><head><meta charset="utf-8"><title>Drones</title></head><body><article>{body}</article></body></html>'
    )
    data = page.encode("utf-8")
    broken = data.replace(b"Monday", b"Mon\xffday", 1)
    (tmp_path / "page.html").write_bytes(broken)
    result = add(corpus, tmp_path / "page.html", "--publisher", "X", "--published", "2025-12-01")
    line = one_line_error(result.stderr, result.exit_code)
    stray = broken.index(b"\xff")
    assert f"not utf-8 at byte {stray}" in line
    # A page that declares another character set is read in it.
    (tmp_path / "latin.html").write_bytes(page.replace("utf-8", "iso-8859-1").encode("latin-1"))
    assert add(corpus, tmp_path / "latin.html", "--publisher", "X", "--published", "2025-12-01").exit_code == 0
    stored = next((corpus / "sources").glob("drones.txt")).read_text(encoding="utf-8")
    assert "Støre said" in stored


def test_invisible_characters_are_left_out_of_a_page_and_refused_in_a_text(corpus, tmp_path):
    # Before: a zero-width space made a second "Norway".
    pytest.importorskip("trafilatura")
    body = "<p>" + "Nor\u200bway will sign the drone agreement with Ukraine on Monday, officials said. " * 5 + "</p>"
    page = (
        f"<html><head><meta charset='utf-8'><title>Drones</title></head><body><article>{body}</article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert add(corpus, tmp_path / "page.html", "--publisher", "X", "--published", "2025-12-01").exit_code == 0
    stored = (corpus / "sources" / "drones.txt").read_text(encoding="utf-8")
    assert "Norway will sign" in stored and "\u200b" not in stored
    result = add(corpus, report(tmp_path, "Nor\u200bway signed.\n"), "--publisher", "X", "--published", "2025")
    assert "(U+200B) at line 1, column 4" in one_line_error(result.stderr, result.exit_code)


def test_a_link_to_a_file_of_the_system_is_not_copied(corpus, tmp_path):
    # Before: add followed a symlink to /proc/self/environ and copied the environment (a password
    # too) into the sources.
    link = tmp_path / "innocent.txt"
    link.symlink_to("/proc/self/environ")
    env = {"PACTGRAPH_PASSWORD": "hunter2-secret"}
    args = ("add", str(link), "--sources", str(corpus / "sources"), "--publisher", "X", "--published", "2025")
    result = command(*args, env=env)
    assert "a file of the system, not a regular file" in one_line_error(result.stderr, result.returncode)
    assert not any("hunter2" in p.read_text(errors="replace") for p in (corpus / "sources").iterdir())


def test_the_same_text_under_a_second_id_is_not_a_second_source(corpus, tmp_path):
    # Before: the same text added under three ids counted as three independent sources.
    text = report(tmp_path)
    assert add(corpus, text, "--publisher", "X", "--published", "2025", "--id", "first").exit_code == 0
    result = add(corpus, text, "--publisher", "Y", "--published", "2025", "--id", "second")
    assert "registered already as first" in one_line_error(result.stderr, result.exit_code)
    assert (
        add(corpus, text, "--publisher", "Y", "--published", "2025", "--id", "copy", "--copy-of", "first").exit_code
        == 0
    )
    # Written by hand, a second registration of the same text is refused by every command that reads sources.
    meta = yaml.safe_load((corpus / "sources" / "first.meta.yaml").read_text())
    shutil.copy(corpus / "sources" / "first.txt", corpus / "sources" / "third.txt")
    meta |= {"id": "third", "text": "third.txt"}
    (corpus / "sources" / "third.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    result = invoke(
        "build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims"), "--out", str(tmp_path / "o")
    )
    assert "the same text as first" in one_line_error(result.stderr, result.exit_code)


ADD_EVENTS = "open,os.rename,os.remove"


def test_add_killed_at_any_step_registers_the_source_whole_or_not_at_all(corpus, tmp_path):
    # Before: a kill at the metadata rename left an orphan text and a .tmp, and the retry said
    # "already registered" of a source that could not be loaded.
    text = report(tmp_path)
    args = ["add", str(text), "--publisher", "X", "--published", "2025-12-01", "--sources", str(corpus / "sources")]
    sources = corpus / "sources"

    def run(kill_at: int) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-c", HARNESS, ADD_EVENTS, str(sources), str(kill_at), "-", *args]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)

    before = registered(corpus)
    steps = int(run(0).stderr.rsplit("steps: ", 1)[1].split()[0])
    after = registered(corpus)
    added = sorted(set(after) - set(before))
    assert len(added) == 2 and steps >= 5
    for kill_at in range(1, steps + 1):
        for name in added:
            (sources / name).unlink()
        assert run(kill_at).returncode == -signal.SIGKILL
        retry = invoke(*args)
        assert retry.exit_code == 0 or "already registered" in retry.stderr, f"step {kill_at}: {retry.stderr}"
        assert registered(corpus) == after, f"step {kill_at}: {registered(corpus)}"
        source_id = next(name for name in added if name.endswith(".txt"))[: -len(".txt")]
        assert invoke("sentences", source_id, "--sources", str(sources)).exit_code == 0


# -- endpoints ----------------------------------------------------------------------------------------


def test_a_password_in_an_endpoint_url_is_refused_and_never_printed():
    # Before: http://user:pw@host/ was printed in the error, the exception and repr(Dataset).
    import pactgraph

    result = invoke("query", "--endpoint", "http://analyst:hunter2@127.0.0.1:9/sparql", "ministers")
    line = one_line_error(result.stderr, result.exit_code)
    assert "carries a user or password" in line and "hunter2" not in line and "analyst" not in line
    with pytest.raises(InputError) as raised:
        pactgraph.open_dataset(endpoint="https://analyst:hunter2@example.org/sparql")
    assert "hunter2" not in str(raised.value) and "user=" in str(raised.value)


def test_an_endpoints_broken_json_is_blamed_on_the_endpoint(hostile):  # noqa: F811
    # Before: "malformed SPARQL": the user's query was blamed.
    def broken(connection: socket.socket) -> None:
        body = b'{"head": {"vars": ["person"]}, "results": {"bindings": [{"person": {"type": "uri", "value": '
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        connection.sendall(head.encode() + body)

    result = invoke("query", "--endpoint", f"{hostile(broken)}/sparql", "ministers")
    line = one_line_error(result.stderr, result.exit_code)
    assert "the answer is not SPARQL results" in line and "malformed SPARQL" not in line


# -- the command line and the API ------------------------------------------------------------------


LONG = "x" * 300


@pytest.mark.parametrize(
    "args",
    [
        ("query", LONG),
        ("query", "--data", LONG + ".trig", "ministers"),
        ("sentences", LONG + ".txt"),
        ("render", LONG + ".ttl", "-o", "page.html"),
        ("load", LONG + ".trig", "--location", "store"),
    ],
    ids=["query NAME", "query --data", "sentences", "render", "load"],
)
def test_an_argument_of_300_characters_is_one_line(args, tmp_path, monkeypatch):
    # Before: ENAMETOOLONG came out as a traceback.
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    line = one_line_error(result.stderr, result.exit_code)
    assert len(line) < 400


def test_the_api_speaks_of_a_long_name_in_one_line(fresh_exports):
    import pactgraph

    data = pactgraph.open_dataset(fresh_exports / "pactgraph.trig")
    with pytest.raises(InputError) as raised:
        data.query(LONG)
    assert "not a named query" in str(raised.value) and "\n" not in str(raised.value)


def test_an_invalid_regular_expression_is_one_line(fresh_exports):
    # Before: a traceback on the memory store, and 500 "internal error" from serve.
    query = 'SELECT ?l WHERE { ?c rdfs:label ?l FILTER(REGEX(?l, "(unclosed")) }'
    data = str(fresh_exports / "pactgraph.trig")
    result = invoke("query", "--store", "memory", "--data", data, query)
    assert "regular expression is not valid" in one_line_error(result.stderr, result.exit_code)
    with pactgraph_server("--store", "memory", "--data", data) as url:
        status, _, body = http(f"{url}/sparql", urllib.parse.urlencode({"query": query}).encode())
        assert status == 400 and "regular expression" in body


def test_a_chunked_body_with_a_bad_size_gets_a_400(fresh_exports):
    # Before: no reply, and a 30-line exception in the server's log.
    with pactgraph_server("--data", str(fresh_exports / "pactgraph.trig")) as url:
        with socket.create_connection(("127.0.0.1", url.port), timeout=5) as sock:
            sock.sendall(
                f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{url.port}\r\nContent-Type: application/sparql-query\r\n"
                "Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n".encode()
            )
            answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


# -- drafting and review ---------------------------------------------------------------------------


def test_an_exponent_is_no_sum_of_money():
    # Before: "$1e400" was drafted as $1, and a 302-digit figure as an amount the build refused.
    pytest.importorskip("spacy")
    from pactgraph.draft import lexicon, money_in

    assert money_in("The budget is $1e400 this year.", lexicon()) == []
    assert money_in("The budget is $" + "9" * 302 + ".", lexicon()) == []
    assert [m.value for m in money_in("The budget is $7 billion.", lexicon())] == [7_000_000_000]


def test_review_refuses_what_build_would_refuse(corpus, tmp_path):
    # Before: a 302-digit amount was accepted by review and refused by build.
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    claim = {
        "id": "huge-allocation",
        "sentence": "In addition, Norway plans to allocate $7 billion next year to further boost Ukraine’s defense sector.",
        "about": "programme/norway-ukraine-defence-allocation-2026",
        "facts": {"amount": {"value": int("9" * 302), "currency": "USD"}},
        "confidence": 0.5,
        "reason": "written for the test",
    }
    text = yaml.safe_dump({"source": "ukraine-norway-drones", "claims": [claim]}, sort_keys=False, width=1000)
    (drafts / "ukraine-norway-drones.yaml").write_text(text, encoding="utf-8")
    options = ["--sources", str(corpus / "sources"), "--claims", str(corpus / "claims"), "--drafts", str(drafts)]
    before = (corpus / "claims" / "ukraine-norway-drones.yaml").read_bytes()
    result = invoke("review", "ukraine-norway-drones", "--accept", "huge-allocation", *options)
    line = one_line_error(result.stderr, result.exit_code)
    assert "huge-allocation: not accepted" in line and "over 10^18" in line
    assert (corpus / "claims" / "ukraine-norway-drones.yaml").read_bytes() == before
    assert (drafts / "ukraine-norway-drones.yaml").is_file()  # the draft is kept


def test_a_200_mb_string_from_an_endpoint_is_one_line(hostile):  # noqa: F811
    # Before: a MemoryError traceback. The command runs with 1.5 GB of address space, as on a small machine.
    import resource

    body = b'{"head": {"vars": ["p"]}, "results": {"bindings": [{"p": {"type": "literal", "value": "'
    body += b"x" * 200_000_000 + b'"}}]}}'

    def huge(connection: socket.socket) -> None:
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        connection.sendall(head.encode() + body)

    def small_machine() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, resource.RLIM_INFINITY))

    argv = [sys.executable, "-m", "pactgraph.cli", "query", "--endpoint", f"{hostile(huge)}/sparql", "ministers"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, preexec_fn=small_machine)
    assert "too large to hold in memory" in one_line_error(result.stderr, result.returncode)
