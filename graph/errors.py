"""User-facing errors: each carries one line that names the file, the claim or line, and the fix."""

# Exit codes shared by every command (as pySHACL's CLI): 0 success or conforms, 1 the graph does not
# conform to the shapes, 2 the input cannot be read or is malformed.
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


class PactError(Exception):
    """An error the user can fix; the CLI prints `str(error)` alone, without a traceback.

    However a message was put together, no line of it is longer than MAX_LINE characters: a value
    quoted from a large input is cut in the middle, so the line still names the file and the fix."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str = ""):
        super().__init__("\n".join(_bounded(line) for line in str(message).split("\n")))


class InputError(PactError):
    """Input that cannot be read or does not follow its format."""


class RefusedError(InputError):
    """A request that could be carried out but is refused for safety (a SERVICE call, say)."""


class QueryError(InputError):
    """A query whose text cannot be run (malformed, or nested too deeply); whoever read it from a
    file adds the file's name (graph.query.naming_file)."""


class ValidationError(PactError):
    """A graph that does not conform to ontology/shapes.ttl."""

    exit_code = EXIT_VIOLATIONS


def where(path, claim_id: str | None = None) -> str:
    """The `file: claim X` prefix of an error message."""
    text = str(path)
    return f"{text}: claim {excerpt(claim_id)}" if claim_id else text


EXCERPT = 200  # characters of any input a message may quote
MAX_LINE = 1000  # characters of any line of a message


def _bounded(line: str) -> str:
    if len(line) <= MAX_LINE:
        return line
    keep = MAX_LINE // 2 - 20
    return f"{line[:keep]} [... {len(line) - 2 * keep:,} characters cut ...] {line[-keep:]}"


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """`repr(value)`, cut to about `limit` characters with its length said, so that a message never
    repeats a large input (a 10 MB value gives a one-line error, not a 10 MB one)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(value) if isinstance(value, str) else text
    shown = repr(text[:limit])[:-1]
    return f"{shown}...' ({len(text):,} characters)"
