"""pactgraph: a knowledge graph of defence partnerships, built from sourced claims."""

# The Python API (graph/api.py), for notebooks: `pactgraph.open_dataset()` and what it returns.
API = ("open_dataset", "named_queries", "Dataset", "Results", "Page")
__all__ = [*API, "__version__"]


def __getattr__(name: str):
    # Looked up lazily: the API imports the query engine and importlib.metadata costs ~0.1 s, and
    # every command pays for what the package imports at start-up.
    if name in API:
        from . import api

        return getattr(api, name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("pactgraph")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
