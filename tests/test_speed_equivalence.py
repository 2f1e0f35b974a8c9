"""The per-item text functions were made faster without changing a single output.

Pinned values were computed with the code before the speed-ups: fingerprints, band and title
keys and version keys are stored in users' databases, so a future speed-up must keep them. The
shortcuts themselves (cheap tests that decide when a costly pattern may be skipped, counting
by runs, all 64 SimHash majorities in one addition) are checked against the plain way.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator import extract, fingerprint
from aggregator.dedup import url_key

# --- pinned values (computed before the speed-ups) ---------------------------------------------

PINNED = [
    pytest.param(
        "[English] Positive changes through social coffee shop in Osh",
        "“Social coffee shop brings positive social changes among the youth of Osh” Our dear friends, We are here "
        "today to share some updates from our partner organization in Osh, Kyrgyzstan – Novi Ritm. Lately, Novi Ritm "
        "has been expanding and building opportunities for youth of the country to speak up.",
        "social coffee shop brings positive social changes among the youth of osh our dear friends we are here today to",
        1801050201793343738,
        [288230376151757050, 288511851128470665, 288793326105173405, 289074801081850110, 9151362660564274813],
        id="marker-quotes",
    ),
    pytest.param(
        "Repost: Kazakhstan: LGBT activist charged for organising a peaceful photo session in Almaty",
        "ALMATY — Aigerim Tulegenova, LGBT activist and co-founder of a feminist initiative based in Almaty, was "
        "charged on Wednesday, 14 August. Read more »",
        "aigerim tulegenova lgbt activist and co founder of a feminist initiative based in almaty was charged on "
        "wednesday 14 august",
        11577976876203293242,
        [288230376151759418, 288511851128441800, 288793326105148576, 289074801081884845, 9151507297539361726],
        id="repost-label-dateline-read-more",
    ),
    pytest.param(
        "Кофейня в Оше открыла двери для молодых волонтёров",
        "Наши друзья из Оша открыли первую социальную кофейню. Подробнее",
        "наши друзья из оша открыли первую социальную кофеиню",
        1117370083635546491,
        [288230376151763323, 288511851128473022, 288793326105178667, 289074801081847681, 9151442999910401935],
        id="cyrillic",
    ),
    pytest.param(
        "Nyhetsbrev maj",
        "Kort text.",
        "nyhetsbrev maj kort text",
        14374940175261576205,
        [288230376151723021, 288511851128454645, 288793326105136109, 289074801081894782],
        id="short-no-title-key",
    ),
    pytest.param(
        "Oʻzbekiston: yoshlar uchun yangi loyiha",
        "Toshkentda yoshlar va fuqarolik jamiyati vakillari uchrashdi. Batafsil oʻqish →",
        "ozbekiston yoshlar uchun yangi loyiha toshkentda yoshlar va fuqarolik jamiyati vakillari uchrashdi",
        16574376420865442060,
        [288230376151744780, 288511851128437579, 288793326105133962, 289074801081902596, 9151473687507544861],
        id="uzbek-apostrophes",
    ),
]


@pytest.mark.parametrize(("title", "summary", "text", "value", "keys"), PINNED)
def test_fingerprints_and_index_keys_are_pinned(
    title: str, summary: str, text: str, value: int, keys: list[int]
) -> None:
    assert fingerprint.fingerprint_text(title, summary) == text
    assert fingerprint.simhash(text) == value
    assert fingerprint.lookup_keys(title, value) == keys
    found = fingerprint.candidate(title=title, summary=summary, url="https://x.org/a", language=None, published=None,
                                  source_id="s")  # fmt: skip
    assert found.fingerprint == value


@pytest.mark.parametrize(
    ("url", "version", "key"),
    [
        (
            "https://noviritm.org/en/news/social-coffee-shop-osh/?utm_source=fb",
            "noviritm.org/news/social-coffee-shop-osh",
            "https://noviritm.org/en/news/social-coffee-shop-osh",
        ),
        (
            "https://www.cag.se/kg/blogg/123?lang=ru&b=2",
            "cag.se/blogg/123?b=2",
            "https://www.cag.se/kg/blogg/123?b=2&lang=ru",
        ),
        ("https://sv.site.org/nyheter/x/amp/", "site.org/nyheter/x", "https://sv.site.org/nyheter/x"),
    ],
)
def test_url_keys_are_pinned(url: str, version: str, key: str) -> None:
    assert fingerprint.version_lookup_key(url) == version
    assert url_key(url) == key


@pytest.mark.parametrize(
    ("html", "limit", "expected"),
    [
        (
            "<p>Participants from Kyrgyzstan met in Osh. [&#8230;]</p><p>The post Camp in Osh appeared first on Novi "
            "Ritm.</p>",
            300,
            "Participants from Kyrgyzstan met in Osh.",
        ),
        ("Lägret i Osh var lyckat&#8230; Läs mer &raquo;", 300, "Lägret i Osh var lyckat"),
        ("Camp in Osh was great. Share this: Facebook Twitter", 300, "Camp in Osh was great."),
        (
            "Наши друзья из Оша открыли первую социальную кофейню, в которой работают молодые волонтёры. Подробнее →",
            60,
            "Наши друзья из Оша открыли первую социальную кофейню, в…",
        ),
        # "pin" (a share button) inside "opinion" and "pins" lets the patterns run; they find nothing there.
        ("Opinion: shopping for pins in Osh… Read more", 300, "Opinion: shopping for pins in Osh"),
    ],
)
def test_excerpts_are_pinned(html: str, limit: int, expected: str) -> None:
    assert extract.make_excerpt(html, limit) == expected


# --- the cheap tests never skip a pattern that could match ----------------------------------------


def _phrase_letters() -> set[str]:
    phrases = [*extract.READ_MORE_PHRASES, *extract.SHARE_MARKERS, *extract.SOCIAL_BUTTONS]
    return set("".join(phrases + [middle for _, middle in extract.FOOTER_PATTERNS]))


def test_lower_casing_agrees_with_ignorecase_wherever_the_cheap_tests_are_used() -> None:
    # fold_for_cues relies on it: outside _UNUSUAL_CHAR_RE a character matches a phrase letter
    # under re.IGNORECASE only if it lower-cases to the same letter, and \s is str.isspace.
    usual = "".join(
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code < 0xE000 and not extract._UNUSUAL_CHAR_RE.match(chr(code))
    )
    for letter in _phrase_letters():
        for char in re.findall(re.escape(letter), usual, re.IGNORECASE):
            assert char.lower() == letter.lower(), (letter, char)
    assert [char for char in usual if bool(re.fullmatch(r"\s", char)) != char.isspace()] == []


def _strip_every_pattern(text: str) -> str:
    """_strip_boilerplate without the per-pattern tests: the code before the speed-up."""
    patterns = extract._boilerplate_patterns()
    patterns = patterns if extract._has_cue(text) else patterns[-2:]
    for _ in range(4):
        before = text
        for pattern in patterns:
            text = pattern.sub(" ", text)
        text = " ".join(text.split())
        if text == before:
            break
    return text


BOILERPLATE = [
    *extract.READ_MORE_PHRASES,
    *extract.SHARE_MARKERS,
    *extract.SOCIAL_BUTTONS,
    *(part for pair in extract.FOOTER_PATTERNS for part in pair),
    "[…]", "[...]", "…", "...", "→", "»", "›", ">", "[", "]", "(", ")", ".", ":", "ſ", "ı", "İ", "ᲃ", "opinion",
    "Osh", "camp", "in", "the", "Läs", "mer", "Read", "more", "  ", "\n", "\u00a0", "'", "’",
]  # fmt: skip
boilerplate_texts = st.lists(
    st.one_of(
        st.sampled_from(BOILERPLATE),
        st.sampled_from(BOILERPLATE).map(str.upper),
        st.sampled_from(BOILERPLATE).map(lambda phrase: phrase.replace(" ", "  ").replace("ʻ", "'")),
        st.text(max_size=3),
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(boilerplate_texts)
def test_boilerplate_is_stripped_as_by_every_pattern(text: str) -> None:
    assert extract._strip_boilerplate(text) == _strip_every_pattern(text)


@settings(max_examples=300, deadline=None)
@given(boilerplate_texts)
def test_trailing_read_more_test_never_skips_a_match(text: str) -> None:
    if fingerprint._trailing_boilerplate_re().search(text):
        assert fingerprint._may_end_in_read_more(text)


marked_titles = st.lists(
    st.one_of(
        st.sampled_from(["[English]", "(English)", "(Svenska)", "[RU]", "(kg)", "English:", "Русский |", "| English",
                         "- Svenska", "– English", "— Кыргызча", "Camp", "in", "Osh", ":", "|", "-", "(", ")", "[", "]"]),
        st.text(max_size=4),
    ),
    max_size=8,
).map(" ".join)  # fmt: skip


def _clean_title_trying_every_pattern(raw: str) -> tuple[str, str | None]:
    title, found = extract.plain_text(raw), None
    for pattern in extract._marker_patterns():
        match = pattern.search(title)
        code = extract._code_of(match) if match else None
        if code is not None:
            found = found or code
            title = (title[: match.start()] + title[match.end() :]).strip()  # type: ignore[union-attr]
    return " ".join(title.split()), found


@settings(max_examples=400, deadline=None)
@given(marked_titles)
def test_language_markers_are_found_as_by_every_pattern(title: str) -> None:
    """clean_title searches a marker pattern only when the title has the character it needs."""
    assert extract.clean_title(title) == _clean_title_trying_every_pattern(title)


# --- counting and SimHash shortcuts -----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(st.characters(max_codepoint=127), max_size=60) | boilerplate_texts)
def test_script_counts_agree_with_counting_characters(text: str) -> None:
    letters = sum(1 for char in text if re.fullmatch(rf"[^\W\d_{extract.APOSTROPHES}]", char))
    cyrillic = sum(1 for char in text if "\u0400" <= char <= "\u052f")
    assert extract._letters(text) == letters
    assert extract._count(extract._CYRILLIC_RUN_RE, text) == cyrillic
    latin = sum(1 for char in text if re.fullmatch(extract._LATIN_RUN_RE, char))
    counts = {"latin": latin, "cyrillic": cyrillic, "other": letters - latin - cyrillic}
    expected = max(counts, key=counts.__getitem__) if max(counts.values()) > 0 else None
    assert extract._script(text) == extract._script(text, letters) == expected  # ASCII or not


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), min_size=1, max_size=50))
def test_simhash_majority_agrees_with_counting_each_bit(hashes: list[int]) -> None:
    votes = sum(map(fingerprint._spread, hashes))
    expected = sum(1 << bit for bit in range(64) if 2 * sum(value >> bit & 1 for value in hashes) > len(hashes))
    assert fingerprint._majority(votes, len(hashes)) == expected
