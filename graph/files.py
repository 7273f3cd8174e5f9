"""Reading input files with bounds: only regular files, and each kind of file under a size limit.

A FIFO would make a command wait forever and /dev/zero would fill memory, so every input is
opened without blocking and refused unless it is a regular file. Every file read whole has a size
limit by kind (DEFAULT_LIMITS); setting PACTGRAPH_MAX_FILE_SIZE (bytes, or with a unit: 500MB,
4GB) raises or lowers every limit at once.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import InputError

ENV_LIMIT = "PACTGRAPH_MAX_FILE_SIZE"
MB = 1_000_000
DEFAULT_LIMITS = {
    "query": 1 * MB,  # a SPARQL query file
    "yaml": 16 * MB,  # claims and source metadata
    "text": 16 * MB,  # a source document
    "rdf": 2_000 * MB,  # an RDF file read into memory (query --data, serve, render, validate, push)
}
_UNITS = {"": 1, "b": 1, "kb": 1_000, "mb": MB, "gb": 1_000 * MB, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def parse_size(text: str, name: str = ENV_LIMIT) -> int:
    """A size in bytes from "1000", "500MB", "4GB" (`name` is what gave it, for the message)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = match.group(2).lower() if match else None
    if not match or unit not in _UNITS:
        shown = f"{name}={text[:40]!r}" if name == ENV_LIMIT else f"{name} {text[:40]!r}"
        raise InputError(f"{shown} is not a size (write bytes, or e.g. 500MB or 4GB)")
    return int(float(match.group(1)) * _UNITS[unit])


def limit(kind: str) -> int:
    """The size limit for a kind of file, in bytes."""
    override = os.environ.get(ENV_LIMIT)
    return parse_size(override) if override else DEFAULT_LIMITS[kind]


def _too_large(path: Path, size: int, kind: str) -> InputError:
    return InputError(
        f"{path}: {size:,} bytes is over the {limit(kind):,}-byte limit for a {kind} file "
        f"(set {ENV_LIMIT}, e.g. {ENV_LIMIT}=4GB, to allow larger files)"
    )


# File systems whose "files" are the kernel's views (a process's environment, its memory, devices):
# regular files by their type, never a document. A symbolic link may lead there.
PSEUDO_FILE_SYSTEMS = ("/proc", "/sys", "/dev")


def _open_regular(path: Path) -> int:
    """A descriptor of `path`, opened without blocking (a FIFO would wait for a writer), and
    checked to be a regular file outside the kernel's pseudo file systems."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError) as error:
        raise InputError(f"{excerpt_path(path)}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    if any(real == top or real.startswith(top + "/") for top in PSEUDO_FILE_SYSTEMS):
        raise InputError(
            f"{excerpt_path(path)}: is {real}, a file of the system, not a regular file (give a document of your own)"
        )
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{excerpt_path(path)}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{excerpt_path(path)}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{excerpt_path(path)}: cannot read ({error.strerror})") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        what = "a directory" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise InputError(f"{path}: is {what}, not a regular file (give a file)")
    return descriptor


def excerpt_path(path: Path | str) -> str:
    """A path as a message shows it: cut in the middle if it is long (a 300-character argument is
    still one short line)."""
    text = str(path)
    return text if len(text) <= 160 else f"{text[:80]}...{text[-60:]}"


def exists(path: Path) -> bool:
    """Whether `path` exists; False, not an error, for a name the system refuses (too long)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def is_file(path: Path) -> bool:
    """Whether `path` is a file; False, not an error, for a name the system refuses (too long)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def check_file(path: Path, kind: str | None) -> int:
    """Check that `path` is a regular file, within the limit for `kind` unless None (a file that is
    streamed, not read whole); for files that a parser reads by path. Returns its size."""
    descriptor = _open_regular(path)
    try:
        size = os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)
    if kind is not None and size > limit(kind):
        raise _too_large(path, size, kind)
    return size


def read_bytes(path: Path, kind: str) -> bytes:
    """The whole of a regular file, refused if it is over the limit for `kind` (read at most one
    byte more than the limit, whatever the file system says its size is)."""
    descriptor = _open_regular(path)
    bound = limit(kind)
    try:
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(bound + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if len(data) > bound:
        raise _too_large(path, os.stat(path).st_size, kind)
    return data


def read_text(path: Path, kind: str) -> str:
    """A regular file within its limit, as UTF-8 text."""
    data = read_bytes(path, kind)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 at byte {error.start} (save the file as UTF-8)") from None


def read_start(path: Path, size: int) -> bytes:
    """The first `size` bytes of a regular file."""
    with os.fdopen(_open_regular(path), "rb") as stream:
        return stream.read(size)


def contains(path: Path, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether a regular file contains `needle`, read in chunks: memory stays at one chunk, however
    large the file."""
    descriptor = _open_regular(path)
    with os.fdopen(descriptor, "rb") as stream:
        tail = b""
        while block := stream.read(chunk):
            if needle in tail + block:
                return True
            tail = block[-(len(needle) - 1) :] if len(needle) > 1 else b""
    return False
