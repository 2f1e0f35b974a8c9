"""Sources' rows: syncing them with the config, which are due, their states before a fetch,
the fetch log and each source's polling state after it, and their statuses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from aggregator import polling
from aggregator.clock import utc_now
from aggregator.models import (
    CacheInfo,
    FetchRecord,
    SourceConfig,
    SourceRef,
    SourceState,
    SourceStatus,
)
from aggregator.store.schema import fetches, sightings, sources, stories
from aggregator.store.sql import _execute_many, _insert_many, _select
from aggregator.store.statements import (
    _DUE_SOURCES,
    _DUE_SOURCES_AMONG,
    _KNOWN_SIGHTINGS,
    _RECENT_POST_DATES,
    _SOURCE_ADDRESSES,
    _SOURCE_RHYTHM,
    _SOURCE_STATES,
    _UPDATE_SOURCE,
)


def sync_sources(engine: Engine, configured: Iterable[SourceConfig]) -> None:
    """Make a row for every configured source; a changed address forgets what the old one
    taught us (discovered feed, validators) and makes the source due now."""
    with engine.begin() as conn:
        rows = _select(conn, _SOURCE_ADDRESSES, {})
        known = {source_id: (url, name) for source_id, url, name in rows}
        for source in configured:
            if source.id not in known:
                conn.execute(
                    sources.insert().values(
                        id=source.id, name=source.name, config_url=source.url, consecutive_failures=0, gone=False
                    )
                )
                continue
            url, name = known[source.id]
            if url != source.url:
                conn.execute(
                    sources.update()
                    .where(sources.c.id == source.id)
                    .values(
                        name=source.name,
                        config_url=source.url,
                        fetch_url=None,
                        etag=None,
                        body_digest=None,
                        last_modified=None,
                        next_check_at=None,
                        consecutive_failures=0,
                        gone=False,
                        moved_to=None,
                    )
                )
            elif name != source.name:
                conn.execute(sources.update().where(sources.c.id == source.id).values(name=source.name))


def due_source_ids(engine: Engine, now: datetime, among: Collection[str] | None = None) -> set[str]:
    """The sources due at `now` (of `among` only, when given: a worker asks about its job's
    source alone, not for every due source once per job)."""
    with engine.connect() as conn:
        if among is None:
            rows = _select(conn, _DUE_SOURCES, {"now": now})
        else:
            rows = _select(conn, _DUE_SOURCES_AMONG, {"now": now, "ids": list(among)})
    return {source_id for (source_id,) in rows}


def known_guids(engine: Engine, source_id: str, guids: Sequence[str]) -> set[str]:
    """Which of these guids the source has listed before."""
    with engine.connect() as conn:
        return {guid for guid, _, _ in _select(conn, _KNOWN_SIGHTINGS, {"source": source_id, "guids": list(guids)})}


def gone_source_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(sa.select(sources.c.id).where(sources.c.gone.is_(True))))


def source_states(engine: Engine, source_ids: Collection[str]) -> dict[str, SourceState]:
    """What the collector needs before fetching these sources, in one query; a source
    with no row yet gets the state of one never fetched."""
    with engine.connect() as conn:
        rows = _select(conn, _SOURCE_STATES, {"ids": list(source_ids)})
        found = {
            source_id: SourceState(fetch_url, CacheInfo(etag, last_modified), body_digest)
            for source_id, fetch_url, etag, last_modified, body_digest in rows
        }
    never_fetched = SourceState(None, CacheInfo())
    return {source_id: found.get(source_id, never_fetched) for source_id in source_ids}


def last_collection_at(engine: Engine) -> datetime | None:
    """When any source was last fetched: the health check's measure of a live collector."""
    with engine.connect() as conn:
        return _aware(conn.scalar(sa.select(sa.func.max(sources.c.last_fetch_at))))


def source_statuses(
    engine: Engine, configured: Sequence[SourceConfig], *, now: datetime | None = None
) -> list[SourceStatus]:
    now = now or utc_now()
    # Shaped for a store of millions: counts from the (source, guid) index alone, the newest
    # date from each source's most recent sightings, the monthly chart from one year of stories.
    counts = sa.select(sightings.c.source_id, sa.func.count().label("items_total")).group_by(sightings.c.source_id)
    first_month = _month_start(now, months_back=11)
    recent = (
        sa.select(sightings.c.source_id, stories.c.published)
        .select_from(stories)
        .join(sightings, sightings.c.story_id == stories.c.id)
        .where(stories.c.published >= first_month, stories.c.published <= now)
    )
    with engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(sa.select(sources))}
        totals = {source_id: total for source_id, total in conn.execute(counts)}
        newest = {source.id: _newest_published(conn, source.id) for source in configured}
        monthly = _per_month(conn.execute(recent), first_month)
    statuses = []
    for source in configured:
        row = rows.get(source.id)
        statuses.append(
            SourceStatus(
                id=source.id,
                name=source.name,
                url=source.url,
                fetch_url=row.fetch_url if row else None,
                last_fetch_at=row.last_fetch_at if row else None,
                outcome=_outcome_words(row.last_outcome, row.last_error_kind) if row else None,
                error_message=row.last_error_message if row else None,
                http_status=row.last_status if row else None,
                consecutive_failures=row.consecutive_failures if row else 0,
                last_success_at=row.last_success_at if row else None,
                next_check_at=row.next_check_at if row else None,
                items_total=totals.get(source.id, 0),
                newest_item_at=newest[source.id],
                posts_per_month=tuple(monthly.get(source.id, [0] * 12)),
                gone=bool(row.gone) if row else False,
                moved_to=row.moved_to if row else None,
            )
        )
    return statuses


