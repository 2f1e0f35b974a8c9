"""Many workers storing at once (PostgreSQL): the keys a batch's new items could meet another
transaction's stories by are locked before anything is read, so two sources carrying one story
store it one after the other and the second finds the first's rows (issue 22).

The locks are transaction-level advisory locks (pg_advisory_xact_lock), one per key: each item's
address key (dedup.url_key, hashed), its guid when other sources may list it too
(dedup.shared_guid), its near-duplicate index keys (fingerprint.index_keys: the
SimHash bands, the headline key, headline runs and text keys, the ways the matcher finds a
stored story), and the address and language-version keys of it and of its hreflang alternates. A
batch takes all of its keys in one statement, in ascending order, before its first read: two
batches wait for each other only when they share a key, and never each for the other (no
deadlock). Items whose guid the source has listed before are left out: they only ever join the
story they are already in. SQLite needs none of this: it has one writer at a time.

How it was chosen: see bench/store_locks.py (keyed locks against one lock for all storing and
against none, 4 writers, 100 sources, 50 syndicated stories).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from aggregator import fingerprint
from aggregator.dedup import url_key
from aggregator.dedup.plan import shared_guid
from aggregator.models import Gathered, Item
from aggregator.store.sql import _select
from aggregator.store.statements import _KNOWN_SIGHTINGS

# "keys": one lock per story key (the default); "global": one lock for all storing; "none": no
# lock (what the bench compares against). Only PostgreSQL takes them.
MODE = "keys"
GLOBAL_KEY = -0x5354_4F52_4945_5321  # any fixed number: the lock every batch takes in "global" mode

# In order: sorting the array here would not bind the order the server takes the locks in.
_LOCK_IN_ORDER = sa.text(
    "SELECT count(pg_advisory_xact_lock(key)) FROM "
    "(SELECT key FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS k(key, n) ORDER BY n) AS ordered"
)


def lock_story_keys(conn: Connection, batch: Sequence[Gathered]) -> int:
    """Take the batch's story-key locks (PostgreSQL only); how many keys were locked."""
    if conn.dialect.name != "postgresql" or MODE == "none":
        return 0
    if MODE == "global":
        keys = [GLOBAL_KEY]
    else:
        keys = sorted(set().union(*(_keys(_new_items(conn, one)) for one in batch if one.items)))
    if keys:
        conn.execute(_LOCK_IN_ORDER, {"keys": keys})
    return len(keys)


def _new_items(conn: Connection, gathered: Gathered) -> list[Item]:
    source_id = gathered.record.source.id
    guids = list({item.guid for item in gathered.items})
    known = {guid for guid, _, _ in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": guids})}
    return [item for item in gathered.items if item.guid not in known]


def _keys(items: Iterable[Item]) -> set[int]:
    keys: set[int] = set()
    for item in items:
        known = fingerprint.candidate(
            title=item.raw_title or item.title,
            summary=item.summary,
            url=item.url,
            language=item.language,
            published=item.published,
            source_id=item.source_id,
        )
        # Every key the matcher looks a story up by: index keys (bands, headline, headline runs,
        # text keys), and the addresses and language-version keys of the item and its hreflang
        # alternates.
        index = fingerprint.index_keys(known.title, known.fingerprint, known.summary)
        keys.update(fingerprint.to_signed(key) for key in index)
        if shared_guid(item):
            keys.add(_hashed("guid", item.guid))
        for address in (item.url, *item.alternates):
            keys.add(_hashed("url", url_key(address)))
            if version := fingerprint.version_lookup_key(address):
                keys.add(_hashed("version", version))
    return keys


def _hashed(kind: str, text: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x1f{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
