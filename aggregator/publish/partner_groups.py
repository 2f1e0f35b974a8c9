"""Sources grouped into partners for the pages (pure): one organisation's feed and blog page, or its
two language sites, are one partner (sources.yaml `partner:`); a source without it is a partner alone.

Feeds stay one per source. A per-partner feed would give every subscriber of partners/<id>/ a
new address, and a story posted on both the feed and the blog page is already one story (dedup),
listed in each source's feed; while one partner's sources may differ in what is republished
(`publish`, include/exclude), so a feed per source is also the one whose rules are plain to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aggregator.models import SourceConfig

__all__ = ["Group", "group_key", "group_partners"]

T = TypeVar("T")


@dataclass(frozen=True)
class Group(Generic[T]):
    """One partner: its name and its sources' items (SourceConfig, a staff Partner...) in configured order."""

    key: str  # "partner:<name>" or "source:<id>": a source alone never merges with a named partner
    name: str
    members: tuple[T, ...]

    @property
    def grouped(self) -> bool:
        """More than one source: the pages show the partner's name above its sources."""
        return len(self.members) > 1


def group_key(source: SourceConfig) -> str:
    return f"partner:{source.partner}" if source.partner else f"source:{source.id}"


def group_partners(items: Sequence[T], source_of: Callable[[T], SourceConfig]) -> list[Group[T]]:
    """`items` by partner, each group where its first source is in `items`."""
    order: dict[str, list[T]] = {}
    names: dict[str, str] = {}
    for item in items:
        source = source_of(item)
        key = group_key(source)
        order.setdefault(key, []).append(item)
        names.setdefault(key, source.partner or source.name)
    return [Group(key, names[key], tuple(members)) for key, members in order.items()]
