"""Language-version candidates on a busy site (store.statements._VERSION_CANDIDATES): at most
VERSION_READ are read, and always the same ones whatever the database: stories at one of the
batch's version addresses first, then the nearest in time to one of the batch's items, then the
one stored first. A translation published hours after its original is found among more than
VERSION_READ of the site's stories in the window."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from aggregator import store as db
from aggregator.models import CacheInfo, FetchResult, Item, SourceConfig
from aggregator.store import Store
from aggregator.store.statements import VERSION_READ

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
SITE = "https://birduino.example.kg"
EN = SourceConfig("bd-en", "Bir Duino (en)", f"{SITE}/en/feed/", "feed", ("en",))
RU = SourceConfig("bd-ru", "Bir Duino (ru)", f"{SITE}/ru/feed/", "feed", ("ru",))
OK = FetchResult(url="https://x/", outcome="ok", status=200, cache=CacheInfo(None, None))
POSTED = datetime(2026, 11, 28, 11, 40, tzinfo=UTC)
OTHERS = VERSION_READ + 100

EN_ITEM = Item(
    source_id="bd-en",
    guid=f"{SITE}/en/press/seminar-on-womens-political-participation-in-talas/",
    url=f"{SITE}/en/press/seminar-on-womens-political-participation-in-talas/",
    title="Seminar on women's political participation in Talas",
    summary="Thirty women from local councils in Talas discussed gender quotas and how to stand as candidates "
    "in the local elections next spring, with lawyers from Bishkek.",
    language="en",
    published=POSTED,
)
# Its Russian version, at an address of its own (no cue but the text), five hours later.
RU_ITEM = Item(
    source_id="bd-ru",
    guid=f"{SITE}/ru/press/talas-zhenshchiny-kvoty/",
    url=f"{SITE}/ru/press/talas-zhenshchiny-kvoty/",
    title="Семинар о политическом участии женщин в Таласе",
    summary="Тридцать женщин из местных кенешей Таласа обсудили гендерные квоты и то, как выдвигаться "
    "кандидатами на местных выборах следующей весной, вместе с юристами из Бишкека.",
    language="ru",
    published=POSTED + timedelta(hours=5),
)
_WORDS = [
    "ремонт",
    "дороги",
    "мост",
    "рынок",
    "хлеб",
    "сахар",
    "мука",
    "зима",
    "уголь",
    "отопление",
    "электричество",
    "газ",
    "цены",
    "музей",
    "театр",
    "фестиваль",
    "музыка",
    "кино",
    "библиотека",
    "пандус",
    "спорт",
    "футбол",
    "стадион",
    "парк",
    "дерево",
    "река",
    "озеро",
    "гора",
    "туризм",
    "гостиница",
    "автобус",
    "поезд",
    "аэропорт",
    "больница",
    "аптека",
    "лекарство",
    "прививка",
    "учебник",
    "компьютер",
    "интернет",
    "урожай",
    "овцы",
    "пастбище",
    "вода",
    "колодец",
    "граница",
    "таможня",
    "снег",
    "лавина",
]


def _other(n: int) -> Item:
    """One of the site's other Russian posts, further in time from the English post than its
    version is (6 to 46 hours before it), about other things."""
    pick = random.Random(f"other-{n}")
    title = " ".join(pick.sample(_WORDS, 6)).capitalize() + f" {n}"
    summary = " ".join(pick.choice(_WORDS) for _ in range(30)).capitalize() + "."
    url = f"{SITE}/ru/news/{n}/"
    when = POSTED - timedelta(hours=6) - timedelta(minutes=4 * n)
    return Item(source_id="bd-ru", guid=url, url=url, title=title, summary=summary, language="ru", published=when)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([EN, RU])
    # The others first: read in the order they were stored or dated, the version would be left out.
    store.record_collection(RU, OK, [_other(n) for n in range(OTHERS)], now=NOW, fetch_url=None)
    store.record_collection(RU, OK, [RU_ITEM], now=NOW, fetch_url=None)
    yield store
    store.close()


def test_a_translation_is_found_among_more_stories_of_its_site_than_are_read(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM stories WHERE site IS NOT NULL")).scalar_one() > VERSION_READ
    store.record_collection(EN, OK, [EN_ITEM], now=NOW, fetch_url=None)
    [english] = store.find_stories(EN_ITEM.url)
    [russian] = store.find_stories(RU_ITEM.url)
    assert english.group_id == russian.group_id


def test_the_candidates_read_are_the_nearest_in_time_after_those_at_a_version_address(store: Store) -> None:
    with store.engine.connect() as conn:
        stored = {row.id: (row.published, row.version_key) for row in conn.execute(sa.select(db.stories))}
        first_seen = dict(conn.execute(sa.text("SELECT story_id, min(id) FROM sightings GROUP BY story_id")).all())
        far_key = next(key for _, key in sorted(stored.values()) if key)  # the earliest other post's address
        instants = (POSTED, POSTED - timedelta(hours=30))  # a batch of two English posts
        params = {
            "version_keys": [far_key], "source": "bd-en", "sites": ["birduino.example.kg"],
            "earliest": min(instants) - timedelta(days=2), "latest": max(instants) + timedelta(days=2),
            "only_language": "en", "site_languages": ["ru", "ky"], "instants": instants,
        }  # fmt: skip
        read = [row[0] for row in db._select(conn, db._VERSION_CANDIDATES, params)]

    def rank(story: str) -> tuple[int, int, int, str]:
        published, key = stored[story]
        nearest = min(abs(int(published.timestamp()) - int(instant.timestamp())) for instant in instants)
        return (0 if key == far_key else 1, nearest, first_seen[story], story)  # then the one stored first

    assert read == sorted(stored, key=rank)[:VERSION_READ]
    assert stored[read[0]][1] == far_key  # the cue first, though it is the furthest in time
    assert find_id(store, RU_ITEM.url) in read


def find_id(store: Store, url: str) -> str:
    [story] = store.find_stories(url)
    return story.id
