"""Stores: reading RDF files into Oxigraph (fast, Rust parsers) and, when needed, into rdflib.

Queries run on an in-memory pyoxigraph Store: it starts in milliseconds, where rdflib's SPARQL engine
alone takes half a second to import. Files are always parsed by Oxigraph's parsers, never rdflib's
RDF/XML parser (which expands XML entities without limit).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.errors import InputError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# File suffix -> Oxigraph format; .rdf/.owl/.xml are RDF/XML.
SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(SUFFIXES))})")
    return fmt


def refuse_xml_entities(path: Path) -> None:
    """XML entity declarations can expand without limit (a few hundred bytes, gigabytes of text),
    and Oxigraph's RDF/XML parser expands them as rdflib's does: such files are refused unread."""
    try:
        data = path.read_bytes()
    except OSError:
        return  # the parser reports a missing or unreadable file
    if b"<!ENTITY" in data:
        raise InputError(
            f"{path}: RDF/XML with <!ENTITY> declarations is refused (entities can expand without limit); convert it to Turtle first"
        )


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file, or InputError naming the file and the parser's message."""
    fmt = rdf_format(path)
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_xml_entities(path)
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (SyntaxError, ValueError) as error:
        raise InputError(f"{path}: not valid {fmt.name}: {' '.join(str(error).split())}") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def load_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.extend(read_quads(path))
    return store


def to_rdflib_term(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # Oxigraph types plain literals as xsd:string (RDF 1.1); rdflib keeps them untyped.
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"unsupported RDF term {term!r}")


def to_rdflib_graph(quads: list[ox.Quad]):
    """All quads as one rdflib Graph (graph names dropped)."""
    from rdflib import Graph

    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object)))
    return graph
