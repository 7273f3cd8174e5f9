"""Rewrite graph/queries/<name>.csv from a fresh build: `python tests/regenerate_expected.py`.

The files are the expected answers that tests/test_queries.py checks; after regenerating, read the
diff against the source text before committing: a changed answer must be a correct one.
"""

from pactgraph import paths
from pactgraph.build import build
from pactgraph.export import serialize
from pactgraph.query import format_results, named_queries, run_query


def main() -> None:
    import pyoxigraph as ox
    from pactgraph.store import OxigraphBackend

    store = OxigraphBackend(ox.Store())
    store.store.load(serialize(build().dataset, "trig"), format=ox.RdfFormat.TRIG)
    for name, query in named_queries().items():
        csv = format_results(run_query(store, query.text), "csv").decode("utf-8").replace("\r\n", "\n")
        (paths.QUERIES / f"{name}.csv").write_text(csv, encoding="utf-8")
        print(f"wrote graph/queries/{name}.csv")


if __name__ == "__main__":
    main()
