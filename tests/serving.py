"""Starting a real `pactgraph serve` (or `oxigraph serve`) on a free loopback port, for tests."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Served(str):
    """A running server's base URL, with the process id of the server."""

    pid: int
    port: int


@contextmanager
def pactgraph_server(*args: str, env: dict | None = None) -> Iterator[Served]:
    """A `pactgraph serve --port 0 ARGS...` subprocess (with `env` added to its environment);
    yields its base URL (with .pid and .port)."""
    import os

    command = [sys.executable, "-m", "pactgraph.cli", "serve", "--port", "0", *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    try:
        line = process.stderr.readline()
        match = re.search(r"http://([\d.]+):(\d+)/sparql", line)
        assert match, f"the server did not start: {line}{process.stderr.read() if process.poll() is not None else ''}"
        # Keep reading its access log: a full pipe would block the server.
        threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
        served = Served(f"http://{match.group(1)}:{match.group(2)}")
        served.pid, served.port = process.pid, int(match.group(2))
        yield served
    finally:
        process.terminate()
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location) -> Iterator[str]:
    """A real Oxigraph server (PyPI package `oxigraph`) on loopback, its default graph the union."""
    import shutil

    binary = shutil.which("oxigraph", path=str(__import__("pathlib").Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    assert binary, "the oxigraph server is a test dependency: pip install -e '.[test]'"
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"oxigraph serve did not start: {process.stderr.read()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # what a new Virtuoso database starts with


def virtuoso_binary() -> str | None:
    import shutil

    return shutil.which("virtuoso-t")


@contextmanager
def virtuoso_server(directory) -> Iterator[str]:
    """Debian's Virtuoso (`virtuoso-t`, package virtuoso-opensource), in the foreground with a
    configuration of its own in `directory` (a new database, user dba, password dba), on free
    loopback ports; yields its base URL and stops it after."""
    import urllib.request

    binary = virtuoso_binary()
    assert binary, "Virtuoso is needed: apt-get install virtuoso-opensource (.ci/run does)"
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)], cwd=directory, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"virtuoso-t did not start: {(directory / 'stdout.log').read_text()[-2000:]}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()  # Virtuoso writes a checkpoint and stops
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class ConnectionRecorder:
    """A loopback TCP listener that counts the connections made to it. It accepts and closes each
    at once, in a thread of its own, so a client that does connect fails fast instead of waiting
    for an answer."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.count = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with self.lock:
                self.count += 1
            connection.close()

    def connections(self) -> int:
        """Connections since the last call."""
        time.sleep(0.05)  # one that was just made is accepted by now
        with self.lock:
            count, self.count = self.count, 0
        return count

    def close(self) -> None:
        self.socket.close()
