"""Many workers storing at once (PostgreSQL): the keys a batch's new items could meet another
transaction's stories by are locked before anything is read, so two sources carrying one story
store it one after the other and the second finds the first's rows (issue 22).

The locks are transaction-level advisory locks (pg_advisory_xact_lock), one per key: each item's
address key (dedup.url_key, hashed), its guid when other sources may list it too
(dedup.shared_guid), its site (fingerprint.site_of: translations are read among a site's
stories), its near-duplicate index keys (fingerprint.index_keys: the
SimHash bands, the headline key, headline runs and text keys, the ways the matcher finds a
stored story), and the address and language-version keys of it and of its hreflang alternates. A
batch takes all of its keys in one statement, in ascending order, before its first read: two
batches wait for each other only when they share a key, and never each for the other (no
deadlock). Items whose guid the source has listed before are left out: they only ever join the
story they are already in. SQLite needs none of this: it has one writer at a time.

Keys the matcher has stopped using are not locked: a headline run or text key shared by more
than MAX_LOOSE_BUCKET stored stories (boilerplate: the matcher reads none of its rows), and a
headline key indexing CROWDED_TITLE_KEY stories (new stories are no longer indexed under it).
Stories only ever gain keys, so such a key stays crowded, and two batches meeting only there
could not find each other's stories through it whatever their order. Those are the keys every
batch of a template's source shares: locked, they made one queue of all storing, and the waits
grew with the jobs in flight (bench.workers --grid).

How it was chosen: see bench/store_locks.py (keyed locks against one lock for all storing and
against none, 4 writers, 100 sources, 50 syndicated stories).

What the locks cannot cover: story_merge finds the copy it deletes only once the batch has read
(by the story's new words), so another batch meeting that copy by a key of its own (its address,
a guid) is not kept waiting, and one of the two loses: its sighting points at a deleted story, or
the row it deletes gained a sighting. Taking the copy's locks then would come after the batch's
own, out of order, and could deadlock with a batch holding them. So `in_turn` stores again, from
the start, a transaction PostgreSQL refused for a race it lost (a foreign or unique key another
transaction's commit broke, a deadlock, a serialisation failure): rolled back, it reads anew and
finds the merged story.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from aggregator import fingerprint
from aggregator.dedup import url_key
from aggregator.dedup.matcher import CROWDED_TITLE_KEY, MAX_LOOSE_BUCKET
from aggregator.dedup.plan import shared_guid
from aggregator.models import Gathered, Item
from aggregator.store.sql import _select
from aggregator.store.statements import _KNOWN_SIGHTINGS

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLSTATEs of a transaction that lost a race: serialization_failure, deadlock_detected,
# foreign_key_violation, unique_violation. A batch loses to each other batch at most once (it
# then reads what that one stored), so a few attempts do; a constraint the data itself breaks
# still fails, on the last.
_RACE_LOST = frozenset({"40001", "40P01", "23503", "23505"})
ATTEMPTS = 5

# "keys": one lock per story key (the default); "global": one lock for all storing; "none": no
# lock (what the bench compares against). Only PostgreSQL takes them.
MODE = "keys"
GLOBAL_KEY = -0x5354_4F52_4945_5321  # any fixed number: the lock every batch takes in "global" mode

# In order: sorting the array here would not bind the order the server takes the locks in. Each
# key comes with the stored rows from which the matcher ignores it (0: never): those are counted
# on the index, at most that many, and a key that has them is not locked.
_LOCK_IN_ORDER = sa.text(
    "SELECT count(pg_advisory_xact_lock(key)) FROM ("
    "SELECT k.key FROM unnest(CAST(:keys AS bigint[]), CAST(:crowded_at AS integer[])) "
    "WITH ORDINALITY AS k(key, crowded_at, n) "
    "WHERE k.crowded_at = 0 OR (SELECT count(*) FROM "
    "(SELECT 1 FROM story_keys AS s WHERE s.key = k.key LIMIT k.crowded_at) AS stored) < k.crowded_at "
    "ORDER BY k.n) AS ordered"
)


def lock_story_keys(conn: Connection, batch: Sequence[Gathered]) -> int:
    """Take the batch's story-key locks (PostgreSQL only); how many keys were locked (crowded
    keys are left out, see the module's docstring)."""
    if conn.dialect.name != "postgresql" or MODE == "none":
        return 0
    wanted: dict[int, int] = {GLOBAL_KEY: 0} if MODE == "global" else {}
    if MODE != "global":
        for one in batch:
            if one.items:
                wanted.update(_keys(_new_items(conn, one)))
    if not wanted:
        return 0
    keys = sorted(wanted)
    locked = conn.execute(_LOCK_IN_ORDER, {"keys": keys, "crowded_at": [wanted[key] for key in keys]}).scalar_one()
    return int(locked)


def in_turn(engine: Engine, work: Callable[[Connection], T]) -> T:
    """`work` in one transaction; on PostgreSQL, done again from the start when it lost a race
    to another transaction (see the module's docstring). SQLite has one writer: no races."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa.exc.DBAPIError as error:
            state = getattr(error.orig, "sqlstate", None)
            if engine.dialect.name != "postgresql" or state not in _RACE_LOST or attempt == ATTEMPTS:
                raise
            log.info("storing again after a race attempt=%d sqlstate=%s", attempt, state)
    raise AssertionError("unreachable")


def crowded_at(index_key: int) -> int:
    """The stored stories under a near-duplicate index key (unsigned) from which the matcher
    ignores it; 0: it never does."""
    if fingerprint.is_loose_key(index_key):
        return MAX_LOOSE_BUCKET + 1  # the lookup drops a phrase more than MAX_LOOSE_BUCKET stories share
    if fingerprint.is_title_key(index_key):
        return CROWDED_TITLE_KEY  # a headline this crowded indexes no new story
    return 0


def _new_items(conn: Connection, gathered: Gathered) -> list[Item]:
    source_id = gathered.record.source.id
    guids = list({item.guid for item in gathered.items})
    known = {guid for guid, _, _ in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": guids})}
    return [item for item in gathered.items if item.guid not in known]


def _keys(items: Iterable[Item]) -> dict[int, int]:
    """The lock keys of `items`, each with the stored rows from which it need not be taken (crowded_at)."""
    keys: dict[int, int] = {}
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
        for key in fingerprint.index_keys(known.title, known.fingerprint, known.summary):
            keys.setdefault(fingerprint.to_signed(key), crowded_at(key))
        if shared_guid(item):
            keys[_hashed("guid", item.guid)] = 0
        # Translations are read among the stories of the item's site (fingerprint.site_of): two
        # sources of one partner (its feed, its news page) store one after the other.
        if site := fingerprint.site_of(item.url):
            keys[_hashed("site", site)] = 0
        for address in (item.url, *item.alternates):  # addresses are always locked
            keys[_hashed("url", url_key(address))] = 0
            if version := fingerprint.version_lookup_key(address):
                keys[_hashed("version", version)] = 0
    return keys


def _hashed(kind: str, text: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x1f{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
