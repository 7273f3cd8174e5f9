"""Stage 1c: a person reviews the drafts: each accepted claim moves to the reviewed claims.

Drafts (graph/drafts/<source>.yaml, written by pactgraph draft) are never facts: a claim becomes one
when a reviewer accepts it, as it stands or edited, and it is then appended to graph/claims/
<source>.yaml, without its confidence and reason, where `git diff` shows it. A rejected draft is
dropped. The drafts file keeps what is still to review, and goes when nothing is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .claims import DRAFT_KEYS, load_claims_file
from .errors import InputError, excerpt
from .sources import Source
from .writing import write_atomically
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


def _write_drafts(path: Path, source_id: str, drafts: list[Draft], header: str) -> None:
    if not drafts:
        path.unlink()
        return
    body = _dump({"source": source_id, "claims": [d.raw for d in drafts]})
    write_atomically(path, (header + body).encode("utf-8"))


def _header(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def accept(
    source: Source, draft: Draft, claims_dir: Path, drafts_dir: Path, edited: dict | None = None, sources=None
) -> str:
    """Append the draft (or the reviewer's edit of it) to the source's claims file, and drop it
    from the drafts. The claims file is checked before it is replaced; returns the claim's id."""
    claim = edited if edited is not None else draft.as_claim()
    claims_path = claims_dir / f"{source.id}.yaml"
    if claims_path.is_file():
        existing = claims_path.read_text(encoding="utf-8")
        taken = {c.get("id") for c in load_yaml_mapping(claims_path).get("claims") or [] if isinstance(c, dict)}
    else:
        existing = f"# Claims from graph/sources/{source.text_path.name}, reviewed from drafts.\nsource: {source.id}\nclaims:\n"
        taken = set()
    claim_id, n = claim.get("id", draft.id), 2
    while claim_id in taken:
        claim_id, n = f"{claim.get('id', draft.id)}-{n}", n + 1
    claim = {"id": claim_id, **{k: v for k, v in claim.items() if k != "id"}}
    if not any(line.startswith("claims:") for line in existing.splitlines()):
        raise InputError(f"{claims_path}: no 'claims:' list to add to (fix the file first)")
    text = existing.rstrip("\n") + "\n\n" + claim_text(claim)
    staged = claims_path.with_name(f".{claims_path.name}.review")
    staged.write_text(text, encoding="utf-8")
    try:
        load_claims_file(staged, sources or {source.id: source})
    except InputError as error:
        staged.unlink()
        raise InputError(f"{draft.id}: not accepted: {str(error).replace(str(staged), str(claims_path))}") from None
    staged.replace(claims_path)
    drop(source, draft, drafts_dir)
    return claim_id


def drop(source: Source, draft: Draft, drafts_dir: Path) -> None:
    """Remove a draft from the drafts file (rejected, or accepted into the claims)."""
    path = drafts_path(drafts_dir, source.id)
    # The file was checked when the review read it: here it is only rewritten without the draft.
    remaining = [Draft(raw) for raw in load_yaml_mapping(path)["claims"] if raw.get("id") != draft.id]
    _write_drafts(path, source.id, remaining, _header(path))


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