def _newest_published(conn: Connection, source_id: str, recent: int = 50) -> datetime | None:
    """The newest publication date among the source's most recently seen items."""
    query = (
        sa.select(stories.c.published)
        .join(sightings, sightings.c.story_id == stories.c.id)
        .where(sightings.c.source_id == source_id)
        .order_by(sightings.c.first_seen_at.desc(), sightings.c.id.desc())
        .limit(recent)
    )
    return max((_aware(when) for when in conn.scalars(query) if when is not None), default=None)  # type: ignore[type-var]


def _month_start(now: datetime, *, months_back: int) -> datetime:
    index = now.year * 12 + now.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _per_month(rows: Iterable[sa.Row[tuple[str, datetime]]], first_month: datetime) -> dict[str, list[int]]:
    """Twelve monthly counts per source, oldest first, from (source_id, published) rows."""
    counts: dict[str, list[int]] = {}
    start = first_month.year * 12 + first_month.month - 1
    for source_id, published in rows:
        published = _aware(published)
        if published is None:
            continue
        month = published.year * 12 + published.month - 1 - start
        if 0 <= month < 12:
            counts.setdefault(source_id, [0] * 12)[month] += 1
    return counts


def _aware(value: datetime | str | None) -> datetime | None:
    # Aggregates (max) bypass the column type on SQLite and come back as text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _outcome_words(outcome: str | None, error_kind: str | None) -> str | None:
    if outcome == "error":
        return error_kind or "error"
    return {"ok": "ok", "not_modified": "not modified"}.get(outcome or "", outcome)


def _record_fetches(conn: Connection, records: Sequence[FetchRecord]) -> None:
    """Log every fetch and update each source's state (failure streak, next check, validators)."""
    rows = _select(conn, _SOURCE_RHYTHM, {"ids": [record.source.id for record in records]})
    before = {source_id: (failures, gap) for source_id, failures, gap in rows}
    _insert_many(
        conn,
        fetches,
        [
            {"source_id": r.source.id, "at": r.at, "url": r.result.url, "outcome": r.result.outcome,
             "status": r.result.status, "bytes": len(r.result.body), "duration": r.result.duration,
             "error_kind": r.result.error_kind, "error_message": r.result.error_message}
            for r in records
        ],
    )  # fmt: skip
    # Outcomes set different columns (a failure keeps the validators): one executemany per shape.
    by_shape: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for record in records:
        failures, gap_seconds = before[record.source.id]
        # The posting rhythm only changes when new stories arrive: only then are dates read.
        recent = _recent_post_dates(conn, record.source.id) if record.new_stories else None
        values = polling.source_update(record, failures, gap_seconds, recent)
        by_shape.setdefault(tuple(sorted(values)), []).append(values | {"source": record.source.id})
    for rows in by_shape.values():
        _execute_many(conn, _UPDATE_SOURCE, rows)


def _recent_post_dates(conn: Connection, source_id: str) -> list[datetime]:
    """Real publication dates (not first-seen times) of the source's newest stories."""
    return [when for (when,) in _select(conn, _RECENT_POST_DATES, {"source": source_id}) if when]


def removed_sources(engine: Engine, configured_ids: Collection[str]) -> list[SourceRef]:
    """Stored sources no longer in the config (their stories are kept), by id."""
    query = (
        sa.select(sources.c.id, sources.c.name, sources.c.config_url)
        .where(sources.c.id.not_in(list(configured_ids)))
        .order_by(sources.c.id)
    )
    with engine.connect() as conn:
        return [SourceRef(*row) for row in conn.execute(query)]


def posting_gaps(engine: Engine) -> dict[str, timedelta]:
    """Each source's usual gap between posts, as polling last worked it out (for `status`)."""
    gap = sources.c.posting_gap_seconds
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sources.c.id, gap).where(gap.is_not(None)))
        return {source_id: timedelta(seconds=seconds) for source_id, seconds in rows}
