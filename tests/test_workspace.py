"""An analyst's own graph: a workspace that is theirs, found from where they stand, never inside the
installed package; and a dozen reports that always build together.

Before (issue 24): an installed pactgraph wrote reports into site-packages/pactgraph/sources (an
upgrade or a new venv lost them, two analysts shared one graph), exports went to whatever folder a
command ran in, twelve real reports stopped the build over a second spelling of a post, two reports'
events were merged because both coined programme/ukraine-allocation, an event was linked to one the
graph had when its parties were a subset, and a plain `query` answered from exports without the
drafts, or older than the claims, without a word.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.cli import invoke, one_line_error

ROOT = Path(__file__).resolve().parent.parent
REPORTS = Path(__file__).parent / "data" / "test_workspace"
REPORT = REPORTS / "reports" / "05-germany-loi.txt"


def files_of(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its SHA-256, by path relative to it."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A new workspace, made by `pactgraph init`, with the process standing in it."""
    assert invoke("init", str(tmp_path / "ws")).exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    monkeypatch.delenv("PACTGRAPH_WORKSPACE", raising=False)
    return tmp_path / "ws"


def test_init_makes_a_workspace_with_its_folders_and_settings(workspace):
    assert sorted(p.name for p in workspace.iterdir()) == [
        "claims",
        "drafts",
        "exports",
        "pactgraph.toml",
        "queries",
        "sources",
    ]
    # It starts with the countries reference only (no report of the seed).
    assert sorted(p.name for p in (workspace / "sources").iterdir()) == [
        "countries-reference.meta.yaml",
        "countries-reference.txt",
    ]
    result = invoke("init", str(workspace))
    assert "is a workspace already" in one_line_error(result.stderr, result.exit_code)


def test_commands_find_the_workspace_from_a_folder_inside_it(workspace, monkeypatch):
    result = invoke("add", str(REPORT), "--publisher", "Rhine Courier", "--published", "2025-12-02", "--id", "loi")
    assert result.exit_code == 0, result.stderr
    assert (workspace / "sources" / "loi.txt").is_file()
    inner = workspace / "notes" / "2025"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    result = invoke("build")
    assert result.exit_code == 0, result.stderr
    # The exports go to the workspace's exports/, whatever folder the command ran in.
    assert (workspace / "exports" / "pactgraph.trig").is_file() and not (inner / "exports").exists()
    result = invoke("query", "--format", "csv", "sources")
    assert result.exit_code == 0 and "Rhine Courier" in result.output and result.stderr == ""


def test_outside_a_workspace_a_reader_says_where_it_looked_and_a_writer_says_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PACTGRAPH_WORKSPACE", raising=False)
    result = invoke("query", "ministers")
    line = one_line_error(result.stderr, result.exit_code)
    assert f"no pactgraph workspace in {tmp_path.resolve()} or any folder above it" in line
    result = invoke("add", str(REPORT), "--publisher", "X", "--published", "2025")
    assert "pactgraph init DIR first" in one_line_error(result.stderr, result.exit_code)
    # A file given by --data needs no workspace.
    assert invoke("query", "--data", str(ROOT / "exports" / "pactgraph.trig"), "ministers").exit_code == 0


