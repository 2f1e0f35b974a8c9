"""Word and address tables of the fingerprint package: pure data, no logic.

Repost prefixes, letters folded together, apostrophes, month names, weekdays, ordinals, generic
title words, languages written in URLs, Cyrillic transliteration. Month words and apostrophes
come from the extract lexicon, where each language has its block: whole month words here
(extraction reads dates by stems), two more apostrophe-like marks. They decide fingerprints and
same-story verdicts, so a change to them is checked with `python -m bench.dedup_eval`.
"""

from __future__ import annotations

from aggregator import extract
from aggregator.extract import lexicon

# Prefixes a reposting partner puts before the original title.
REPOST_PREFIXES = [
    "repost", "reposted", "reblog", "reblogged", "cross-post", "crosspost", "from our partners",
    "partner news", "news from our partners", "återpublicerat", "återpublicering",
    "från våra partner", "från våra partners", "från våra partnerorganisationer", "partnernytt",
    "репост", "перепост", "от наших партнеров", "от наших партнёров", "новости партнеров",
    "новости партнёров", "партнерлордун жаңылыктары", "серіктестер жаңалықтары",
    "hamkorlar yangiliklari", "przedruk", "od naszych partnerów", "udostępniamy",
]  # fmt: skip

# Letters without a Unicode decomposition that partners nevertheless type both ways.
LETTER_FOLDS = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
# Apostrophes vanish, so "oʻzbek", "o'zbek" and "o‘zbek" are one word.
APOSTROPHES = extract.APOSTROPHES + "ʹ′"

# Words whose change means another issue, part or date: they are never small edits. Whole month
# words, as each language's block of the lexicon lists them (adding a language adds them there).
MONTHS = lexicon.MONTH_WORDS
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "final", "första", "andra", "tredje", "fjärde",
    "первый", "первая", "первое", "второй", "вторая", "второе", "третий", "третья", "третье",
    "биринчи", "экинчи", "үчүнчү", "бірінші", "екінші", "үшінші", "birinchi", "ikkinchi",
    "uchinchi", "pierwsza", "pierwszy", "druga", "drugi", "trzecia", "trzeci",
]  # fmt: skip
# Title words that name a kind of post, not a post: "Nyhetsbrev", "Новости", "Monthly digest".
GENERIC_TITLE_WORDS = [
    "news", "update", "updates", "newsletter", "monthly", "weekly", "digest", "press", "release",
    "statement", "announcement", "report", "blog", "post", "info", "issue", "no", "nr", "photo",
    "gallery", "nyheter", "nyhetsbrev", "månadsbrev", "pressmeddelande", "uttalande", "rapport",
    "inlägg", "новости", "новость", "дайджест", "недели", "заявление", "пресс", "релиз",
    "объявление", "выпуск", "жаңылыктар", "жаңылык", "билдирүү", "жаңалықтар", "жаңалық",
    "мәлімдеме", "yangiliklar", "янгиликлар", "bayonot", "ахбор", "хабарҳо", "изҳорот",
    "aktualności", "wiadomości", "komunikat", "oświadczenie", "biuletyn",
    "the", "a", "an", "of", "and", "for", "our", "from", "in", "och", "för", "från", "vårt", "и",
    "в", "за", "от", "наши", "жана", "және", "va", "i", "w", "z", "za",
]  # fmt: skip

# A language in a URL: a path segment, subdomain or query value. "kg", "kz", "tj" are how
# Central Asian sites write Kyrgyz, Kazakh and Tajik; "oz" is Uzbek Latin on .uz sites.
URL_LANGUAGES = {
    "en": "en", "eng": "en", "english": "en", "sv": "sv", "se": "sv", "swe": "sv", "svenska": "sv",
    "ru": "ru", "rus": "ru", "russian": "ru", "ky": "ky", "kg": "ky", "kir": "ky", "kyrgyz": "ky",
    "kk": "kk", "kz": "kk", "kaz": "kk", "qaz": "kk", "uz": "uz", "oz": "uz", "uzb": "uz",
    "tg": "tg", "tj": "tg", "tgk": "tg", "pl": "pl", "pol": "pl", "de": "de", "fr": "fr",
    "uk": "uk", "ua": "uk",
}  # fmt: skip
URL_LANGUAGE_PARAMS = frozenset({"lang", "language", "lng", "hl", "locale", "lan"})

# Cyrillic -> Latin, only to compare names across scripts ("Секербаева" ~ "Sekerbaeva").
TRANSLITERATION = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o",
        "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ҳ": "h", "ҷ": "j", "ў": "u",
    }
)  # fmt: skip
