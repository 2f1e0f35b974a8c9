"""Config values that remember where they were written, so every error names the file, line and key.

The YAML is composed into nodes (not loaded straight to dicts) so that each value keeps the line it
came from: a partner's staff member editing the file should read "sources.yaml:41: sources[3].type"
rather than a Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import yaml

from aggregator.errors import AggregatorError


class ConfigError(AggregatorError):
    """The config cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Value:
    """A YAML value with the line (1-based) it was written on."""

    value: Any
    line: int


def from_node(node: yaml.Node, where: str, file: str, scalars: yaml.constructor.SafeConstructor) -> Value:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Value] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                raise ConfigError(f"{file}:{key_node.start_mark.line + 1}: {where}{key}: duplicate key")
            mapping[key] = from_node(value_node, f"{where}{key}.", file, scalars)
        return Value(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Value([from_node(n, where, file, scalars) for n in node.value], line)
    # Scalars: let PyYAML's safe resolver type them (int, bool, str, null...).
    try:
        return Value(scalars.construct_object(node), line)  # type: ignore[no-untyped-call]
    except yaml.constructor.ConstructorError as error:  # a tag the safe loader refuses (!!python/...)
        raise ConfigError(f"{file}:{line}: {where.rstrip('.')}: {error.problem}") from error


class Reader:
    """Typed access to one mapping, raising ConfigError with file:line: key on misuse."""

    def __init__(self, file: str, value: Value, where: str, allowed: set[str]) -> None:
        self.file, self.where, self.line = file, where, value.line
        if not isinstance(value.value, dict):
            self.fail(self.line, "", "must be a mapping")
        self.items: dict[str, Value] = value.value
        for key, item in self.items.items():
            if key not in allowed:
                self.fail(item.line, key, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def fail(self, line: int, key: str, message: str) -> NoReturn:
        name = f"{self.where}{key}".rstrip(".")  # the mapping itself: "staff", not "staff."
        raise ConfigError(f"{self.file}:{line}: {name}: {message}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        item = self.items.get(key)
        if item is None or item.value is None:
            if required or default is ...:
                self.fail(self.line, key, "is required")
            return default
        value = item.value
        # bool is an int in Python; a `timeout: yes` is a mistake, not 1 second.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(item.line, key, f"must be {kind_name(kind)}, not {value!r}")
        if not isinstance(value, kind):
            self.fail(item.line, key, f"must be {kind_name(kind)}, not {describe(value)}")
        return value

    def line_of(self, key: str) -> int:
        item = self.items.get(key)
        return item.line if item else self.line


def kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
