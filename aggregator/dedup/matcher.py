"""Near-duplicates and language versions of one batch's new items among stored stories: the
store reads the rows this asks for (index hits, stories by fingerprint, version candidates)
and hands them over as plain rows; the decisions are fingerprint.same_story and
same_post_in_other_language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from aggregator import fingerprint
from aggregator.dedup.plan import KnownSighting
from aggregator.dedup.urls import story_id, url_key
from aggregator.models import Item


class StoredStory(NamedTuple):
    """A stored story as the matcher reads it (the store's _MATCHED_COLUMNS, in this order)."""

    id: str
    group_id: str | None
    raw_title: str | None
    title: str
    summary: str
    url: str
    language: str | None
    published: datetime | None  # None: dated when first seen (its partner gave no date)
    source_id: str
    fingerprint: int | None  # signed (fingerprint.to_signed); None: stored before fingerprints


class VersionLookup(NamedTuple):
    """What the store reads language-version candidates by: these address keys, or the stories
    of this source or of these sites (fingerprint.site_of) published between `earliest` and
    `latest` (None: no dated item)."""

    version_keys: list[str]
    earliest: datetime | None
    latest: datetime | None
    sites: list[str]
    only_language: str | None  # every item's language, when they share one: its stories are left out


# A new item's work is bounded whatever the text: press-release templates and long shared
# boilerplate give hundreds of stories close in SimHash or under one headline. Per index key,
# at most MAX_CANDIDATES stored stories are read (closest first); of an item's candidates, at
# most MAX_CANDIDATES get same_story's cheap test (closest first) and at most MAX_EXAMINED of
# those passing it (most words in common first) the word alignment, which costs some ten times
# as much.
MAX_CANDIDATES = 5
MAX_EXAMINED = 1
# A headline already indexing this many stories is a template's or a recurring one's: new
# stories under it are indexed by their fingerprint only, so the rows every later lookup of
# that headline reads stop growing (its title key finds copies with an edited opening, and
# among so many namesakes it would find them only by luck).
CROWDED_TITLE_KEY = 20
# Of the candidates found only by a headline run or a text key (one shared phrase), the closest
# few: posts written from one template share phrases with dozens of others.
MAX_LOOSE = 4
MAX_LOOSE_BUCKET = 12  # stories sharing one such phrase beyond which the phrase is boilerplate


class Matcher:
    """Finds, for one batch, the stored stories a new item may copy or translate: one query
    through the near-duplicate index (story_keys), one for language-version candidates; the
    decisions themselves are fingerprint.same_story and same_post_in_other_language.

    Items of the batch that became new stories are candidates for the later ones too. The store
    feeds it in order: `index_keys_wanted`, `close_hits`, `add_stored`, `version_lookup`,
    `add_versions`; then plan_saves asks `near_duplicate` and `language_version`.
    """

    def __init__(
        self,
        items: Sequence[Item],
        known_sightings: Mapping[str, KnownSighting],
        story_by_key: Mapping[str, str],
        now: datetime,
    ) -> None:
        self.now = now
        self._candidates: dict[str, fingerprint.Candidate] = {}
        fresh = [i for i in items if i.guid not in known_sightings and url_key(i.url) not in story_by_key]
        self.fresh = fresh  # the items to look up; none: nothing to look up
        self._keys = {i.guid: self._lookup_keys(i) for i in fresh}
        # Looked up as well: the headline keys stories stored before December 2026 were given.
        self._former_keys = {
            i.guid: former for i in fresh if (former := set(fingerprint.former_title_keys(self.candidate(i).title)))
        }
        # The batch's fingerprints under each key: a stored band hit is kept only if close to one.
        self._fingerprints_by_key: dict[int, list[int]] = {}
        # Keys of an item whose fingerprint was made with its headline (a few words of excerpt):
        # a story found by a phrase is then read at any distance (fingerprint.key_finds).
        self._short_keys: set[int] = set()
        for guid in self._keys:
            known = self._candidates[guid]
            keys = self._looked_up(guid)
            for key in keys:
                self._fingerprints_by_key.setdefault(key, []).append(known.fingerprint)
            if fingerprint.short_summary(known.title, known.summary):
                self._short_keys |= keys
        self._by_key: dict[int, list[tuple[str, str, fingerprint.Candidate]]] = {}
        self._versions: list[tuple[str, str, fingerprint.Candidate]] = []
        self._batch_by_key: dict[int, list[tuple[str, str, fingerprint.Candidate]]] = {}
        self._batch_by_language: dict[str | None, list[tuple[str, fingerprint.Candidate]]] = {}
        self._groups: dict[str, str] = {}
        self._group_of: dict[str, str] = {}  # known stories' language groups, as read
        self._crowded: set[int] = set()  # title keys not given to new stories (CROWDED_TITLE_KEY)

    def candidate(self, item: Item) -> fingerprint.Candidate:
        if item.guid not in self._candidates:
            self._candidates[item.guid] = fingerprint.candidate(
                title=item.raw_title or item.title,
                summary=item.summary,
                url=item.url,
                language=item.language,
                # Undated (a news page without dates): unknown, not today. An undated copy of a
                # months-old post is still that post; the text guards decide without the date.
                published=item.published,
                source_id=item.source_id,
            )
        return self._candidates[item.guid]

    def index_keys(self, item: Item) -> set[int]:
        """The near-duplicate index keys to store for `item` (a new story's): those the lookup
        used, less a crowded headline's."""
        keys = self._keys.get(item.guid)
        # Only items not known when the batch was looked up have theirs worked out beforehand.
        return (self._lookup_keys(item) if keys is None else keys) - self._crowded

    def _lookup_keys(self, item: Item) -> set[int]:
        known = self.candidate(item)
        return set(fingerprint.index_keys(known.title, known.fingerprint, known.summary))

    def _looked_up(self, guid: str) -> set[int]:
        keys = self._keys[guid]
        former = self._former_keys.get(guid)
        return keys | former if former else keys

    def index_keys_wanted(self) -> list[int]:
        """The near-duplicate index keys to look up (story_keys rows with these keys)."""
        return list(set().union(*self._keys.values(), *self._former_keys.values()))

    def close_hits(self, hits: Iterable[tuple[int, int | None]]) -> list[tuple[int, int]]:
        """Of the index rows found (key, signed fingerprint), those worth reading the stories
        of: band and text-key matches close enough to be the same story (fingerprint.key_finds),
        title-key matches, and headline-run or text-key matches unless more than
        MAX_LOOSE_BUCKET stored posts share that phrase (boilerplate); at most MAX_CANDIDATES a
        key, those closest to a batch item under it.

        A row (key, None) says the store left a loose key's rows unread, more than
        MAX_LOOSE_BUCKET sharing it. Such a key, like a headline's under CROWDED_TITLE_KEY
        stories or more, is not given to new stories (`index_keys`)."""
        hits = list(hits)
        # Kinds told once per key asked for, not per row: a template's headline brings hundreds.
        loose = {key for key in self._fingerprints_by_key if fingerprint.is_loose_key(key)}
        titles = {key for key in self._fingerprints_by_key if fingerprint.is_title_key(key)}
        per_loose_key = Counter(key for key, _ in hits if key in loose)
        crowded = {key for key, rows in per_loose_key.items() if rows > MAX_LOOSE_BUCKET}
        # A story found by two phrases of the batch's, though far (its fingerprint may have
        # been made with its headline, which a loose key's bound cannot tell from the index).
        loose_finds = Counter(stored for key, stored in hits if key in loose and key not in crowded)
        twice_found = {stored for stored, keys in loose_finds.items() if keys > 1}
        by_key: dict[int, list[tuple[int, int]]] = {}
        title_rows: Counter[int] = Counter()
        key_finds, mask = fingerprint.key_finds, (1 << 64) - 1
        short_keys = self._short_keys
        for key, stored in hits:
            if stored is None:
                crowded.add(key)
                continue
            batch = self._fingerprints_by_key.get(key)
            if not batch or key in crowded:
                continue  # not a key the batch asked for, or a phrase too many posts share
            # Hamming distance inline (on the signed value: the mask makes it the same): a title
            # key shared by a template's posts brings hundreds of rows.
            if len(batch) == 1:  # the usual case, without a generator per row
                distance = ((batch[0] ^ stored) & mask).bit_count()
            else:
                distance = min(((mine ^ stored) & mask).bit_count() for mine in batch)
            if key in titles:
                title_rows[key] += 1
            if key_finds(key, distance, key in short_keys or stored in twice_found):
                by_key.setdefault(key, []).append((distance, stored))
        self._crowded = crowded | {key for key, rows in title_rows.items() if rows >= CROWDED_TITLE_KEY}
        return [
            (key, stored) for key, found in by_key.items() for _, stored in sorted(found)[:MAX_CANDIDATES]
        ]  # fmt: skip

    def add_stored(self, close: Sequence[tuple[int, int]], stories: Iterable[StoredStory]) -> None:
        """The stories of the close hits' fingerprints, filed under the keys that found them: at
        most MAX_CANDIDATES of one fingerprint (the newest), as many as a key may bring."""
        found: dict[int, list[StoredStory]] = {}
        for row in stories:
            found.setdefault(row.fingerprint, []).append(row)  # type: ignore[arg-type]
        known = {
            signed: [_known(row) for row in sorted(rows, key=_newest_first, reverse=True)]
            for signed, rows in found.items()
        }
        for key, stored in close:
            self._by_key.setdefault(key, []).extend(known.get(stored, [])[:MAX_CANDIDATES])

    def version_lookup(self) -> VersionLookup:
        """What to read the batch's language-version candidates by."""
        # A hreflang alternate's own lookup key finds the story stored at that address.
        addresses = [address for item in self.fresh for address in (item.url, *item.alternates)]
        version_keys = {key for address in addresses if (key := fingerprint.version_lookup_key(address))}
        dates = [item.published or self.now for item in self.fresh]  # undated items: now
        window = max(fingerprint.VERSION_DAYS, fingerprint.TRANSLATION_DAYS)  # translation_score's window
        # No dates: NULL bounds, and the time condition matches nothing.
        earliest, latest = (min(dates) - window, max(dates) + window) if dates else (None, None)
        sites = {site for item in self.fresh if (site := fingerprint.site_of(item.url))}
        # A batch in one language reads no stories in it by source or site: only another
        # language's can be versions (on a host many sources share, they are most of its stories).
        languages = {item.language for item in self.fresh}
        only = next(iter(languages)) if len(languages) == 1 else None
        return VersionLookup(list(version_keys), earliest, latest, sorted(sites), only)

    def add_versions(self, stories: Iterable[StoredStory]) -> None:
        self._versions = [_known(row) for row in stories]

    def near_duplicate(self, item: Item) -> str | None:
        """The known story `item` copies (closest fingerprint first), or None."""
        if item.guid not in self._keys:
            return None
        keys = self._looked_up(item.guid)
        new = self.candidate(item)
        new_short = fingerprint.short_summary(new.title, new.summary)
        # Stored stories and this batch's new ones sharing a key, closest first; same_story's
        # cheap test on MAX_CANDIDATES of them, the whole decision on MAX_EXAMINED (see there).
        close: dict[str, tuple[int, fingerprint.Candidate]] = {}
        loose: dict[str, tuple[int, fingerprint.Candidate]] = {}
        for key in keys:
            found_by = loose if fingerprint.is_loose_key(key) else close
            entries = [*self._by_key.get(key, []), *self._batch_by_key.get(key, [])]
            if found_by is loose and len(entries) > MAX_LOOSE_BUCKET:
                continue  # a phrase many posts share (a template's, a partner's boilerplate) tells nothing
            for story, group, known in entries:
                self._group_of.setdefault(story, group)
                distance = fingerprint.hamming(new.fingerprint, known.fingerprint)
                short = new_short
                if not short and found_by is loose and distance > fingerprint.TEXT_KEY_HAMMING:
                    short = fingerprint.short_summary(known.title, known.summary)  # only then does it tell
                if fingerprint.key_finds(key, distance, short):
                    found_by[story] = (distance, known)
        ranked = _closest(new, list(close.items()), MAX_CANDIDATES)
        ranked += _closest(new, [(story, found) for story, found in loose.items() if story not in close], MAX_LOOSE)
        # Of those, the ones most alike in words get the word alignment: a copy has nearly all
        # the words of its original, a template's other posts fewer. Among equally alike ones
        # (texts too short to tell: a series' boilerplate opening), the one whose headline
        # agrees most: June's bulletin before May's and July's.
        alike = []
        for rank, (story, (_, known)) in enumerate(ranked):
            share = fingerprint.likeness(new, known)
            if share is not None:
                alike.append((-share, -fingerprint.title_agreement(new, known), rank, story, known))
        for *_, story, known in sorted(alike)[:MAX_EXAMINED]:
            if fingerprint.same_story(new, known):
                self._seen_as(story, new)
                return story
        story = story_id(url_key(item.url))
        for key in self._keys[item.guid]:
            self._batch_by_key.setdefault(key, []).append((story, story, new))
        return None

    def _seen_as(self, story: str, new: fingerprint.Candidate) -> None:
        """`new` is a sighting of `story`: its own address and words are the story's version in
        its language for the rest of the batch (a hreflang link names the partner's address, not
        a digest's that stored the story first)."""
        if story not in self._groups:
            self._groups[story] = self._group_of.get(story, story)
        self._batch_by_language.setdefault(new.language, []).append((story, new))

    def language_version(self, item: Item) -> str | None:
        """The group of a known story `item` is another language version of, or None: the first
        one a cue names (address, hreflang, marked titles: fingerprint.version_by_cue), else the
        one whose text tells the most alike (fingerprint.translation_score), among groups not
        yet holding a version in `item`'s language (one version a language)."""
        new = self.candidate(item)
        mine = story_id(url_key(item.url))
        # Only another language can be a version: stored stories are filtered once, this batch's
        # new stories are kept by language, so a batch in one language costs nothing here.
        pool = [entry for entry in self._versions if entry[2].language not in (None, new.language)]
        for language, entries in self._batch_by_language.items():
            if language not in (None, new.language):
                pool += [(story, self._groups.get(story, story), known) for story, known in entries]
        alternates = frozenset(item.alternates)
        group = next((group for _, group, known in pool if fingerprint.version_by_cue(new, known, alternates)), None)
        if group is None and pool:
            group = self._best_translation(new, pool)
        self._groups[mine] = group or mine
        self._batch_by_language.setdefault(new.language, []).append((mine, new))
        return group

    def _best_translation(
        self, new: fingerprint.Candidate, pool: list[tuple[str, str, fingerprint.Candidate]]
    ) -> str | None:
        """The group of the story in `pool` whose text is most surely `new` translated, leaving
        out groups that already hold a version in `new`'s language (as far as this batch and
        the version candidates read show them)."""
        taken = {group for _, group, known in self._versions if known.language == new.language}
        taken.update(self._groups.get(story, story) for story, _ in self._batch_by_language.get(new.language, []))
        best: tuple[float, str] | None = None
        for _, group, known in pool:
            if group in taken:
                continue
            score = fingerprint.translation_score(new, known)
            if score is not None and (best is None or score > best[0]):
                best = (score, group)
        return best[1] if best else None


def _closest(
    new: fingerprint.Candidate, found: list[tuple[str, tuple[int, fingerprint.Candidate]]], limit: int
) -> list[tuple[str, tuple[int, fingerprint.Candidate]]]:
    """The `limit` closest; at one distance (a series' issues under one boilerplate opening) the
    headline agreeing most, not the story id: which of them are stored must not decide."""
    if len(found) <= limit:
        return sorted(found, key=lambda pair: (pair[1][0], pair[0]))
    return sorted(found, key=lambda pair: (pair[1][0], -fingerprint.title_agreement(new, pair[1][1]), pair[0]))[:limit]


def _newest_first(row: StoredStory) -> tuple[datetime, str]:
    return (row.published or datetime.min.replace(tzinfo=UTC), row.id)


def stored_candidate(row: StoredStory) -> fingerprint.Candidate:
    """A stored story as the deciders see it (its fingerprint as stored, worked out for a story
    stored before fingerprints existed)."""
    title = row.raw_title or row.title
    if row.fingerprint is None:
        return fingerprint.candidate(title=title, summary=row.summary, url=row.url, language=row.language,
                                     published=row.published, source_id=row.source_id)  # fmt: skip
    return fingerprint.Candidate(title, row.summary, row.url, row.language, row.published, row.source_id,
                                 fingerprint.from_signed(row.fingerprint))  # fmt: skip


def _known(row: StoredStory) -> tuple[str, str, fingerprint.Candidate]:
    """(story id, its group, the story as the deciders see it)."""
    return row.id, row.group_id or row.id, stored_candidate(row)
