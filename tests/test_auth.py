"""--user for push and query --endpoint: where the password comes from ($PACTGRAPH_PASSWORD, ~/.netrc,
a prompt on the terminal), HTTP basic authentication (digest is tested against Virtuoso in
test_virtuoso.py), and a refused password as one line with exit 2, the password never printed."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import pty
import select
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pactgraph import remote
from pactgraph.errors import InputError

from tests.cli import command, one_line_error

USER, PASSWORD = "analyst", "s3cret-Pass-77"
PASSWORD_ENV = remote.PASSWORD_VARIABLE
ANSWER = {"head": {"vars": ["ok"]}, "results": {"bindings": [{"ok": {"type": "literal", "value": "authenticated"}}]}}


class BasicAuthEndpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint that, like Fuseki or GraphDB with security on, answers only a user that
    authenticates with HTTP basic; it answers every query with one row, and takes every PUT."""

    seen: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def _authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        self.seen.append(self.headers.get("Authorization", ""))
        if self.headers.get("Authorization") == expected:
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="pactgraph test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self._authorised():
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    do_GET = do_POST  # where a redirect (303) sends a query

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self._authorised():
            self.send_response(204)
            self.end_headers()


def redirecting_to(target: str, below: type[BaseHTTPRequestHandler] = BaseHTTPRequestHandler):
    """A handler that redirects every POST to `target`, and otherwise answers as `below`."""

    class Redirecting(below):  # type: ignore[misc, valid-type]
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(303)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Redirecting


@contextmanager
def basic_endpoint(handler: type[BaseHTTPRequestHandler] = BasicAuthEndpoint) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of its own (for ~/.netrc), and no password in the environment."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PACTGRAPH_PASSWORD", raising=False)
    return tmp_path


def write_netrc(home, text: str):
    netrc = home / ".netrc"
    netrc.write_text(text, encoding="utf-8")
    netrc.chmod(0o600)


def test_basic_authentication_for_query_and_push(home, fresh_exports):
    with basic_endpoint() as url:
        env = {"PACTGRAPH_PASSWORD": PASSWORD, "HOME": str(home)}
        result = command("query", "--endpoint", f"{url}/sparql", "--user", USER, "--format", "csv", "ASK {}", env=env)
        assert result.returncode == 0 and result.stdout.split() == ["ok", "authenticated"], result.stderr
        data = str(fresh_exports / "pactgraph.trig")
        result = command("push", "--endpoint", f"{url}/store", "--user", USER, "--data", data, env=env)
        assert result.returncode == 0 and "ukraine-norway-drones: " in result.stdout, result.stderr
        wrong = command(
            "query", "--endpoint", f"{url}/sparql", "--user", USER, "ASK {}", env={**env, "PACTGRAPH_PASSWORD": "nope"}
        )
        line = one_line_error(wrong.stderr, wrong.returncode)
        assert "refused user 'analyst'" in line and PASSWORD not in wrong.stdout + wrong.stderr


def test_the_password_is_not_sent_where_the_endpoint_redirects(home):
    """A redirect to another server (here another port) gets the query but not the password: a
    password put on the request as a header would have followed it."""
    with basic_endpoint() as elsewhere, basic_endpoint(redirecting_to(f"{elsewhere}/sparql")) as url:
        BasicAuthEndpoint.seen.clear()
        env = {"PACTGRAPH_PASSWORD": PASSWORD, "HOME": str(home)}
        result = command("query", "--endpoint", f"{url}/sparql", "--user", USER, "ASK {}", env=env)
        line = one_line_error(result.stderr, result.returncode)
        assert f"redirected to {elsewhere}/sparql, which asks for a password" in line
        assert BasicAuthEndpoint.seen and not any(BasicAuthEndpoint.seen), BasicAuthEndpoint.seen
    # Within the endpoint's own server, the password goes where the redirect points.
    with basic_endpoint(redirecting_to("/sparql", below=BasicAuthEndpoint)) as url:
        result = command("query", "--endpoint", f"{url}/old", "--user", USER, "--format", "csv", "ASK {}", env=env)
        assert result.returncode == 0 and result.stdout.split() == ["ok", "authenticated"], result.stderr
        wrong = command("query", "--endpoint", f"{url}/old", "--user", USER, "ASK {}", env={**env, PASSWORD_ENV: "no"})
        assert "refused user 'analyst'" in one_line_error(wrong.stderr, wrong.returncode)


