"""The store on SQLite and PostgreSQL: idempotent writes, stable ids, source health, robots.txt files."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from aggregator.models import CacheInfo, FetchResult, Item, RobotsFile, SourceConfig
from aggregator.store import ANALYZE_LOCK, FetchRecord, Gathered, Store
from bench.synthetic import load_synthetic

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CAG = SourceConfig("cag", "Centralasiengrupperna", "https://centralasien.org/feed/", "feed", ("sv", "en"))
BLOG = SourceConfig("cag-blog", "CAG blog", "https://centralasien.org/sv/blogg/", "html", ("sv", "en"))
OK = FetchResult(
    url="https://centralasien.org/feed/", outcome="ok", status=200, cache=CacheInfo('"e1"', "Sun, 01 Mar 2026")
)


def item(n: int, source: str = "cag", **changes: object) -> Item:
    fields: dict[str, object] = {
        "source_id": source,
        "guid": f"https://centralasien.org/?p={n}",
        "url": f"https://centralasien.org/sv/2019/05/{n}/post",
        "title": f"Post {n}",
        "summary": f"Summary {n}",
        "language": "en",
        "published": datetime(2019, 5, n, 10, tzinfo=UTC),
        "author": None,
    }
    fields.update(changes)
    return Item(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([CAG, BLOG])
    yield store
    store.close()


def test_storing_the_same_items_twice_adds_nothing(store: Store) -> None:
    first = store.record_collection(CAG, OK, [item(1), item(2)], now=NOW, fetch_url=None)
    again = store.record_collection(CAG, OK, [item(1), item(2)], now=NOW + timedelta(hours=1), fetch_url=None)
    assert (first.new, again.new, again.updated) == (2, 0, 0)
    assert len(store.latest_stories(10)) == 2


def test_an_edit_updates_the_story_in_place(store: Store) -> None:
    store.record_collection(CAG, OK, [item(1)], now=NOW, fetch_url=None)
    (before,) = store.latest_stories(10)
    later = NOW + timedelta(days=1)
    saved = store.record_collection(CAG, OK, [item(1, title="Post 1, corrected")], now=later, fetch_url=None)
    (after,) = store.latest_stories(10)
    assert saved.updated == 1
    assert after.id == before.id and after.title == "Post 1, corrected" and after.updated == later


def test_same_link_from_two_sources_is_one_story_with_both_sources(store: Store) -> None:
    store.record_collection(CAG, OK, [item(1)], now=NOW, fetch_url=None)
    page_item = item(1, source="cag-blog", guid=item(1).url, published=None, author="Anna")
    saved = store.record_collection(BLOG, OK, [page_item], now=NOW, fetch_url=None)
    (story,) = store.latest_stories(10)
    assert saved.new == 0
    assert story.source.id == "cag" and [s.id for s in story.also_published_by] == ["cag-blog"]
    assert story.author == "Anna"  # the page knew what the feed did not


def test_undated_story_is_dated_when_first_seen_until_a_date_is_known(store: Store) -> None:
    store.record_collection(BLOG, OK, [item(3, source="cag-blog", published=None)], now=NOW, fetch_url=None)
    (story,) = store.latest_stories(10)
    assert story.published == NOW and story.date_is_first_seen
    store.record_collection(CAG, OK, [item(3)], now=NOW, fetch_url=None)
    (story,) = store.latest_stories(10)
    assert story.published == datetime(2019, 5, 3, 10, tzinfo=UTC) and not story.date_is_first_seen


def test_latest_stories_covers_every_language(store: Store) -> None:
    items = [item(n) for n in range(1, 20)] + [item(20, language="ky", published=datetime(2001, 1, 1, tzinfo=UTC))]
    store.record_collection(CAG, OK, items, now=NOW, fetch_url=None)
    stories = store.latest_stories(5)
    assert sum(s.language == "en" for s in stories) == 5
    assert [s.language for s in stories if s.language == "ky"] == ["ky"]  # old, but its language's newest


def test_failures_back_off_and_success_resets(store: Store) -> None:
    failed = FetchResult(url=CAG.url, outcome="error", error_kind="HTTP 500", error_message="Internal Server Error")
    store.record_collection(CAG, failed, [], now=NOW, fetch_url=None)
    store.record_collection(CAG, failed, [], now=NOW, fetch_url=None)
    status = {s.id: s for s in store.source_statuses([CAG, BLOG])}["cag"]
    assert (status.outcome, status.consecutive_failures) == ("HTTP 500", 2)
    assert status.next_check_at == NOW + 2 * CAG.interval
    assert "cag" not in store.due_source_ids(NOW + CAG.interval)
    assert store.due_source_ids(NOW + 2 * CAG.interval, among=["cag"]) == {"cag"}
    assert store.due_source_ids(NOW + CAG.interval, among=["cag"]) == set()
    store.record_collection(CAG, OK, [item(1)], now=NOW, fetch_url=None)
    status = {s.id: s for s in store.source_statuses([CAG, BLOG])}["cag"]
    assert (status.outcome, status.consecutive_failures, status.items_total) == ("ok", 0, 1)
    assert store.source_state("cag").cache == OK.cache


def test_outcomes_stored_together_are_each_sources_own(store: Store) -> None:
    # A pass stores 304s and failures a batch at a time: each source keeps its own streak,
    # validators and next check, as if stored one by one.
    store.record_collection(CAG, OK, [], now=NOW, fetch_url="https://centralasien.org/feed/atom/")
    failed = FetchResult(url=BLOG.url, outcome="error", error_kind="timeout", error_message="no answer")
    not_modified = FetchResult(url=CAG.url, outcome="not_modified", status=304, cache=OK.cache)
    later = NOW + timedelta(hours=1)
    for at in (NOW, later):
        store.record_collections(
            [
                Gathered(FetchRecord(CAG, not_modified, "https://centralasien.org/feed/atom/", at)),
                Gathered(FetchRecord(BLOG, failed, None, at)),
            ]
        )
    statuses = {s.id: s for s in store.source_statuses([CAG, BLOG], now=later)}
    assert (statuses["cag"].outcome, statuses["cag"].consecutive_failures) == ("not modified", 0)
    assert statuses["cag"].last_success_at == later
    assert store.source_state("cag") == store.source_states(["cag"])["cag"]
    assert store.source_state("cag").cache == OK.cache
    assert store.source_state("cag").fetch_url == "https://centralasien.org/feed/atom/"
    assert (statuses["cag-blog"].outcome, statuses["cag-blog"].consecutive_failures) == ("timeout", 2)
    assert statuses["cag-blog"].next_check_at == later + 2 * BLOG.interval
    assert statuses["cag-blog"].last_success_at is None


def test_grown_tables_get_fresh_planner_statistics(store: Store) -> None:
    if store.engine.dialect.name == "sqlite":
        assert store.refresh_statistics() == []  # SQLite plans from its indexes alone
        return
    load_synthetic(store, 500, sources=2)
    changed = sa.text("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'stories'")
    with store.engine.connect() as other:
        # The server publishes its change counters within about ten seconds of the writes.
        deadline = time.monotonic() + 20
        while not other.scalar(changed) and time.monotonic() < deadline:
            time.sleep(0.5)
            other.rollback()  # a new snapshot of the counters
        # Another worker analysing holds the lock: this one leaves the stale tables to it.
        other.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": ANALYZE_LOCK})
        assert store.refresh_statistics() == []
        other.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": ANALYZE_LOCK})
    analyzed = store.refresh_statistics()
    assert {"stories", "story_keys", "sightings"} <= set(analyzed)
    assert store.refresh_statistics() == []  # nothing changed since


def test_changed_address_in_config_forgets_the_old_state(store: Store) -> None:
    store.record_collection(CAG, OK, [], now=NOW, fetch_url="https://centralasien.org/feed/atom/")
    assert store.source_state("cag").fetch_url == "https://centralasien.org/feed/atom/"
    store.sync_sources([SourceConfig("cag", "CAG", "https://centralasien.org/en/feed/")])
    assert store.source_state("cag").fetch_url is None
    assert store.source_state("cag").cache == CacheInfo()
    assert "cag" in store.due_source_ids(NOW)


def test_posts_per_month_cover_the_last_year(store: Store) -> None:
    now = datetime(2026, 3, 15, tzinfo=UTC)
    dates = [datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC), datetime(2025, 4, 30, tzinfo=UTC),
             datetime(2025, 3, 31, tzinfo=UTC)]  # fmt: skip
    items = [item(n, published=when) for n, when in enumerate(dates, start=1)]
    store.record_collection(CAG, OK, items, now=now, fetch_url=None)
    statuses = {s.id: s for s in store.source_statuses([CAG, BLOG], now=now)}
    # April 2025 .. March 2026; the March 2025 post is older than a year.
    assert statuses["cag"].posts_per_month == (1,) + (0,) * 10 + (2,)
    assert statuses["cag-blog"].posts_per_month == (0,) * 12


def test_a_rarely_posting_source_is_polled_less_often(store: Store) -> None:
    monthly = [item(n, published=datetime(2025, n, 1, tzinfo=UTC)) for n in range(1, 6)]
    store.record_collection(CAG, OK, monthly, now=NOW, fetch_url=None)
    status = {s.id: s for s in store.source_statuses([CAG, BLOG])}["cag"]
    assert status.next_check_at == NOW + timedelta(hours=6)  # not every 30 minutes


def test_robots_files_come_back_as_stored(store: Store) -> None:
    files = [
        RobotsFile("https://centralasien.org", 200, "User-agent: *\nDisallow: /admin/\nCrawl-delay: 2\n", NOW),
        RobotsFile("https://kloop.kg", 503, "", NOW - timedelta(minutes=3)),
        RobotsFile("http://127.0.0.1:8080", None, "", NOW, error="ConnectTimeout"),
    ]
    store.save_robots_files(files)
    assert sorted(store.robots_files(), key=lambda f: f.origin) == sorted(files, key=lambda f: f.origin)
    assert store.robots_files(["https://kloop.kg", "https://never.read"]) == [files[1]]
    assert store.robots_files([]) == []


def test_a_robots_file_is_replaced_only_by_a_newer_reading(store: Store) -> None:
    origin = "https://centralasien.org"
    store.save_robots_files([RobotsFile(origin, 200, "Disallow: /old", NOW)])
    # Two readings of one host in a batch (two workers' fetchers, say): the newest is kept.
    store.save_robots_files(
        [RobotsFile(origin, 200, "Disallow: /newest", NOW + timedelta(hours=2)),
         RobotsFile(origin, 200, "Disallow: /newer", NOW + timedelta(hours=1))]
    )  # fmt: skip
    store.save_robots_files([RobotsFile(origin, 503, "", NOW + timedelta(minutes=1))])  # late, and older
    (stored,) = store.robots_files([origin])
    assert (stored.status, stored.text, stored.read_at) == (200, "Disallow: /newest", NOW + timedelta(hours=2))
    store.save_robots_files([RobotsFile(origin, 503, "", NOW + timedelta(days=1))])
    assert [(f.status, f.text) for f in store.robots_files([origin])] == [(503, "")]


def test_a_robots_file_with_nul_characters_is_stored(store: Store) -> None:
    # PostgreSQL's text refuses NUL; a broken robots.txt must not stop a pass from storing.
    store.save_robots_files([RobotsFile("https://x.org", 200, "User-agent: *\x00\nDisallow: /a\n", NOW)])
    assert store.robots_files()[0].text == "User-agent: *\nDisallow: /a\n"


def test_rows_inserted_in_bulk_read_back_as_sqlalchemys_own_inserts(store: Store) -> None:
    """The bulk insert applies each column type's conversion itself: what it writes must be what
    `conn.execute(table.insert(), rows)` writes, zones, booleans and NULLs included."""
    from aggregator.store import _insert_many, stories

    kyiv = timezone(timedelta(hours=2))
    base = {
        "url": "https://centralasien.org/a", "source_id": "cag", "title": "T", "summary": "S", "language": None,
        "author": None, "published": datetime(2019, 5, 1, 12, 30, 15, 123456, tzinfo=kyiv), "updated": NOW,
        "date_is_first_seen": True, "first_seen_at": NOW, "raw_title": None, "fingerprint": -(2**63),
        "version_key": None, "group_id": None,
    }  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(stories.insert(), [base | {"id": "by-sqlalchemy", "url_key": "k1"}])
        _insert_many(conn, stories, [base | {"id": "in-bulk", "url_key": "k2"}])
    with store.engine.connect() as conn:
        rows = {row.id: row._asdict() for row in conn.execute(sa.select(stories))}
        raw = {
            row[0]: row[1:] for row in conn.execute(sa.text("SELECT id, published, date_is_first_seen FROM stories"))
        }
    ours, theirs = rows.pop("in-bulk"), rows.pop("by-sqlalchemy")
    assert {**ours, "id": None, "url_key": None} == {**theirs, "id": None, "url_key": None}
    assert ours["published"] == base["published"] and ours["published"].tzinfo == UTC
    assert raw["in-bulk"] == raw["by-sqlalchemy"]  # the same text on SQLite, where ordering compares it


def test_rows_updated_in_bulk_read_back_as_sqlalchemys_own_updates(store: Store) -> None:
    """The same for the bulk UPDATE every pass makes of its sources' rows."""
    from aggregator.store import _UPDATE_SOURCE, _execute_many, sources

    store.sync_sources(
        [SourceConfig("a", "A", "https://a.example/feed"), SourceConfig("b", "B", "https://b.example/feed")]
    )
    kyiv = timezone(timedelta(hours=2))
    values = {"last_fetch_at": datetime(2026, 3, 1, 14, 0, 5, 250, tzinfo=kyiv), "next_check_at": NOW,
              "etag": None, "gone": True, "consecutive_failures": 3, "posting_gap_seconds": 86400.5}  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(_UPDATE_SOURCE, [values | {"source": "a"}])
        _execute_many(conn, _UPDATE_SOURCE, [values | {"source": "b"}])
    with store.engine.connect() as conn:
        rows = {row.id: row._asdict() for row in conn.execute(sa.select(sources))}
        raw = {row[0]: row[1:] for row in conn.execute(sa.text("SELECT id, last_fetch_at, gone FROM sources"))}
    assert {**rows["b"], "id": None, "name": None, "config_url": None} == {
        **rows["a"],
        "id": None,
        "name": None,
        "config_url": None,
    }
    assert rows["b"]["last_fetch_at"] == values["last_fetch_at"] and rows["b"]["gone"] is True
    assert raw["b"] == raw["a"]


