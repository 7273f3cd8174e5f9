"""Stage 1: source documents, their metadata, and the checksum that pins their text.

Each source is a text file shipped unchanged in graph/sources/, beside a `<id>.meta.yaml` that gives
its publisher (as the text gives it), publication date (as precise as known: a day, a month or a
year, with a note on how it was inferred), language and SHA-256. A copy of another source (a wire
report republished) names the original with `copy_of`, so that it is not counted as a second,
independent source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import files
from .errors import InputError, excerpt
from .yamlfile import load_yaml_mapping

META_SUFFIX = ".meta.yaml"
REQUIRED_KEYS = ("id", "text", "title", "publisher", "published", "language", "sha256")
OPTIONAL_KEYS = ("note", "url", "published_note", "copy_of")
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Characters no text here may hold: C0 and C1 controls but tab and line ends (XML 1.0, and so
# GraphML and the page, cannot carry them), and the invisible format characters (zero-width space,
# joiners, bidirectional marks) that make "Nor\u200bway" a second Norway.
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]"
)
# A URL a source may give: http or https, and none of the characters an IRI may not hold (RFC 3987).
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


def unprintable(text: str) -> re.Match | None:
    """The first character of `text` that no text here may hold (see _UNPRINTABLE), if any."""
    return _UNPRINTABLE.search(text)


def check_text(text: str, place: str) -> None:
    """Refuse text with an unprintable character, naming it and where it is."""
    found = unprintable(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise InputError(
            f"{place}: an invisible or control character (U+{ord(found.group()):04X}) at line {line}, "
            f"column {found.start() - text.rfind(chr(10), 0, found.start())}: remove it"
        )


def check_url(url: object, place: str) -> str:
    """`url` if it is an http or https URL that can be an IRI, else InputError."""
    if not isinstance(url, str) or not _URL.fullmatch(url):
        raise InputError(
            f"{place}: {excerpt(url)} is not an http(s) URL (no spaces, quotes, angle brackets or braces; "
            "percent-encode them: a space is %20)"
        )
    return url


@dataclass(frozen=True)
class Published:
    """A publication date as precise as it is known: "2025-11-30", "2025-11" or "2025"."""

    text: str

    @classmethod
    def parse(cls, value: object) -> Published:
        text = str(value)
        match = _PUBLISHED.fullmatch(text)  # not match: "$" would let a newline after the date through
        if not match:
            raise ValueError(text)
        if match.group(3):
            dt.date.fromisoformat(text)  # a real day
        elif match.group(2) and not 1 <= int(match.group(2)) <= 12:
            raise ValueError(text)
        return cls(text)

    @property
    def year(self) -> int:
        return int(self.text[:4])

    @property
    def day(self) -> dt.date | None:
        """The day, when it is known."""
        return dt.date.fromisoformat(self.text) if len(self.text) == 10 else None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Source:
    id: str
    text_path: Path
    meta_path: Path
    text: str
    title: str
    publisher: str
    published: Published
    language: str
    sha256: str
    note: str | None = None
    url: str | None = None
    published_note: str | None = None
    copy_of: str | None = None

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of `quote`, or None."""
        start = self.text.find(quote)
        return None if start < 0 else (start, start + len(quote))


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def slugify(text: str) -> str:
    """A readable slug: lower-case letters and digits, hyphens between ("Tore O. Sandvik" ->
    tore-o-sandvik), accents dropped rather than the letters that bear them ("BAE Systems Hägglunds"
    -> bae-systems-hagglunds, "Støre" -> store). Here, not in graph.build, so that drafting does not
    import rdflib."""
    letters = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSED))
    unaccented = "".join(c for c in letters if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", unaccented).strip("-")


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
        published = Published.parse(meta["published"])
    except ValueError:
        raise InputError(
            f"{meta_path}: published {excerpt(meta['published'])} is not a date "
            "(write YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known, quoted)"
        ) from None
    if meta.get("url") is not None:
        check_url(meta["url"], f"{meta_path}: url")
    for key in ("title", "publisher", "note", "published_note"):
        if meta.get(key) is not None:
            check_text(str(meta[key]), f"{meta_path}: {key}")
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
    check_text(text, str(text_path))
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
        published_note=meta.get("published_note"),
        copy_of=meta.get("copy_of"),
    )


