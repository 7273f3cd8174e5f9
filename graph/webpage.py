"""Stage 0: a saved web page (a news article as .html) as a source's text and metadata.

trafilatura, made for news pages, finds the article's main text and its metadata (title, date, site
name, URL) and leaves out page furniture (navigation, "Also read" boxes, bylines, footers); the
lines it may leave that are furniture all the same are in graph/lexicon/furniture.yaml. The
extracted text, not the page, is what pactgraph stores and checksums. Nothing is fetched: the page
is read as a file, and no link in it is followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import InputError

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD, as the page's metadata gives it
    publisher: str | None
    url: str | None


def is_page(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES


def _furniture() -> tuple[set[str], tuple[str, ...]]:
    from .yamlfile import load_yaml_mapping

    data = load_yaml_mapping(paths.LEXICON / "furniture.yaml")
    return {line.casefold() for line in data["lines"]}, tuple(p.casefold() for p in data["prefixes"])


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decoded(path: Path, data: bytes) -> str:
    """The page as text, in the character set it declares (a <meta> charset), else UTF-8. A page
    that is not what it declares is refused where it breaks, rather than read as Latin-1 whole
    (which turns every accented letter into two)."""
    import codecs

    declared = _CHARSET.search(data[:8192])
    charset = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise InputError(f"{path}: the page declares the character set {charset[:40]!r}, which is not known") from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not {charset} at byte {error.start} ({data[error.start : error.start + 1]!r}), though the page "
            f"{'declares' if declared else 'is read as'} {charset}: save the page again, or give its text as .txt"
        ) from None


def read_page(path: Path, data: bytes) -> Page:
    """The article in a saved page, or InputError naming the file when there is none."""
    try:
        import trafilatura
    except ImportError:
        raise InputError(f"{path}: reading a web page needs trafilatura: pip install 'pactgraph[draft]'") from None
    html = _decoded(path, data)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    found = document.as_dict() if hasattr(document, "as_dict") else (document or {})
    # Invisible format characters (zero-width spaces and joiners, direction marks) that pages use for
    # line breaking would make "Nor\u200bway" a name of its own; the stored text is the extract, so
    # they are left out of it.
    text = _INVISIBLE.sub("", found.get("text") or "")
    lines, prefixes = _furniture()
    kept = []
    for line in text.splitlines():
        words = line.strip()
        bare = re.sub(r"[\s.:!…]+$", "", words).casefold()
        if not words or bare in lines or words.casefold().startswith(prefixes):
            continue
        kept.append(words)
    if not any(len(line.split()) >= 4 for line in kept):  # a menu's words are not an article
        raise InputError(
            f"{path}: no article text found in the page (save the article's own page, or its text as .txt)"
        )
    date = found.get("date")
    return Page(
        text="\n".join(kept) + "\n",
        title=found.get("title") or None,
        published=date if isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None,
        publisher=found.get("sitename") or None,
        url=found.get("url") or None,
    )
