"""Running the command line in tests so that a crash cannot pass for a clean exit.

CliRunner's default swallows exceptions (a crash gives an empty output and exit code 1, and a
check for "Traceback" in the output passes), so `invoke` lets every exception through: the test
fails with the crash. `command` runs `pactgraph` in a process of its own, for what must be seen
from outside: exit codes of crashes, memory, signals.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from click.testing import CliRunner, Result
from pactgraph.cli import main


class Runner(CliRunner):
    """CliRunner that lets exceptions through (`Runner().invoke(main, [...])`)."""

    def invoke(self, *args, **kwargs) -> Result:
        kwargs.setdefault("catch_exceptions", False)
        return super().invoke(*args, **kwargs)


def invoke(*args: str, env: dict | None = None) -> Result:
    return Runner().invoke(main, list(args), env=env)


def run_group(argv: list[str], timeout: float, **popen) -> tuple[int, str, str]:
    """Run `argv` in a session of its own; on a timeout, kill it and every child it started (a
    command that hangs or fills memory must not outlive its test). Returns (code, stdout, stderr)."""
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **popen
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return process.returncode, stdout, stderr


def command(*args: str, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """`pactgraph ARGS` in a process of its own, killed with all its children after `timeout` s."""
    argv = [sys.executable, "-m", "pactgraph.cli", *args]
    code, stdout, stderr = run_group(argv, timeout, env={**os.environ, **(env or {})})
    return subprocess.CompletedProcess(argv, code, stdout, stderr)


def one_line_error(stderr: str, exit_code: int, expected: int = 2) -> str:
    """The one line of a user error, checked: the expected exit code, one line, no traceback,
    and short."""
    lines = stderr.strip().splitlines()
    assert exit_code == expected, f"exit {exit_code}: {stderr[:2000]}"
    assert len(lines) == 1, f"{len(lines)} lines: {stderr[:2000]}"
    assert "Traceback" not in stderr
    assert len(lines[0]) <= 1000, f"a {len(lines[0])}-character error line"
    return lines[0]


def folder_options(root) -> list[str]:
    """--sources, --claims and --drafts for the folders of that name under `root`."""
    return ["--sources", str(root / "sources"), "--claims", str(root / "claims"), "--drafts", str(root / "drafts")]
