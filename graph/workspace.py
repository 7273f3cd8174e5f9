"""The analyst's workspace: a folder of their own sources, claims, drafts, queries and exports.

The tool and the work are apart, as git, dbt and datasette keep them: the installed package holds
the code, the vocabulary, the shipped named queries and an example workspace (the seed report);
everything an analyst adds lives in a workspace, marked by a settings file (pactgraph.toml) at its
root. A command finds its workspace from --workspace DIR, else $PACTGRAPH_WORKSPACE, else the
current folder and each folder above it, as git finds a repository. Nothing is ever written into the
installed package: an upgrade or a new virtual environment loses nothing, and two workspaces on one
machine never see each other's data.

Its [paths] table names the folders (SETTINGS_TEXT is what `pactgraph init` writes); they may be
moved: the repository's checkout is a workspace whose sources and claims are the package's own,
graph/sources and graph/claims.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import InputError

SETTINGS = "pactgraph.toml"
VARIABLE = "PACTGRAPH_WORKSPACE"
FOLDERS = ("sources", "claims", "drafts", "queries", "exports")
# What the build records in the exports of what it was built from (see Workspace.inputs).
INPUTS = "pactgraph.inputs.json"
# The reference a new workspace starts with: countries, their capitals, codes and Wikidata items.
REFERENCE = "countries-reference"

SETTINGS_TEXT = """\
# A pactgraph workspace: its own sources, claims, drafts, queries and exports (pactgraph init).
# Every pactgraph command run in this folder, or a folder under it, works on this workspace.
[paths]
sources = "sources"
claims = "claims"
drafts = "drafts"
queries = "queries"
exports = "exports"
"""


class NoWorkspace(InputError):
    """No workspace where a command looked for one."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    sources: Path
    claims: Path
    drafts: Path
    queries: Path | None  # the workspace's own named queries, beside the shipped ones
    exports: Path

    @classmethod
    def at(cls, root: Path) -> Workspace:
        """The workspace whose settings file is in `root`."""
        settings_path = root / SETTINGS
        from . import files

        try:
            settings = tomllib.loads(files.read_text(settings_path, "yaml"))
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"{settings_path}: not TOML ({error}); fix it, or run pactgraph init again") from None
        folders = settings.get("paths", {})
        if not isinstance(folders, dict) or not all(isinstance(v, str) for v in folders.values()):
            raise InputError(f'{settings_path}: [paths] gives each folder as a string (sources = "sources")')
        unknown = sorted(set(folders) - set(FOLDERS))
        if unknown:
            raise InputError(f"{settings_path}: [paths] has no {unknown[0]!r} (it has {', '.join(FOLDERS)})")

        def folder(name: str) -> Path:
            return (root / folders.get(name, name)).resolve()

        queries = folder("queries") if "queries" in folders or (root / "queries").is_dir() else None
        return cls(root.resolve(), folder("sources"), folder("claims"), folder("drafts"), queries, folder("exports"))

    def data(self, drafts: bool = False) -> Path:
        """The dataset the queries read: the exports, or the exports with the drafts."""
        return self.exports_of(drafts) / f"{paths.EXPORT_STEM}.trig"

    def exports_of(self, drafts: bool = False) -> Path:
        return self.exports / "drafts" if drafts else self.exports

    def check_writable(self) -> None:
        """Refuse to write into an installed package (a workspace made inside site-packages)."""
        if paths.INSTALLED and _inside(self.root, paths.PACKAGE):
            raise InputError(
                f"{self.root}: is inside the installed package; pactgraph writes nothing there "
                "(make a workspace of your own: pactgraph init DIR)"
            )

    def inputs(self, drafts: bool = False) -> dict[str, str]:
        """What a build of this workspace reads (see inputs_of)."""
        return inputs_of(self.sources, self.claims, self.drafts if drafts else None)

    def stale(self, drafts: bool = False) -> str | None:
        """Why the exports (with `drafts`, those with the drafts) are older than the workspace, in
        words; None when they are current."""
        data = self.data(drafts)
        if not data.is_file():
            return f"{data} has not been built (pactgraph build{' --include-drafts' if drafts else ''})"
        recorded_path = self.exports_of(drafts) / INPUTS
        try:
            recorded = json.loads(recorded_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return f"{data} does not say what it was built from"
        now = self.inputs(drafts)
        changed = sorted(name for name in set(recorded) | set(now) if recorded.get(name) != now.get(name))
        if not changed:
            return None
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        return f"{data} is older than {', '.join(changed[:3])}{more}"


def inputs_of(sources: Path, claims: Path, drafts: Path | None = None) -> dict[str, str]:
    """What a build reads, each file by its SHA-256 under a name relative to its kind of folder, so
    that exports can tell whether they are current: sources, claims, and the drafts if given."""
    found = {}
    folders = [("sources", sources), ("claims", claims)] + ([("drafts", drafts)] if drafts is not None else [])
    for name, folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.suffix in (".yaml", ".txt"):
                found[f"{name}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def find(given: Path | None = None, start: Path | None = None) -> Workspace:
    """The workspace of --workspace `given`, else of $PACTGRAPH_WORKSPACE, else the nearest one at
    or above `start` (the current folder); NoWorkspace, saying where it looked, when there is none."""
    if given is None and os.environ.get(VARIABLE):
        given = Path(os.environ[VARIABLE])
    if given is not None:
        if not (given / SETTINGS).is_file():
            raise NoWorkspace(
                f"{given}: not a pactgraph workspace (no {SETTINGS} there); make one with: pactgraph init {given}"
            )
        return Workspace.at(given)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS).is_file():
            return Workspace.at(folder)
    raise NoWorkspace(
        f"no pactgraph workspace in {here} or any folder above it (looked for {SETTINGS}); make one with "
        f"pactgraph init DIR and run commands in it, or give --workspace DIR (or set {VARIABLE})"
    )


def find_for_writing(given: Path | None = None) -> Workspace:
    """As find(), for a command that writes: its message says how to make a workspace first."""
    try:
        workspace = find(given)
    except NoWorkspace as error:
        raise NoWorkspace(f"{error} (this command writes into a workspace: pactgraph init DIR first)") from None
    workspace.check_writable()
    return workspace


def init(directory: Path, example: bool = False) -> Workspace:
    """Make a workspace in `directory` (new, or an empty folder): its settings file and folders,
    with the countries reference (countries, capitals, codes); with `example`, the shipped seed
    report and its claims too, for a new user to try (the command builds their exports)."""
    if (directory / SETTINGS).exists():
        raise InputError(f"{directory}: is a workspace already ({SETTINGS} is there)")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InputError(f"{directory}: not an empty folder (give a new folder's name)")
    if paths.INSTALLED and _inside(directory, paths.PACKAGE):
        raise InputError(f"{directory}: is inside the installed package; make the workspace elsewhere")
    directory.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        (directory / name).mkdir()
    (directory / SETTINGS).write_text(SETTINGS_TEXT, encoding="utf-8")
    wanted = None if example else (REFERENCE,)
    for kind in ("sources", "claims"):
        for path in sorted((paths.EXAMPLE / kind).iterdir()):
            if path.is_file() and (wanted is None or path.name.split(".")[0] in wanted):
                shutil.copy2(path, directory / kind / path.name)
    return Workspace.at(directory)


@dataclass(frozen=True)
class SourceStatus:
    source: str
    published: str
    claims: int  # reviewed claims
    drafted: bool  # drafted once (its drafts reviewed, or some left)
    drafts_left: int


def survey(workspace: Workspace) -> tuple[list[SourceStatus], list[str]]:
    """Each source of the workspace with its claims and drafts, and a line on each set of exports
    (current, or what is newer than it)."""
    from .sources import load_sources
    from .yamlfile import load_yaml_mapping

    sources = load_sources(workspace.sources) if any(workspace.sources.glob("*.meta.yaml")) else {}

    def count(path: Path) -> int:
        return len(load_yaml_mapping(path).get("claims") or []) if path.is_file() else 0

    rows = []
    for source in sorted(sources.values(), key=lambda s: (s.published.text, s.id)):
        claims_file = workspace.claims / f"{source.id}.yaml"
        drafts_file = workspace.drafts / f"{source.id}.yaml"
        reviewed = count(claims_file)
        drafted = drafts_file.is_file() or (
            claims_file.is_file() and "reviewed from drafts" in claims_file.read_text(encoding="utf-8")
        )
        rows.append(SourceStatus(source.id, source.published.text, reviewed, drafted, count(drafts_file)))
    lines = []
    for drafts, name in ((False, "exports"), (True, "exports with drafts")):
        if not drafts and not workspace.data(False).is_file():
            lines.append(f"{name}: not built (pactgraph build)")
            continue
        if drafts and not workspace.data(True).is_file():
            lines.append(f"{name}: not built (pactgraph build --include-drafts)")
            continue
        stale = workspace.stale(drafts)
        lines.append(f"{name}: {'current' if stale is None else 'out of date: ' + stale}")
    return rows, lines
