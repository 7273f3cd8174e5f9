"""Hostile and broken inputs: each gets one line naming the file, the claim or the line, exit code
2, bounded memory and time, and nothing half-written. Each test here is a probe that did not hold
on main before it: /dev/zero and FIFOs read forever, a 50 MB literal gave a MemoryError traceback,
a 10 MB value came back as a 10 MB error, 1e400 was an amount, a repeated key was last-wins,
"x"^^xsd:date crashed render, 10,000 parentheses crashed query, an endpoint that floods or
trickles gave a traceback or a hang, one that redirected to ftp:// was followed there, and an output path in /proc or under a file a traceback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.cli import command, invoke, one_line_error, run_group
from tests.test_bad_input import CLAIMS_FILE, build_broken, edit

ROOT = Path(__file__).resolve().parent.parent


def peak_memory_mb(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    """Run `pactgraph ARGS` and measure its peak resident memory (from a fresh parent, so that no
    other child counts). On a timeout the whole process group is killed, the command included."""
    script = (
        "import resource, subprocess, sys, json;"
        "r = subprocess.run([sys.executable, '-m', 'pactgraph.cli', *sys.argv[1:]], capture_output=True, text=True);"
        "print(json.dumps([r.returncode, r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
    )
    _, stdout, _ = run_group([sys.executable, "-c", script, *args], timeout, cwd=ROOT)
    code, stderr, peak_kb = json.loads(stdout)
    return subprocess.CompletedProcess(args, code, "", stderr), peak_kb / 1024


# -- files that never end, or are huge ----------------------------------------------------------------


def test_dev_zero_as_rdf_is_refused_at_once(tmp_path):
    (tmp_path / "z.rdf").symlink_to("/dev/zero")
    for args in (
        ["validate", str(tmp_path / "z.rdf")],
        ["render", str(tmp_path / "z.rdf"), "-o", str(tmp_path / "z.html")],
    ):
        result, peak = peak_memory_mb(*args, timeout=30)
        assert "not a regular file" in one_line_error(result.stderr, result.returncode)
        assert peak < 300, f"{args[0]} used {peak:.0f} MB"
    assert not (tmp_path / "z.html").exists()


def test_a_large_sparse_rdf_xml_file_is_scanned_in_bounded_memory(tmp_path):
    sparse = tmp_path / "z.rdf"
    with sparse.open("wb") as out:
        out.truncate(1_000_000_000)  # 1 GB of zeros that take no disk
    result, peak = peak_memory_mb("validate", str(sparse), timeout=120)
    one_line_error(result.stderr, result.returncode)
    assert peak < 300, f"validate used {peak:.0f} MB on a 1 GB file"


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "data.ttl"
    os.mkfifo(fifo)
    result = command("query", "--data", str(fifo), "ASK { ?s ?p ?o }", timeout=30)
    assert "not a regular file" in one_line_error(result.stderr, result.returncode)
    query = tmp_path / "q.rq"
    os.mkfifo(query)
    result = command("query", str(query), timeout=30)
    assert "not a regular file" in one_line_error(result.stderr, result.returncode)


def test_a_query_file_that_is_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.rq").symlink_to("/dev/zero")
    result = command("query", str(tmp_path / "zero.rq"), timeout=30)
    assert "not a regular file" in one_line_error(result.stderr, result.returncode)


def test_a_source_text_that_is_dev_zero_is_refused(corpus):
    meta = corpus / "sources" / "ukraine-norway-drones.meta.yaml"
    edit(meta, "text: ukraine-norway-drones.txt", "text: /dev/zero")
    # In a process of its own: read whole, /dev/zero would fill the memory of whoever reads it.
    sources, claims, out = (str(corpus / name) for name in ("sources", "claims", "out"))
    result, peak = peak_memory_mb("build", "--sources", sources, "--claims", claims, "--out", out, timeout=60)
    assert "not a regular file" in one_line_error(result.stderr, result.returncode)
    assert peak < 300 and not (corpus / "out").exists()


def test_files_over_the_size_limit_are_refused_and_the_limit_can_be_raised(tmp_path, fresh_exports):
    query = tmp_path / "long.rq"
    query.write_text("ASK { ?s ?p ?o }" + " " * 300, encoding="utf-8")
    small = {"PACTGRAPH_MAX_FILE_SIZE": "100"}
    result = invoke("query", "--data", str(fresh_exports / "pactgraph.trig"), str(query), env=small)
    line = one_line_error(result.stderr, result.exit_code)
    assert "over the 100-byte limit" in line and "PACTGRAPH_MAX_FILE_SIZE" in line
    result = invoke("validate", str(fresh_exports / "pactgraph.ttl"), env=small)
    assert "over the 100-byte limit" in one_line_error(result.stderr, result.exit_code)
    raised = {"PACTGRAPH_MAX_FILE_SIZE": "10MB"}
    assert invoke("query", "--data", str(fresh_exports / "pactgraph.trig"), str(query), env=raised).exit_code == 0


@pytest.fixture(scope="module")
def huge_literal(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("literal") / "big.ttl"
    path.write_text(
        '<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "' + "x" * 50_000_000 + '" .\n<urn:a> a <urn:T> .\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "{file}"],
        ["render", "{file}", "-o", "{out}"],
        ["network", "--data", "{file}"],
        ["query", "--data", "{file}", "ASK {{ ?s ?p ?o }}"],
        ["push", "--data", "{file}", "--endpoint", "http://127.0.0.1:9/store"],
        ["load", "{file}", "--location", "{store}"],
    ],
    ids=lambda args: args[0],
)
def test_a_50_mb_literal_is_one_line(huge_literal, tmp_path, args):
    filled = [a.format(file=huge_literal, out=tmp_path / "x.html", store=tmp_path / "store") for a in args]
    result = command(*filled, timeout=120)
    line = one_line_error(result.stderr, result.returncode)
    assert "big.ttl" in line
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "store").exists()


# -- claims ------------------------------------------------------------------------------------------


def test_a_10_mb_value_gives_a_short_error(corpus):
    # Not an entity reference (it has spaces), so the message quotes it back.
    edit(corpus / "claims" / CLAIMS_FILE, "about: person/tore-o-sandvik", "about: Tore " + "x " * 5_000_000)
    result = build_broken(corpus)
    line = one_line_error(result.stderr, result.exit_code)
    assert CLAIMS_FILE in line and "'about' must be an entity reference" in line


AMOUNT = '{value: 7000000000, currency: USD, stated: "$7 billion"}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1e400", "over 10^18"),
        ("-1e400", "negative"),
        ('"-7e9"', "negative"),
        ("-5", "negative"),
        (".inf", "is not a number"),
        ("-.inf", "is not a number"),
        (".nan", "is not a number"),
        ('"lots"', "is not a number"),
    ],
)
def test_impossible_amounts_are_refused(corpus, value, expected):
    edit(corpus / "claims" / CLAIMS_FILE, AMOUNT, AMOUNT.replace("7000000000", value))
    result = build_broken(corpus)
    line = one_line_error(result.stderr, result.exit_code)
    assert "norway-allocation-next-year" in line and "amount.value" in line and expected in line


def test_a_negative_quantity_is_refused(corpus):
    edit(corpus / "claims" / CLAIMS_FILE, "productionRate: {value: 2000,", "productionRate: {value: -2000,")
    line = one_line_error(build_broken(corpus).stderr, 2)
    assert "productionRate.value" in line and "negative" in line


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        # A second key in one claim.
        ("  - id: sandvik\n", "  - id: sandvik\n    id: sandvik-again\n", "id"),
        # A repeated key inside a flow mapping.
        (AMOUNT, AMOUNT.replace("currency: USD", "currency: USD, currency: NOK"), "currency"),
        # A second top-level source.
        ("source: ukraine-norway-drones\n", "source: ukraine-norway-drones\nsource: countries-reference\n", "source"),
    ],
    ids=["in a claim", "in a flow mapping", "at the top level"],
)
def test_a_repeated_key_is_an_error(corpus, old, new, key):
    edit(corpus / "claims" / CLAIMS_FILE, old, new)
    line = one_line_error(build_broken(corpus).stderr, 2)
    assert CLAIMS_FILE in line and f"the key '{key}' appears twice" in line and "line " in line


# -- render and query on anything ---------------------------------------------------------------------

WEIRD = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
@prefix pact: <https://w3id.org/pactgraph/ontology#> .
@prefix schema: <https://schema.org/> .
ex:a a ex:Thing ; ex:on "x"^^xsd:date , "2020-13-45"^^xsd:date , "12"^^xsd:gYear , ""^^xsd:gYearMonth ,
    "abc"^^xsd:decimal , "maybe"^^xsd:boolean , "nope"^^xsd:integer , "y"^^xsd:dateTime , ex:b , _:x .
ex:b a ex:Thing , ex:Other ; ex:knows ex:a , ex:b ; pact:approximate "zz"^^xsd:boolean ;
    schema:value "q"^^xsd:decimal ; schema:unitText "u" ; pact:per "bad"^^xsd:duration ; pact:signedOn "x"^^xsd:date .
_:x a ex:Thing .
"""


