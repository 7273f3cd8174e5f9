"""Writing outputs so that a reader never sees half of them: one file by a rename over it, and a
set of files (the exports; a claims file and a drafts file) through a journal that the next command
completes if a run is killed.

Kept apart from graph.export (which needs rdflib) because every command that reads the exports
first checks for an interrupted build here, and `pactgraph query` starts without rdflib.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .errors import InputError

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the old
    file or the new one, never half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(path.parent, f".{path.name}.", data)
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(path, error) from None


def _cannot_write(path: Path, error: OSError) -> InputError:
    return InputError(f"{path}: cannot write here ({error.strerror or error}); give another output path")


def _write_temporary(directory: Path, prefix: str, data: bytes) -> Path:
    """A new file in `directory` holding `data`, flushed to disk."""
    handle, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=TEMPORARY_SUFFIX)
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp creates 0600; exports are ordinary files
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


# -- files that change together --------------------------------------------------------------------
# `pactgraph build` replaces six files, and a review moves a claim from the drafts file to the claims
# file: a reader must never see some new and some old (a claim in both files, or in neither). Each
# new file is written beside its target under a temporary name of its own; then a journal naming
# every rename (and every file to remove) is written and moved into place in one rename (the commit
# point); then the renames are made and the journal removed. A run killed before the commit point
# leaves the old files (and temporaries, removed by the next run); one killed after it leaves a
# journal, and the next command that takes the lock completes it (recover): either way, the old
# files or the new ones. Writers hold an exclusive lock on the journal's directory throughout.

TEMPORARY_SUFFIX = ".tmp"
JOURNAL = f".{paths.EXPORT_STEM}.commit"


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def locked(*directories: Path) -> Iterator[None]:
    """Exclusive locks on directories themselves (taken in the order given: callers name them in
    one order), so that two writers, or a writer and a recovery, never interleave."""
    descriptors = []
    try:
        for directory in directories:
            descriptor = os.open(directory, os.O_RDONLY)
            descriptors.append(descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in reversed(descriptors):
            os.close(descriptor)


def _complete(journal: Path) -> None:
    """Make the renames and removals a journal names (those not made yet), then remove it. Its
    paths are relative to its directory."""
    home = journal.parent
    changes = json.loads(journal.read_text(encoding="utf-8"))
    directories = {home}
    for target, temporary in changes.items():
        directories.add((home / target).parent)
        if temporary is None:
            (home / target).unlink(missing_ok=True)
        elif (home / temporary).exists():
            os.replace(home / temporary, home / target)
    for directory in directories:
        _fsync_directory(directory)
    journal.unlink()
    _fsync_directory(home)


def _remove_leftovers(directory: Path, pattern: str) -> None:
    """Temporary files a killed run left (there is no journal to complete by now)."""
    for leftover in directory.glob(pattern + TEMPORARY_SUFFIX):
        leftover.unlink(missing_ok=True)


def recover(journal: Path, leftovers: dict[Path, str]) -> None:
    """With the lock held: complete the journal a killed run left, if any, and remove the
    temporaries it left (`leftovers`: directory to the glob pattern of its temporaries)."""
    if journal.exists():
        _complete(journal)
    for directory, pattern in leftovers.items():
        if directory.is_dir():
            _remove_leftovers(directory, pattern)


def commit(changes: dict[Path, bytes | None], journal: Path) -> None:
    """With the lock held: write every file of `changes` (None: remove it) so that they change as
    one (see above), through `journal`."""
    home = journal.parent
    staged: dict[str, str | None] = {}
    try:
        for target, data in changes.items():
            relative = os.path.relpath(target, home)
            if data is None:
                staged[relative] = None
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = _write_temporary(target.parent, f".{target.name}.", data)
            staged[relative] = os.path.relpath(temporary, home)
        temporary_journal = _write_temporary(home, f"{journal.name}.", json.dumps(staged, sort_keys=True).encode())
        os.replace(temporary_journal, journal)  # the commit point
    except BaseException:
        for temporary in staged.values():
            if temporary is not None:
                (home / temporary).unlink(missing_ok=True)
        raise
    _complete(journal)


def recover_exports(directory: Path) -> None:
    """Leave `directory` with one whole set of exports: complete a build that was killed after its
    commit point, and remove what a killed build left. Cheap when there is nothing to do."""
    if not directory.is_dir() or not (
        (directory / JOURNAL).exists() or any(directory.glob(f".{paths.EXPORT_STEM}*{TEMPORARY_SUFFIX}"))
    ):
        return
    try:
        with locked(directory):
            recover(directory / JOURNAL, {directory: f".{paths.EXPORT_STEM}*"})
    except (OSError, ValueError) as error:
        raise InputError(f"{directory}: cannot complete an interrupted build ({error}); run pactgraph build") from None


def write_set(directory: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write files into `directory` so that they change as one set (see above)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with locked(directory):
            recover(directory / JOURNAL, {directory: f".{paths.EXPORT_STEM}*"})
            commit({directory / name: data for name, data in outputs.items()}, directory / JOURNAL)
    except OSError as error:
        raise _cannot_write(directory, error) from None
    return [directory / name for name in outputs]
