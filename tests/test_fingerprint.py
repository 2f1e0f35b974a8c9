"""Near duplicates and language versions (aggregator.fingerprint): the pure decisions of issue 5."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator import fingerprint
from aggregator.fingerprint import (
    BANDS,
    HAMMING_THRESHOLD,
    Candidate,
    band_keys,
    candidate,
    fingerprint_text,
    from_signed,
    hamming,
    index_keys,
    lookup_keys,
    same_post_in_other_language,
    same_story,
    simhash,
    text_keys,
    title_key,
    title_keys,
    title_run_keys,
    to_signed,
    version_key,
    version_lookup_key,
)

BIGINT_MAX = 2**63 - 1
fingerprints = st.integers(min_value=0, max_value=2**64 - 1)

CAMP = (
    "This summer Novi Ritm organised its Human Rights Camp in Osh for the fifth time. Thirty young people "
    "from villages and small towns of Osh, Jalal-Abad and Batken regions spent the first three days learning "
    "about the Universal Declaration of Human Rights, the rights of the child and how to recognise "
    "discrimination at school and at home."
)
APPEAL = (
    "The human rights movement Bir Duino Kyrgyzstan calls on the authorities to immediately release the eleven "
    "current and former employees of an independent media outlet who were detained in Bishkek on 16 January. "
    "Their homes were searched and their equipment confiscated. The detentions are part of a wider campaign "
    "against independent journalism in the country, and we ask our partners to share this appeal."
)
APPEAL_RU = (
    "Правозащитное движение «Бир Дуйно Кыргызстан» призывает власти немедленно освободить одиннадцать нынешних "
    "и бывших сотрудников независимого СМИ, задержанных в Бишкеке 16 января. В их домах прошли обыски, "
    "техника изъята."
)


def cut(text: str, n: int) -> str:
    return " ".join(text.split()[:n]) + "…"


def post(
    title: str,
    summary: str = "",
    url: str = "https://noviritm.org/en/news/post/",
    *,
    language: str | None = "en",
    published: str | None = "2024-07-15T10:00:00+06:00",
    source: str = "novi-ritm",
) -> Candidate:
    when = datetime.fromisoformat(published) if published else None
    return candidate(title=title, summary=summary, url=url, language=language, published=when, source_id=source)


# --- fingerprint_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        pytest.param("[English] News", "", "news", id="marker-dropped"),
        pytest.param("Repost: Camp in Osh", "", "camp in osh", id="repost-prefix-dropped"),
        pytest.param("Malmö – Łódź: «Ёлка»", "", "malmo lodz елка", id="diacritics-and-yo-folded-cyrillic-kept"),
        pytest.param("Oʻzbekiston, O'zbekiston, O‘zbekiston", "", "ozbekiston ozbekiston ozbekiston", id="uzbek-apostrophes"),
        pytest.param("Short", "Two words… Read more »", "short two words", id="read-more-and-ellipsis-dropped"),
        pytest.param("Short", "Кеңсе жабык [...] Толук окуу", "short кеңсе жабык", id="kyrgyz-read-more"),
        pytest.param("A title", CAMP, " ".join(CAMP.lower().replace(".", "").split()[:20]), id="long-summary-alone-first-20-words"),
        pytest.param("Title", "NUKUS. " + CAMP, fingerprint_text("Title", CAMP), id="wire-dateline-dropped"),
        pytest.param("Title", "Our partner Novi Ritm writes: " + CAMP, fingerprint_text("Title", CAMP), id="lead-in-dropped"),
        pytest.param("Human Rights Camp", "Human Rights Camp " + CAMP, fingerprint_text("Human Rights Camp", CAMP), id="title-repeated-in-excerpt"),
    ],
)  # fmt: skip
def test_fingerprint_text(title: str, summary: str, expected: str) -> None:
    assert fingerprint_text(title, summary) == expected


def test_excerpts_cut_at_different_lengths_agree() -> None:
    assert (
        fingerprint_text("Camp", cut(CAMP, 25))
        == fingerprint_text("Camp", cut(CAMP, 50))
        == fingerprint_text("Camp", CAMP)
    )


def test_a_headline_made_of_the_opening_words_is_not_a_repeated_title() -> None:
    # "Youth Bank announces grants" + "of up to..." continues the sentence: nothing to drop.
    text = fingerprint_text(
        "Youth Bank announces grants", "Youth Bank announces grants of up to 50 000 som for youth groups in Osh region"
    )
    assert text.startswith("youth bank announces grants of up to")


# --- simhash, hamming, band keys ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("", 0, id="empty"),
        pytest.param("osh", 11762987576781852983, id="one-word"),
        pytest.param("social coffee shop in osh", 1706908806311461411, id="latin"),
        pytest.param("кофейня в оше открыла двери", 11584384721401628690, id="cyrillic"),
    ],
)
def test_simhash_values_are_pinned(text: str, value: int) -> None:
    # Stored in the database: a change makes every story unfindable until the index is rebuilt.
    assert simhash(text) == value


def test_simhash_is_the_same_in_another_process() -> None:
    code = "from aggregator.fingerprint import simhash; print(simhash('кофейня в оше открыла двери'))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(result.stdout) == 11584384721401628690


def test_one_changed_word_moves_a_fingerprint_a_little() -> None:
    text = fingerprint_text("t", CAMP)
    edited = text.replace("villages", "hamlets")
    assert 0 < hamming(simhash(text), simhash(edited)) < hamming(simhash(text), simhash(fingerprint_text("t", APPEAL)))


@given(fingerprints)
def test_band_keys_fit_a_signed_bigint_and_name_their_band(value: int) -> None:
    keys = band_keys(value)
    assert len(keys) == BANDS == HAMMING_THRESHOLD + 1
    assert all(0 <= key <= BIGINT_MAX for key in keys)
    assert len({key >> 48 for key in keys}) == BANDS  # band number encoded: no cross-band match


@given(fingerprints, st.sets(st.integers(min_value=0, max_value=63), max_size=HAMMING_THRESHOLD))
def test_fingerprints_within_the_threshold_share_a_band_key(value: int, flipped: set[int]) -> None:
    other = value
    for bit in flipped:
        other ^= 1 << bit
    assert hamming(value, other) <= HAMMING_THRESHOLD
    assert set(band_keys(value)) & set(band_keys(other))


def test_fingerprints_beyond_the_threshold_may_share_no_band_key() -> None:
    # One bit flipped in every band: HAMMING_THRESHOLD + 1 bits apart and no key in common.
    first_bit_of_band = {}
    for bit in range(64):
        changed = [i for i, (x, y) in enumerate(zip(band_keys(0), band_keys(1 << bit), strict=True)) if x != y]
        first_bit_of_band.setdefault(changed[0], bit)
    flipped = sum(1 << bit for bit in first_bit_of_band.values())
    assert hamming(0, flipped) == BANDS
    assert not set(band_keys(0)) & set(band_keys(flipped))


@given(fingerprints)
def test_signed_round_trip(value: int) -> None:
    assert -(2**63) <= to_signed(value) <= BIGINT_MAX
    assert from_signed(to_signed(value)) == value


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param("Repost: Kazakhstan: Activists fined after a rally", "Activists fined after a rally!", True, id="prefix-label-case-punctuation"),
        pytest.param("[English] Activists fined after a rally", "Activists fined after a rally (via Feminita)", False, id="suffix-counts"),
        pytest.param("Camp in Osh, part 1", "Camp in Osh, part 2", False, id="numbers-count"),
    ],
)  # fmt: skip
def test_title_key(first: str, second: str, same: bool) -> None:
    assert (title_key(first) == title_key(second)) is same


@pytest.mark.parametrize(
    "title", ["News", "Новости", "Nyhetsbrev", "Monthly digest: May", "Newsletter #12", "Жаңылыктар"]
)
def test_generic_titles_have_no_title_key(title: str) -> None:
    assert title_key(title) is None


def test_lookup_keys_are_band_keys_and_title_keys_in_separate_ranges() -> None:
    keys = index_keys("Activists fined after a peaceful rally in Almaty", 2**64 - 1)
    assert keys[:BANDS] == band_keys(2**64 - 1)
    # The whole headline's key, then its opening and closing runs.
    assert len(keys) == BANDS + 3 and keys[BANDS] >> 56 == 0x7F and keys[-1] >> 56 == keys[-2] >> 56 == 0x7E > BANDS
    assert all(0 <= key <= BIGINT_MAX for key in keys)


@pytest.mark.parametrize(
    ("partner", "digest"),
    [
        ("Young people in Batken map broken water pipes", "NEWS FROM KYRGYZSTAN: YOUNG PEOPLE IN BATKEN MAP BROKEN WATER PIPES"),
        ("Osh youth council asks for safer school roads", "Read this — «Osh youth council asks for safer school roads»"),
        ("Partners in Kyrgyzstan train teachers in inclusive education", '"Partners in Kyrgyzstan train teachers in inclusive education" – Centralasiengrupperna'),
        ("Феминита провела школу цифровой безопасности в Алматы", "Казахстан. Школа для активисток: Феминита провела школу цифровой безопасности в Алматы"),
    ],
)  # fmt: skip
def test_a_digest_headline_with_words_around_the_partners_shares_a_title_key(partner: str, digest: str) -> None:
    assert set(title_keys(partner)) & set(title_keys(digest))


def test_short_and_generic_headlines_have_no_run_keys() -> None:
    assert title_run_keys("Interns arrive in Bishkek") == ()  # the whole headline is its key
    assert title_run_keys("Nyhetsbrev oktober 2026") == ()


# --- same_story ----------------------------------------------------------------------------------

ORIGINAL = post("Bir Duino calls for the release of detained journalists in Bishkek", APPEAL, "https://birduino.kg/en/press/release/", published="2024-01-17T14:00:00+06:00", source="bir-duino")  # fmt: skip


def template(name: str, city: str, date: str) -> Candidate:
    text = f"Bir Duino demands the immediate release of {name}, a journalist from {city}, who was detained on {date} on charges of calling for mass riots. We consider the prosecution politically motivated."
    return post(f"Bir Duino demands the release of {name}", text, f"https://birduino.kg/en/press/{name.split()[1].lower()}/", source="bir-duino")  # fmt: skip


@pytest.mark.parametrize(
    ("new", "known"),
    [
        pytest.param(post("Repost: Bir Duino calls for the release of detained journalists in Bishkek", cut(APPEAL, 25), "https://centralasien.org/en/repost/", published="2024-01-18T10:00:00+01:00", source="cag"), ORIGINAL, id="repost-prefix-and-shorter-excerpt"),
        pytest.param(post("Kyrgyzstan: eleven media workers must be freed", APPEAL, "https://crd.org/en/appeal/", published="2024-01-19T10:00:00+01:00", source="crd"), ORIGINAL, id="own-headline-same-text"),
        pytest.param(post("Bir Duino calls for the release of detained journalists in Bishkek", "We share an appeal of our partner in Kyrgyzstan. " + APPEAL, "https://kobiety.org.pl/en/appeal/", published="2024-01-18T10:00:00+01:00", source="kobiety"), ORIGINAL, id="introduction-added-found-by-title-key"),
        pytest.param(post("Bir Duino calls for the release of detained journalists in Bishkek", "BISHKEK, 17 January — " + cut(APPEAL, 40), "https://birduino.kg/en/?p=1102", published=None, source="bir-duino"), ORIGINAL, id="news-page-dateline-no-date"),
    ],
)  # fmt: skip
def test_same_story(new: Candidate, known: Candidate) -> None:
    assert same_story(new, known) and same_story(known, new)


@pytest.mark.parametrize(
    ("new", "known"),
    [
        pytest.param(
            post("Nyhetsbrev", "Hej alla medlemmar och vänner! I majnumret berättar vi om veckan med ungdomsarbetare i Malmö och om årsmötet.", "https://centralasien.org/sv/2024/05/nyhetsbrev/", language="sv", published="2024-05-31T09:00:00+02:00", source="cag"),
            post("Nyhetsbrev", "Hej alla medlemmar och vänner! I junibrevet berättar vi om lägret i Osh och om praktikanten i Jalal-Abad.", "https://centralasien.org/sv/2024/06/nyhetsbrev-2/", language="sv", published="2024-06-30T09:00:00+02:00", source="cag"),
            id="monthly-newsletter-same-title",
        ),
        pytest.param(
            post("Human Rights Camp in Osh, part 1", cut(CAMP, 22)),
            post("Human Rights Camp in Osh, part 2", cut(CAMP, 22), "https://noviritm.org/en/news/part-2/", published="2024-07-22T10:00:00+06:00"),
            id="series-part-1-and-2-same-opening",
        ),
        pytest.param(template("Bakyt Asanov", "Bishkek", "12 March"), template("Nurzat Toktosunova", "Osh", "2 April"), id="press-release-template-other-name"),
        pytest.param(
            post("News", "Our office is closed from 30 December to 8 January.", "https://birduino.kg/en/press/news-1/"),
            post("News", "We are looking for a project coordinator in Osh.", "https://birduino.kg/en/press/news-2/"),
            id="very-short-generic-title",
        ),
        pytest.param(post("Новости", url="https://kaktus.media/1"), post("Новости", url="https://24.kg/2", source="24kg"), id="generic-title-no-summary"),
        pytest.param(
            post("Monitoring of the elections in Osh", "Bir Duino Kyrgyzstan is a human rights movement working since 1998 for the protection of civil and political rights in Kyrgyzstan.", "https://birduino.kg/en/a/", source="bir-duino"),
            post("Round table on the rights of migrants", "Bir Duino Kyrgyzstan is a human rights movement working since 1998 for the protection of civil and political rights in Kyrgyzstan.", "https://birduino.kg/en/b/", source="bir-duino"),
            id="about-us-text-as-every-excerpt",
        ),
        pytest.param(
            post("Call for applications: volunteer exchange", CAMP, "https://centralasien.org/en/2024/call/", published="2024-04-30T10:00:00+02:00", source="cag"),
            post("Call for applications: volunteer exchange", CAMP, "https://centralasien.org/en/2025/call/", published="2025-04-28T10:00:00+02:00", source="cag"),
            id="same-text-a-year-later",
        ),
        pytest.param(
            ORIGINAL,
            post("Kyrgyzstan: eleven journalists detained in Bishkek", "Security services in Kyrgyzstan detained eleven current and former employees of an independent media outlet in Bishkek on 16 January. Front Line Defenders calls for their release.", "https://www.frontlinedefenders.org/en/case/x", source="front-line-defenders"),
            id="same-event-other-partner-own-words",
        ),
        pytest.param(ORIGINAL, post("[Русский] Бир Дуйно призывает освободить журналистов", APPEAL_RU, "https://birduino.kg/ru/press/release/", language="ru", source="bir-duino"), id="translation-is-not-a-near-duplicate"),
    ],
)  # fmt: skip
def test_not_the_same_story(new: Candidate, known: Candidate) -> None:
    assert not same_story(new, known) and not same_story(known, new)


def test_same_story_needs_the_index_to_have_found_it() -> None:
    # Far apart in SimHash and with different title keys: never decided "same", whatever the text says.
    new = post("Something else entirely happened", cut(APPEAL, 10))
    assert hamming(new.fingerprint, ORIGINAL.fingerprint) > HAMMING_THRESHOLD
    assert not same_story(new, ORIGINAL)


# A digest's repost a day later with a headline of its own and a few words of the opening replaced:
# SimHash moves too far and no headline key is shared; the text keys still find it (issue 22).
PARTNER = post("Feminita opens a hotline for queer women", "Feminita has opened a free hotline for lesbian, bisexual and queer women in Kazakhstan. Counsellors answer calls and messages from 10 am to 10 pm in Russian and Kazakh, and can refer callers to lawyers and psychologists in Almaty, Astana and Shymkent.", "https://feminita.example.kz/en/news/hotline/", published="2026-11-16T10:00:00+05:00", source="feminita")  # fmt: skip
DIGEST = post("Weekly roundup — a new helpline in Kazakhstan", "Feminita opened a free helpline for lesbian, bisexual and queer women in Kazakhstan. Counsellors answer calls and messages from 10 am to 10 pm in Russian and Kazakh, and can refer callers to lawyers", "https://cadigest.example.org/2026/11/17/helpline", published="2026-11-17T09:00:00+00:00", source="ca-digest")  # fmt: skip
# Two partners' own reports of one verdict: the opening sentence alike, the rest their own.
VERDICT_A = post("Tajikistan: lawyer sentenced to seven years after defending activists", "A court in Dushanbe has sentenced lawyer Farrukh Saidov to seven years in prison on charges of fraud that his colleagues say are fabricated. We call on the authorities to quash the verdict and to stop persecuting lawyers for their work.", "https://iphr.example.org/lawyer-sentenced/", published="2024-02-09T12:00:00+01:00", source="iphr")  # fmt: skip
VERDICT_B = post("Lawyer Farrukh Saidov gets seven years", "A court in Dushanbe has sentenced lawyer Farrukh Saidov to seven years in prison on fraud charges. He defended several activists accused of membership in a banned group, and the trial was closed to the public and the press.", "https://asiaplus.example.tj/en/news/saidov/", published="2024-02-08T16:00:00+05:00", source="asia-plus")  # fmt: skip


def test_text_keys_find_a_repost_with_its_own_headline_and_words_replaced() -> None:
    assert hamming(PARTNER.fingerprint, DIGEST.fingerprint) > HAMMING_THRESHOLD
    assert not set(title_keys(PARTNER.title)) & set(title_keys(DIGEST.title))
    assert set(text_keys(PARTNER.title, PARTNER.summary)) & set(text_keys(DIGEST.title, DIGEST.summary))
    assert same_story(DIGEST, PARTNER) and same_story(PARTNER, DIGEST)


def test_found_by_a_text_key_alone_the_summaries_must_carry_it() -> None:
    assert set(text_keys(VERDICT_A.title, VERDICT_A.summary)) & set(text_keys(VERDICT_B.title, VERDICT_B.summary))
    assert not same_story(VERDICT_A, VERDICT_B) and not same_story(VERDICT_B, VERDICT_A)


def test_text_keys_skip_shingles_of_short_words() -> None:
    assert text_keys("A", "It is in the big and it is not at all of a") == ()
    assert len(text_keys("A", CAMP)) == fingerprint.TEXT_KEYS


# One-line excerpts, cut by a digest with a word replaced or added: too short for word shares.
FESTIVAL = post("Youth volunteer festival held in Karakol", "More than twenty youth groups presented their projects at the festival and recruited volunteers.", "https://jastar.example.kg/news/festival/", source="jastar")  # fmt: skip


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(post("«YOUTH VOLUNTEER FESTIVAL HELD IN KARAKOL»", "More than twenty civic groups presented their […]", "https://digest.example.org/1", source="digest"), id="a-word-replaced-in-a-cut-excerpt"),
        pytest.param(post("Youth volunteer festival organised in Karakol", "More than twenty youth groups presented their projects…", "https://digest.example.org/2", source="digest"), id="a-headline-word-replaced-same-opening"),
        pytest.param(post("Youth volunteer festival held in Karakol", "", "https://jastar.example.kg/?p=12", source="jastar-page"), id="news-page-without-excerpt"),
    ],
)  # fmt: skip
def test_short_excerpts_a_digest_edited_are_the_same_story(copy: Candidate) -> None:
    assert same_story(copy, FESTIVAL) and same_story(FESTIVAL, copy)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(post("Youth volunteer festival held in Talas", "More than twenty youth groups presented their projects at the festival.", "https://jastar.example.kg/news/talas/", source="jastar"), id="template-another-town"),
        pytest.param(post("Youth volunteer festival held in Karakol", "Thirty schools sent their choirs and the mayor opened the evening.", "https://jastar.example.kg/news/2/", published="2024-07-16T10:00:00+06:00", source="jastar"), id="same-headline-other-opening"),
        pytest.param(post("Youth volunteer festival held in Karakol", "More than twenty youth groups presented […]", "https://digest.example.org/3", published="2024-09-15T10:00:00+06:00", source="digest"), id="two-months-later"),
    ],
)  # fmt: skip
def test_short_excerpts_that_are_other_posts(other: Candidate) -> None:
    assert not same_story(other, FESTIVAL) and not same_story(FESTIVAL, other)


# --- version_key -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key"),
    [
        pytest.param("https://birduino.kg/en/press/release/", "birduino.kg/press/release", id="path-en"),
        pytest.param("https://crd.org/blog/sv/2024/02/13/brev/", "crd.org/blog/2024/02/13/brev", id="site-in-a-directory"),
        pytest.param("https://birduino.kg/kg/press/release/?utm_source=x", "birduino.kg/press/release", id="path-kg-tracking-dropped"),
        pytest.param("https://bureau.kz/kz/news/draft-law/", "bureau.kz/news/draft-law", id="path-kz"),
        pytest.param("https://asiaplustj.info/tj/news/20240208/x", "asiaplustj.info/news/20240208/x", id="path-tj"),
        pytest.param("https://www.gazeta.uz/oz/2024/08/13/suv/", "gazeta.uz/2024/08/13/suv", id="path-oz-uzbek-latin-www"),
        pytest.param("https://yuristy.kg/ru-ru/news/day", "yuristy.kg/news/day", id="path-locale"),
        pytest.param("https://youthbank.kg/?p=812&lang=ru", "youthbank.kg/?p=812", id="wpml-query"),
        pytest.param("https://en.ngoforum.kz/news/25/forum", "ngoforum.kz/news/25/forum", id="subdomain"),
        pytest.param("https://centralasien.org/sv/", None, id="home-page"),
        pytest.param("https://kobiety.org.pl/2024/10/study-visit/", None, id="no-language-part"),
        pytest.param("https://noviritm.org/news/english-club/", None, id="language-word-not-first-segment"),
        pytest.param("https://m.cabar.asia/en-post", None, id="mobile-host-and-slug-are-not-languages"),
        pytest.param("mailto:info@feminita.kz", None, id="not-http"),
    ],
)  # fmt: skip
def test_version_key(url: str, key: str | None) -> None:
    assert version_key(url) == key


def test_language_versions_share_a_version_key() -> None:
    urls = ["https://birduino.kg/en/press/r/", "https://birduino.kg/ru/press/r/", "https://birduino.kg/kg/press/r/"]
    assert len({version_key(url) for url in urls}) == 1


@pytest.mark.parametrize(
    ("url", "key"),
    [
        pytest.param("https://kobiety.org.pl/en/2024/10/visit/", "kobiety.org.pl/2024/10/visit", id="with-language-part"),
        pytest.param("http://www.kobiety.org.pl/2024/10/visit/", "kobiety.org.pl/2024/10/visit", id="default-language-without-prefix"),
        pytest.param("https://kobiety.org.pl/", None, id="home-page"),
    ],
)  # fmt: skip
def test_version_lookup_key(url: str, key: str | None) -> None:
    assert version_lookup_key(url) == key


# --- same_post_in_other_language -----------------------------------------------------------------

EN = post("[English] LGBT activist charged over a photo session in Almaty", "Kazakhstan: Aigerim Tulegenova, co-founder of a feminist initiative based in Almaty, was charged on 14 August. Aigerim and three friends held a photo session on Arbat street on 9 August.", "https://feminita.kz/en/2024/08/activist-charged/", published="2024-08-15T10:20:00+05:00", source="feminita")  # fmt: skip
RU = post("[Русский] ЛГБТ-активистке предъявили обвинение за фотосессию в Алматы", "Казахстан: Айгерим Тулегеновой, соосновательнице феминистской инициативы из Алматы, 14 августа предъявили обвинение. Айгерим и три её подруги провели 9 августа фотосессию на улице Арбат.", "https://feminita.kz/ru/2024/08/aktivistke-predyavili-obvinenie/", language="ru", published="2024-08-15T10:05:00+05:00", source="feminita")  # fmt: skip


@pytest.mark.parametrize(
    ("new", "known", "alternates"),
    [
        pytest.param(post("Camp", url="https://birduino.kg/en/press/camp/"), post("Лагерь", url="https://birduino.kg/ru/press/camp/", language="ru"), (), id="same-version-key"),
        pytest.param(post("Study visit", url="https://kobiety.org.pl/en/2024/10/visit/"), post("Wizyta", url="https://kobiety.org.pl/2024/10/visit/", language="pl"), (), id="default-language-without-prefix"),
        pytest.param(post("Naryn", url="https://cabar.asia/en/naryn"), post("Нарын", url="https://cabar.asia/ru/naryn-ru", language="ru"), ("https://cabar.asia/ru/naryn-ru?utm_source=x",), id="hreflang-alternate"),
        pytest.param(EN, RU, (), id="marked-translations-same-names-and-numbers"),
    ],
)  # fmt: skip
def test_same_post_in_other_language(new: Candidate, known: Candidate, alternates: tuple[str, ...]) -> None:
    assert same_post_in_other_language(new, known, frozenset(alternates))


@pytest.mark.parametrize(
    ("new", "known"),
    [
        pytest.param(post("Camp", url="https://birduino.kg/en/press/camp/"), post("Camp", url="https://birduino.kg/kg/press/camp/"), id="same-language-is-a-near-duplicate-question"),
        pytest.param(post("Camp", url="https://birduino.kg/en/press/camp/"), post("Лагерь", url="https://birduino.kg/ru/press/camp/", language=None), id="language-unknown"),
        pytest.param(post("Camp", url="https://crd.org/en/2024/04/bloggers/"), post("Tortyr", url="https://crd.org/sv/2024/04/tortyr/", language="sv"), id="other-slug-same-day"),
        pytest.param(post("Forum", url="https://youthbank.kg/?p=812&lang=en"), post("Форум", url="https://youthbank.kg/?p=840&lang=ru", language="ru"), id="wpml-other-post-id"),
        pytest.param(EN, replace(RU, source_id="vlast", url="https://vlast.kz/2024/08/aktivistke-predyavili-obvinenie/"), id="marked-but-another-source-and-site"),
        pytest.param(EN, replace(RU, published=datetime.fromisoformat("2024-08-20T10:00:00+05:00")), id="marked-but-five-days-apart"),
        pytest.param(
            post("[English] Youth workers from Kyrgyzstan and Poland visit Malmö", "CAG together with Novi Ritm in Kyrgyzstan and KobieTY in Poland had a week for youth workers from 20 to 26 May in Malmö, with a visit to Rosengård.", "https://centralasien.org/en/2024/05/malmo/", published="2024-05-28T16:45:00+02:00", source="cag"),
            post("[Svenska] Rosengård: ungdomsgården som vill bryta diskriminering", "Under veckan med ungdomsarbetare från Kirgizistan och Polen besökte vi en ungdomsgård i Rosengård, Malmö. Här berättar personalen om sitt arbete.", "https://centralasien.org/sv/2024/05/rosengard/", language="sv", published="2024-05-29T10:00:00+02:00", source="cag"),
            id="marked-follow-up-with-the-same-names",
        ),
    ],
)  # fmt: skip
def test_not_the_same_post_in_other_language(new: Candidate, known: Candidate) -> None:
    assert not same_post_in_other_language(new, known) and not same_post_in_other_language(known, new)


# Unmarked translations from one source, a day apart, with nothing but the text to tell (the
# demo's Bir Duino posts, issue 22).
TRIAL_EN = post("Trial monitoring school for young lawyers opens in Bishkek", "Twenty young lawyers from Bishkek, Osh and Jalal-Abad joined our new trial monitoring school. Over six months they will learn fair trial standards and monitor real court hearings together with experienced human rights defenders.", "https://birduino.example.kg/news/349", published="2019-02-11T10:00:00+06:00", source="bir-duino")  # fmt: skip
TRIAL_KY = post("Жаш юристтер үчүн соттук процесстерге мониторинг жүргүзүү мектеби ачылды", "Мектепке Бишкек, Ош жана Жалал-Абад шаарларынан 20 жаш юрист кабыл алынды. Алар адилеттүү сот стандарттарын үйрөнүп, жаңы көндүмдөрдү практикада колдонушат.", "https://birduino.example.kg/ky/news/monitoring-mektebi.html", language="ky", published="2019-02-12T09:40:00+06:00", source="bir-duino")  # fmt: skip
FORUM_KY = post("Жаштар форуму Ошто өттү", "Ош шаарында 24-ноябрда жаштар форуму өттү. Форумга Баткен, Жалал-Абад жана Ош облустарынан 150 жаш катышты.", "https://noviritm.example.kg/archives/7730", language="ky", published="2026-11-24T18:00:00+06:00")  # fmt: skip
FORUM_RU = post("В Оше прошёл форум волонтёров", "В Оше 25 ноября прошёл форум волонтёров из Баткенской, Джалал-Абадской и Ошской областей. Участники обсудили, как помогать пожилым людям зимой.", "https://noviritm.example.kg/archives/7734", language="ru", published="2026-11-25T18:00:00+06:00")  # fmt: skip


def test_unmarked_translation_from_one_source_a_day_apart_is_a_version() -> None:
    assert same_post_in_other_language(TRIAL_KY, TRIAL_EN) and same_post_in_other_language(TRIAL_EN, TRIAL_KY)


@pytest.mark.parametrize(
    ("new", "known"),
    [
        pytest.param(TRIAL_KY, replace(TRIAL_EN, source_id="ca-digest", url="https://digest.example.org/2019/02/349"), id="another-source-and-site"),
        pytest.param(TRIAL_KY, replace(TRIAL_EN, published=datetime.fromisoformat("2019-02-07T09:00:00+06:00")), id="five-days-apart"),
        pytest.param(FORUM_RU, FORUM_KY, id="next-days-event-same-places-other-numbers"),
        pytest.param(post("Bir Duino meets students in Bishkek", "Bir Duino lawyers met law students in Bishkek.", "https://birduino.example.kg/news/1", source="b"), post("Бир Дуйно в Оше", "Юристы Бир Дуйно провели встречу в Оше с родителями.", "https://birduino.example.kg/news/2", language="ru", source="b"), id="only-the-partners-name-shared"),
    ],
)  # fmt: skip
def test_unmarked_posts_of_one_source_that_are_not_versions(new: Candidate, known: Candidate) -> None:
    assert not same_post_in_other_language(new, known) and not same_post_in_other_language(known, new)


# --- the evaluation set as a quality gate ------------------------------------------------------


def test_evaluation_set_meets_the_targets() -> None:
    # The set behind the parameters (python -m bench.dedup_eval): precision first, since a false
    # merge hides a partner's story. Not timed: only the decisions are checked.
    from bench.dedup_eval import SPLITS, TASKS, evaluate, load_pairs

    pairs = [pair for split, path in SPLITS.items() for pair in load_pairs(path, split)]
    assert len(pairs) >= 300
    score, wrong = evaluate(pairs, TASKS[2])
    assert score.precision >= 0.99, [pair.note for pair, why in wrong if why == "false merge"]
    assert score.recall >= 0.95, [pair.note for pair, _ in wrong]
    assert score.asymmetric == 0


def test_parameters_are_consistent() -> None:
    assert fingerprint.BANDS == fingerprint.HAMMING_THRESHOLD + 1
    assert fingerprint.BANDS < fingerprint.TITLE_KEY_TAG
    # Each kind of index key has its own leading byte: a band key never equals a headline's.
    tags = {fingerprint.BANDS, fingerprint.TITLE_KEY_TAG, fingerprint.TITLE_RUN_TAG, fingerprint.TEXT_KEY_TAG}
    assert len(tags) == 4 and max(tags) < 0x80  # below 2**63: a signed BIGINT as it is
    assert fingerprint.MIN_SUMMARY_WORDS <= fingerprint.SUMMARY_WORDS <= fingerprint.COMPARE_WORDS


def test_a_parameter_tried_by_the_sweep_reaches_every_part() -> None:
    # bench.dedup_eval --sweep tries other parameters; each part of the package reads its own copy
    # of the names it imports, so the sweep sets them in every part that holds them.
    from bench.dedup_eval import _parameters

    words = len(fingerprint.fingerprint_text("Camp", CAMP).split())
    with _parameters(SUMMARY_WORDS=10, BANDS=8, HAMMING_THRESHOLD=0):
        assert len(fingerprint.fingerprint_text("Camp", CAMP).split()) == 10
        assert len(band_keys(0)) == 8
        assert fingerprint.near_duplicates.HAMMING_THRESHOLD == 0
    assert len(fingerprint.fingerprint_text("Camp", CAMP).split()) == words == fingerprint.SUMMARY_WORDS
    assert len(band_keys(0)) == fingerprint.BANDS
    assert fingerprint.near_duplicates.HAMMING_THRESHOLD == fingerprint.HAMMING_THRESHOLD


@given(st.text(max_size=80), st.text(max_size=300), st.text(max_size=80))
def test_never_raises_on_odd_input(title: str, summary: str, url: str) -> None:
    # On the hot path of every new item: odd text or a broken address is a "no", never an error.
    odd = candidate(title=title, summary=summary, url=url, language="ru", published=None, source_id="x")
    assert 0 <= odd.fingerprint < 2**64
    assert isinstance(same_story(odd, ORIGINAL), bool)
    assert isinstance(same_post_in_other_language(odd, ORIGINAL, frozenset({url})), bool)
    assert version_key(url) is None or isinstance(version_key(url), str)
    assert all(0 <= key <= BIGINT_MAX for key in lookup_keys(title, odd.fingerprint))