def test_render_and_network_never_crash_on_ill_typed_literals(tmp_path):
    data = tmp_path / "weird.ttl"
    data.write_text(WEIRD, encoding="utf-8")
    result = command("render", str(data), "-o", str(tmp_path / "weird.html"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert (tmp_path / "weird.html").is_file()
    result = command("network", "--data", str(data))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]


def test_render_stops_a_query_that_runs_past_its_timeout(fresh_exports, tmp_path):
    # Every triple of the seed joined with every other twice: it would run for hours.
    endless = "CONSTRUCT { ?a ?b ?g } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    page = tmp_path / "endless.html"
    data = str(fresh_exports / "pactgraph.trig")
    result = command("render", endless, "--data", data, "--timeout", "1", "-o", str(page))
    assert "ran past the time limit of 1 s" in one_line_error(result.stderr, result.returncode)
    assert not page.exists()


DEEP = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_a_deeply_nested_query_is_refused(fresh_exports, store, tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text(DEEP, encoding="utf-8")
    result = command("query", "--store", store, "--data", str(fresh_exports / "pactgraph.trig"), str(query))
    assert "nests brackets 10002 deep" in one_line_error(result.stderr, result.returncode)


# -- hostile endpoints -------------------------------------------------------------------------------


class HostileServer:
    """A loopback server that answers every request with `behaviour(connection)`."""

    def __init__(self, behaviour):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.behaviour = behaviour
        self.running = True
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(connection,), daemon=True).start()

    def answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                self.behaviour(connection)
            except OSError:
                pass

    def close(self) -> None:
        self.running = False
        self.listener.close()


def flood(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
    block = b"x" * 65536
    while True:
        connection.sendall(block)


def trickle(connection: socket.socket) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n" + b"x" * 1000:
        connection.sendall(bytes([byte]))
        time.sleep(0.2)


@pytest.fixture
def hostile():
    servers = []

    def start(behaviour) -> str:
        server = HostileServer(behaviour)
        servers.append(server)
        return f"http://127.0.0.1:{server.port}"

    yield start
    for server in servers:
        server.close()


def test_an_endpoint_that_floods_is_cut_off(hostile, monkeypatch, fresh_exports):
    from pactgraph import remote

    monkeypatch.setattr(remote, "RESULT_LIMIT", 10_000_000)
    url = hostile(flood)
    result = invoke("query", "--endpoint", f"{url}/sparql", "ministers")
    assert "over 10,000,000 bytes" in one_line_error(result.stderr, result.exit_code)
    result = invoke("push", "--endpoint", f"{url}/store", "--data", str(fresh_exports / "pactgraph.trig"))
    assert "over 1,000,000 bytes" in one_line_error(result.stderr, result.exit_code)


def test_an_endpoint_that_trickles_is_given_up_on(hostile, fresh_exports):
    url = hostile(trickle)  # the whole answer would take about 200 s
    result = invoke(
        "push", "--endpoint", f"{url}/store", "--timeout", "2", "--data", str(fresh_exports / "pactgraph.trig")
    )
    assert "no complete answer within 2 s" in one_line_error(result.stderr, result.exit_code)
    result = invoke("query", "--endpoint", f"{url}/sparql", "--timeout", "2", "ministers")
    assert "no complete answer within 2 s" in one_line_error(result.stderr, result.exit_code)


def redirect_to(target: str):
    def behaviour(connection: socket.socket) -> None:
        connection.sendall(f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode())

    return behaviour


def empty_results(connection: socket.socket) -> None:
    body = b'{"head": {"vars": ["person"]}, "results": {"bindings": []}}'
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n"
    connection.sendall(head.encode() + body)


def test_an_endpoint_cannot_send_pactgraph_off_http(hostile, fresh_exports):
    """urllib follows a redirect to ftp:// too: an endpoint could make pactgraph connect to any FTP
    server its machine reaches. An FTP listener here counts the connections it gets."""
    ftp = socket.socket()
    ftp.bind(("127.0.0.1", 0))
    ftp.listen(4)
    ftp.settimeout(0.2)
    ftp_url = f"ftp://127.0.0.1:{ftp.getsockname()[1]}/etc/passwd"
    with ftp:
        url = hostile(redirect_to(ftp_url))
        result = invoke("query", "--endpoint", f"{url}/sparql", "--timeout", "5", "ministers")
        line = one_line_error(result.stderr, result.exit_code)
        assert f"redirects to {ftp_url}, which is not an http:// or https:// URL" in line
        result = invoke("push", "--endpoint", f"{url}/store", "--data", str(fresh_exports / "pactgraph.trig"))
        assert "which is not an http:// or https:// URL" in one_line_error(result.stderr, result.exit_code)
        with pytest.raises(TimeoutError):
            ftp.accept()
    url = hostile(redirect_to("file:///etc/passwd"))
    result = invoke("query", "--endpoint", f"{url}/sparql", "ministers")
    assert "HTTP 302 redirect not followed: Found - Redirection to url 'file:///etc/passwd' is not allowed" in (
        one_line_error(result.stderr, result.exit_code)
    )


def test_an_endpoint_may_redirect_to_another_http_url(hostile):
    answering = hostile(empty_results)
    url = hostile(redirect_to(f"{answering}/query"))
    result = invoke("query", "--endpoint", f"{url}/sparql", "--format", "csv", "ministers")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["person"]


# -- output paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "ttl", "-o", "/proc/x.ttl"],
        ["export", "--format", "ttl", "-o", "README.md/x.ttl"],
        ["render", "exports/pactgraph.ttl", "-o", "README.md/x.html"],
        ["serve", "--port", "99999"],
        ["build", "--out", "README.md/exports"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_impossible_output_paths_are_one_line(args, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke(*args)
    one_line_error(result.stderr, result.exit_code)
