"""Sources side by side: for one thing, a column per source (publisher, date), a row per property,
each cell the values that source gives and the sentences it cites, the properties on which the
sources differ marked.

The rows come from the named query `compare` (graph/queries/compare.rq), so the command line, the
page and a SPARQL user see the same comparison.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from . import paths
from .errors import InputError, excerpt
from .prefixes import compact_iri


@dataclass(frozen=True)
class Column:
    """One source: its id, publisher and date; a republished copy names its original."""

    source: str
    publisher: str
    published: str
    copy_of: str = ""

    @property
    def heading(self) -> str:
        copy = f", copy of {self.copy_of}" if self.copy_of else ""
        return f"{self.publisher}, {self.published} ({self.source}{copy})"


@dataclass
class Cell:
    """What one source gives for one property: its values, and the sentences (text, start, end)."""

    values: list[str] = field(default_factory=list)
    sentences: list[tuple[str, int, int]] = field(default_factory=list)
    taken_from: list[str] = field(default_factory=list)  # the sources it took a value from (not its evidence)

    @property
    def text(self) -> str:
        """Its values as a reader sees them, with the source a borrowed value comes from."""
        borrowed = f" (taken from {', '.join(self.taken_from)})" if self.taken_from else ""
        return "; ".join(self.values) + borrowed


@dataclass
class Row:
    property: str
    cells: list[Cell | None]  # one per column; None where the source says nothing of it

    @property
    def differs(self) -> bool:
        """Whether two sources that speak of the property give different values."""
        given = {tuple(sorted(cell.values)) for cell in self.cells if cell is not None}
        return len(given) > 1


@dataclass
class Comparison:
    thing: str  # its IRI
    label: str
    columns: list[Column]
    rows: list[Row]

    def csv(self) -> str:
        """The comparison as CSV: property, whether the sources differ on it, then a column per source
        (its values joined by "; "). CRLF line ends, as the SPARQL results CSV."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["property", "differs", *(column.heading for column in self.columns)])
        for row in self.rows:
            cells = ["" if cell is None else cell.text for cell in row.cells]
            writer.writerow([row.property, "yes" if row.differs else "", *cells])
        return out.getvalue()

    def table(self) -> str:
        """The comparison for people: a block per property, each source's values under it; a
        property on which the sources differ is marked with "≠"."""
        count = f"{len(self.columns)} source{'' if len(self.columns) == 1 else 's'}"
        lines = [f"{self.label} ({compact_iri(self.thing) or self.thing}): {count}"]
        for i, column in enumerate(self.columns, 1):
            lines.append(f"  [{i}] {column.heading}")
        for row in self.rows:
            lines.append(f"{'≠' if row.differs else ' '} {row.property}")
            for i, cell in enumerate(row.cells, 1):
                lines.append(f"    [{i}] {'—' if cell is None else cell.text}")
        return "\n".join(lines) + "\n"


def comparisons(rows) -> dict[str, Comparison]:
    """Every thing's comparison, from the rows of the `compare` query (dicts of strings)."""
    found: dict[str, tuple[str, dict[str, Column], dict[str, dict[str, Cell]]]] = {}
    for row in rows:
        label, columns, properties = found.setdefault(row["iri"], (row["thing"], {}, {}))
        columns.setdefault(row["source"], Column(row["source"], row["publisher"], row["published"], row["copyOf"]))
        cell = properties.setdefault(row["property"], {}).setdefault(row["source"], Cell())
        if row["value"] not in cell.values:
            cell.values.append(row["value"])
        if row["takenFrom"] and row["takenFrom"] not in cell.taken_from:
            cell.taken_from.append(row["takenFrom"])
        sentence = (row["sentence"], int(row["start"]), int(row["end"]))
        if sentence not in cell.sentences:
            cell.sentences.append(sentence)
    result = {}
    for thing, (label, columns, properties) in found.items():
        ordered = sorted(columns.values(), key=lambda c: (c.published, c.source))
        result[thing] = Comparison(
            thing,
            label,
            ordered,
            [Row(name, [cells.get(c.source) for c in ordered]) for name, cells in sorted(properties.items())],
        )
    return result


# The variables of graph/queries/compare.rq.
COLUMNS = (
    "thing",
    "iri",
    "property",
    "value",
    "takenFrom",
    "source",
    "publisher",
    "published",
    "copyOf",
    "sentence",
    "start",
    "end",
)


def compare_rows(backend) -> list[dict[str, str]]:
    """The rows of the named query `compare` on a backend, each a dict of strings ("" where unbound)."""
    text = (paths.QUERIES / "compare.rq").read_text(encoding="utf-8")
    rows = []
    for solution in backend.query(text, True):
        rows.append({name: "" if solution[name] is None else solution[name].value for name in COLUMNS})
    return rows


def find_thing(found: dict[str, Comparison], name: str) -> Comparison:
    """The comparison of the thing `name` names: its IRI, its short form (agreement/x or
    agreement:x), its label, or a part of one label."""
    wanted = name.strip()
    for thing, comparison in found.items():
        short = compact_iri(thing) or ""
        if wanted in (thing, short, short.replace(":", "/", 1)):
            return comparison
    exact = [c for c in found.values() if c.label.casefold() == wanted.casefold()]
    partial = exact or [c for c in found.values() if wanted.casefold() in c.label.casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise InputError(
            f"{excerpt(name)}: no thing of that name or IRI has a source (give a label, or an IRI such as agreement/...)"
        )
    names = ", ".join(sorted(f"{c.label} ({compact_iri(c.thing) or c.thing})" for c in partial)[:8])
    raise InputError(f"{excerpt(name)} names {len(partial)} things: {names}; give more of the name or the IRI")
