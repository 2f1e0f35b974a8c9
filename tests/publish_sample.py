"""A demo-like publish input with every kind of story staff may keep out, each carrying words
found nowhere else, so a test can look for them in every byte of the public files.

Used by tests/test_publish_visibility.py, and to look at the pages:
    .venv/bin/python -m tests.publish_sample /tmp/look   (writes /tmp/look/public and /tmp/look/staff)
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.models import (
    HiddenStory,
    Sighting,
    SiteInfo,
    SourceConfig,
    SourceRef,
    SourceStatus,
    Story,
    Visibility,
    Withdrawal,
)

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

BIR = SourceConfig("bir-duino", "Bir Duino Kyrgyzstan", "https://birduino.example.kg/", languages=("ru", "ky"))
KIBHR = SourceConfig("kibhr", "Kazakhstan Bureau for Human Rights", "https://kibhr.example.kz/", languages=("ru",))
KOBIETY = SourceConfig("kobiety", "KobieTY", "https://kobiety.example.pl/", type="html", languages=("pl",))
# Monitor only: its name, id, address, titles and excerpts must never reach a public file.
MONITOR = SourceConfig("zarkh-watch", "Zarkhanovka Watch", "https://zarkhanovka.example.tj/", publish=False)
REMOVED = SourceRef("quorvella", "Quorvella Legacy Group", "https://quorvella.example.uz/")

# Words only kept-out things carry: none may appear in any public byte.
SECRET_WORDS = (
    "Zarkhanovka",
    "zarkh-watch",
    "zarkhanovka.example.tj",
    "Glimmerdusk",
    "Pelliquant",
    "Vexmorrow",
    "vexmorrow-list",
    "Quorvella",
    "Snorfblat",
    "Brindlecomb",
    "Thraxwood",
)


def ref(source: SourceConfig) -> SourceRef:
    return SourceRef(source.id, source.name, source.url)


def story(n: int, source: SourceRef, language: str, title: str, summary: str, hours: float, **more: object) -> Story:
    moment = NOW - timedelta(hours=hours)
    fields: dict[str, object] = {
        "id": f"urn:uuid:5a3c0000-0000-4000-8000-{n:012d}",
        "url": f"{source.url}news/{n}",
        "title": title,
        "summary": summary,
        "language": language,
        "published": moment,
        "updated": moment,
        "date_is_first_seen": False,
        "author": None,
        "source": source,
    }
    fields.update(more)
    return Story(**fields)  # type: ignore[arg-type]


def sample_site() -> SiteInfo:
    return SiteInfo(
        title="Solidarity News",
        link="https://news.example.se/",
        generated_at=NOW,
        sources=(BIR, KIBHR, KOBIETY, MONITOR),
        quiet_days=30,
    )


def public_stories() -> list[Story]:
    bir, kibhr, kobiety, monitor = ref(BIR), ref(KIBHR), ref(KOBIETY), ref(MONITOR)
    watched = Sighting(monitor, "https://zarkhanovka.example.tj/news/9", "Thraxwood copy", "Thraxwood", NOW)
    return [
        story(
            1,
            bir,
            "ru",
            "Суд в Бишкеке отложил слушание по делу журналиста",
            "Заседание перенесено на январь; защита просит открытого процесса.",
            2,
            also_published_by=(kibhr,),
        ),
        story(2, kibhr, "ru", "Мониторинг мирных собраний: итоги года", "Доклад о 214 собраниях в 12 городах.", 5),
        story(3, bir, "ky", "Жаш укук коргоочулар үчүн мектеп ачылды", "Бишкекте жаңы окуу курсу башталды.", 9),
        story(
            4,
            kobiety,
            "pl",
            "Mobilność pracowników młodzieżowych w Malmö",
            "Relacja z wizyty studyjnej partnerów z Azji Centralnej.",
            30,
            author="Anna Nowak",
        ),
        story(5, bir, "en", "Bir Duino annual report is out", "Our work in 2026, in numbers and stories.", 50),
        # Slips visibility.decide must not make, and publishing catches anyway: a monitor-only
        # source named as also publishing, among the sightings, and as the main source.
        story(
            6,
            kibhr,
            "en",
            "Legal aid clinic opens in Almaty",
            "Free advice on Mondays.",
            60,
            also_published_by=(monitor,),
            sightings=(watched,),
        ),
        story(7, monitor, "ru", "Brindlecomb checkpoint notes", "Brindlecomb", 3),
    ]


def visibility() -> Visibility:
    bir, monitor = ref(BIR), ref(MONITOR)
    withdrawn = story(
        20,
        bir,
        "ru",
        "Vexmorrow: list of detained activists",
        "Names and home towns (Vexmorrow).",
        4,
        url="https://birduino.example.kg/news/vexmorrow-list",
    )
    watched = [
        story(21, monitor, "ru", "Glimmerdusk detention report", "Witnesses met at the Pelliquant safehouse.", 1),
        story(22, monitor, "tg", "Glimmerdusk: interview", "Pelliquant, part two.", 26),
    ]
    removed = story(23, REMOVED, "uz", "Quorvella archive post", "From a partner no longer listed.", 40)
    filtered = story(24, bir, "ru", "Snorfblat football scores", "Snorfblat 3:1.", 7)
    restored_at = NOW - timedelta(days=1)
    return Visibility(
        public=tuple(public_stories()),
        hidden=(
            HiddenStory(withdrawn, "withdrawn", "withdrawn by anna 2026-12-07: names put the author at risk"),
            *(HiddenStory(s, "monitor only", "Zarkhanovka Watch is monitor only") for s in watched),
            HiddenStory(removed, "removed from the config", "quorvella is no longer in sources.yaml"),
            HiddenStory(filtered, "filtered", "exclude rule 'Snorfblat*'"),
        ),
        withdrawals=(
            Withdrawal(
                withdrawn.id,
                "names put the author at risk",
                "anna",
                NOW - timedelta(hours=3),
                title=withdrawn.title,
                url=withdrawn.url,
            ),
            Withdrawal(
                "urn:uuid:5a3c0000-0000-4000-8000-000000000030",
                "checking a date",
                "erik",
                NOW - timedelta(days=3),
                title="Press release on the new NGO law",
                url="https://kibhr.example.kz/news/30",
                restored_by="anna",
                restored_at=restored_at,
            ),
        ),
        removed_sources=(REMOVED,),
    )


def sample_statuses() -> list[SourceStatus]:
    base = SourceStatus(
        id="",
        name="",
        url="",
        fetch_url=None,
        last_fetch_at=NOW - timedelta(minutes=10),
        outcome="ok",
        error_message=None,
        http_status=200,
        consecutive_failures=0,
        last_success_at=NOW - timedelta(minutes=10),
        next_check_at=NOW + timedelta(minutes=20),
        items_total=40,
        newest_item_at=NOW - timedelta(hours=2),
        posts_per_month=(2, 3, 1, 0, 4, 6, 2, 5, 3, 4, 7, 2),
    )
    return [
        replace(base, id=BIR.id, name=BIR.name, url=BIR.url, fetch_url="https://birduino.example.kg/feed/"),
        replace(
            base,
            id=KIBHR.id,
            name=KIBHR.name,
            url=KIBHR.url,
            outcome="timeout",
            error_message="read timed out after 20s",
            http_status=None,
            consecutive_failures=3,
        ),
        replace(base, id=KOBIETY.id, name=KOBIETY.name, url=KOBIETY.url, newest_item_at=NOW - timedelta(days=40)),
        replace(
            base,
            id=MONITOR.id,
            name=MONITOR.name,
            url=MONITOR.url,
            fetch_url="https://zarkhanovka.example.tj/rss",
            newest_item_at=NOW - timedelta(hours=1),
        ),
    ]


def main(folder: str) -> None:
    from aggregator.publish import publish

    root = Path(folder)
    publish(root / "public", root / "staff", sample_site(), visibility(), sample_statuses())
    print(root / "public" / "index.html")
    print(root / "staff" / "index.html")


if __name__ == "__main__":
    main(sys.argv[1])
