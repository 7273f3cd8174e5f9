"""Stage 8: sending the graph to a SPARQL server, one named graph per source.

Two ways, both standard: the SPARQL 1.1 Graph Store HTTP Protocol (PUT each graph, replacing it),
or the SPARQL 1.1 Update protocol (DROP SILENT GRAPH and INSERT DATA in one request, then any
further INSERT DATA in chunks). Any server that speaks either takes it: Fuseki, GraphDB, Virtuoso,
Oxigraph server, Neptune.

Nothing goes to a server's default graph: what a server's default graph is differs (Virtuoso's
update endpoint has none unless the request names one, Oxigraph's may be the union of all graphs),
so the descriptions of the source graphs, in the default graph of our dataset, go to a named graph
of their own, PROVENANCE_GRAPH (or are left out). Queried with the union of all graphs as the
default graph, as pactgraph queries its own files, the answers are the same.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from . import remote
from .errors import InputError
from .prefixes import BASE

PROTOCOLS = ("gsp", "update")
INSERT_CHUNK = 5000  # triples per INSERT DATA request, to stay under servers' request size limits
# Where the default graph's triples (what each source graph is derived from) go on a server. A
# path no source id can take: ids are slugs, without "/".
PROVENANCE_GRAPH = BASE + "graph/meta/provenance"


@dataclass(frozen=True)
class Pushed:
    graph: str  # a graph IRI
    triples: int


def _send(request: urllib.request.Request, timeout: float, credentials: remote.Credentials | None = None) -> None:
    try:
        remote.exchange(request, limit=remote.REPLY_LIMIT, timeout=timeout, credentials=credentials)
    except urllib.error.HTTPError as error:
        url = request.full_url[:200]
        raise InputError(f"{url}: HTTP {error.code} {error.reason}: {remote.error_text(error)}") from None


def by_graph(quads: list[ox.Quad], provenance: bool = True) -> dict[str, list[ox.Triple]]:
    """The triples of `quads` by the named graph they go to on a server: the default graph's to
    PROVENANCE_GRAPH, or nowhere if not `provenance`."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            if provenance:
                graphs[PROVENANCE_GRAPH].append(quad.triple)
        else:
            graphs[quad.graph_name.value].append(quad.triple)
    return dict(sorted(graphs.items()))


def push(
    quads: list[ox.Quad],
    endpoint: str,
    protocol: str = "gsp",
    timeout: float = remote.TIMEOUT,
    *,
    credentials: remote.Credentials | None = None,
    provenance: bool = True,
) -> list[Pushed]:
    """Send every graph of `quads` to `endpoint` (a Graph Store endpoint for "gsp", an update
    endpoint for "update"), each as a named graph; one already there under the same name is
    replaced. The default graph's triples go to PROVENANCE_GRAPH, unless not `provenance`. Each
    request and its answer take at most `timeout` seconds."""
    remote.check_endpoint(endpoint)
    if protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r} (choose one of {', '.join(PROTOCOLS)})")
    pushed = []
    for name, triples in by_graph(quads, provenance).items():
        if protocol == "gsp":
            separator = "&" if "?" in endpoint else "?"
            request = urllib.request.Request(  # noqa: S310 (http or https, checked)
                f"{endpoint}{separator}graph={urllib.parse.quote(name, safe='')}",
                data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                headers={"Content-Type": "application/n-triples"},
                method="PUT",
            )
            _send(request, timeout, credentials)
        else:
            # The DROP travels in one request with the first INSERT DATA: servers run a request
            # as one transaction, so the graph is never seen dropped and empty, and a graph of up
            # to INSERT_CHUNK triples is replaced atomically.
            drop = f"DROP SILENT GRAPH <{name}> ;\n"
            for start in range(0, len(triples), INSERT_CHUNK):
                data = ox.serialize(triples[start : start + INSERT_CHUNK], format=ox.RdfFormat.N_TRIPLES).decode(
                    "utf-8"
                )
                request = urllib.request.Request(  # noqa: S310 (http or https, checked)
                    endpoint,
                    data=f"{drop if start == 0 else ''}INSERT DATA {{ GRAPH <{name}> {{ {data} }} }}".encode(),
                    headers={"Content-Type": "application/sparql-update"},
                    method="POST",
                )
                _send(request, timeout, credentials)
        pushed.append(Pushed(name, len(triples)))
    return pushed
