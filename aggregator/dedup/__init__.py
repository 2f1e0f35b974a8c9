"""Deduplication: which items are the same story (urls: by address; plan: what storing a batch
means; matcher: near-duplicates and language versions among stored stories, from rows the store
reads). Today's names stay importable from `aggregator.dedup`.

The matcher is not imported here: it needs aggregator.fingerprint, which imports url_key from
this package.
"""

from __future__ import annotations

from aggregator.dedup.plan import (
    Edit,
    Gap,
    KnownSighting,
    NewSighting,
    NewStory,
    SavePlan,
    content_hash,
    item_hash,
    plan_saves,
)
from aggregator.dedup.urls import (
    _AMP_SUFFIX_RE,
    _NORMAL_PATH_RE,
    _PAGE_POSITION_RE,
    _PATH_SAFE,
    _PLAIN_URL_RE,
    DEFAULT_PORTS,
    STORY_NAMESPACE,
    TRACKING_PARAMS,
    _clean_url_in_general,
    _is_tracking,
    _only_tracking,
    _without_tracking,
    clean_url,
    story_id,
    url_key,
)

__all__ = [
    "DEFAULT_PORTS",
    "STORY_NAMESPACE",
    "TRACKING_PARAMS",
    "_AMP_SUFFIX_RE",
    "_NORMAL_PATH_RE",
    "_PAGE_POSITION_RE",
    "_PATH_SAFE",
    "_PLAIN_URL_RE",
    "Edit",
    "Gap",
    "KnownSighting",
    "NewSighting",
    "NewStory",
    "SavePlan",
    "_clean_url_in_general",
    "_is_tracking",
    "_only_tracking",
    "_without_tracking",
    "clean_url",
    "content_hash",
    "item_hash",
    "plan_saves",
    "story_id",
    "url_key",
]  # fmt: skip
