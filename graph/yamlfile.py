"""Reading the project's YAML files safely and with one-line errors.

PyYAML's safe loader turns `2025-11-31` into a date and raises a bare ValueError for an impossible
one; we keep dates as strings (the build checks them against the property's datatype and says what
to fix) by dropping the implicit timestamp resolver.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_mapping(path: Path) -> dict:
    """Parse `path` as a YAML mapping, or raise InputError naming the file and line."""
    from graph.errors import InputError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 at byte {error.start} (save the file as UTF-8)") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{path}: YAML syntax error at {place}{problem} (fix the YAML there)") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a YAML mapping at the top level")
    return data
