"""Stage 1c: a person reviews the drafts: each accepted claim moves to the reviewed claims.

Drafts (graph/drafts/<source>.yaml, written by pactgraph draft) are never facts: a claim becomes one
when a reviewer accepts it, as it stands or edited, and it is then appended to graph/claims/
<source>.yaml, without its confidence and reason, where `git diff` shows it. A rejected draft is
dropped. The drafts file keeps what is still to review, and goes when nothing is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from .claims import DRAFT_KEYS, load_claims_file
from .errors import InputError, PactError, excerpt
from .sources import Source
from .yamlfile import load_yaml_mapping, parse_yaml


@dataclass
class Draft:
    raw: dict  # the claim as the drafts file has it

    @property
    def id(self) -> str:
        return self.raw["id"]

    @property
    def confidence(self) -> float:
        return self.raw.get("confidence", 0)

    @property
    def reason(self) -> str:
        return self.raw.get("reason", "")

    def sentences(self) -> list:
        cited = self.raw.get("sentence")
        return cited if isinstance(cited, list) else [cited]

    def as_claim(self) -> dict:
        """The claim a reviewer accepts: the draft without its confidence and reason."""
        return {key: value for key, value in self.raw.items() if key not in DRAFT_KEYS}


def drafts_path(drafts_dir: Path, source_id: str) -> Path:
    return drafts_dir / f"{source_id}.yaml"


def read_drafts(source: Source, drafts_dir: Path) -> list[Draft]:
    """The drafts still to review for `source`, checked as claims are (their sentences and keys)."""
    path = drafts_path(drafts_dir, source.id)
    if not path.is_file():
        raise InputError(f"{path}: no drafts for {source.id} (make them with: pactgraph draft {source.id})")
    load_claims_file(path, {source.id: source}, draft=True)  # every citation and key is checked
    return [Draft(raw) for raw in load_yaml_mapping(path)["claims"]]


def _dump(value) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=120)


def claim_text(claim: dict) -> str:
    """A claim as YAML, as a list item of a claims file (two spaces in, as the curated files are)."""
    lines = _dump([claim]).splitlines()
    return "\n".join("  " + line for line in lines) + "\n"


def _drafts_text(path: Path, source_id: str, drafts: list[Draft]) -> bytes | None:
    """The drafts file with only `drafts` left (None: nothing left, the file goes)."""
    if not drafts:
        return None
    return (_header(path) + _dump({"source": source_id, "claims": [d.raw for d in drafts]})).encode("utf-8")


def _header(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


# A review changes the claims file and the drafts file of a source together: under a lock on both
# directories (two reviews at once take turns), through one journal (graph.writing.commit), so that
# a claim is never in both files, nor in neither, whatever is killed when.
JOURNAL = ".review.commit"


@contextmanager
def reviewing(claims_dir: Path, drafts_dir: Path) -> Iterator[None]:
    """Hold the review lock; complete or clear what a killed review left first."""
    from .writing import locked, recover

    claims_dir.mkdir(parents=True, exist_ok=True)
    directories = list(dict.fromkeys(d.resolve() for d in (claims_dir, drafts_dir)))  # one lock per directory
    with locked(*directories):
        recover(claims_dir / JOURNAL, {directory: ".*" for directory in directories})
        yield


def settle(claims_dir: Path, drafts_dir: Path) -> None:
    """Complete or clear what a review killed part way left, before the claims or drafts are read."""
    if claims_dir.is_dir() and (
        (claims_dir / JOURNAL).exists() or any(claims_dir.glob(".*.tmp")) or any(drafts_dir.glob(".*.tmp"))
    ):
        with reviewing(claims_dir, drafts_dir):
            pass


def _current(source: Source, drafts_dir: Path) -> list[Draft]:
    """The drafts of `source` as the file has them now (the lock held): none if it is gone."""
    path = drafts_path(drafts_dir, source.id)
    return [Draft(raw) for raw in load_yaml_mapping(path)["claims"]] if path.is_file() else []


def claim_ids(claims_path: Path) -> set:
    """The ids of the claims in a claims file (none if there is no file)."""
    if not claims_path.is_file():
        return set()
    return {c.get("id") for c in load_yaml_mapping(claims_path).get("claims") or [] if isinstance(c, dict)}


class NoLongerADraft(InputError):
    """The draft was accepted or rejected by another review since this one read the drafts."""


def _still_a_draft(source: Source, draft_id: str, drafts_dir: Path) -> tuple[list[Draft], Draft]:
    drafts = _current(source, drafts_dir)
    found = next((d for d in drafts if d.id == draft_id), None)
    if found is None:
        raise NoLongerADraft(f"{draft_id!r} is no longer a draft of {source.id} (another review took it)")
    return drafts, found


def accept(
    source: Source, draft: Draft, claims_dir: Path, drafts_dir: Path, edited: dict | None = None, sources=None
) -> str:
    """Append the draft (or the reviewer's edit of it) to the source's claims file, and drop it
    from the drafts, as one change. The claims file is checked before anything changes; returns the
    claim's id. A draft already accepted (by a review that ran at the same time, or one killed after
    its commit) is not accepted again: its id is returned as it stands in the claims file."""
    from .writing import _write_temporary, commit

    claims_path = claims_dir / f"{source.id}.yaml"
    with reviewing(claims_dir, drafts_dir):
        try:
            drafts, current = _still_a_draft(source, draft.id, drafts_dir)
        except NoLongerADraft:
            if draft.id in claim_ids(claims_path):
                return draft.id
            raise
        claim = edited if edited is not None else current.as_claim()
        declaring = _declaring(drafts, current, claim.get("about"))
        if declaring is not None and "type" not in claim:
            raise InputError(
                f"{draft.id}: not accepted: it is a fact of {claim.get('about')}, which draft {declaring.id} "
                "declares: accept that one first"
            )
        if claims_path.is_file():
            existing = claims_path.read_text(encoding="utf-8")
            taken = claim_ids(claims_path)
        else:
            existing = f"# Claims from graph/sources/{source.text_path.name}, reviewed from drafts.\nsource: {source.id}\nclaims:\n"
            taken = set()
        claim_id, n = claim.get("id", draft.id), 2
        while claim_id in taken:
            claim_id, n = f"{claim.get('id', draft.id)}-{n}", n + 1
        claim = {"id": claim_id, **{k: v for k, v in claim.items() if k != "id"}}
        if not any(line.startswith("claims:") for line in existing.splitlines()):
            raise InputError(f"{claims_path}: no 'claims:' list to add to (fix the file first)")
        text = (existing.rstrip("\n") + "\n\n" + claim_text(claim)).encode("utf-8")
        staged = _write_temporary(claims_dir, f".{claims_path.name}.check.", text)
        try:
            _would_build(staged, claims_path, sources or {source.id: source})
        except PactError as error:
            reason = str(error).replace(str(staged), str(claims_path)).splitlines()
            more = f" (and {len(reason) - 2} more)" if len(reason) > 2 else ""
            shown = reason[-1] if len(reason) == 2 else reason[0] if len(reason) == 1 else reason[1]
            raise InputError(f"{draft.id}: not accepted: {shown}{more}") from None
        finally:
            staged.unlink()
        remaining = [d for d in drafts if d.id != draft.id]
        path = drafts_path(drafts_dir, source.id)
        commit({claims_path: text, path: _drafts_text(path, source.id, remaining)}, claims_dir / JOURNAL)
    return claim_id


def _would_build(staged: Path, claims_path: Path, sources: dict) -> None:
    """Everything `pactgraph build` checks, on the claims as they would be with `staged` in place of
    `claims_path`: each claim's form and citations, what the build mints (properties, entities,
    values, dates) and the shapes. Raises the error build would give."""
    from .build import validated

    claims = []
    for path in sorted(claims_path.parent.glob("*.yaml")):
        if path != claims_path:
            claims += load_claims_file(path, sources)
    claims += load_claims_file(staged, sources)
    validated(sources, claims)


def _declaring(drafts: list[Draft], draft: Draft, about) -> Draft | None:
    """The other draft that declares (gives a type to) what `draft` is about, if one is waiting."""
    return next(
        (d for d in drafts if d.id != draft.id and d.raw.get("type") and d.raw.get("about") == about),
        None,
    )


def drop(source: Source, draft: Draft, drafts_dir: Path, claims_dir: Path) -> list[str]:
    """Remove a draft from the drafts file (rejected). A draft that declares a new thing (an
    event) takes with it the drafts of that thing's facts, which cannot stand without it; returns
    their ids."""
    from .writing import commit

    with reviewing(claims_dir, drafts_dir):
        drafts, current = _still_a_draft(source, draft.id, drafts_dir)
        about = current.raw.get("about")
        with_it = []
        if current.raw.get("type"):
            with_it = [
                d.id for d in drafts if d.id != draft.id and d.raw.get("about") == about and not d.raw.get("type")
            ]
        path = drafts_path(drafts_dir, source.id)
        remaining = [d for d in drafts if d.id != draft.id and d.id not in with_it]
        commit({path: _drafts_text(path, source.id, remaining)}, claims_dir / JOURNAL)
    return with_it


def link(source: Source, draft_id: str, entity: str, claims_dir: Path, drafts_dir: Path) -> str:
    """Point a draft at an entity the graph already has (review --link DRAFT=ENTITY), without an
    editor: the draft is about that entity instead of the new one it proposed, and every draft of the
    source that names the new one names the entity. The draft's own type and label go (the graph has
    them; a label the cited sentence gives stays as an alias). A draft left saying nothing the graph
    lacks is dropped. Returns what was done, in words."""
    from .draft.linking import Known, repointed
    from .writing import commit

    known = Known(claims_dir)
    if entity not in known.entities:
        raise InputError(
            f"{entity!r} is not an entity of the graph in {claims_dir} (find one with: pactgraph entities NAME)"
        )
    with reviewing(claims_dir, drafts_dir):
        drafts, found = _still_a_draft(source, draft_id, drafts_dir)
        old = found.raw.get("about")
        if old == entity:
            raise InputError(f"{draft_id}: is about {entity} already")
        if not isinstance(old, str) or old.split("/", 1)[0] != entity.split("/", 1)[0]:
            raise InputError(
                f"{draft_id}: is about {old}, and {entity} is another kind of entity: link it to a "
                f"{str(old).split('/', 1)[0]}/..."
            )
        kept, changed, dropped = [], 0, False
        for draft in drafts:
            raw = repointed(draft.raw, {old: entity})
            if draft.id == draft_id:
                raw.pop("type", None)
                label = raw.pop("label", None)
                cited = " ".join(str(s) for s in draft.sentences())
                entity_names = {known.entities[entity].label, *known.entities[entity].aliases}
                if isinstance(label, str) and label not in entity_names and label in cited:
                    raw["aliases"] = list(dict.fromkeys([*(raw.get("aliases") or []), label]))
                if not raw.get("facts") and not raw.get("aliases"):
                    dropped = True
                    continue
            changed += raw != draft.raw
            kept.append(Draft(raw))
        path = drafts_path(drafts_dir, source.id)
        commit({path: _drafts_text(path, source.id, kept)}, claims_dir / JOURNAL)
    others = changed - (0 if dropped else 1)
    done = "dropped it: it said nothing more of it" if dropped else "it is about it now"
    return f"linked {draft_id} to {entity}: {done}" + (f"; {others} other drafts re-pointed" if others else "")


def parse_edit(text: str, draft: Draft) -> dict:
    """A reviewer's edit of a claim (YAML of one claim, or a list of one), or InputError."""
    try:
        value = parse_yaml(text)
    except yaml.YAMLError as error:
        raise InputError(f"{draft.id}: the edit is not YAML ({str(error).splitlines()[0]})") from None
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, dict):
        raise InputError(
            f"{draft.id}: the edit must be one claim (a mapping with id, sentence, about, ...), not {excerpt(value)}"
        )
    return {key: val for key, val in value.items() if key not in DRAFT_KEYS}
