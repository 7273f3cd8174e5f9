"""Stage 2: curated claims, read from YAML and checked against their sources' text.

A claims file (graph/claims/<source-id>.yaml; format in graph/claims/README.md) lists one claim per
fact, each citing the sentence or sentences of the source it rests on. This stage knows nothing of
RDF: it checks the file's structure and every citation, and hands the build plain `Claim` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, excerpt, where
from .prefixes import PREFIXES
from .sources import Source
from .yamlfile import load_yaml_mapping

CLAIM_KEYS = ("id", "sentence", "about", "type", "label", "aliases", "same_as", "not_specified", "facts")
# A draft claim (graph/drafts/, proposed by pactgraph draft) also says how sure its rule is and which
# rule proposed it; a reviewed claim has neither.
DRAFT_KEYS = ("confidence", "reason")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# An entity reference: "<kind>/<slug>", e.g. person/denys-shmyhal or country/UA.
REF_PATTERN = re.compile(r"^[a-z][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9-]*$")
# An IRI of another dataset, as a prefixed name of graph.prefixes, e.g. wd:Q212.
CURIE_PATTERN = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z0-9_-]+)$")


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    id: str
    file: Path
    source: Source
    evidence: tuple[Evidence, ...]
    about: str
    type: str | None = None
    label: str | None = None
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    not_specified: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    draft: bool = False  # proposed by a machine, not yet reviewed
    confidence: float | None = None
    reason: str | None = None

    @property
    def where(self) -> str:
        return where(self.file, self.id)


def is_ref(value: object) -> bool:
    return isinstance(value, str) and bool(REF_PATTERN.match(value))


def _evidence(raw: object, source: Source, place: str) -> tuple[Evidence, ...]:
    quotes = raw if isinstance(raw, list) else [raw]
    if not quotes or not all(_is_number(q) or (isinstance(q, str) and q.strip()) for q in quotes):
        raise InputError(
            f"{place}: 'sentence' must be the quoted sentence or its number (see: pactgraph sentences {source.id}), or a list of them"
        )
    found = []
    for quote in quotes:
        if _is_number(quote):
            found.append(_numbered(quote, source, place))
            continue
        span = source.find(quote)
        if span is None:
            raise InputError(
                f"{place}: sentence {excerpt(quote, 60)} is not in {source.text_path} "
                "(copy it from the source exactly, punctuation and apostrophes included)"
            )
        found.append(Evidence(quote, *span))
    return tuple(found)


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _numbered(number: int, source: Source, place: str) -> Evidence:
    """Sentence `number` of the source (as `pactgraph sentences` prints them), exactly as it stands."""
    from .sentences import sentences

    numbered = sentences(source.text)
    if not 1 <= number <= len(numbered):
        raise InputError(
            f"{place}: sentence {number} does not exist: {source.id} has sentences 1 to {len(numbered)} "
            f"(see: pactgraph sentences {source.id})"
        )
    sentence = numbered[number - 1]
    return Evidence(sentence.text, sentence.start, sentence.end)


def _strings(raw: dict, key: str, place: str) -> tuple[str, ...]:
    """A key that holds one string or a list of strings."""
    value = raw.get(key) or []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise InputError(f"{place}: {key!r} must be a string or a list of strings")
    return tuple(values)


def _check_strings(value: object, place: str) -> None:
    """Refuse any string of a claim that holds an invisible or control character (a NUL made the
    GraphML export invalid XML; a zero-width space made a second Norway)."""
    from .sources import check_text

    if isinstance(value, str):
        check_text(value, place)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(item, f"{place}: {key}")
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, place)


def _claim(raw: object, index: int, path: Path, source: Source, draft: bool = False) -> Claim:
    if not isinstance(raw, dict):
        raise InputError(f"{path}: claim #{index + 1} is not a mapping (start it with '- id: ...')")
    claim_id = raw.get("id")
    if not isinstance(claim_id, str) or not ID_PATTERN.match(claim_id):
        raise InputError(f"{path}: claim #{index + 1} needs an 'id' of lower-case letters, digits and hyphens")
    place = where(path, claim_id)
    allowed = CLAIM_KEYS + DRAFT_KEYS if draft else CLAIM_KEYS
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        hint = (
            " (confidence and reason belong to drafts: drop them when accepting a draft)"
            if unknown[0] in DRAFT_KEYS
            else ""
        )
        raise InputError(f"{place}: unknown key {excerpt(unknown[0])} (a claim has {', '.join(allowed)}){hint}")
    confidence = raw.get("confidence")
    if draft and not (
        isinstance(confidence, int | float) and not isinstance(confidence, bool) and 0 <= confidence <= 1
    ):
        raise InputError(f"{place}: a draft claim needs a 'confidence' from 0 to 1, not {excerpt(confidence)}")
    if draft and not (isinstance(raw.get("reason"), str) and raw["reason"].strip()):
        raise InputError(f"{place}: a draft claim needs a 'reason' (the rule that proposed it)")
    if "sentence" not in raw:
        raise InputError(f"{place}: no 'sentence' (every claim cites the sentence it rests on)")
    about = raw.get("about")
    if not is_ref(about):
        raise InputError(
            f"{place}: 'about' must be an entity reference like person/denys-shmyhal, not {excerpt(about)}"
        )
    facts = raw.get("facts") or {}
    if not isinstance(facts, dict):
        raise InputError(f"{place}: 'facts' must be a mapping of property: value")
    if not (
        raw.get("type")
        or raw.get("label")
        or raw.get("same_as")
        or raw.get("aliases")
        or raw.get("not_specified")
        or facts
    ):
        raise InputError(
            f"{place}: the claim states nothing (give a type, a label, aliases, same_as, not_specified or facts)"
        )
    for key in ("type", "label"):
        if key in raw and not isinstance(raw[key], str):
            raise InputError(f"{place}: {key!r} must be a single string")
    same_as = raw.get("same_as") or []
    same_as = same_as if isinstance(same_as, list) else [same_as]
    for curie in same_as:
        match = CURIE_PATTERN.match(curie) if isinstance(curie, str) else None
        if not match or match.group(1) not in PREFIXES:
            raise InputError(f"{place}: same_as: {excerpt(curie)} is not a prefixed name such as wd:Q212")
    _check_strings(raw, place)
    return Claim(
        id=claim_id,
        file=path,
        source=source,
        evidence=_evidence(raw["sentence"], source, place),
        about=about,
        type=raw.get("type"),
        label=raw.get("label"),
        aliases=_strings(raw, "aliases", place),
        same_as=tuple(same_as),
        not_specified=_strings(raw, "not_specified", place),
        facts=dict(facts),
        draft=draft,
        confidence=float(confidence) if draft else None,
        reason=raw.get("reason") if draft else None,
    )


def load_claims_file(
    path: Path, sources: dict[str, Source], draft: bool = False, errors: list[str] | None = None
) -> list[Claim]:
    """The claims of one file, each checked; with `errors`, a bad claim's error is added there and
    the claim left out (the others are still read), instead of stopping at it."""
    data = load_yaml_mapping(path)
    source_id = data.get("source")
    if not isinstance(source_id, str) or source_id not in sources:
        known = ", ".join(sorted(sources))
        raise InputError(f"{path}: 'source: {excerpt(source_id)}' names no source in graph/sources (known: {known})")
    raw_claims = data.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise InputError(f"{path}: expected a non-empty list under 'claims:'")
    unknown = sorted(set(data) - {"source", "claims"})
    if unknown:
        raise InputError(f"{path}: unknown top-level key {excerpt(unknown[0])} (a claims file has source and claims)")
    claims = []
    for i, raw in enumerate(raw_claims):
        try:
            claims.append(_claim(raw, i, path, sources[source_id], draft))
        except InputError as error:
            if errors is None:
                raise
            errors.append(str(error))
    seen: set[str] = set()
    kept = []
    for claim in claims:
        if claim.id in seen:
            message = f"{claim.where}: the id is used twice in this file (ids must be unique)"
            if errors is None:
                raise InputError(message)
            errors.append(message)
            continue
        seen.add(claim.id)
        kept.append(claim)
    return kept


def load_claims(directory: Path, sources: dict[str, Source]) -> list[Claim]:
    """Every claim in `directory`, in file order then claim order."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputError(f"{directory}: no claims files (*.yaml) found")
    return [claim for path in files for claim in load_claims_file(path, sources)]


def load_drafts(directory: Path, sources: dict[str, Source]) -> list[Claim]:
    """Every draft claim in `directory` (graph/drafts/), marked as drafts; none if it is empty."""
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    return [claim for path in files for claim in load_claims_file(path, sources, draft=True)]
