"""Translations of one partner without an address cue: a partner posts a story in two languages on
its site (in its feed, on its news page, or both), slugs translated, no hreflang. The concept
lexicon (fingerprint.concepts) reads what each post tells; versions.translation_score joins the
two, and keeps apart two posts of one site in two languages that share a city, a date or a kind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.dedup import url_key
from aggregator.dedup.matcher import Matcher, StoredStory
from aggregator.fingerprint import Candidate, candidate, same_post_in_other_language, site_of, translation_score
from aggregator.fingerprint.concepts import LANGUAGES
from aggregator.fingerprint.numbers import numbers_told
from aggregator.fingerprint.tokens import words
from aggregator.fingerprint.translation import _concept_lexicon, told, word_concepts
from aggregator.models import CacheInfo, FetchResult, Item, SourceConfig
from aggregator.store import Store
from bench.dedup_site import SightingSpec, SourceSpec
from bench.dedup_web import evaluate_web, run_web

PAIRS_FILE = Path(__file__).parent / "translation_pairs.jsonl"


def _side(side: dict[str, object]) -> Candidate:
    return candidate(
        title=str(side["title"]),
        summary=str(side["summary"]),
        url=str(side["url"]),
        language=str(side["language"]),
        published=datetime.fromisoformat(str(side["published"])),
        source_id=str(side["source_id"]),
    )


PAIRS = [json.loads(line) for line in PAIRS_FILE.read_text("utf-8").splitlines() if line.strip()]
TRANSLATIONS = [
    pytest.param(_side(p["a"]), _side(p["b"]), id=p["note"][:60]) for p in PAIRS if p["label"] == "translation"
]
DIFFERENT = [pytest.param(_side(p["a"]), _side(p["b"]), id=p["note"][:60]) for p in PAIRS if p["label"] == "different"]


def test_the_pairs_cover_every_partner_language() -> None:
    languages = {p[side]["language"] for p in PAIRS if p["label"] == "translation" for side in ("a", "b")}
    assert languages == set(LANGUAGES)
    assert len(TRANSLATIONS) >= 20 and len(DIFFERENT) >= 15


@pytest.mark.parametrize(("a", "b"), TRANSLATIONS)
def test_translations_of_one_site_join(a: Candidate, b: Candidate) -> None:
    assert translation_score(a, b) is not None and translation_score(b, a) == translation_score(a, b)
    assert same_post_in_other_language(a, b) and same_post_in_other_language(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_two_posts_of_one_site_in_two_languages_stay_apart(a: Candidate, b: Candidate) -> None:
    assert translation_score(a, b) is None and translation_score(b, a) is None
    assert not same_post_in_other_language(a, b) and not same_post_in_other_language(b, a)


EN = candidate(
    title="Applications open for the youth human rights school",
    summary="Young people aged 18 to 25 from all regions of Kyrgyzstan can apply until 15 March.",
    url="https://birduino.example.kg/news/401",
    language="en",
    published=datetime(2026, 3, 1, 10, tzinfo=UTC),
    source_id="bir-duino",
)
KY = candidate(
    title="Адам укуктары боюнча жаштар мектебине кабыл алуу башталды",
    summary="Кыргызстандын бардык аймактарынан 18-25 жаштагы жаштар 15-мартка чейин арыз бере алышат.",
    url="https://www.birduino.example.kg/news/402",
    language="ky",
    published=datetime(2026, 3, 2, 9, tzinfo=UTC),
    source_id="bir-duino-page",
)


def test_the_feed_and_the_news_page_of_one_site_are_one_site() -> None:
    assert translation_score(EN, KY) is not None  # two sources, one host ("www." or not)
    assert (
        site_of("https://www.birduino.example.kg/news/1")
        == site_of("https://birduino.example.kg/x")
        == ("birduino.example.kg")
    )
    assert site_of("https://en.cabar.asia/a") == site_of("https://cabar.asia/b") == "cabar.asia"
    assert site_of("mailto:info@example.org") is None


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(replace(KY, url="https://digest.example.org/402"), id="another-site"),
        pytest.param(replace(KY, published=EN.published + timedelta(days=5)), id="five-days-apart"),
        pytest.param(replace(KY, published=None), id="undated"),
        pytest.param(replace(KY, language="en"), id="same-language"),
        pytest.param(replace(KY, language=None), id="language-unknown"),
        pytest.param(replace(KY, language="de"), id="language-without-a-lexicon"),
        pytest.param(replace(KY, url=EN.url), id="one-address"),
        pytest.param(replace(KY, summary=KY.summary.replace("15-мартка", "20-мартка")), id="another-date"),
    ],
)
def test_what_keeps_a_translation_apart(other: Candidate) -> None:
    assert translation_score(EN, other) is None and translation_score(other, EN) is None


@pytest.mark.parametrize(
    ("language", "word", "concept"),
    [
        ("ky", "мектебине", "school"),  # п -> б before a vowel
        ("kk", "мектебіне", "school"),
        ("ru", "школе", "school"),
        ("pl", "szkoły", "school"),
        ("tg", "мактаби", "school"),
        ("uz", "maktabda", "school"),
        ("sv", "skolan", "school"),
        ("ru", "судом", "court"),
        ("uz", "oʻqituvchilar", "education"),  # apostrophes go, as in every word compared
        ("sv", "filmfestivalen", "film"),
    ],
)
def test_stems_match_inflected_words(language: str, word: str, concept: str) -> None:
    (folded,) = words(word)
    assert concept in word_concepts(language, folded.text)


@pytest.mark.parametrize(
    ("language", "word"),
    [("ru", "судьба"), ("ru", "новости"), ("ky", "үчүн"), ("kk", "үшін"), ("uz", "uchun"), ("sv", "fredag")],
)
def test_words_that_only_begin_like_a_concept_or_a_number_are_neither(language: str, word: str) -> None:
    (folded,) = words(word)
    assert not word_concepts(language, folded.text) and not numbers_told(language, [folded])


@pytest.mark.parametrize(
    ("language", "text", "numbers"),
    [
        ("en", "twenty-five young lawyers, three hundred guests", {"25", "300"}),
        ("ru", "двадцать пять юристов и сто пятьдесят гостей", {"25", "150"}),
        ("ky", "жыйырма беш жаш юрист", {"25"}),
        ("kk", "отыз бес қатысушы", {"35"}),
        ("uz", "yigirma besh nafar yosh", {"25"}),
        ("tg", "бисту панҷ ҷавон", {"25"}),
        ("pl", "dwadzieścia pięć osób", {"25"}),
        ("sv", "tjugo deltagare, femton volontärer", {"20", "15"}),
        ("ru", "24 ноября, в 13:00", {"24", "m11", "13"}),
        ("ky", "бир жаш юрист", set()),  # "бир" alone is "a", not one
        ("en", "the second day", {"2"}),
        ("kk", "бір мың", {"1000"}),
    ],
)
def test_number_words_are_numbers(language: str, text: str, numbers: set[str]) -> None:
    assert numbers_told(language, words(text)) == numbers


def test_the_lexicon_is_large_enough_to_read_partner_news() -> None:
    concepts = {c for lexicon in _concept_lexicon().values() for found in lexicon.prefixes.values() for c in found}
    concepts |= {c for lexicon in _concept_lexicon().values() for found in lexicon.exact.values() for c in found}
    assert len(concepts) >= 300
    for language, lexicon in _concept_lexicon().items():
        assert len(lexicon.prefixes) + len(lexicon.exact) >= 250, language


languages = st.sampled_from([*LANGUAGES, None, "de", "ru-RU"])
texts = st.text(max_size=200)
dates = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 1, 4), timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(texts, texts, languages, texts, texts, languages, dates, dates)
def test_the_decision_never_raises_and_does_not_depend_on_which_is_new(
    title_a: str, summary_a: str, language_a: str | None, title_b: str, summary_b: str, language_b: str | None,
    published_a: datetime, published_b: datetime,
) -> None:  # fmt: skip
    a = candidate(title=title_a, summary=summary_a, url="https://p.example.org/1", language=language_a,
                  published=published_a, source_id="feed")  # fmt: skip
    b = candidate(title=title_b, summary=summary_b, url="https://p.example.org/2", language=language_b,
                  published=published_b, source_id="page")  # fmt: skip
    assert translation_score(a, b) == translation_score(b, a)
    assert same_post_in_other_language(a, b) == same_post_in_other_language(b, a)
    told(title_a, summary_a, language_a)


# --- through the store: a partner's feed and its news page -------------------------------------

NOW = datetime(2026, 11, 30, tzinfo=UTC)
FEED = SourceConfig("feminita", "Feminita", "https://feminita.example.kz/feed/", "feed", ("ru", "kk"))
PAGE = SourceConfig("feminita-page", "Feminita (news page)", "https://feminita.example.kz/news/", "html", ("ru", "kk"))
OK = FetchResult(url="https://feminita.example.kz/feed/", outcome="ok", status=200, cache=CacheInfo())


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    store.sync_sources([FEED, PAGE])
    yield store
    store.close()


def _post(source: str, n: int, language: str, title: str, summary: str, published: datetime) -> Item:
    url = f"https://feminita.example.kz/news/{n}"
    return Item(source, url, url, title, summary, language, published, raw_title=title)


RU_TITLE, RU_TEXT = (
    "В Алматы открылась бесплатная юридическая консультация для женщин",
    "Юристы центра дают бесплатные консультации каждый вторник.",
)
KK_TITLE, KK_TEXT = (
    "Алматыда әйелдерге арналған тегін заң кеңесі ашылды",
    "Орталықта әр сейсенбі сайын заңгерлер тегін кеңес береді.",
)


def test_a_translation_seen_only_on_the_news_page_joins_the_feeds_story(store: Store) -> None:
    when = datetime(2026, 11, 20, 6, tzinfo=UTC)
    store.record_collection(FEED, OK, [_post("feminita", 1, "ru", RU_TITLE, RU_TEXT, when)], now=NOW, fetch_url=None)
    page = _post("feminita-page", 2, "kk", KK_TITLE, KK_TEXT, when + timedelta(hours=20))
    store.record_collection(PAGE, OK, [page], now=NOW + timedelta(hours=1), fetch_url=None)
    stories = store.latest_stories(10)
    assert sorted(story.language for story in stories) == ["kk", "ru"]
    assert len({story.group_id for story in stories}) == 1


def _stored(story: str, group: str | None, language: str, title: str, summary: str, hours: int) -> StoredStory:
    url = f"https://feminita.example.kz/news/{story}"
    when = datetime(2026, 11, 20, 6, tzinfo=UTC) + timedelta(hours=hours)
    return StoredStory(story, group, title, title, summary, url, language, when, "feminita", None)


def _version_of(item: Item, stored: list[StoredStory]) -> str | None:
    matcher = Matcher([item], {}, {}, NOW)
    matcher.add_versions(stored)
    return matcher.language_version(item)


KK_PAGE = _post("feminita-page", 9, "kk", KK_TITLE, KK_TEXT, datetime(2026, 11, 20, 12, tzinfo=UTC))


def test_a_group_already_holding_the_language_is_no_candidate() -> None:
    ru = _stored("1", None, "ru", RU_TITLE, RU_TEXT, 0)
    assert _version_of(KK_PAGE, [ru]) == "1"
    # The story's group has a Kazakh version already (another post, its own words): one a language.
    kk = _stored("2", "1", "kk", "Алматыдағы әйелдерге заң көмегі", "Орталық ашылды.", 1)
    assert _version_of(KK_PAGE, [ru, kk]) is None


def test_of_two_candidates_the_translation_takes_the_one_it_tells_most_alike() -> None:
    near = _stored(
        "1", None, "ru", "В Алматы открылась бесплатная юридическая консультация для женщин-мигрантов",
        "Юристы центра дают бесплатные консультации мигранткам и их семьям.", 0,
    )  # fmt: skip
    translation = _stored("2", None, "ru", RU_TITLE, RU_TEXT, 1)
    assert translation_score(KK_PAGE_CANDIDATE, _candidate_of(near)) is not None  # both qualify
    assert _version_of(KK_PAGE, [near, translation]) == "2"
    assert _version_of(KK_PAGE, [translation, near]) == "2"


def _candidate_of(row: StoredStory) -> Candidate:
    return candidate(title=row.title, summary=row.summary, url=row.url, language=row.language,
                     published=row.published, source_id=row.source_id)  # fmt: skip


KK_PAGE_CANDIDATE = candidate(
    title=KK_TITLE, summary=KK_TEXT, url=KK_PAGE.url, language="kk", published=KK_PAGE.published, source_id="page"
)


# --- end to end: collect and publish a partner web served on 127.0.0.1 ----------------------------


def test_the_feed_has_the_russian_version_the_news_page_the_kazakh_one_and_one_group_is_published(
    tmp_path: Path,
) -> None:
    sources = [
        SourceSpec("feminita", "Feminita", "rss", ("ru", "kk"), "partner"),
        SourceSpec("feminita-page", "Feminita (news page)", "html", ("ru", "kk"), "partner"),
    ]
    when = datetime(2026, 11, 20, 10, tzinfo=UTC)

    def sighting(number: int, source: str, language: str, title: str, summary: str, hours: int) -> SightingSpec:
        url = f"https://feminita.example.kz/news/{number}"
        published = when + timedelta(hours=hours)
        return SightingSpec(number, f"g{number}", source, title, summary, url, language, published, None, (), "")

    ru = sighting(1, "feminita", "ru", RU_TITLE, RU_TEXT, 0)
    kk = sighting(2, "feminita-page", "kk", KK_TITLE, KK_TEXT, 20)
    other = sighting(3, "feminita", "ru", "В Алматы прошёл форум волонтёров", "Форум собрал 200 волонтёров.", 2)
    published = run_web(sources, [ru, kk, other], tmp_path)
    story = {s.url: published.story_of[(s.source_id, url_key(s.url))] for s in (ru, kk, other)}
    assert published.group_of[story[ru.url]] == published.group_of[story[kk.url]]
    assert published.group_of[story[other.url]] != published.group_of[story[ru.url]]
    combined = json.loads((tmp_path / "public" / "feed.json").read_text("utf-8"))["items"]
    shown = {item["id"] for item in combined}
    assert len(shown & {story[ru.url], story[kk.url]}) == 1 and story[other.url] in shown  # one version each
    for language, url in (("ru", ru.url), ("kk", kk.url)):  # each language feed keeps its own
        feed = json.loads((tmp_path / "public" / language / "feed.json").read_text("utf-8"))["items"]
        assert story[url] in {item["id"] for item in feed}


def test_the_translations_web_end_to_end() -> None:
    result = evaluate_web(Path(__file__).parent / "web-translations")
    assert result.hard_negatives >= 20 and result.hard_negatives_merged == 0 and result.fp == 0
    assert result.recall >= 0.9 and result.unpublished == 0


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "More than 2,000 residents signed"), ("ru", "Более 2 000 жителей подписали"),
     ("pl", "Ponad 2.000 mieszkańców podpisało"), ("ru", "Более двух тысяч жителей подписали")],
)  # fmt: skip
def test_a_number_written_in_groups_of_three_is_one_number(language: str, text: str) -> None:
    found = told("Residents petition", text, language)
    assert found is not None and "#2000" in found.numbers and "#2" not in found.numbers


@pytest.mark.parametrize(
    ("language", "word", "concept"),
    [
        ("kk", "жағалаудан", "shore"),
        ("ru", "велодорожки", "cycle_lane"),
        ("sv", "cykelbanor", "cycle_lane"),
        ("uz", "moliyaviy", "finance"),
        ("tg", "ниҳолҳо", "seedlings"),
        ("ky", "айлыгын", "wages"),
        ("pl", "zaległości", "arrears"),
        ("en", "overcrowded", "overcrowding"),
        ("ru", "колонии", "colony"),
        ("kk", "тұщыландыру", "desalination"),
        ("uz", "barmoq", "fingerprints"),
        ("ru", "заёмщиков", "borrowers"),
        ("ru", "заключённых", "inmates"),
        ("ru", "заключённых", "prison"),  # a new, longer stem keeps the concept the old one gave
        ("en", "teachers", "education"),
    ],
)
def test_the_second_pass_stems_match_inflected_words(language: str, word: str, concept: str) -> None:
    (folded,) = words(word)
    assert concept in word_concepts(language, folded.text)


@pytest.mark.parametrize(
    ("language", "word", "concept"),
    [
        ("en", "example", "exams"),
        ("en", "soldiers", "sales"),
        ("pl", "złożył", "deposits"),  # "submitted", not an oil field
        ("pl", "choroby", "song"),  # "chór" is whole words only
        ("pl", "rzekomo", "river"),
        ("ru", "кафедра", "cafes"),
        ("ru", "стихийный", "poetry"),
        ("ru", "охотно", "poaching"),
        ("sv", "varken", "pain"),
        ("sv", "diktator", "poetry"),
        ("uz", "sherik", "poetry"),
        ("tg", "кӯҳна", "mountains"),
        ("ky", "суусу", "reservoir"),
        ("kk", "қол", "lake"),
    ],
)
def test_words_that_only_begin_like_a_second_pass_stem_are_not_its_concept(
    language: str, word: str, concept: str
) -> None:
    (folded,) = words(word)
    assert concept not in word_concepts(language, folded.text)
