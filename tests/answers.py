"""Query answers as values, comparable across stores and engines."""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
from pactgraph.query import run_query

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "long", "int")}


def normal(term) -> tuple | None:
    """A term as a value: plain and xsd:string literals alike (Oxigraph types every plain literal
    as xsd:string), numbers by value (Oxigraph keeps 7000000000, rdflib 7000000000.0)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else None
        if term.language:
            return ("literal", term.value, "@" + term.language)
        if datatype in NUMERIC:
            return ("number", Decimal(term.value))
        if datatype == XSD + "boolean":  # Virtuoso writes 1 and 0, others true and false: one value
            return ("boolean", term.value in ("true", "1"))
        return ("literal", term.value, None if datatype == XSD + "string" else datatype)
    return (type(term).__name__, term.value)


def concatenated(query: str) -> dict[str, str]:
    """GROUP_CONCAT result variables and their separators. Engines concatenate in the order they
    meet the values, and disagree on the result's language tag; SPARQL leaves both open, so those
    cells are compared as their sorted parts."""
    found = re.findall(r'GROUP_CONCAT\([^;)]*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', query, flags=re.I)
    return {variable: separator for separator, variable in found}


def answer(backend, query: str) -> list[tuple]:
    results = run_query(backend, query)
    variables = [v.value for v in results.variables]
    parts = concatenated(query)

    def cell(row, variable):
        value = normal(row[variable])
        if variable in parts and value is not None:
            return ("parts", tuple(sorted(value[1].split(parts[variable]))))
        return value

    return [tuple(cell(row, v) for v in variables) for row in results]
