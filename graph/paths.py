"""Every path of the tool itself, in one place (an analyst's own folders are graph.workspace's).

The package ships its vocabulary, its named queries, the drafting word lists, the page's templates
and an example workspace: the seed report and the countries reference (graph/sources, graph/claims).
Nothing is written here: sources, claims, drafts, own queries and exports live in a workspace. The
ontology lives at the top of the source tree (ontology/, a layout the user chose); a wheel carries a
copy as pactgraph/ontology (see pyproject.toml), which is used when the source tree is not there.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_TREE = PACKAGE.parent
# Installed from a wheel (site-packages), not run from a checkout (editable or in place).
INSTALLED = not (SOURCE_TREE / "pyproject.toml").is_file()

# The example workspace's folders (read only: `pactgraph init --example` copies them).
EXAMPLE = PACKAGE
SOURCES = EXAMPLE / "sources"
CLAIMS = EXAMPLE / "claims"
# The word lists the drafting rules read.
LEXICON = PACKAGE / "lexicon"
# The shipped named queries; a workspace may add its own.
QUERIES = PACKAGE / "queries"
TEMPLATES = PACKAGE / "templates"

_TREE_ONTOLOGY = SOURCE_TREE / "ontology"
ONTOLOGY_DIR = _TREE_ONTOLOGY if (_TREE_ONTOLOGY / "pact.ttl").is_file() else PACKAGE / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "pact.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"

EXPORT_STEM = "pactgraph"
