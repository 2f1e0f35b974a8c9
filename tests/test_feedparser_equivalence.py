"""Whether an item keeps a field must never depend on which path parsed it: over feedparser's
own test feeds (../shared/corpora/feedparser-tests/), every feed the lxml fast path accepts
gives the same clean items through the feedparser fallback.

tests/test_fastfeed.py does the same over our fixture corpus; this corpus is larger and was
written by people trying to break feed parsers.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

import pytest

from aggregator.clean import to_items
from aggregator.models import ParsedPage, SourceConfig
from tests.feedparser_corpus import SKIP_REASON, Case, cases, parsed

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SOURCE = SourceConfig("s", "S", "http://127.0.0.1:8097/", "feed", ())


def _accepted() -> list[Case]:
    return [case for case in cases() if parsed(case, "fast") is not None]


def _kept(page: ParsedPage) -> list[tuple[str, ...]]:
    """Per raw entry, the names of the fields it has a value for."""
    return [tuple(f.name for f in fields(entry) if getattr(entry, f.name) is not None) for entry in page.entries]


pytestmark = pytest.mark.skipif(not cases(), reason=SKIP_REASON)


def test_both_paths_give_the_same_items() -> None:
    differ = []
    for case in _accepted():
        fast, slow = parsed(case, "fast"), parsed(case, "feedparser")
        assert fast is not None and slow is not None
        same = to_items(fast, SOURCE, excerpt_length=300, now=NOW) == to_items(
            slow, SOURCE, excerpt_length=300, now=NOW
        )
        if not same:
            differ.append(f"{case.name}: items differ")
    assert not differ, f"{len(differ)} of {len(_accepted())} feeds:\n" + "\n".join(differ)


def test_both_paths_keep_the_same_fields() -> None:
    """Before cleaning too: an entry has a link, a date, an author... on both paths or on neither."""
    differ = []
    for case in _accepted():
        fast, slow = parsed(case, "fast"), parsed(case, "feedparser")
        assert fast is not None and slow is not None
        if _kept(fast) != _kept(slow):
            differ.append(f"{case.name}: fast keeps {_kept(fast)}, feedparser {_kept(slow)}")
    assert not differ, f"{len(differ)} of {len(_accepted())} feeds:\n" + "\n".join(differ)


def test_the_fast_path_takes_a_real_share() -> None:
    assert len(_accepted()) >= 300, "the fast path declines most of the corpus: the equivalence says little"