def test_the_workspace_may_be_given_by_option_or_environment(workspace, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("status", "--workspace", str(workspace))
    assert result.exit_code == 0 and f"workspace {workspace.resolve()}" in result.output
    monkeypatch.setenv("PACTGRAPH_WORKSPACE", str(workspace))
    result = invoke("status")
    assert result.exit_code == 0 and "countries-reference" in result.output


def test_two_workspaces_never_see_each_others_data(tmp_path, monkeypatch):
    monkeypatch.delenv("PACTGRAPH_WORKSPACE", raising=False)
    for name in ("alice", "bob"):
        assert invoke("init", str(tmp_path / name)).exit_code == 0
    monkeypatch.chdir(tmp_path / "alice")
    assert invoke("add", str(REPORT), "--publisher", "Rhine Courier", "--published", "2025-12-02").exit_code == 0
    assert invoke("build").exit_code == 0
    monkeypatch.chdir(tmp_path / "bob")
    assert invoke("build").exit_code == 0
    result = invoke("query", "--format", "csv", "sources")
    assert "Rhine Courier" not in result.output
    assert files_of(tmp_path / "bob" / "sources").keys() == {"countries-reference.meta.yaml", "countries-reference.txt"}


def test_own_named_queries_stand_beside_the_shipped_ones(workspace):
    (workspace / "queries" / "countries.rq").write_text(
        "# Which countries are there?\nSELECT ?label WHERE { ?c a pact:Country ; rdfs:label ?label } ORDER BY ?label\n",
        encoding="utf-8",
    )
    assert invoke("build").exit_code == 0
    listed = invoke("query", "--list").output
    assert "countries             Which countries are there?" in listed and "money-commitments" in listed
    result = invoke("query", "--format", "csv", "countries")
    assert result.exit_code == 0 and result.output.splitlines()[:2] == ["label", "Norway"]


def test_exports_older_than_the_workspace_are_said_to_be(workspace):
    assert invoke("build").exit_code == 0
    result = invoke("query", "ministers")
    assert result.exit_code == 0 and result.stderr == ""
    assert "exports: current" in invoke("status").output
    assert invoke("add", str(REPORT), "--publisher", "Rhine Courier", "--published", "2025-12-02").exit_code == 0
    result = invoke("query", "ministers")
    assert result.exit_code == 0
    assert (
        "warning:" in result.stderr and "is older than sources/" in result.stderr and "pactgraph build" in result.stderr
    )
    status = invoke("status").output
    assert "exports: out of date" in status and re.search(r"germany-ukraine-sign\S*\s+2025-12-02\s+0\s+no\s+0", status)


def test_status_shows_drafts_left_and_query_reads_the_drafts_when_asked(workspace):
    pytest.importorskip("spacy")
    assert (
        invoke("add", str(REPORT), "--publisher", "Rhine Courier", "--published", "2025-12-02", "--id", "loi").exit_code
        == 0
    )
    assert invoke("draft", "loi").exit_code == 0
    drafts = yaml.safe_load((workspace / "drafts" / "loi.yaml").read_text(encoding="utf-8"))["claims"]
    assert re.search(rf"loi\s+2025-12-02\s+0\s+yes\s+{len(drafts)}\b", invoke("status").output)
    assert invoke("build", "--include-drafts").exit_code == 0
    without = invoke("query", "--format", "csv", "signed-agreements")
    assert "Germany" not in without.output  # the reviewed graph has none (its exports are not even built)
    with_drafts = invoke("query", "--format", "csv", "--include-drafts", "signed-agreements")
    assert with_drafts.exit_code == 0 and "Germany" in with_drafts.output


# -- a dozen reports ---------------------------------------------------------------------------------

# What the reports' own words restate of the seed graph (read off the texts, not the drafts): Norway's
# $7 billion for Ukraine in 2026 (report 1), the UK's earlier pledge of long-range attack drones
# (report 11's last sentence), the UK–Ukraine interceptor drone production the seed says was being
# negotiated (report 4), and the co-production agreement signed on 30 November (report 9). A draft
# may link to these; to nothing else the graph has.
RESTATED = {
    "01-norway-budget": {"programme/norway-ukraine-defence-allocation-2026"},
    "11-uk-air-defence": {"programme/uk-long-range-attack-drone-funding"},
    "04-uk-interceptors": {"programme/uk-ukraine-interceptor-drone-production"},
    "09-norway-second-contract": {
        "agreement/ukraine-norway-drone-coproduction",
        "programme/ukraine-norway-drone-coproduction",
    },
}
EVENT_KINDS = ("agreement/", "programme/", "coalition/")


def test_twelve_reports_of_different_events_build_together_with_no_edit(tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    monkeypatch.delenv("PACTGRAPH_WORKSPACE", raising=False)
    assert invoke("init", "--example", str(tmp_path / "ws")).exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    reports = yaml.safe_load((REPORTS / "reports.yaml").read_text(encoding="utf-8"))
    for name, meta in reports.items():
        result = invoke(
            "add",
            str(REPORTS / "reports" / f"{name}.txt"),
            "--id",
            name,
            "--publisher",
            meta["publisher"],
            "--published",
            meta["published"],
        )
        assert result.exit_code == 0, result.stderr
    assert invoke("draft", *reports, "--jobs", "2").exit_code == 0
    result = invoke("build", "--include-drafts")
    assert result.exit_code == 0, result.stderr
    # Which graphs speak of each event (a report's drafts, the seed's reviewed claims).
    speakers: dict[str, set[str]] = {}
    for name in reports:
        for claim in yaml.safe_load(Path(f"drafts/{name}.yaml").read_text(encoding="utf-8"))["claims"]:
            if claim["about"].startswith(EVENT_KINDS):
                speakers.setdefault(claim["about"], set()).add(name)
    seed = {
        claim["about"]
        for claim in yaml.safe_load(Path("claims/ukraine-norway-drones.yaml").read_text(encoding="utf-8"))["claims"]
    }
    for event, names in speakers.items():
        assert len(names) == 1, f"{event} is spoken of by {sorted(names)}: two reports' events merged"
        (name,) = names
        if event in seed:
            assert event in RESTATED.get(name, set()), f"{name} linked to the seed's {event}, which it does not restate"
        else:
            assert event.endswith(f"--{name}") or re.search(rf"--{name}-\d+$", event), f"{event}: not minted for {name}"


def test_an_event_links_to_the_graphs_only_on_evidence():
    pytest.importorskip("spacy")
    from pactgraph import paths
    from pactgraph.draft import Known

    known = Known(paths.CLAIMS)
    allocation = "programme/norway-ukraine-defence-allocation-2026"
    norway_to_ukraine = {"funder": ["country/NO"], "beneficiary": ["country/UA"]}
    # The same allocation: kind, parties and roles, and the amount (the evidence is said).
    same, evidence = known.matching(
        "Allocation", norway_to_ukraine | {"amount": [{"value": 7_000_000_000, "currency": "USD"}]}
    )
    assert same == allocation and "the same amount (USD 7,000,000,000)" in evidence
    # Another amount, or a total over 2023-2030, is another allocation.
    other, why = known.matching("Allocation", norway_to_ukraine | {"amount": [{"value": 275e9, "currency": "NOK"}]})
    assert other is None and f"{allocation} differs (amount NOK 275,000,000,000 against USD 7,000,000,000)" in why
    assert known.matching("Allocation", norway_to_ukraine | {"plannedFor": ["2030"]})[0] is None
    # Parties alone are no evidence (Norway gives Ukraine money again and again), and one party of
    # an event is not the event ("a Ukraine agreement" is not the Ukraine–Norway agreement).
    unlinked, why = known.matching("Allocation", norway_to_ukraine)
    assert unlinked is None and f"the graph's {allocation} has nothing more in common" in why
    assert known.matching("Agreement", {"party": ["country/UA"], "signedOn": ["2025-11-30"]})[0] is None


# -- the wheel ----------------------------------------------------------------------------------------


def build_wheel(source: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return max(out.glob("pactgraph-*.whl"), key=lambda p: p.stat().st_mtime)


def test_an_installed_pactgraph_keeps_the_analysts_work_out_of_the_package(tmp_path):
    pytest.importorskip("spacy")
    wheel = build_wheel(ROOT, tmp_path / "dist")
    # A later version of the package, to upgrade to.
    newer_tree = tmp_path / "newer"
    shutil.copytree(
        ROOT, newer_tree, ignore=shutil.ignore_patterns(".venv", ".ci", ".git", "*.egg-info", "build", "dist")
    )
    pyproject = newer_tree / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', 'version = "99.0.0"', pyproject.read_text()), encoding="utf-8")
    newer = build_wheel(newer_tree, tmp_path / "dist-newer")
    # A fresh venv whose own site-packages gets the wheel; the dependencies come from this one's.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    (target / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PACTGRAPH_WORKSPACE", "VIRTUAL_ENV", "PYTHONPATH")
    }
    env["PATH"] = f"{venv / 'bin'}:{env['PATH']}"

    def run(*argv: str, cwd: Path) -> str:
        result = subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{argv}: {result.stderr[-2000:]}"
        return result.stdout

    def pip(*args: str) -> None:
        run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", *args, cwd=tmp_path)

    pip(str(wheel))
    package = target / "pactgraph"
    shipped = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("pactgraph/")}

    def package_files() -> set[str]:
        return {
            f"pactgraph/{p.relative_to(package)}"
            for p in package.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    assert package_files() == shipped
    where = run(str(python), "-c", "import pactgraph; print(pactgraph.__file__)", cwd=tmp_path)
    assert where.startswith(str(package)), where  # the wheel's, not this environment's editable install
    # The analyst's session, as the README gives it.
    work = tmp_path / "analyst"
    work.mkdir()
    run("pactgraph", "init", "ws", cwd=work)
    ws = work / "ws"
    run(
        "pactgraph",
        "add",
        str(REPORT),
        "--publisher",
        "Rhine Courier",
        "--published",
        "2025-12-02",
        "--id",
        "loi",
        cwd=ws,
    )
    run("pactgraph", "draft", "loi", cwd=ws)
    drafts = yaml.safe_load((ws / "drafts" / "loi.yaml").read_text(encoding="utf-8"))["claims"]
    person = next(claim["id"] for claim in drafts if claim["about"].startswith("person/"))
    assert run("pactgraph", "review", "loi", "--accept", person, cwd=ws) == f"accepted {person}\n"
    run("pactgraph", "build", "--include-drafts", cwd=ws)
    (ws / "sub" / "folder").mkdir(parents=True)
    answer = run("pactgraph", "query", "ministers", "--include-drafts", cwd=ws / "sub" / "folder")
    assert "Boris Pistorius" in answer
    before = files_of(ws)
    assert package_files() == shipped  # nothing of the analyst's went into the package
    pip("--force-reinstall", str(wheel))
    assert files_of(ws) == before
    pip("--upgrade", str(newer))
    assert (
        run(str(python), "-c", "import importlib.metadata as m; print(m.version('pactgraph'))", cwd=tmp_path)
        == "99.0.0\n"
    )
    assert files_of(ws) == before and package_files() == {
        name for name in zipfile.ZipFile(newer).namelist() if name.startswith("pactgraph/")
    }
    # The workspace still answers after the upgrade.
    assert "Boris Pistorius" in run("pactgraph", "query", "ministers", "--include-drafts", cwd=ws)
