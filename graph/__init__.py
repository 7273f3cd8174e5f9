"""pactgraph: a knowledge graph of defence partnerships, built from sourced claims."""


def __getattr__(name: str):
    # The version is looked up lazily: importlib.metadata costs ~0.1 s, and every command pays for
    # what the package imports at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("pactgraph")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