def load_sources(directory: Path) -> dict[str, Source]:
    """Every source in `directory`, by id."""
    metas = sorted(directory.glob("*" + META_SUFFIX))
    if not metas:
        raise InputError(f"{directory}: no source metadata (*{META_SUFFIX}) found")
    sources = {source.id: source for source in map(load_source, metas)}
    originals: dict[str, Source] = {}  # a text's SHA-256: the source that is not a copy
    for source in sources.values():
        if source.copy_of is not None:
            if source.copy_of not in sources:
                raise InputError(
                    f"{source.meta_path}: copy_of {excerpt(source.copy_of)} names no source in {directory} "
                    f"(known: {', '.join(sorted(sources))})"
                )
            continue
        first = originals.setdefault(source.sha256, source)
        if first is not source:
            # The same text twice would count as two independent sources of every fact in it.
            raise InputError(
                f"{source.meta_path}: the same text as {first.id} (the same SHA-256): register it once, or mark "
                f"the copy with copy_of: {first.id}"
            )
    return sources


def add_source(
    text_file: Path,
    directory: Path,
    *,
    publisher: str | None,
    published: str | None,
    title: str | None = None,
    url: str | None = None,
    note: str | None = None,
    source_id: str | None = None,
    language: str = "en",
    published_note: str | None = None,
    copy_of: str | None = None,
) -> Source:
    """Register a source: copy its text into `directory` unchanged, and write its metadata with
    the SHA-256 of the text. The title defaults to the text's first line, the id to the title's
    slug. A saved web page (.html) gives its article's text and its metadata (graph.webpage);
    what is given on the command line wins. Every value is checked before anything is written;
    the text and its metadata are written as one (graph.writing.commit), under a lock on the
    directory, and an existing source is never overwritten."""
    import yaml

    from .webpage import is_page, read_page

    data = files.read_bytes(text_file, "text")
    if is_page(text_file):
        page = read_page(text_file, data)
        data = page.text.encode("utf-8")
        title = title or page.title
        url = url or page.url
        publisher = publisher or page.publisher
        if published is None and page.published:
            published = page.published
            published_note = published_note or "From the page's metadata (trafilatura)"
    if not publisher:
        raise InputError(f"{text_file}: give --publisher (the page does not name its publisher)")
    if not published:
        raise InputError(f"{text_file}: give --published YYYY-MM-DD (the page gives no date)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{text_file}: not UTF-8 at byte {error.start} (save the text as UTF-8)") from None
    check_text(text, str(text_file))
    try:
        Published.parse(published)
    except ValueError:
        raise InputError(
            f"--published {excerpt(published)} is not a date (YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known)"
        ) from None
    if url is not None:
        check_url(url, "--url")
    for name, value in (("--publisher", publisher), ("--title", title), ("--note", note)):
        if value is not None:
            check_text(value, name)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = title or first_line[:160]
    if not title:
        raise InputError(f"{text_file}: the text is empty")
    source_id = source_id or slugify(title)[:60].rstrip("-")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", source_id):
        raise InputError(f"--id {excerpt(source_id)}: an id is lower-case letters, digits and hyphens (at most 100)")
    meta_path = directory / f"{source_id}{META_SUFFIX}"
    text_path = directory / f"{source_id}.txt"
    meta = {
        "id": source_id,
        "text": text_path.name,
        "title": title,
        "publisher": publisher,
        "published": published,
        "language": language,
        "sha256": sha256_of(data),
    }
    optional = {"url": url, "note": note, "published_note": published_note, "copy_of": copy_of}
    meta.update({key: value for key, value in optional.items() if value})
    header = f"# Metadata of {text_path.name}, registered with pactgraph add; the text ships unchanged.\n"
    metadata = (header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)).encode()
    from .writing import commit, locked, recover

    directory.mkdir(parents=True, exist_ok=True)
    with locked(directory):
        recover(directory / ADD_JOURNAL, {directory: ".*"})
        if meta_path.exists():
            raise InputError(f"{meta_path}: a source {source_id!r} is already registered (give another --id)")
        if copy_of is not None and not (directory / f"{copy_of}{META_SUFFIX}").is_file():
            raise InputError(f"--copy-of {excerpt(copy_of)}: no such source in {directory}")
        same = _registered_with_text(directory, meta["sha256"])
        if same is not None and copy_of != same:
            raise InputError(
                f"{text_file}: the same text is registered already as {same} (a second id would count it as a "
                f"second, independent source; if it is a republished copy: --copy-of {same})"
            )
        # A text without metadata is what a killed add of an earlier version left: replaced.
        commit({text_path: data, meta_path: metadata}, directory / ADD_JOURNAL)
    return load_source(meta_path)


ADD_JOURNAL = ".add.commit"


def _registered_with_text(directory: Path, sha256: str) -> str | None:
    """The id of a source in `directory` whose text has this SHA-256, if one has."""
    for meta_path in sorted(directory.glob("*" + META_SUFFIX)):
        try:
            meta = load_yaml_mapping(meta_path)
        except InputError:
            continue
        if meta.get("sha256") == sha256:
            return str(meta.get("id"))
    return None
