"""Every path pactgraph uses, in one place.

Data files ship inside the package (graph/sources, graph/claims, graph/queries). The ontology lives
at the top of the source tree (ontology/, a layout the user chose); a wheel carries a copy as
graph/ontology (see pyproject.toml), which is used when the source tree is not there.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_TREE = PACKAGE.parent

SOURCES = PACKAGE / "sources"
CLAIMS = PACKAGE / "claims"
# Machine-proposed claims (pactgraph draft), kept apart from the reviewed ones until accepted.
DRAFTS = PACKAGE / "drafts"
# The word lists the drafting rules read.
LEXICON = PACKAGE / "lexicon"
QUERIES = PACKAGE / "queries"
TEMPLATES = PACKAGE / "templates"

_TREE_ONTOLOGY = SOURCE_TREE / "ontology"
ONTOLOGY_DIR = _TREE_ONTOLOGY if (_TREE_ONTOLOGY / "pact.ttl").is_file() else PACKAGE / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "pact.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"

# Relative on purpose: `pactgraph build` writes exports/ in the directory it is run from.
EXPORTS = Path("exports")
EXPORT_STEM = "pactgraph"
# What query, serve, push, render and network read when not given --data: the dataset with one
# named graph per source.
DEFAULT_DATA = EXPORTS / f"{EXPORT_STEM}.trig"
