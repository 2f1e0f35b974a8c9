"""Tell a chat (an incoming webhook: Slack, Mattermost, Matrix hookshot) when a source starts
failing, recovers, or a partner goes quiet; each change once.

`changes` decides (pure) from the sources' statuses and what was told before (kept in the store);
`notify_changes` posts one message for all of a pass's changes and keeps the new states only once
the webhook took it, so a webhook that is down hears of them after it comes back.

The POST leaves through the fetcher (`Fetcher.post_json`): the private-address guard applies,
as to every request. Monitor-only partners are left out unless `notify.monitor_only: true`: the
message goes to the chat's server, and such a partner's name must not leave our hands by default.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from aggregator.fetch import Fetcher
from aggregator.models import AlertState, Config, NotifySettings, SourceConfig, SourceStatus
from aggregator.store import Store

log = logging.getLogger(__name__)

# Failed fetches in a row before a source is called failing: one timeout is often a blip on
# either side, and the staff page shows even that one at once.
FAILING_AFTER = 2
# Lines in one message; the rest are counted ("and 12 more"), so our own network failing every
# source at once makes one readable message, not a wall.
MAX_LINES = 30
MAX_ERROR_CHARS = 200

ChangeKind = Literal["failing", "recovered", "quiet"]


@dataclass(frozen=True)
class Change:
    source_id: str
    kind: ChangeKind
    line: str  # for the message, partner text already made safe


def changes(
    statuses: Sequence[SourceStatus],
    sources: Mapping[str, SourceConfig],
    told: Mapping[str, AlertState],
    *,
    now: datetime,
    quiet_days: int,
    monitor_only: bool = False,
) -> tuple[list[Change], list[AlertState]]:
    """The changes to tell, and every state that differs from what was kept (to keep once told).

    A source never told about counts as having been healthy and active: one failing already is
    told. A quiet partner posting again is kept silently (no message asked for that)."""
    found: list[Change] = []
    states: list[AlertState] = []
    for status in statuses:
        source = sources.get(status.id)
        if source is None or (not source.publish and not monitor_only):
            continue
        before = told.get(status.id, AlertState(status.id))
        failing = status.consecutive_failures >= FAILING_AFTER or (before.failing and status.consecutive_failures > 0)
        quiet = status.newest_item_at is not None and (now.date() - status.newest_item_at.date()).days >= quiet_days
        name = f"{_safe(source.name)} ({source.id})"
        if failing and not before.failing:
            error = _safe(status.error_message or "", MAX_ERROR_CHARS)
            why = f"{_safe(status.outcome or 'error')}: {error}" if error else _safe(status.outcome or "error")
            found.append(
                Change(status.id, "failing", f"{name} is failing ({status.consecutive_failures} in a row): {why}")
            )
        elif before.failing and not failing:
            found.append(Change(status.id, "recovered", f"{name} recovered: fetched fine again"))
        if quiet and not before.quiet:
            assert status.newest_item_at is not None
            days = (now.date() - status.newest_item_at.date()).days
            found.append(Change(status.id, "quiet", f"{name} has posted nothing for {days} days"))
        now_state = AlertState(status.id, failing=failing, quiet=quiet)
        if now_state != before:
            states.append(now_state)
    return found, states


def message(title: str, found: Sequence[Change]) -> dict[str, str]:
    """The JSON document: `{"text": ...}` is what Slack, Mattermost and hookshot all read."""
    marks = {"failing": "FAILING", "recovered": "RECOVERED", "quiet": "QUIET"}
    lines = [f"{_safe(title)}: partners' health changed"]
    lines += [f"- {marks[change.kind]}: {change.line}" for change in found[:MAX_LINES]]
    if len(found) > MAX_LINES:
        lines.append(f"- and {len(found) - MAX_LINES} more (see `aggregator status`)")
    return {"text": "\n".join(lines)}


def notify_changes(config: Config, store: Store, now: datetime) -> list[Change]:
    """Post the changes since what was last told; returns those posted. Without `notify`, nothing."""
    settings = config.notify
    if settings is None:
        return []
    sources = {source.id: source for source in config.sources}
    statuses = store.source_statuses(config.sources, now=now)
    found, states = changes(
        statuses,
        sources,
        store.alert_states(),
        now=now,
        quiet_days=config.quiet_days,
        monitor_only=settings.monitor_only,
    )
    if found:
        error = asyncio.run(_post(config, settings, message(config.title, found)))
        if error is not None:
            # The address is a secret (its path is the key): only its host goes to the log.
            log.warning("notify: the webhook at %s refused the message: %s", urlsplit(settings.webhook).hostname, error)
            return []
    store.save_alert_states(states, now)
    return found


async def _post(config: Config, settings: NotifySettings, document: dict[str, str]) -> str | None:
    # The webhook is ours, not a partner's: robots.txt does not apply, the guard does.
    async with Fetcher(config.fetch) as fetcher:
        return await fetcher.post_json(settings.webhook, document)


def _safe(text: str, limit: int | None = None) -> str:
    """Partner text (names, servers' error messages) as plain chat text: one line, no markup.

    Slack reads <...> as links and mentions (<!channel> pings everyone) and & starts an entity;
    escaping these three is its rule, and Mattermost and Matrix show the escapes harmlessly."""
    flat = " ".join(text.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
