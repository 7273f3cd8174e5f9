"""On-disk stores kept for large data files, so that the second query of a big file is fast.

`pactgraph query --data FILE` loads FILE into memory for every query: at a million triples that is
about 3 s and 650 MB each time, for a query that then takes a fraction of a second. For a file
above CACHE_ABOVE bytes, the first query instead loads it once into a persistent Oxigraph store
(graph.store.bulk_load: all or nothing, optimized), kept in the user's cache directory under the
SHA-256 of the file's content; later queries open that store read-only.

A file is known to be unchanged while its size, modification and change times and inode are those
recorded with its digest (as git's index and make trust them): a changed file is hashed again, and
a store no file refers to any more is removed. The cache is bounded (CACHE_BYTES, least recently
used stores removed first). Everything is under one lock, so two queries never build the same store
twice or remove one the other is about to open.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Files at least this large are queried through a cached on-disk store: about 150,000 triples of
# Turtle, which load in memory in about 0.3 s (below, loading again is cheaper than the store's
# slower joins and the digest).
CACHE_ABOVE = 16 * 1024 * 1024
# The cache's bound: when the stores in it take more, the least recently used go.
CACHE_BYTES = 8 * 1024**3
INDEX = "index.json"
_HASH_CHUNK = 1 << 20


def cache_directory() -> Path:
    """$XDG_CACHE_HOME/pactgraph/stores, or ~/.cache/pactgraph/stores (the XDG base directory
    specification: a relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "pactgraph" / "stores"


def store_for_file(path: Path) -> Path | None:
    """The cached store of a large file (see cached_store); None for a small file, or when the
    cache cannot be written (a read-only home, a full disk: said on stderr, and the query then
    loads the file in memory as for a small one)."""
    if path.stat().st_size < CACHE_ABOVE:
        return None
    try:
        return cached_store(path)
    except OSError as error:
        print(
            f"pactgraph: cannot keep a store of {path} in {cache_directory()} ({error.strerror or error}); "
            "loading it in memory",
            file=sys.stderr,
        )
        return None


def backend_for_file(path: Path):
    """An Oxigraph backend over an RDF file: its cached store on disk for a large file (as `pactgraph
    query --data` keeps), else the file loaded in memory."""
    from .store import OxigraphBackend

    cached = store_for_file(path)
    return OxigraphBackend.open(cached) if cached is not None else OxigraphBackend.from_file(path)


def file_digest(path: Path) -> str:
    """SHA-256 of the file's content, read a megabyte at a time (bounded memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _identity(path: Path) -> list[int]:
    """What changes when the file is written, replaced or touched."""
    status = path.stat()
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def cached_store(path: Path, directory: Path | None = None) -> Path:
    """The location of an optimized on-disk store holding exactly `path`'s data: found in the
    cache, or made there now. OSError if the cache directory cannot be written."""
    from .store import bulk_load, is_store

    directory = directory or cache_directory()
    path = path.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        index = _read_index(directory)
        entry = index.get(str(path))
        identity = _identity(path)
        if entry is None or entry.get("identity") != identity:
            entry = {"identity": identity, "sha256": file_digest(path)}
            index[str(path)] = entry
        location = directory / entry["sha256"]
        if not is_store(location):
            bulk_load([path], location)
        entry["used"] = time.time()
        _remove_unreferenced(directory, index)
        _bound(directory, index, keep=entry["sha256"])
        _write_index(directory, index)
    return location


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    descriptor = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _read_index(directory: Path) -> dict[str, dict]:
    try:
        index = json.loads((directory / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: the stores are found again by digest
    return index if isinstance(index, dict) else {}


def _write_index(directory: Path, index: dict[str, dict]) -> None:
    """Written beside and renamed into place: a reader never sees half an index."""
    staging = directory / f".{INDEX}.{os.getpid()}"
    staging.write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
    staging.replace(directory / INDEX)


def _stores(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.is_dir() and len(p.name) == 64 and not p.name.startswith(".")]


def _remove_unreferenced(directory: Path, index: dict[str, dict]) -> None:
    """Forget files that are gone, and remove the stores no file refers to (a changed file's old
    content)."""
    for name in [name for name in index if not Path(name).exists()]:
        del index[name]
    referenced = {entry["sha256"] for entry in index.values()}
    for store in _stores(directory):
        if store.name not in referenced:
            _remove(directory, store.name)


def _size(location: Path) -> int:
    return sum(f.stat().st_size for f in location.rglob("*") if f.is_file())


def _bound(directory: Path, index: dict[str, dict], keep: str) -> None:
    """Remove the least recently used stores until the cache is within CACHE_BYTES (never `keep`,
    the store about to be used)."""
    sizes = {store.name: _size(store) for store in _stores(directory)}
    total = sum(sizes.values())
    used: dict[str, float] = {}
    for entry in index.values():
        used[entry["sha256"]] = max(used.get(entry["sha256"], 0.0), entry.get("used", 0.0))
    for digest in sorted(sizes, key=lambda d: used.get(d, 0.0)):
        if total <= CACHE_BYTES:
            break
        if digest == keep:
            continue
        _remove(directory, digest)
        total -= sizes[digest]
        for name in [name for name, entry in index.items() if entry["sha256"] == digest]:
            del index[name]


def _remove(directory: Path, digest: str) -> None:
    """A store, and the lock file its load left beside it."""
    shutil.rmtree(directory / digest, ignore_errors=True)
    (directory / f".{digest}.lock").unlink(missing_ok=True)