def test_the_password_from_netrc_for_that_host_and_user(home):
    with basic_endpoint() as url:
        write_netrc(
            home,
            f"machine example.org login {USER} password wrong\nmachine 127.0.0.1 login {USER} password {PASSWORD}\n",
        )
        result = command(
            "query", "--endpoint", f"{url}/sparql", "--user", USER, "--format", "csv", "ASK {}", env={"HOME": str(home)}
        )
        assert result.returncode == 0 and "authenticated" in result.stdout, result.stderr
    assert remote.credentials_for(url, USER, ask=None).origin == "~/.netrc"
    # An entry for another login is not this user's password.
    with pytest.raises(InputError, match="no password for user 'someone' at 127.0.0.1"):
        remote.credentials_for(url, "someone", ask=None)


def test_the_environment_comes_before_netrc(home, monkeypatch):
    write_netrc(home, f"machine 127.0.0.1 login {USER} password from-netrc\n")
    monkeypatch.setenv("PACTGRAPH_PASSWORD", "from-env")
    credentials = remote.credentials_for("http://127.0.0.1:1/sparql", USER, ask=None)
    assert (credentials.password, credentials.origin) == ("from-env", "$PACTGRAPH_PASSWORD")
    assert "from-env" not in repr(credentials)


def test_a_broken_netrc_is_one_line(home):
    # Readable by others, with a password in it: Python's netrc (as ftp's) refuses such a file.
    write_netrc(home, f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    (home / ".netrc").chmod(0o644)
    result = command(
        "query", "--endpoint", "http://127.0.0.1:1/sparql", "--user", USER, "ASK {}", env={"HOME": str(home)}
    )
    line = one_line_error(result.stderr, result.returncode)
    assert line.startswith("pactgraph: ~/.netrc: ") and "fix or remove" in line and PASSWORD not in line


def test_no_password_and_no_terminal_is_one_line(home):
    result = command(
        "query", "--endpoint", "http://127.0.0.1:1/sparql", "--user", USER, "ASK {}", env={"HOME": str(home)}
    )
    line = one_line_error(result.stderr, result.returncode)
    assert "no password for user 'analyst'" in line and "PACTGRAPH_PASSWORD" in line and "~/.netrc" in line
    result = command("query", "--user", USER, "ASK {}")
    assert "give --endpoint URL too" in one_line_error(result.stderr, result.returncode)


def test_the_password_is_asked_for_on_the_terminal_and_not_echoed(home):
    with basic_endpoint() as url:
        argv = [sys.executable, "-m", "pactgraph.cli", "query", "--endpoint", f"{url}/sparql", "--user", USER]
        argv += ["--format", "csv", "ASK {}"]
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            argv,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
            # The terminal becomes the command's own, as in a login session: getpass reads /dev/tty.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            env={**os.environ, "HOME": str(home)},
        )
        os.close(follower)
        screen = read_until(leader, b"Password for analyst at 127.0.0.1: ")
        os.write(leader, PASSWORD.encode() + b"\n")
        screen += read_until(leader, None)
        assert process.wait(timeout=30) == 0, screen
        os.close(leader)
    assert b"authenticated" in screen and PASSWORD.encode() not in screen, screen


def read_until(fd: int, wanted: bytes | None, timeout: float = 30) -> bytes:
    """What the terminal shows, until `wanted` appears (or, for None, the command ends)."""
    seen, deadline = b"", time.monotonic() + timeout
    while wanted is None or wanted not in seen:
        assert time.monotonic() < deadline, seen
        if select.select([fd], [], [], 0.5)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command ended and closed the terminal
                chunk = b""
            if not chunk:
                assert wanted is None, seen
                return seen
            seen += chunk
    return seen
