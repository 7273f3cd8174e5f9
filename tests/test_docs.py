"""The README tells the truth: its sessions print what the commands print, it documents every
command, and .ci/run runs its test command."""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

import pytest
from pactgraph.cli import main

from tests.cli import Runner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SESSIONS = re.findall(r"```console\n\$ (.+?)\n(.*?)```", README, flags=re.S)


def test_readme_has_sessions():
    assert len(SESSIONS) >= 3


@pytest.mark.parametrize(("command", "expected"), SESSIONS, ids=[c[:40] for c, _ in SESSIONS])
def test_readme_session_prints_what_the_command_prints(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)  # the README runs from the project root, on the committed exports/
    args = shlex.split(command)
    assert args[0] == "pactgraph"
    result = Runner().invoke(main, args[1:])
    assert result.exit_code == 0, result.stderr
    assert result.output.replace("\r\n", "\n") == expected


def test_readme_documents_every_command():
    for name in main.commands:
        assert f"`pactgraph {name}" in README, f"README does not document `pactgraph {name}`"


def test_ci_runs_the_readme_test_command():
    install_and_test = re.search(r"\*\*Install and test:\*\*\n\n```sh\n(.+?)\n```", README).group(1)
    assert install_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_session_prints_what_python_prints(monkeypatch):
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    (session,) = re.findall(r"```pycon\n(.*?)```", README, flags=re.S)
    example = doctest.DocTestParser().get_doctest(session, {}, "README.md", str(ROOT / "README.md"), 0)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(example, out=report.write)
    assert runner.failures == 0, report.getvalue()
