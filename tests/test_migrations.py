"""Schema migrations (Alembic): they build exactly the schema the code uses, and upgrading keeps data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from aggregator.cli import main
from aggregator.models import FetchResult, Item, SourceConfig
from aggregator.store import Store, _alembic_config, metadata


def test_migrations_build_the_schema_the_code_uses(database_url: str) -> None:
    store = Store(database_url)
    store.create_schema()
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    assert differences == []


SUMMARY = (
    "Young people from villages around Osh spent a week learning how to document violations of their rights "
    "and how to talk to local authorities about what they found."
)


def test_upgrading_from_the_first_revision_keeps_data(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        now = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)
        conn.execute(
            sa.text(
                "INSERT INTO sources (id, name, config_url, consecutive_failures, gone) VALUES ('cag', 'CAG', 'https://x.org/', 0, false)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO stories (id, url, url_key, source_id, title, summary, published, updated, date_is_first_seen, first_seen_at) "
                "VALUES ('urn:uuid:1', 'https://x.org/a', 'https://x.org/a', 'cag', 'Kept', :summary, :t, :t, false, :t)"
            ),
            {"t": now, "summary": SUMMARY},
        )
    engine.dispose()
    store = Store(database_url)
    store.create_schema()  # to head
    assert [story.title for story in store.latest_stories(10)] == ["Kept"]
    assert store.schema_is_current()
    # The old story was indexed by the upgrade: another partner's copy of it is found.
    other = SourceConfig("other", "Other partner", "https://other.org/feed")
    store.sync_sources([other])
    copy = Item("other", "o1", "https://other.org/repost", "Kept", SUMMARY, None, datetime(2026, 1, 2, tzinfo=UTC))
    saved = store.record_collection(
        other, FetchResult(url=other.url, outcome="ok"), [copy], now=datetime(2026, 1, 2, tzinfo=UTC), fetch_url=None
    )
    assert saved.new == 0
    (story,) = store.latest_stories(10)
    assert [ref.id for ref in story.also_published_by] == ["other"]
    store.close()


def _migrate(url: str, revision: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        step = command.downgrade if current is not None and current > revision else command.upgrade
        step(_alembic_config(conn), revision)
    engine.dispose()


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(sa.text(sql))]
    engine.dispose()
    return rows


def test_sqlite_keeps_the_near_duplicate_index_in_key_order(tmp_path: Path) -> None:
    # Revision 0005 rebuilds story_keys WITHOUT ROWID, keeping its rows; 0004 gets the rowid back.
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    _migrate(url, "0005")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO story_keys VALUES (7, 'urn:uuid:1', -5), (3, 'urn:uuid:2', 9)"))
    engine.dispose()

    def table_sql() -> str:
        return str(_rows(url, "SELECT sql FROM sqlite_master WHERE name = 'story_keys'")[0][0])

    assert "WITHOUT ROWID" in table_sql()
    _migrate(url, "0004")
    assert "WITHOUT ROWID" not in table_sql()
    assert _rows(url, "SELECT * FROM story_keys ORDER BY key") == [(3, "urn:uuid:2", 9), (7, "urn:uuid:1", -5)]
    _migrate(url, "0005")
    assert "WITHOUT ROWID" in table_sql()
    assert _rows(url, "SELECT * FROM story_keys ORDER BY key") == [(3, "urn:uuid:2", 9), (7, "urn:uuid:1", -5)]
    _migrate(url, "head")
    assert "WITHOUT ROWID" in table_sql()  # and still so after 0006 made it anew


def test_the_index_by_fingerprint_is_made_from_the_index_by_story(database_url: str) -> None:
    """Revision 0006: (key, story, fingerprint) rows become (key, fingerprint) rows, one per pair
    whatever the number of stories sharing it; going back works the stories' keys out again."""
    from aggregator import fingerprint

    _migrate(database_url, "0005")
    shared, other = fingerprint.simhash("same text"), fingerprint.simhash("another text")
    stories = [("urn:uuid:1", "First headline of a kind", shared), ("urn:uuid:2", "Second headline", shared),
               ("urn:uuid:3", "Third headline for its own", other)]  # fmt: skip
    old_rows = {
        (key, story, fingerprint.to_signed(value))
        for story, title, value in stories
        for key in fingerprint.lookup_keys(title, value)
    }
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO sources (id, name, config_url, consecutive_failures, gone) "
                "VALUES ('cag', 'CAG', 'https://x.org/', 0, false)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO stories (id, url, url_key, source_id, title, summary, published, updated, "
                "date_is_first_seen, first_seen_at, fingerprint) "
                "VALUES (:id, :url, :url, 'cag', :title, '', :t, :t, false, :t, :fp)"
            ),
            [
                {
                    "id": s,
                    "url": f"https://x.org/{s}",
                    "title": t,
                    "fp": fingerprint.to_signed(v),
                    "t": datetime(2026, 1, 1),
                }
                for s, t, v in stories
            ],
        )
        conn.execute(
            sa.text("INSERT INTO story_keys VALUES (:k, :s, :f)"), [{"k": k, "s": s, "f": f} for k, s, f in old_rows]
        )
    engine.dispose()

    _migrate(database_url, "head")
    assert set(_rows(database_url, "SELECT * FROM story_keys")) == {(key, fp) for key, _, fp in old_rows}
    assert len(_rows(database_url, "SELECT * FROM story_keys")) < len(old_rows)  # band rows shared
    _migrate(database_url, "0005")
    assert set(_rows(database_url, "SELECT * FROM story_keys")) == old_rows