def test_lookups_without_sqlalchemys_rows_read_what_sqlalchemy_reads(store: Store) -> None:
    """The batch lookups bind and convert values themselves (`_select`): each must return what
    `conn.execute(...).all()` returns, dates as aware UTC datetimes, NULLs, a LIMIT fixed in the
    statement, and IN lists of any length (one SQL per length) or empty."""
    from aggregator import store as db

    items = [item(n, author="Aigerim" if n % 2 else None, language=None if n == 3 else "en") for n in range(1, 6)]
    store.record_collection(CAG, OK, items, now=NOW, fetch_url=None)
    with store.engine.connect() as conn:
        fingerprints = list(conn.scalars(sa.select(db.stories.c.fingerprint)))
        keys = [row.url_key for row in conn.execute(sa.select(db.stories.c.url_key))]
        index_keys = list(conn.scalars(sa.select(db.story_keys.c.key).limit(7)))
        guids = [i.guid for i in items]
        lookups = [
            (db._KNOWN_SIGHTINGS, {"source": "cag", "guids": guids}),
            (db._KNOWN_SIGHTINGS, {"source": "cag", "guids": [*guids[:2], "unknown"]}),
            (db._KNOWN_SIGHTINGS, {"source": "cag", "guids": []}),
            (db._STORIES_BY_URL_KEY, {"keys": keys}),
            (db._STORIES_BY_FINGERPRINT, {"fingerprints": fingerprints, "newest": 5}),
            (db._INDEX_HITS, {"keys": [*index_keys, 2**40], "bucket": 12, "loose_tags": [125, 126]}),
            (db._SOURCE_RHYTHM, {"ids": ["cag", "cag-blog", "nobody"]}),
            (db._RECENT_POST_DATES, {"source": "cag"}),
            (
                db._VERSION_CANDIDATES,
                {
                    "version_keys": keys[:1],
                    "source": "cag",
                    "sites": ["centralasien.org", "unknown.example.org"],
                    "earliest": datetime(2019, 5, 2, tzinfo=UTC),
                    "latest": datetime(2019, 5, 4, tzinfo=UTC),
                    "only_language": None,
                    "site_languages": ["sv", "en"],
                    "instants": (datetime(2019, 5, 3, 10, tzinfo=UTC), datetime(2019, 5, 1, tzinfo=UTC)),
                },
            ),
            (
                db._VERSION_CANDIDATES,
                {
                    "version_keys": [],
                    "source": "cag",
                    "sites": ["centralasien.org"],
                    "only_language": "sv",
                    "site_languages": ["en"],
                    "earliest": datetime(2019, 5, 2, tzinfo=UTC),
                    "latest": datetime(2019, 5, 4, tzinfo=UTC),
                    "instants": (datetime(2019, 5, 3, tzinfo=UTC),),
                },
            ),
            (
                db._VERSION_CANDIDATES,
                {
                    "version_keys": [],
                    "source": "cag",
                    "sites": [],
                    "earliest": None,
                    "latest": None,
                    "only_language": None,
                    "site_languages": [],
                    "instants": (),
                },
            ),
        ]
        for statement, params in lookups:
            ours = db._select(conn, statement, params)
            assert ours == [tuple(row) for row in conn.execute(statement, params)], params
        rows = db._select(conn, db._STORIES_BY_FINGERPRINT, {"fingerprints": fingerprints, "newest": 5})
        dates = db._select(conn, db._RECENT_POST_DATES, {"source": "cag"})
    assert len(rows) == 5 and {row[6] for row in rows} == {"en", None}
    assert [when for (when,) in dates] == [datetime(2019, 5, n, 10, tzinfo=UTC) for n in range(5, 0, -1)]
    assert all(when.tzinfo == UTC for (when,) in dates)


