"""Re-run every `$ pactgraph ...` session in README.md and write its real output back:
`python tests/regenerate_readme.py` (from the project root, after `pactgraph build`).
tests/test_docs.py fails when a session in the README no longer matches its command."""

import re
import shlex
from pathlib import Path

from pactgraph.cli import main

from tests.cli import Runner

README = Path(__file__).resolve().parent.parent / "README.md"
SESSION = re.compile(r"(```console\n\$ (.+?)\n)(.*?)(```)", flags=re.S)


def rerun(match: re.Match) -> str:
    result = Runner().invoke(main, shlex.split(match.group(2))[1:])
    if result.exit_code != 0:
        raise SystemExit(f"{match.group(2)}: exit {result.exit_code}: {result.stderr}")
    return match.group(1) + result.output.replace("\r\n", "\n") + match.group(4)


if __name__ == "__main__":
    README.write_text(SESSION.sub(rerun, README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"rewrote the sessions in {README.name}")
