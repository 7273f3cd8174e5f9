"""IRI prefixes, as plain strings.

Kept apart from graph.vocab so that `pactgraph query` can use them without importing rdflib
(start-up time counts towards every query).
"""

BASE = "https://w3id.org/pactgraph/"

# Kinds of thing under https://w3id.org/pactgraph/id/<kind>/<slug> that get a prefix of their own.
ENTITY_KINDS = (
    "agreement",
    "agreement-kind",
    "body",
    "city",
    "claim",
    "coalition",
    "contribution",
    "contribution-kind",
    "cooperation",
    "country",
    "event",
    "holding",
    "organisation",
    "person",
    "post",
    "programme",
    "publisher",
    "resolution-rule",
    "source",
    "status",
    "support",
    "trend",
    "weapon-type",
)

# Bound in every serialisation, and predeclared for SPARQL queries.
PREFIXES: dict[str, str] = {
    "pact": BASE + "ontology#",
    "graph": BASE + "graph/",
    **{kind: BASE + f"id/{kind}/" for kind in ENTITY_KINDS},
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
}


_PREFIX_OF = {namespace: prefix for prefix, namespace in PREFIXES.items()}


def compact_iri(iri: str) -> str | None:
    """`prefix:local` for an IRI whose namespace (up to its last '/' or '#') is one of PREFIXES,
    else None. A dictionary look-up: the network page compacts every node's IRI."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _PREFIX_OF.get(iri[:cut])
    return f"{prefix}:{iri[cut:]}" if prefix and cut < len(iri) else None