def test_auto_migrate_off_refuses_an_old_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "db.sqlite"
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"title: T\nlink: https://x.org/\ndatabase: sqlite:///{database}\nauto_migrate: false\n"
        "sources:\n  - {id: a, url: 'https://x.org/feed'}\n",
        encoding="utf-8",
    )
    assert main(["--config", str(config), "status"]) == 1
    assert "run `aggregator migrate`" in capsys.readouterr().err
    assert main(["--config", str(config), "migrate"]) == 0
    assert main(["--config", str(config), "status"]) == 0


def test_sightings_keep_their_rows_and_withdrawals_start_empty(database_url: str) -> None:
    """Revision 0008: sightings gain their own link and words (NULL in the rows already there),
    and an empty withdrawals table; a story seen before it loads with word-less sightings."""
    _migrate(database_url, "0007")
    at = datetime(2026, 1, 1)
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO sources (id, name, config_url, consecutive_failures, gone) "
                "VALUES ('cag', 'CAG', 'https://x.org/', 0, false), ('adc', 'ADC', 'https://adc.org/', 0, false)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO stories (id, url, url_key, source_id, title, summary, published, updated, "
                "date_is_first_seen, first_seen_at) "
                "VALUES ('urn:uuid:1', 'https://x.org/a', 'https://x.org/a', 'cag', 'Kept', :summary, :t, :t, false, :t)"
            ),
            {"t": at, "summary": SUMMARY},
        )
        conn.execute(
            sa.text(
                "INSERT INTO sightings (source_id, guid, url_key, story_id, content_hash, first_seen_at) "
                "VALUES ('cag', 'g1', 'https://x.org/a', 'urn:uuid:1', 'h1', :t), "
                "('adc', 'g2', 'https://adc.org/a', 'urn:uuid:1', 'h2', :t)"
            ),
            {"t": at},
        )
    engine.dispose()

    _migrate(database_url, "head")
    assert _rows(database_url, "SELECT source_id, guid, url, title, summary FROM sightings ORDER BY guid") == [
        ("cag", "g1", None, None, None),
        ("adc", "g2", None, None, None),
    ]
    assert _rows(database_url, "SELECT * FROM withdrawals") == []
    store = Store(database_url)
    (story,) = store.latest_stories(10)
    assert [(s.source.id, s.url, s.title, s.summary) for s in story.sightings] == [("adc", None, None, None)]
    assert story.sightings[0].first_seen_at == at.replace(tzinfo=UTC)
    store.withdraw("urn:uuid:1", "risk", "anna", datetime(2026, 1, 2, tzinfo=UTC))
    store.close()

    _migrate(database_url, "0007")  # and back: the sightings stay, the withdrawals go
    assert _rows(database_url, "SELECT guid FROM sightings ORDER BY guid") == [("g1",), ("g2",)]
    engine = sa.create_engine(database_url)
    assert "withdrawals" not in sa.inspect(engine).get_table_names()
    engine.dispose()
