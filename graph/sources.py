"""Stage 1: source documents, their metadata, and the checksum that pins their text.

Each source is a text file shipped unchanged in graph/sources/, beside a `<id>.meta.yaml` that gives
its publisher (as the text gives it), publication date, language and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from graph import files
from graph.errors import InputError, excerpt
from graph.yamlfile import load_yaml_mapping

META_SUFFIX = ".meta.yaml"
REQUIRED_KEYS = ("id", "text", "title", "publisher", "published", "language", "sha256")
OPTIONAL_KEYS = ("note", "url")


@dataclass(frozen=True)
class Source:
    id: str
    text_path: Path
    meta_path: Path
    text: str
    title: str
    publisher: str
    published: dt.date
    language: str
    sha256: str
    note: str | None = None
    url: str | None = None

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of `quote`, or None."""
        start = self.text.find(quote)
        return None if start < 0 else (start, start + len(quote))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_source(meta_path: Path) -> Source:
    meta = load_yaml_mapping(meta_path)
    missing = [key for key in REQUIRED_KEYS if key not in meta]
    if missing:
        raise InputError(f"{meta_path}: missing {', '.join(missing)} (every source needs {', '.join(REQUIRED_KEYS)})")
    unknown = sorted(set(meta) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise InputError(
            f"{meta_path}: unknown key {excerpt(unknown[0])} (allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})"
        )
    expected_id = meta_path.name[: -len(META_SUFFIX)]
    if meta["id"] != expected_id:
        raise InputError(f"{meta_path}: id {excerpt(meta['id'])} must match the file name ({expected_id!r})")
    try:
        published = dt.date.fromisoformat(str(meta["published"]))
    except ValueError:
        raise InputError(
            f"{meta_path}: published {excerpt(meta['published'])} is not a date (write YYYY-MM-DD)"
        ) from None
    text_path = meta_path.parent / str(meta["text"])
    data = files.read_bytes(text_path, "text")
    actual = sha256_of(data)
    if actual != meta["sha256"]:
        raise InputError(
            f"{text_path}: text does not match the sha256 in {meta_path.name} "
            f"(sources ship unchanged; if this new text is intended, set sha256: {actual})"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{text_path}: not UTF-8 at byte {error.start} (save the source as UTF-8)") from None
    return Source(
        id=meta["id"],
        text_path=text_path,
        meta_path=meta_path,
        text=text,
        title=str(meta["title"]),
        publisher=str(meta["publisher"]),
        published=published,
        language=str(meta["language"]),
        sha256=actual,
        note=meta.get("note"),
        url=meta.get("url"),
    )


def load_sources(directory: Path) -> dict[str, Source]:
    """Every source in `directory`, by id."""
    metas = sorted(directory.glob("*" + META_SUFFIX))
    if not metas:
        raise InputError(f"{directory}: no source metadata (*{META_SUFFIX}) found")
    return {source.id: source for source in map(load_source, metas)}
