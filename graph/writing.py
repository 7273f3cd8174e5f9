"""Writing outputs so that a reader never sees half of them: one file by a rename over it, and a
set of files (the exports) through a journal that the next command completes if a run is killed.

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


# -- the exports as one set -----------------------------------------------------------------------
# `pactgraph build` replaces six files, and a reader must never see some new and some old. Each new
# file is written beside its target under a temporary name; then a journal naming every rename is
# written and moved into place in one rename (the commit point); then the renames are made and the
# journal removed. A run killed before the commit point leaves the old set (and temporary files);
# one killed after it leaves a journal, and the next command that reads the exports completes the
# renames (recover_exports): either way, the old set or the new one.

TEMPORARY_SUFFIX = ".tmp"
JOURNAL = f".{paths.EXPORT_STEM}.commit"


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on the directory itself, so that two builds, or a build and a recovery,
    never interleave their renames."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _complete(directory: Path) -> None:
    """Make the renames a journal names (those not made yet), then remove the journal."""
    journal = directory / JOURNAL
    renames = json.loads(journal.read_text(encoding="utf-8"))
    for target, temporary in renames.items():
        if (directory / temporary).exists():
            os.replace(directory / temporary, directory / target)
    _fsync_directory(directory)
    journal.unlink()
    _fsync_directory(directory)


def _remove_leftovers(directory: Path) -> None:
    """Temporary files a killed run left (there is no journal to complete by now)."""
    for leftover in directory.glob(f".{paths.EXPORT_STEM}*{TEMPORARY_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def recover_exports(directory: Path) -> None:
    """Leave `directory` with one whole set of exports: complete a build that was killed after its
    commit point, and remove what a killed build left. Cheap when there is nothing to do."""
    if not directory.is_dir() or not (
        (directory / JOURNAL).exists() or any(directory.glob(f".{paths.EXPORT_STEM}*{TEMPORARY_SUFFIX}"))
    ):
        return
    try:
        with _locked(directory):
            if (directory / JOURNAL).exists():
                _complete(directory)
            _remove_leftovers(directory)
    except (OSError, ValueError) as error:
        raise InputError(f"{directory}: cannot complete an interrupted build ({error}); run pactgraph build") from None


def write_set(directory: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write files into `directory` so that they change as one set (see above)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with _locked(directory):
            if (directory / JOURNAL).exists():
                _complete(directory)
            _remove_leftovers(directory)
            staged = {name: _write_temporary(directory, f".{name}.", data).name for name, data in outputs.items()}
            journal = _write_temporary(directory, f"{JOURNAL}.", json.dumps(staged, sort_keys=True).encode())
            os.replace(journal, directory / JOURNAL)  # the commit point
            _complete(directory)
    except OSError as error:
        raise _cannot_write(directory, error) from None
    return [directory / name for name in outputs]
