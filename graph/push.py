"""Stage 8: sending the graph to a SPARQL server, one named graph per source.

Two ways, both standard: the SPARQL 1.1 Graph Store HTTP Protocol (PUT each graph, replacing it),
or the SPARQL 1.1 Update protocol (DROP SILENT GRAPH and INSERT DATA in one request, then any
further INSERT DATA in chunks). Any server that speaks either takes it: Fuseki, GraphDB, Virtuoso,
Oxigraph server, Neptune.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from graph import remote
from graph.errors import InputError

PROTOCOLS = ("gsp", "update")
INSERT_CHUNK = 5000  # triples per INSERT DATA request, to stay under servers' request size limits


@dataclass(frozen=True)
class Pushed:
    graph: str  # a graph IRI, or "default"
    triples: int


def _send(request: urllib.request.Request, timeout: float) -> None:
    try:
        remote.exchange(request, limit=remote.REPLY_LIMIT, timeout=timeout)
    except urllib.error.HTTPError as error:
        url = request.full_url[:200]
        raise InputError(f"{url}: HTTP {error.code} {error.reason}: {remote.error_text(error)}") from None


def by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in quads:
        name = "default" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs[name].append(quad.triple)
    return dict(sorted(graphs.items()))


def push(quads: list[ox.Quad], endpoint: str, protocol: str = "gsp", timeout: float = remote.TIMEOUT) -> list[Pushed]:
    """Send every graph of `quads` to `endpoint` (a Graph Store endpoint for "gsp", an update
    endpoint for "update"); a graph already there under the same name is replaced. Each request
    and its answer take at most `timeout` seconds."""
    remote.check_endpoint(endpoint)
    if protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r} (choose one of {', '.join(PROTOCOLS)})")
    pushed = []
    for name, triples in by_graph(quads).items():
        if protocol == "gsp":
            target = "default" if name == "default" else "graph=" + urllib.parse.quote(name, safe="")
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            separator = "&" if "?" in endpoint else "?"
            request = urllib.request.Request(  # noqa: S310 (http or https, checked)
                f"{endpoint}{separator}{target}",
                data=body,
                headers={"Content-Type": "application/n-triples"},
                method="PUT",
            )
            _send(request, timeout)
        else:
            # The DROP travels in one request with the first INSERT DATA: servers run a request
            # as one transaction, so the graph is never seen dropped and empty, and a graph of up
            # to INSERT_CHUNK triples is replaced atomically.
            drop = "" if name == "default" else f"DROP SILENT GRAPH <{name}> ;\n"
            for start in range(0, len(triples), INSERT_CHUNK):
                data = ox.serialize(triples[start : start + INSERT_CHUNK], format=ox.RdfFormat.N_TRIPLES).decode(
                    "utf-8"
                )
                insert = (
                    f"INSERT DATA {{ {data} }}"
                    if name == "default"
                    else f"INSERT DATA {{ GRAPH <{name}> {{ {data} }} }}"
                )
                request = urllib.request.Request(  # noqa: S310 (http or https, checked)
                    endpoint,
                    data=((drop if start == 0 else "") + insert).encode("utf-8"),
                    headers={"Content-Type": "application/sparql-update"},
                    method="POST",
                )
                _send(request, timeout)
        pushed.append(Pushed(name, len(triples)))
    return pushed