ANNOUNCEMENT = (
    "Applications are open for the summer school on human rights documentation in Bishkek; young activists "
    "from all regions of Kyrgyzstan are invited to apply before the end of the month."
)


def test_stories_sharing_a_fingerprint_share_index_rows_and_stay_findable(store: Store) -> None:
    """The same announcement a year apart is two stories with one fingerprint: the second's index
    rows are already there (not an error), and a copy of the later one is found through them."""
    spring = item(1, summary=ANNOUNCEMENT, title="Summer school", published=datetime(2019, 5, 1, tzinfo=UTC))
    next_spring = item(2, summary=ANNOUNCEMENT, title="Summer school", published=datetime(2020, 5, 1, tzinfo=UTC))
    repost = item(
        3, "cag-blog", summary=ANNOUNCEMENT, title="Summer school", published=datetime(2020, 5, 2, tzinfo=UTC)
    )
    assert store.record_collection(CAG, OK, [spring], now=NOW, fetch_url=None).new == 1
    assert store.record_collection(CAG, OK, [next_spring], now=NOW, fetch_url=None).new == 1
    assert store.record_collection(BLOG, OK, [repost], now=NOW, fetch_url=None).new == 0
    by_url = {story.url: story for story in store.latest_stories(10)}
    assert [ref.id for ref in by_url[next_spring.url].also_published_by] == ["cag-blog"]
    assert by_url[spring.url].also_published_by == ()


def test_a_failed_publish_is_kept_until_the_next_success(store: Store) -> None:
    assert store.publish_outcome("/srv/public") == (None, None)
    store.record_publish("/srv/public", NOW)
    store.record_publish("/srv/public", NOW + timedelta(minutes=10), "cannot write: No space left on device")
    assert store.publish_outcome("/srv/public") == (NOW, "cannot write: No space left on device")
    assert store.publish_outcome("/srv/other") == (None, None)  # each output folder its own
    store.record_publish("/srv/public", NOW + timedelta(minutes=20))
    assert store.publish_outcome("/srv/public") == (NOW + timedelta(minutes=20), None)
