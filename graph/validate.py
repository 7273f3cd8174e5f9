"""Validation: SHACL shapes (ontology/shapes.ttl) checked with pySHACL.

Each violation becomes one line that says which claim minted the offending node (when the graph was
built from claims) and the shape's message, which says what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from graph import paths
from graph.errors import InputError
from graph.prefixes import compact_iri


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    origin: str | None = None  # "file: claim 'id'" when known

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        on = f" {self.path}" if self.path else ""
        return f"{where}{self.focus}{on}: {self.message}"


def compact(term: object) -> str:
    if isinstance(term, URIRef):
        return compact_iri(str(term)) or f"<{term}>"
    return str(term)


def load_shapes(path: Path = paths.SHAPES) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        raise InputError(f"{path}: cannot parse the shapes ({error})") from None


def require_conformance(data: Graph, what: str, origin: dict | None = None) -> None:
    """Raise ValidationError, one line per violation, unless `data` conforms to the shapes."""
    from graph.errors import ValidationError

    violations = validate_graph(data, origin=origin)
    if violations:
        lines = [f"{what} does not conform to ontology/shapes.ttl ({len(violations)} violations):"]
        raise ValidationError("\n".join(lines + [str(v) for v in violations]))


def validate_graph(data: Graph, shapes: Graph | None = None, origin: dict | None = None) -> list[Violation]:
    """Violations of the shapes by `data` (which must include the ontology), sorted; [] if it conforms."""
    import pyshacl  # heavy; only validation needs it

    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    origin = origin or {}
    violations = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        claim = origin.get(focus)
        violations.add(
            Violation(
                focus=compact(focus),
                path=compact(path) if isinstance(path, URIRef) else None,
                message=str(message),
                origin=claim.where if claim is not None else None,
            )
        )
    return sorted(violations, key=str)
