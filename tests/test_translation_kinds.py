"""The kinds of disagreement that keep two posts of one partner in two languages apart, and the
window that joins a translation published after a weekend: places named as where, groups of people,
what happened, number words, the days between versions. Small examples written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.fingerprint import candidate, translation_score
from aggregator.fingerprint.translation import told, translation_verdict
from bench.dedup_site import SightingSpec
from bench.translation_why import why

MONDAY = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)


def _verdict(a: tuple[str, str, str], b: tuple[str, str, str]) -> tuple[float | None, str]:
    ours, theirs = told(*a), told(*b)
    assert ours is not None and theirs is not None
    found = translation_verdict(ours, theirs)
    assert translation_verdict(theirs, ours).score == found.score  # symmetric
    return found.score, found.why


TRAINING_EN = (
    "Human rights training for teachers in Kemin",
    "Twelve teachers from village schools learned how to teach children their rights.",
    "en",
)


def test_an_unknown_town_told_as_where_agrees_across_scripts() -> None:
    ru = ("Тренинг по правам человека для учителей в Кемине", "Двенадцать учителей сельских школ учились рассказывать детям об их правах.", "ru")  # fmt: skip
    assert _verdict(TRAINING_EN, ru)[0] is not None


def test_a_known_city_and_an_unknown_town_told_as_where_disagree() -> None:
    ky = ("Ош шаарында мугалимдер үчүн адам укуктары боюнча тренинг", "Айылдык мектептердин он эки мугалими балдарга алардын укуктарын үйрөтүүнү үйрөнүштү.", "ky")  # fmt: skip
    score, reason = _verdict(TRAINING_EN, ky)
    assert score is None and reason.startswith("places differ")


def test_two_towns_with_a_turkic_locative_and_a_preposition_disagree() -> None:
    uz = ("Andijonda o'qituvchilar uchun inson huquqlari bo'yicha trening", "O'n ikki qishloq maktabi o'qituvchisi bolalarga huquqlarini o'rgatishni o'rgandi.", "uz")  # fmt: skip
    assert _verdict(TRAINING_EN, uz)[0] is None


LEGAL_AID_MIGRANTS = ("Free legal consultations for migrants open in Bishkek", "Lawyers will advise every Tuesday at the centre.", "en")  # fmt: skip


def test_legal_aid_for_one_group_is_not_legal_aid_for_another() -> None:
    women = ("В Бишкеке открылись бесплатные юридические консультации для женщин", "Юристы будут консультировать по вторникам в центре.", "ru")  # fmt: skip
    migrants = ("В Бишкеке открылись бесплатные юридические консультации для мигрантов", "Юристы будут консультировать по вторникам в центре.", "ru")  # fmt: skip
    score, reason = _verdict(LEGAL_AID_MIGRANTS, women)
    assert score is None and reason.startswith("groups differ")
    assert _verdict(LEGAL_AID_MIGRANTS, migrants)[0] is not None


def test_girls_and_children_are_one_group_for_a_translator() -> None:
    en = ("Coding club for girls opens in Naryn", "Twenty girls aged 12 to 16 will meet on Saturdays.", "en")
    ky = ("Нарында балдар үчүн программалоо клубу ачылды", "12 жаштан 16 жашка чейинки жыйырма кыз ишемби күндөрү чогулат.", "ky")  # fmt: skip
    _, reason = _verdict(en, ky)
    assert not reason.startswith("groups")


def test_a_dispute_settled_is_not_a_season_begun() -> None:
    dispute = ("Irrigation dispute between two villages settled near Batken", "The canal's water users agreed on a new schedule.", "en")  # fmt: skip
    season = ("Под Баткеном начался поливной сезон", "Водопользователи канала получили новый график.", "ru")
    score, reason = _verdict(dispute, season)
    assert score is None and reason.startswith("happenings differ")


@pytest.mark.parametrize(
    ("text", "language", "number"),
    [
        ("Ett trettiotal deltagare kom", "sv", "30"),  # "about thirty": not 31
        ("Около двухсот человек", "ru", "200"),
        ("Эки жүзгө жакын киши келди", "ky", "200"),
        ("Two hundred and twenty people", "en", "220"),
        ("Жыйырма беш киши", "ky", "25"),
    ],
)
def test_number_words_read_as_one_number(text: str, language: str, number: str) -> None:
    found = told(text, "", language)
    assert found is not None and f"#{number}" in found.numbers


def _post(title: str, summary: str, language: str, url: str, published: datetime) -> object:
    return candidate(title=title, summary=summary, url=url, language=language, published=published, source_id="p")


def test_a_translation_published_after_the_weekend_joins_one_a_week_later_does_not() -> None:
    en = _post("Youth human rights school opens applications", "Young people aged 18 to 25 can apply until 20 May.", "en", "https://p.example.kg/en/school", MONDAY)  # fmt: skip
    ru = ("Открыт набор в молодёжную школу по правам человека", "Молодые люди от 18 до 25 лет могут подать заявки до 20 мая.")  # fmt: skip
    friday = MONDAY - timedelta(days=3, hours=2)
    assert translation_score(en, _post(*ru, "ru", "https://p.example.kg/ru/shkola", friday)) is not None
    week = MONDAY - timedelta(days=7)
    assert translation_score(en, _post(*ru, "ru", "https://p.example.kg/ru/shkola", week)) is None


def _sighting(number: int, group: str, title: str, language: str, url: str, published: datetime) -> SightingSpec:
    return SightingSpec(number, group, "p-feed", title, "", url, language, published, None, (), "")


def test_the_diagnostic_names_the_deciding_condition() -> None:
    a = _sighting(0, "1", "Seminar for journalists in Naryn", "en", "https://p.example.kg/a", MONDAY)
    far = _sighting(
        1, "1", "Семинар для журналистов в Нарыне", "ru", "https://p.example.kg/b", MONDAY + timedelta(days=9)
    )
    other_site = _sighting(2, "1", "Семинар для журналистов в Нарыне", "ru", "https://q.example.kg/b", MONDAY)
    women = _sighting(3, "2", "Семинар для женщин в Нарыне", "ru", "https://p.example.kg/c", MONDAY)
    assert why(a, far) == (False, "9.0 days apart")
    assert why(a, other_site) == (False, "other site")
    assert why(a, women)[1].startswith("groups differ")


@pytest.mark.parametrize(
    ("text", "number"),
    [("Målet är femtusen kronor", "5000"), ("Trehundra deltagare", "300"), ("Fyrtiotusen besökare", "40000")],
)
def test_a_swedish_number_written_as_one_word(text: str, number: str) -> None:
    found = told(text, "", "sv")
    assert found is not None and found.numbers == {f"#{number}"}


def test_half_a_year_and_six_months_do_not_disagree() -> None:
    en = ("Six months of monitoring: eleven journalists detained", "Eleven detentions were recorded from January to June.", "en")  # fmt: skip
    ru = ("За полгода задержаны одиннадцать журналистов", "Мониторинг зафиксировал одиннадцать задержаний.", "ru")
    _, reason = _verdict(en, ru)
    assert not reason.startswith("numbers")


def test_a_shop_opened_is_not_new_goods_on_sale_in_it() -> None:
    opened = ("Women's cooperative opens an online shop for felt carpets", "Carpets can be ordered on the website with delivery.", "en")  # fmt: skip
    sale = ("Аялдар кооперативинин онлайн дүкөнүндө жаңы кийиз шырдактар сатыкка чыкты", "Сайтта жыйырма жаңы шырдак сатылууда.", "ky")  # fmt: skip
    score, reason = _verdict(opened, sale)
    assert score is None and reason.startswith("happenings differ")


def test_a_complaint_is_not_a_court_appeal() -> None:
    ru = ("Правозащитники направили обращение омбудсмену", "Обращение написано после жалоб жителей общежития.", "ru")
    tg = ("Ҳимоятгарон ба ваколатдор муроҷиат карданд", "Муроҷиат пас аз шикоятҳои сокинони хобгоҳ фиристода шуд.", "tg")  # fmt: skip
    _, reason = _verdict(ru, tg)
    assert not reason.startswith("kinds")


# A district is named before the Turkic word for it, which carries the locative ending.
YOUTH_CENTRE_RU = ("В Ноокатском районе открылся молодёжный центр", "В центре будут проходить кружки и консультации психолога.", "ru")  # fmt: skip


def test_a_district_named_before_a_turkic_district_word_is_where() -> None:
    other_district = ("Кара-Суу районунда жаштар борбору ачылды", "Борбордо ийримдер жана психологдун кеңештери өтөт.", "ky")  # fmt: skip
    score, reason = _verdict(YOUTH_CENTRE_RU, other_district)
    assert score is None and reason.startswith("places differ")
    same_district = ("Ноокат районунда жаштар борбору ачылды", "Борбордо ийримдер жана психологдун кеңештери өтөт.", "ky")  # fmt: skip
    assert _verdict(YOUTH_CENTRE_RU, same_district)[0] is not None


def test_a_kazakh_and_an_uzbek_district_are_where_too() -> None:
    kk = told("Талғар ауданында жастар орталығы ашылды", "Орталықта үйірмелер өтеді.", "kk")
    uz = told("Buvayda tumanida yoshlar markazi ochildi", "Markazda to'garaklar o'tadi.", "uz")
    assert kk is not None and uz is not None
    assert kk.places and uz.places
