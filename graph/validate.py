"""Validation: SHACL shapes (ontology/shapes.ttl) checked with pySHACL.

Each violation becomes one line that says which claim minted the offending node (when the graph was
built from claims) and the shape's message, which says what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from . import paths
from .errors import InputError
from .prefixes import compact_iri


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


def require_conformance(data: Graph, what: str, origin: dict | None = None, sources: list[Graph] | None = None) -> None:
    """Raise ValidationError, one line per violation, unless `data` conforms to the shapes.

    With `sources` (each source's own triples), a property that takes one value takes one value
    per source: the sh:maxCount constraints are checked on each source's graph, and every other
    constraint on `data`, the union. Sources that disagree (an agreement a letter of intent in one
    report and an agreement in another) are data, not a violation. An empty `sources` (a file that
    merges its sources' graphs) has the sh:maxCount constraints left unchecked."""
    from .errors import ValidationError

    violations = conformance_violations(data, origin, sources)
    if violations:
        lines = [f"{what} does not conform to ontology/shapes.ttl ({len(violations)} violations):"]
        raise ValidationError("\n".join(lines + [str(v) for v in violations]))


def conformance_violations(data: Graph, origin: dict | None = None, sources: list[Graph] | None = None) -> list:
    """The violations of the shapes, checked as require_conformance checks them."""
    shapes = load_shapes()
    if sources is None:
        violations = validate_graph(data, shapes, origin)
    else:
        union_shapes, per_source_shapes = split_shapes(shapes)
        found = set(validate_graph(data, union_shapes, origin))
        # What targets a shape, in every source's check: the types, and the class hierarchy.
        types = Graph()
        for predicate in (RDF.type, RDFS.subClassOf):
            for triple in data.triples((None, predicate, None)):
                types.add(triple)
        for source in sources:
            found.update(validate_graph(source + types, per_source_shapes, origin))
        violations = sorted(found, key=str)
    return violations


def split_shapes(shapes: Graph) -> tuple[Graph, Graph]:
    """The shapes without their sh:maxCount constraints (for the union of all sources), and the
    shapes reduced to their sh:maxCount constraints (for each source on its own)."""
    union = Graph()
    for triple in shapes:
        if triple[1] != SH.maxCount:
            union.add(triple)
    per_source = Graph()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    for shape, predicate, obj in shapes:
        if predicate in targets or (predicate == RDF.type and obj == SH.NodeShape):
            per_source.add((shape, predicate, obj))
        elif predicate == SH.property and (obj, SH.maxCount, None) in shapes:
            per_source.add((shape, predicate, obj))
            for kept in (SH.maxCount, SH.message):
                for value in shapes.objects(obj, kept):
                    per_source.add((obj, kept, value))
            _copy_reachable(shapes, shapes.value(obj, SH.path), per_source, obj, SH.path)
    return union, per_source


def _copy_reachable(source: Graph, node, target: Graph, subject, predicate) -> None:
    """Copy (subject, predicate, node) and everything reachable from a blank node (a path
    expression such as sh:alternativePath ( ... ))."""
    target.add((subject, predicate, node))
    if isinstance(node, BNode):
        for p, o in source.predicate_objects(node):
            _copy_reachable(source, o, target, node, p)


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
