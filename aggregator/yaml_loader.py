"""The YAML loader for the config: PyYAML's safe loader that refuses anchors and aliases.

An alias makes its node appear once more wherever it is named, so nine lines of nested aliases
("billion laughs") stand for 9**9 values: composing is cheap (the node is shared), but walking the
tree, as config.py does to keep each value's line, touched every copy and took minutes and
gigabytes. Nothing in sources.yaml needs repeats, so the loader stops at the first anchor or alias.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.resolver import Resolver

__all__ = ["AliasRefused", "Loader"]


class AliasRefused(yaml.YAMLError):
    """The text uses an anchor (&name) or alias (*name); `line` is 1-based."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases are not allowed")
        self.line = line


class _RefuseAliases(Composer):
    def compose_node(self, parent: Any, index: Any) -> Any:
        # Every node of the document passes here before it is built: an alias is its own event,
        # an anchor is carried by the event of the node it names.
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise AliasRefused(event.start_mark.line + 1)
        return super().compose_node(parent, index)  # type: ignore[no-untyped-call]


if hasattr(yaml, "CParser"):
    # libyaml's parser under PyYAML's own composer: the composer is where the hook is (libyaml's is
    # sealed in C) and costs nothing measurable (10,000 sources: 0.52 s of CPU against 0.58 s for
    # CSafeLoader; the pure Python loader takes 2.4 s).
    class Loader(_RefuseAliases, yaml.CParser, Resolver):  # type: ignore[misc, name-defined]
        def __init__(self, stream: str) -> None:
            yaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            _RefuseAliases.__init__(self)  # type: ignore[no-untyped-call]
            Resolver.__init__(self)  # type: ignore[no-untyped-call]

else:  # PyYAML built without libyaml

    class Loader(_RefuseAliases, yaml.SafeLoader):  # type: ignore[no-redef]
        pass
