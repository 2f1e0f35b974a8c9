"""Table tests for aggregator.extract: one behaviour per row."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from aggregator.extract import (
    choose_language,
    clean_title,
    detect_language,
    make_excerpt,
    normalize_language,
    parse_date,
    plain_text,
    strip_site_name,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------
# normalize_language
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        pytest.param("en-US", "en", id="bcp47-region"),
        pytest.param("sv_SE", "sv", id="posix-underscore"),
        pytest.param("RU", "ru", id="upper-case"),
        pytest.param(" ky ", "ky", id="surrounding-space"),
        pytest.param("uz-Latn-UZ", "uz", id="script-subtag"),
        pytest.param("eng", "en", id="iso639-2-eng"),
        pytest.param("swe", "sv", id="iso639-2-swe"),
        pytest.param("kir", "ky", id="iso639-2-kir"),
        pytest.param("kaz", "kk", id="iso639-2-kaz"),
        pytest.param("uzb", "uz", id="iso639-2-uzb"),
        pytest.param("tgk", "tg", id="iso639-2-tgk"),
        pytest.param("pol", "pl", id="iso639-2-pol"),
        pytest.param("ger", "de", id="iso639-2b-ger"),
        pytest.param("deu", "de", id="iso639-2t-deu"),
        pytest.param("fre", "fr", id="iso639-2b-fre"),
        pytest.param("ukr", "uk", id="iso639-2-ukr"),
        pytest.param("English", "en", id="english-name"),
        pytest.param("Русский", "ru", id="russian-name"),
        pytest.param("xx", None, id="unknown-2-letter"),
        pytest.param("qqq-ZZ", None, id="unknown-3-letter"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param(42, None, id="not-a-string"),
    ],
)
def test_normalize_language(tag, expected):
    assert normalize_language(tag) == expected


# ---------------------------------------------------------------------------
# plain_text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("<p>Hello <b>world</b></p>", "Hello world", id="tags-removed"),
        pytest.param("<p>one</p><p>two</p>", "one two", id="blocks-separated"),
        pytest.param("<b>H</b>ello", "Hello", id="inline-not-split"),
        pytest.param("Osh &amp; Bishkek", "Osh & Bishkek", id="entity"),
        pytest.param("2018&amp;#8211;2019", "2018–2019", id="double-escaped-entity"),
        pytest.param("&lt;p&gt;Escaped&lt;/p&gt; markup", "Escaped markup", id="escaped-markup"),
        pytest.param("<script>alert(1)</script><p>Text</p>", "Text", id="script-dropped"),
        pytest.param("  plain\n\ttext\u00a0here\u200b ", "plain text here", id="plain-whitespace"),
        pytest.param("a < b and 5<10", "a < b and 5<10", id="lone-angle-brackets-kept"),
        pytest.param("<p>Broken <b>markup", "Broken markup", id="unclosed-tags"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_plain_text(raw, expected):
    assert plain_text(raw) == expected


# ---------------------------------------------------------------------------
# clean_title
# ---------------------------------------------------------------------------


SEED_NO_MARKER = (
    "Encouraging youth’s civic activism related to human rights in villages and smaller cities in Southern Kyrgyzstan"
)
SEED_SWEDISH = "“HBTQ-personer i Kasakstan är diskriminerade på väldigt många nivåer i samhället”"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Seed titles.
        pytest.param(
            "[English] Positive changes through social coffee shop in Osh",
            ("Positive changes through social coffee shop in Osh", "en"),
            id="seed-coffee-shop",
        ),
        pytest.param(
            "[English] Youth workers from Kyrgyzstan and Poland visit Malmö",
            ("Youth workers from Kyrgyzstan and Poland visit Malmö", "en"),
            id="seed-youth-workers",
        ),
        pytest.param(
            "Central Asia and the Myth of Radicalization [explainer clip]",
            ("Central Asia and the Myth of Radicalization [explainer clip]", None),
            id="seed-explainer-clip-kept",
        ),
        pytest.param(
            "[English] LGBT activist is charged for organising peaceful photo session in Kazakhstan",
            ("LGBT activist is charged for organising peaceful photo session in Kazakhstan", "en"),
            id="seed-lgbt-activist",
        ),
        pytest.param(SEED_NO_MARKER, (SEED_NO_MARKER, None), id="seed-no-marker"),
        pytest.param(SEED_SWEDISH, (SEED_SWEDISH, None), id="seed-swedish-quote"),
        pytest.param("Emma Rönngren", ("Emma Rönngren", None), id="seed-name-only"),
        pytest.param(
            "(English) Presentation of Emma, intern at UNICEF Kazakhstan",
            ("Presentation of Emma, intern at UNICEF Kazakhstan", "en"),
            id="seed-presentation-emma",
        ),
        pytest.param(
            "Med Genus i Fokus – Vår resa till Kirgizistan Del 2",
            ("Med Genus i Fokus – Vår resa till Kirgizistan Del 2", None),
            id="seed-dash-not-marker",
        ),
        pytest.param(
            "Why are only women on parental leave? (English)",
            ("Why are only women on parental leave?", "en"),
            id="seed-suffix-marker",
        ),
        pytest.param(
            "(English) A road trip through Tajikistan", ("A road trip through Tajikistan", "en"), id="seed-road-trip"
        ),
        # Marker variants.
        pytest.param("[Svenska] Möte i Osh", ("Möte i Osh", "sv"), id="svenska-prefix"),
        pytest.param("Möte i Osh (på svenska)", ("Möte i Osh", "sv"), id="pa-svenska-suffix"),
        pytest.param("(На русском) Лагерь в Оше", ("Лагерь в Оше", "ru"), id="na-russkom-prefix"),
        pytest.param("Лагерь в Оше [Русский]", ("Лагерь в Оше", "ru"), id="russkiy-suffix"),
        pytest.param("[Кыргызча] Ош шаарындагы лагерь", ("Ош шаарындагы лагерь", "ky"), id="kyrgyzcha"),
        pytest.param("(Қазақша) Алматыдағы кездесу", ("Алматыдағы кездесу", "kk"), id="kazaksha"),
        pytest.param("[O‘zbekcha] Toshkentdagi uchrashuv", ("Toshkentdagi uchrashuv", "uz"), id="ozbekcha-apostrophe"),
        pytest.param("Toshkentdagi uchrashuv (Oʻzbek tilida)", ("Toshkentdagi uchrashuv", "uz"), id="ozbek-tilida"),
        pytest.param("[Тоҷикӣ] Вохӯрӣ дар Душанбе", ("Вохӯрӣ дар Душанбе", "tg"), id="tojiki"),
        pytest.param("[Polski] Spotkanie w Warszawie", ("Spotkanie w Warszawie", "pl"), id="polski"),
        pytest.param("Spotkanie w Warszawie (po polsku)", ("Spotkanie w Warszawie", "pl"), id="po-polsku"),
        pytest.param("[Kirgiziska] Resa till Osh", ("Resa till Osh", "ky"), id="swedish-name-for-kyrgyz"),
        pytest.param("[EN] Camp report", ("Camp report", "en"), id="code-en"),
        pytest.param("Лагерь (RU)", ("Лагерь", "ru"), id="code-ru-suffix"),
        pytest.param("[sv] Lägret", ("Lägret", "sv"), id="code-lowercase"),
        pytest.param("[ENGLISH] - Camp report", ("Camp report", "en"), id="upper-case-with-separator"),
        pytest.param("(English version) Camp report", ("Camp report", "en"), id="english-version"),
        pytest.param("English: Camp report", ("Camp report", "en"), id="unbracketed-colon"),
        pytest.param("Camp report | In English", ("Camp report", "en"), id="unbracketed-pipe-suffix"),
        pytest.param("[English]", ("", "en"), id="marker-only"),
        pytest.param("<b>[English]</b> Camp &amp; report", ("Camp & report", "en"), id="markup-and-entities"),
        # Not markers: must stay.
        pytest.param("Camp report (updated)", ("Camp report (updated)", None), id="updated-kept"),
        pytest.param("Camp report (video)", ("Camp report (video)", None), id="video-kept"),
        pytest.param("Brexit and Central Asia (UK)", ("Brexit and Central Asia (UK)", None), id="uk-country-kept"),
        pytest.param("Polska: protest in Warsaw", ("Polska: protest in Warsaw", None), id="polska-country-kept"),
        pytest.param("Kazakh: I was detained", ("Kazakh: I was detained", None), id="nationality-kept"),
        pytest.param("Learning English in Osh", ("Learning English in Osh", None), id="name-in-text-kept"),
        pytest.param("Osh camp [English] part 2", ("Osh camp [English] part 2", None), id="mid-title-kept"),
        pytest.param("  Camp\n  report  ", ("Camp report", None), id="whitespace-collapsed"),
        pytest.param(None, ("", None), id="none"),
    ],
)
def test_clean_title(raw, expected):
    assert clean_title(raw) == expected


# ---------------------------------------------------------------------------
# strip_site_name
# ---------------------------------------------------------------------------

SILKESVAGEN = ("Föreningen Silkesvägen", "Nyheter – Föreningen Silkesvägen")


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        pytest.param("Camp report – Novi Ritm", ["Novi Ritm"], "Camp report", id="suffix-en-dash"),
        pytest.param("Camp report | Novi Ritm", ["Novi Ritm"], "Camp report", id="suffix-pipe"),
        pytest.param("Camp report - Novi Ritm", ["Novi Ritm"], "Camp report", id="suffix-hyphen"),
        pytest.param("Camp report :: Novi Ritm", ["Novi Ritm"], "Camp report", id="suffix-double-colon"),
        pytest.param("Camp report · Novi Ritm", ["Novi Ritm"], "Camp report", id="suffix-middle-dot"),
        pytest.param("Novi Ritm | Camp report", ["Novi Ritm"], "Camp report", id="prefix-pipe"),
        pytest.param("Novi Ritm – Camp – Novi Ritm", ["Novi Ritm"], "Camp", id="both-ends"),
        pytest.param("Camp report | «NOVI RITM»", ["Novi Ritm"], "Camp report", id="case-and-quotes-ignored"),
        pytest.param("Camp report – Novi Ritm", ["Novi Ritm (Osh office)"], "Camp report", id="config-note-ignored"),
        pytest.param(
            "Resa till Osh – Föreningen Silkesvägen", ["Silkesvägen", "Nyheter – Föreningen Silkesvägen"],
            "Resa till Osh", id="page-title-part-confirmed-by-name",
        ),
        pytest.param("Resa till Osh – Nyheter", SILKESVAGEN, "Resa till Osh – Nyheter", id="section-name-kept"),
        pytest.param("Novi Ritm: Camp report", ["Novi Ritm"], "Novi Ritm: Camp report", id="colon-prefix-kept"),
        pytest.param("Novi Ritm", ["Novi Ritm"], "Novi Ritm", id="name-only-kept"),
        pytest.param("Camp in Jalal-Abad", ["Abad"], "Camp in Jalal-Abad", id="unspaced-hyphen-kept"),
        pytest.param("Camp report – Bir Duino", ["Novi Ritm"], "Camp report – Bir Duino", id="other-name-kept"),
        pytest.param("Camp – Osh", ["Osh Youth Centre", "Osh – Osh Youth Centre"], "Camp – Osh", id="short-part-never-site"),
        pytest.param("Camp &amp; report – Novi Ritm", ["Novi Ritm"], "Camp & report", id="entities-decoded"),
        pytest.param("Camp report", [], "Camp report", id="no-names"),
        pytest.param(None, ["Novi Ritm"], "", id="none"),
    ],
)  # fmt: skip
def test_strip_site_name(title, names, expected):
    assert strip_site_name(title, names) == expected


# ---------------------------------------------------------------------------
# make_excerpt
# ---------------------------------------------------------------------------

LONG = "Novi Ritm organised two human rights camps in Osh this summer. " * 10


@pytest.mark.parametrize(
    ("html", "limit", "expected"),
    [
        pytest.param("<p>Camp in <b>Osh</b>.</p>", 100, "Camp in Osh.", id="short-passes"),
        pytest.param("<p>Camp in Osh. Read more</p>", 100, "Camp in Osh.", id="read-more"),
        pytest.param(
            "Camp in Osh. <a href='#'>Continue reading →</a>", 100, "Camp in Osh.", id="continue-reading-arrow"
        ),
        pytest.param(
            "Camp in Osh &hellip; <a>Continue reading <span>Camp report</span></a>",
            100,
            "Camp in Osh",
            id="wordpress-continue-reading-title",
        ),
        pytest.param("Lägret i Osh var bra. Läs mer »", 100, "Lägret i Osh var bra.", id="las-mer"),
        pytest.param(
            "Lägret i Osh var bra [&hellip;] Läs hela inlägget", 100, "Lägret i Osh var bra", id="las-hela-inlagget"
        ),
        pytest.param("Лагерь прошёл в Оше. Читать далее", 100, "Лагерь прошёл в Оше.", id="chitat-dalee"),
        pytest.param("Лагерь прошёл в Оше. Подробнее", 100, "Лагерь прошёл в Оше.", id="podrobnee"),
        pytest.param("Лагерь Ош шаарында өттү. Толугураак", 100, "Лагерь Ош шаарында өттү.", id="tolugu-raak"),
        pytest.param("Obóz odbył się w Osz. Czytaj dalej", 100, "Obóz odbył się w Osz.", id="czytaj-dalej"),
        pytest.param("Lager Oshda boʻldi. Batafsil", 100, "Lager Oshda boʻldi.", id="batafsil"),
        pytest.param("Camp in Osh and more [&hellip;]", 100, "Camp in Osh and more", id="bracket-ellipsis"),
        pytest.param("Camp in Osh and more [...]", 100, "Camp in Osh and more", id="bracket-dots"),
        pytest.param("Camp in Osh and more…", 100, "Camp in Osh and more", id="trailing-ellipsis"),
        pytest.param(
            "<p>Camp in Osh.</p><p>The post <a>Camp</a> appeared first on <a>CAG</a>.</p>",
            100,
            "Camp in Osh.",
            id="wordpress-footer",
        ),
        pytest.param(
            "The post office in Osh reopened. The post Osh news appeared first on Novi Ritm.",
            100,
            "The post office in Osh reopened.",
            id="wordpress-footer-last-the-post",
        ),
        pytest.param(
            "Lägret i Osh. Inlägget Lägret dök först upp på Centralasiengrupperna.",
            100,
            "Lägret i Osh.",
            id="swedish-footer",
        ),
        pytest.param(
            "Camp in Osh. Share this: Twitter Facebook Like this: Like Loading...", 100, "Camp in Osh.", id="share-this"
        ),
        pytest.param("Camp in Osh. Facebook Twitter LinkedIn", 100, "Camp in Osh.", id="share-buttons"),
        pytest.param("Lägret i Osh. Dela: Facebook", 100, "Lägret i Osh.", id="dela"),
        pytest.param("Лагерь прошёл в Оше. Читать дальше →", 100, "Лагерь прошёл в Оше.", id="chitat-dalshe"),
        pytest.param("Obóz w Oszu. Czytaj całość", 100, "Obóz w Oszu.", id="czytaj-calosc"),
        pytest.param("Лагерь Ош шаарында өттү. Кененирээк", 100, "Лагерь Ош шаарында өттү.", id="kenenireek"),
        pytest.param("Алматыда кездесу өтті. Әрі қарай оқу", 100, "Алматыда кездесу өтті.", id="ari-qaray-oqu"),
        pytest.param(
            "Toshkentda uchrashuv bo'ldi. Davomini o'qish", 100, "Toshkentda uchrashuv bo'ldi.", id="davomini-oqish"
        ),
        pytest.param("Тошкентда учрашув бўлди. Батафсил ўқиш", 100, "Тошкентда учрашув бўлди.", id="batafsil-uqish"),
        pytest.param("Вохӯрӣ дар Душанбе. Бештар", 100, "Вохӯрӣ дар Душанбе.", id="beshtar"),
        pytest.param("Camp in Osh. (Read more...)", 100, "Camp in Osh.", id="read-more-in-brackets-with-dots"),
        pytest.param("Obóz. Artykuł Obóz pochodzi z serwisu KobieTY.", 100, "Obóz.", id="polish-yoast-footer"),
        pytest.param("Camp in Osh. Share on Facebook Share on Twitter", 100, "Camp in Osh.", id="share-on-buttons"),
        pytest.param("Camp in Osh. Tweet Share Pin Email", 100, "Camp in Osh.", id="tweet-share-pin"),
        pytest.param("Camp in Osh.\n\nFiled under: News, Osh", 100, "Camp in Osh.", id="filed-under"),
        pytest.param("Camp in Osh. Tags: camp, Osh", 100, "Camp in Osh.", id="tags"),
        pytest.param(
            "Pin the map to the wall and share", 100, "Pin the map to the wall and share", id="share-word-kept"
        ),
        pytest.param("Мы хотим знать больше. Бештар", 100, "Мы хотим знать больше.", id="beshtar-after-sentence"),
        pytest.param(
            "Подробнее о проекте можно узнать на сайте.",
            100,
            "Подробнее о проекте можно узнать на сайте.",
            id="podrobnee-in-sentence-kept",
        ),
        pytest.param("The quick brown fox jumps over the lazy dog", 20, "The quick brown fox…", id="word-boundary"),
        pytest.param(
            "Camp in Osh was a success. Next year we will go to Jalal-Abad again",
            40,
            "Camp in Osh was a success. …",
            id="sentence-boundary",
        ),
        pytest.param(
            "Osh. Then a long sentence without any end in sight at all",
            40,
            "Osh. Then a long sentence without any…",
            id="sentence-too-short-uses-word",
        ),
        pytest.param("abc defgh", 8, "abc…", id="never-mid-word"),
        pytest.param("abc def", 7, "abc def", id="exact-limit"),
        pytest.param("Supercalifragilistic", 10, "", id="single-long-word"),
        pytest.param("Camp", 0, "", id="zero-limit"),
        pytest.param(None, 50, "", id="none"),
    ],
)
def test_make_excerpt(html, limit, expected):
    assert make_excerpt(html, limit) == expected


@pytest.mark.parametrize("limit", [1, 2, 10, 37, 61, 100, 199, 250])
def test_make_excerpt_length_and_word_invariants(limit):
    result = make_excerpt(f"<p>{LONG}</p>", limit)
    assert len(result) <= limit
    assert "<" not in result
    if result:
        body = result.rstrip("… ").rstrip(".")
        assert LONG.startswith(body)
        next_char = LONG[len(body)] if len(body) < len(LONG) else " "
        assert next_char in " .", "cut mid-word"


# ---------------------------------------------------------------------------
# detect_language
# ---------------------------------------------------------------------------

TEXTS = {
    "en": "Our partner organisation in Osh organised a human rights camp for young people this summer.",
    "sv": "Under våren startade Centralasiengrupperna en genusgrupp som besökte Kirgizistan i juni.",
    "ru": "Летом наша партнёрская организация провела в Оше лагерь по правам человека для молодёжи.",
    "ky": "Бул жайда Оштогу өнөктөш уюмубуз жаштар үчүн адам укуктары боюнча лагерь уюштурду.",
    "kk": "Биыл жазда Алматыдағы серіктес ұйымымыз жастарға арналған адам құқықтары лагерін өткізді.",
    "uz-latn": (
        "Bu yoz Oʻsh shahridagi hamkor tashkilotimiz yoshlar uchun inson huquqlari boʻyicha lager tashkil qildi."
    ),
    "uz-cyrl": "Бу ёз Ўш шаҳридаги ҳамкор ташкилотимиз ёшлар учун инсон ҳуқуқлари бўйича лагер ташкил қилди.",
    "tg": "Тобистони имсол ташкилоти шарики мо дар Хуҷанд барои ҷавонон лагери ҳуқуқи инсон баргузор кард.",
    "pl": "Tego lata nasza organizacja partnerska zorganizowała w Warszawie obóz praw człowieka dla młodzieży.",
    "de": "In diesem Sommer hat unsere Partnerorganisation in Osch ein Menschenrechtscamp für Jugendliche organisiert.",
    "fr": "Cet été, notre organisation partenaire à Och a organisé un camp des droits humains pour les jeunes.",
    "uk": "Цього літа наша партнерська організація в Києві провела табір з прав людини для молоді.",
}


@pytest.mark.parametrize(
    ("text", "candidates", "expected"),
    [
        pytest.param(TEXTS["en"], (), "en", id="en"),
        pytest.param(TEXTS["sv"], (), "sv", id="sv"),
        pytest.param(TEXTS["ru"], (), "ru", id="ru"),
        pytest.param(TEXTS["ky"], (), "ky", id="ky-telltales"),
        pytest.param(TEXTS["kk"], (), "kk", id="kk-telltales"),
        pytest.param(TEXTS["uz-latn"], (), "uz", id="uz-latin"),
        pytest.param(TEXTS["uz-cyrl"], (), "uz", id="uz-cyrillic"),
        pytest.param(TEXTS["tg"], (), "tg", id="tg"),
        pytest.param(TEXTS["pl"], (), "pl", id="pl"),
        pytest.param(TEXTS["de"], (), "de", id="de"),
        pytest.param(TEXTS["fr"], (), "fr", id="fr"),
        pytest.param(TEXTS["uk"], (), "uk", id="uk"),
        pytest.param(
            "Наша організація провела табір для молоді у місті Львові минулого тижня", (), "uk", id="uk-only-i-letter"
        ),
        pytest.param("Ҳамкорон дар Душанбе вохурданд", (), "tg", id="tg-shared-letter-ranked"),
        pytest.param("Жаңылыктар", (), "ky", id="ky-single-word"),
        pytest.param("Жаңалықтар", (), "kk", id="kk-single-word"),
        pytest.param("Oʻzbekistonda fuqarolik jamiyati haqida", (), "uz", id="uz-latin-title"),
        pytest.param(
            "Bu yoz O‘sh shahridagi hamkor tashkilotimiz yoshlar uchun bo‘yicha lager tashkil qildi.",
            (),
            "uz",
            id="uz-latin-quote-apostrophe",
        ),
        pytest.param(
            "Mr O'Brien ate a ham sandwich at the blog's party in Osh yesterday evening.",
            (),
            "en",
            id="en-with-apostrophes-not-uzbek",
        ),
        pytest.param("Młodzi pracownicy z Kirgistanu i Polski odwiedzają Malmö", (), "pl", id="pl-title"),
        pytest.param(
            "HBTQ-personer i Kasakstan är diskriminerade på väldigt många nivåer i samhället",
            (),
            "sv",
            id="sv-seed-title",
        ),
        pytest.param(
            "Вчера в Бишкеке депутаты парламента обсудили новый законопроект о некоммерческих организациях. "
            "Жогорку Кеңеш должен рассмотреть его осенью, сообщают правозащитники из нескольких городов страны.",
            (),
            "ru",
            id="ru-quoting-kyrgyz-name",
        ),
        pytest.param(
            "Our partners from Қазақстан met in Almaty to discuss the new law.", (), "en", id="en-with-kazakh-word"
        ),
        pytest.param("<p>Our partner organisation in Osh organised a camp.</p>", (), "en", id="markup-ignored"),
        # Short Russian titles score as Bulgarian too: unsure among all, sure among ours.
        pytest.param("Суд над активистами снова отложен.", (), "ru", id="short-ru-not-bulgarian"),
        pytest.param("Вакансия: координатор проекта в Бишкеке.", (), "ru", id="short-ru-vacancy"),
        pytest.param("Seminarium om pressfrihet i Kirgizistan.", (), "sv", id="short-sv-title"),
        pytest.param("Лагерь Ош шаарында өттү", ("ru", "ky"), "ky", id="cand-ky-title"),
        pytest.param(
            "Министрлик ЛГБТ колдоо тобун каттоодон баш тартты.", ("ky", "ru"), "ky", id="cand-ky-no-telltales"
        ),
        # With candidates.
        pytest.param(TEXTS["en"], ("sv", "en"), "en", id="cand-en-of-sv-en"),
        pytest.param("Hej allihopa!", ("sv", "en"), "sv", id="cand-short-sv"),
        pytest.param("Новости недели", ("ru", "ky"), "ru", id="cand-short-ru"),
        pytest.param(TEXTS["ky"], ("ru", "ky"), "ky", id="cand-ky-of-ru-ky"),
        pytest.param(TEXTS["kk"], ("ru", "kk"), "kk", id="cand-kk-of-ru-kk"),
        pytest.param(TEXTS["kk"], ("ru", "ky"), "ky", id="cand-foreign-telltales-ignored"),
        pytest.param(TEXTS["uz-latn"], ("en", "uz"), "uz", id="cand-uz-latin"),
        pytest.param(TEXTS["uz-cyrl"], ("ru", "uz"), "uz", id="cand-uz-cyrillic"),
        pytest.param(TEXTS["tg"], ("ru", "tg"), "tg", id="cand-tg"),
        pytest.param(TEXTS["sv"], ("en",), "en", id="cand-single-same-script"),
        pytest.param(TEXTS["ky"], ("ru",), "ru", id="cand-single-cyrillic"),
        pytest.param(TEXTS["ru"], ("en",), None, id="cand-single-other-script"),
        pytest.param(TEXTS["ru"], ("en", "sv"), None, id="cand-all-other-script"),
        pytest.param(TEXTS["ru"], ("en-US", "RUS"), "ru", id="cand-normalised"),
        # Too little to say.
        pytest.param("", (), None, id="empty"),
        pytest.param("Hi", (), None, id="two-letters"),
        pytest.param("12 345 — 2019!", (), None, id="no-letters"),
        pytest.param("Hi", ("en",), None, id="two-letters-with-candidate"),
        pytest.param(None, (), None, id="none"),
    ],
)
def test_detect_language(text, candidates, expected):
    assert detect_language(text, candidates) == expected


# ---------------------------------------------------------------------------
# choose_language
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param(dict(marker="en", metadata="ru", text=TEXTS["sv"]), "en", id="marker-first"),
        pytest.param(dict(marker=None, metadata="ru-RU", text=TEXTS["en"]), "ru", id="metadata-second"),
        pytest.param(dict(marker=None, metadata="ru", text=TEXTS["kk"] * 5), "ru", id="metadata-beats-telltales"),
        pytest.param(
            dict(marker=None, metadata="junk!", text=TEXTS["sv"], feed_language="en"), "sv", id="junk-metadata-skipped"
        ),
        pytest.param(
            dict(marker=None, metadata=None, text=TEXTS["ky"], feed_language="ru"),
            "ky",
            id="detected-beats-feed-language",
        ),
        pytest.param(
            dict(marker=None, metadata=None, text=TEXTS["ky"], candidates=("ru", "ky")),
            "ky",
            id="detected-within-candidates",
        ),
        pytest.param(
            dict(marker=None, metadata=None, text="", feed_language="sv-SE"), "sv", id="feed-language-last-resort"
        ),
        pytest.param(dict(marker=None, metadata=None, text="", candidates=("pl",)), "pl", id="single-candidate"),
        pytest.param(dict(marker=None, metadata=None, text="", candidates=("pl", "ru")), None, id="nothing-known"),
    ],
)
def test_choose_language(kwargs, expected):
    assert choose_language(**kwargs) == expected


# ---------------------------------------------------------------------------
# parse_date
# ---------------------------------------------------------------------------


def _dt(*args, tz=UTC):
    return datetime(*args, tzinfo=tz)


PLUS2 = timezone(timedelta(hours=2))
PLUS6 = timezone(timedelta(hours=6))


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        pytest.param("Tue, 28 May 2019 10:00:00 +0200", (), _dt(2019, 5, 28, 10, tz=PLUS2), id="rfc822"),
        pytest.param("Tue, 28 May 2019 10:00:00 GMT", (), _dt(2019, 5, 28, 10), id="rfc822-gmt"),
        pytest.param("Tue, 28 May 2019 10:00:00", (), _dt(2019, 5, 28, 10), id="rfc822-no-zone-utc"),
        pytest.param("Tis, 28 Maj 2019 10:00:00 +0200", ("sv",), _dt(2019, 5, 28, 10, tz=PLUS2), id="rfc822-swedish"),
        pytest.param("Вт, 28 мая 2019 10:00:00 +0600", ("ru",), _dt(2019, 5, 28, 10, tz=PLUS6), id="rfc822-russian"),
        pytest.param("2019-05-28", (), _dt(2019, 5, 28), id="iso-date"),
        pytest.param("2019-05-28T10:00:00+06:00", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="iso-offset"),
        pytest.param("2019-05-28T04:00:00Z", (), _dt(2019, 5, 28, 4), id="iso-z"),
        pytest.param("2019-05-28 10:00", (), _dt(2019, 5, 28, 10), id="iso-space-no-zone"),
        pytest.param("2019-05-28T10:00:00+0600", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="iso-offset-no-colon"),
        pytest.param("2019-05-28 10:00:00 +0600", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="iso-space-offset"),
        pytest.param("20190528T100000Z", (), _dt(2019, 5, 28, 10), id="iso-basic"),
        pytest.param(
            "2019-05-28T10:00:00+06:00[Asia/Bishkek]", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="rfc9557-suffix"
        ),
        pytest.param("Tue, 28 May 2019 10:00:00 ALMT", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="rfc822-almaty-zone"),
        pytest.param("Tue, 28 May 2019 10:00:00 CEST", (), _dt(2019, 5, 28, 10, tz=PLUS2), id="rfc822-cest"),
        pytest.param(
            "Tue, 28 May 2019 10:00:00 +06", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="rfc822-short-offset-hours"
        ),
        pytest.param("28.05.2019 10:00 GMT+6", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="gmt-plus-hours"),
        pytest.param("2019-05-28 10:00 UTC+06:00", (), _dt(2019, 5, 28, 10, tz=PLUS6), id="utc-plus-offset"),
        pytest.param("14 augusti 2018", ("sv",), _dt(2018, 8, 14), id="swedish"),
        pytest.param("14 августа 2018 г.", ("ru",), _dt(2018, 8, 14), id="russian-genitive"),
        pytest.param("28 maja 2019", ("pl",), _dt(2019, 5, 28), id="polish"),
        pytest.param("5 июля 2019", (), _dt(2019, 7, 5), id="russian-no-languages"),
        pytest.param("2019-жылдын 5-июлу", ("ky",), _dt(2019, 7, 5), id="kyrgyz-year-first"),
        pytest.param("2019-жылдын 5-июлунда", ("ky",), _dt(2019, 7, 5), id="kyrgyz-locative"),
        pytest.param("5-июль, 2019-ж.", ("ky",), _dt(2019, 7, 5), id="kyrgyz-day-first"),
        pytest.param("12 мамыр 2019", ("kk",), _dt(2019, 5, 12), id="kazakh"),
        pytest.param("2019 жылғы 12 мамыр", ("kk",), _dt(2019, 5, 12), id="kazakh-year-first"),
        pytest.param("5 iyul 2019", ("uz",), _dt(2019, 7, 5), id="uzbek-latin"),
        pytest.param("5-avgust, 2019-yil", ("uz",), _dt(2019, 8, 5), id="uzbek-latin-day-first"),
        pytest.param("2019 йил 5 август", ("uz",), _dt(2019, 8, 5), id="uzbek-cyrillic-year-first"),
        pytest.param("05 Тамыз 2019", ("kk",), _dt(2019, 8, 5), id="kazakh-capitalised"),
        pytest.param("2019-жылдын 2-майы", ("ky",), _dt(2019, 5, 2), id="kyrgyz-may-possessive"),
        pytest.param("5 июли соли 2019", ("tg",), _dt(2019, 7, 5), id="tajik-year-word"),
        pytest.param("5-уми июли соли 2019", ("tg",), _dt(2019, 7, 5), id="tajik-ordinal"),
        pytest.param("5 października 2019", ("pl",), _dt(2019, 10, 5), id="polish-long-ending"),
        pytest.param("5 paź 2019", ("pl",), _dt(2019, 10, 5), id="polish-abbreviation"),
        pytest.param("pon., 5 sie 2019 14:00:00 +0200", ("pl",), _dt(2019, 8, 5, 14, tz=PLUS2), id="rfc822-polish"),
        pytest.param("5 жовт. 2019", ("uk",), _dt(2019, 10, 5), id="ukrainian-abbreviation"),
        pytest.param("5. Dez. 2019", ("de",), _dt(2019, 12, 5), id="german-abbreviation"),
        pytest.param("5 déc. 2019", ("fr",), _dt(2019, 12, 5), id="french-abbreviation-accent"),
        pytest.param("5 avr. 2019", ("fr",), _dt(2019, 4, 5), id="french-avril-abbreviation"),
        pytest.param("2019-yil 5-iyul", ("uz",), _dt(2019, 7, 5), id="uzbek-year-first"),
        pytest.param("5 июли 2019", ("tg",), _dt(2019, 7, 5), id="tajik-unsupported-by-dateparser"),
        pytest.param("5 липня 2019", ("uk",), _dt(2019, 7, 5), id="ukrainian"),
        pytest.param("5. Juli 2019", ("de",), _dt(2019, 7, 5), id="german"),
        pytest.param("5 juillet 2019", ("fr",), _dt(2019, 7, 5), id="french"),
        pytest.param("July 5, 2019 at 3:45 pm", (), _dt(2019, 7, 5, 15, 45), id="english-month-first-pm"),
        pytest.param("28.05.2019 14:30", (), _dt(2019, 5, 28, 14, 30), id="dotted-numeric"),
        pytest.param("May 2019", ("en",), _dt(2019, 5, 1), id="month-year-first-day"),
        pytest.param("yesterday", ("en",), _dt(2024, 5, 31, 12), id="relative-english"),
        pytest.param("вчера", ("ru",), _dt(2024, 5, 31, 12), id="relative-russian"),
        pytest.param("2024-06-02T11:00:00Z", (), _dt(2024, 6, 2, 11), id="within-one-day-ok"),
        pytest.param("2024-06-03T00:00:00Z", (), None, id="future-rejected"),
        pytest.param("2030-01-01", (), None, id="far-future-rejected"),
        pytest.param("1994-12-31", (), None, id="pre-1995-rejected"),
        pytest.param("1995-01-01", (), _dt(1995, 1, 1), id="1995-accepted"),
        pytest.param("31 February 2019", ("en",), None, id="impossible-date"),
        pytest.param("hello world", (), None, id="not-a-date"),
        pytest.param("5", (), None, id="bare-number"),
        pytest.param("", (), None, id="empty"),
        pytest.param(None, (), None, id="none"),
        pytest.param("x" * 5000, (), None, id="huge-garbage"),
    ],
)
def test_parse_date(text, languages, expected):
    result = parse_date(text, languages, now=NOW)
    assert result == expected
    if result is not None:
        assert result.tzinfo is not None
        if expected.utcoffset() != timedelta(0):
            assert result.utcoffset() == expected.utcoffset()


def test_parse_date_naive_now_is_utc():
    assert parse_date("2024-06-02T11:00:00Z", now=NOW.replace(tzinfo=None)) == _dt(2024, 6, 2, 11)


def test_parse_date_defaults_to_current_time():
    assert parse_date("2019-05-28") == _dt(2019, 5, 28)
    tomorrow_plus = datetime.now(UTC) + timedelta(days=3)
    assert parse_date(tomorrow_plus.isoformat()) is None


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(b"bytes", id="bytes"),
        pytest.param(12345, id="int"),
        pytest.param(object(), id="object"),
        pytest.param("\x00\ufffd<<<>>>&&&;;", id="control-junk"),
    ],
)
def test_functions_never_raise(bad):
    assert isinstance(plain_text(bad), str)
    assert isinstance(clean_title(bad), tuple)
    assert isinstance(make_excerpt(bad, 50), str)
    assert detect_language(bad) is None
    assert parse_date(bad) is None
    assert normalize_language(bad) is None
    assert isinstance(strip_site_name(bad, [bad]), str)
    choose_language(marker=bad, metadata=bad, text=bad, candidates=(), feed_language=bad)


# ---------------------------------------------------------------------------
# The language quality gate (fixtures/lang-eval; `python -m bench.extract` prints the details)
# ---------------------------------------------------------------------------

LANG_EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "lang-eval" / "texts.jsonl"


def test_language_accuracy_gate():
    rows = [json.loads(line) for line in LANG_EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        label = f"{row['language']}-{row['script']}"
        total[label] += 1
        right[label] += detect_language(row["text"], row["candidates"]) == row["language"]
    assert len(total) == 12 and min(total.values()) >= 40
    assert sum(right.values()) / sum(total.values()) >= 0.97
    worst = min(total, key=lambda label: right[label] / total[label])
    assert right[worst] / total[worst] >= 0.95, worst
