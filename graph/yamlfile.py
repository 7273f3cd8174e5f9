"""Reading the project's YAML files safely and with one-line errors.

PyYAML's safe loader turns `2025-11-31` into a date and raises a bare ValueError for an impossible
one; we keep dates as strings (the build checks them against the property's datatype and says what
to fix) by dropping the implicit timestamp resolver. PyYAML also lets a repeated key silently
replace the first (in a claim, in a `{...}` mapping, a second top-level `source:`); here a repeated
key is an error at its line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import files


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        # An alias repeats a value by reference: nine aliases of nine aliases of ... make a 1 KB file
        # stand for billions of values, which the build would walk. No file here needs one.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}) repeats a value; write the value out instead", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: PyYAML reports it itself
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"the key {str(key)[:60]!r} appears twice in one mapping (first at line {first + 1}); keep one",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> object:
    """YAML text as Python values, read as described above; raises yaml.YAMLError."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader subclass)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply (write it with fewer levels of brackets)") from None


def load_yaml_mapping(path: Path) -> dict:
    """Parse `path` as a YAML mapping, or raise InputError naming the file and line."""
    from .errors import InputError

    text = files.read_text(path, "yaml")
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        semantic = (yaml.constructor.ConstructorError, yaml.composer.ComposerError)
        kind = "YAML error" if isinstance(error, semantic) else "YAML syntax error"
        raise InputError(f"{path}: {kind}{place}: {problem[:300]} (fix the YAML there)") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a YAML mapping at the top level")
    return data
