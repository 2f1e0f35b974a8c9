"""Pure text helpers: titles, excerpts, languages and dates of partner posts.

Everything here is side-effect free (no I/O, no network) and never raises on
bad input: functions return "" or None instead, because one malformed item must
never break the whole aggregation run.
"""

from __future__ import annotations

import email.utils
import functools
import html as html_lib
import re
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "choose_language",
    "clean_title",
    "detect_language",
    "make_excerpt",
    "normalize_language",
    "parse_date",
    "plain_text",
    "strip_site_name",
]

# ---------------------------------------------------------------------------
# Data tables
# ---------------------------------------------------------------------------

# All ISO 639-1 codes, so that junk like "xx" or "zz" is rejected.
# (A whitespace-separated table reads better than 184 quoted strings.)
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch
    co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd
    gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka
    kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi
    mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
    ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
    za zh zu""".split()  # noqa: SIM905
)

# Deprecated 2-letter codes and the 3-letter ISO 639-2/3 codes partners use.
LANGUAGE_ALIASES: dict[str, str] = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "mo": "ro",
    "ua": "uk",
    "eng": "en",
    "swe": "sv",
    "rus": "ru",
    "kir": "ky",
    "kaz": "kk",
    "uzb": "uz",
    "uzn": "uz",
    "tgk": "tg",
    "pol": "pl",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "ukr": "uk",
}

# Language names as they appear in title markers: in English, in the language
# itself and in Swedish/Russian/Polish (plus neighbours' names for it).
# "ʻ" stands for any apostrophe-like character (see _name_pattern).
LANGUAGE_NAMES: dict[str, list[str]] = {
    "en": [
        "english",
        "in english",
        "engelska",
        "på engelska",
        "engelsk",
        "angielski",
        "po angielsku",
        "английский",
        "на английском",
        "на английском языке",
        "по-английски",
        "англисче",
        "англис тилинде",
        "ағылшынша",
        "ағылшын тілінде",
        "inglizcha",
        "ingliz tilida",
        "инглизча",
        "англисӣ",
        "бо забони англисӣ",
        "englisch",
        "auf englisch",
        "anglais",
        "en anglais",
        "англійська",
        "англійською",
    ],
    "sv": [
        "swedish",
        "in swedish",
        "svenska",
        "på svenska",
        "szwedzki",
        "po szwedzku",
        "шведский",
        "на шведском",
        "на шведском языке",
        "по-шведски",
        "шведче",
        "швед тилинде",
        "шведша",
        "shvedcha",
        "шведӣ",
        "schwedisch",
        "suédois",
        "шведська",
        "шведською",
    ],
    "ru": [
        "russian",
        "in russian",
        "ryska",
        "på ryska",
        "rosyjski",
        "po rosyjsku",
        "русский",
        "на русском",
        "на русском языке",
        "по-русски",
        "орусча",
        "орус тилинде",
        "орысша",
        "орыс тілінде",
        "ruscha",
        "rus tilida",
        "русча",
        "рус тилида",
        "русӣ",
        "бо забони русӣ",
        "russisch",
        "russe",
        "російська",
        "російською",
    ],
    "ky": [
        "kyrgyz",
        "in kyrgyz",
        "kirghiz",
        "kirgiziska",
        "på kirgiziska",
        "kirgiski",
        "po kirgisku",
        "кыргызча",
        "кыргыз тилинде",
        "киргизский",
        "кыргызский",
        "на кыргызском",
        "на киргизском",
        "на кыргызском языке",
        "қырғызша",
        "qirgʻizcha",
        "қирғизча",
        "қирғизӣ",
        "kirgisisch",
        "kirghize",
    ],
    "kk": [
        "kazakh",
        "in kazakh",
        "kazakiska",
        "på kazakiska",
        "kazachski",
        "po kazachsku",
        "қазақша",
        "қазақ тілінде",
        "казахский",
        "на казахском",
        "на казахском языке",
        "казакча",
        "казак тилинде",
        "qozoqcha",
        "қозоқча",
        "қазоқӣ",
        "kasachisch",
    ],
    "uz": [
        "uzbek",
        "in uzbek",
        "uzbekiska",
        "på uzbekiska",
        "uzbecki",
        "po uzbecku",
        "oʻzbekcha",
        "ozbekcha",
        "oʻzbek tilida",
        "ўзбекча",
        "ўзбек тилида",
        "узбекский",
        "на узбекском",
        "на узбекском языке",
        "өзбекче",
        "өзбекше",
        "ӯзбекӣ",
        "usbekisch",
        "ouzbek",
    ],
    "tg": [
        "tajik",
        "in tajik",
        "tadzjikiska",
        "på tadzjikiska",
        "tadżycki",
        "po tadżycku",
        "тоҷикӣ",
        "бо забони тоҷикӣ",
        "таджикский",
        "на таджикском",
        "на таджикском языке",
        "тажикче",
        "тәжікше",
        "tojikcha",
        "тожикча",
        "tadschikisch",
        "tadjik",
    ],
    "pl": [
        "polish",
        "in polish",
        "polska",
        "på polska",
        "polski",
        "po polsku",
        "польский",
        "на польском",
        "на польском языке",
        "по-польски",
        "полякча",
        "поляк тилинде",
        "полякша",
        "polnisch",
        "polonais",
    ],
    "de": [
        "german",
        "in german",
        "tyska",
        "på tyska",
        "niemiecki",
        "po niemiecku",
        "немецкий",
        "на немецком",
        "по-немецки",
        "deutsch",
        "auf deutsch",
        "allemand",
    ],
    "fr": [
        "french",
        "in french",
        "franska",
        "på franska",
        "francuski",
        "po francusku",
        "французский",
        "на французском",
        "по-французски",
        "français",
        "francais",
        "en français",
        "französisch",
    ],
    "uk": [
        "ukrainian",
        "in ukrainian",
        "ukrainska",
        "på ukrainska",
        "ukraiński",
        "po ukraińsku",
        "украинский",
        "на украинском",
        "по-украински",
        "українська",
        "українською",
        "ukrainisch",
        "ukrainien",
    ],
}

# Codes accepted only inside brackets ("[EN]", "(RU)"). "UK" is left out on
# purpose: "(UK)" in a title almost always means the United Kingdom.
BRACKET_CODES: dict[str, list[str]] = {
    "en": ["en", "eng"],
    "sv": ["sv", "swe"],
    "ru": ["ru", "rus"],
    "ky": ["ky", "kir"],
    "kk": ["kk", "kaz"],
    "uz": ["uz", "uzb"],
    "tg": ["tg", "tgk"],
    "pl": ["pl", "pol"],
    "de": ["de", "deu", "ger"],
    "fr": ["fr", "fra"],
    "uk": ["ua", "ukr"],
}

# Names never stripped when unbracketed, because they double as country names
# or nationalities: "Polska: protest" is Poland, "Kazakh: ..." a person.
UNBRACKETED_AMBIGUOUS = frozenset(
    {
        "polska",
        "polski",
        "swedish",
        "russian",
        "kyrgyz",
        "kirghiz",
        "kazakh",
        "uzbek",
        "tajik",
        "polish",
        "german",
        "french",
        "ukrainian",
        "russe",
    }
)

# Optional words after a bracketed language name: "(English version)".
MARKER_QUALIFIERS = ["version", "versionen", "translation", "text", "версия", "wersja"]

# Apostrophes used for Uzbek oʻ/gʻ in the wild.
APOSTROPHES = "ʻ‘’'`ʼ"

# "Read more" links, in every partner language.
READ_MORE_PHRASES = [
    "Read more",
    "Read the full post",
    "Read the full article",
    "Continue reading",
    "Läs mer",
    "Läs hela inlägget",
    "Läs hela artikeln",
    "Läs vidare",
    "Читать далее",
    "Читать дальше",
    "Читать полностью",
    "Подробнее",
    "Толугураак",
    "Толук окуу",
    "Толугу менен окуу",
    "Кененирээк",
    "Толық оқу",
    "Толығырақ оқу",
    "Толығырақ",
    "Әрі қарай оқу",
    "Batafsil oʻqish",
    "Batafsil",
    "Davomini oʻqish",
    "Батафсил ўқиш",
    "Батафсил",
    "Давомини ўқиш",
    "Муфассал",
    "Бештар",
    "Czytaj dalej",
    "Czytaj więcej",
    "Czytaj całość",
    "Weiterlesen",
    "Lire la suite",
    "Читати далі",
    "Докладніше",
]

# Feed footers "<start> X <middle> Y." added by WordPress and similar.
FOOTER_PATTERNS: list[tuple[str, str]] = [
    ("The post", "appeared first on"),
    ("Artykuł", "pochodzi z serwisu"),
    ("Inlägget", "dök först upp på"),
    ("Запись", "впервые появилась"),
    ("Сообщение", "появились сначала на"),
    ("Wpis", "pojawił się poraz pierwszy w"),
    ("Wpis", "pojawił się po raz pierwszy w"),
    ("Der Beitrag", "erschien zuerst auf"),
    ("Lʻarticle", "est apparu en premier sur"),
]

# Share widgets and post meta: everything from one of these to the end is widget text.
SHARE_MARKERS = [
    "Filed under:",
    "Tags:",
    "Taggar:",
    "Tagi:",
    "Метки:",
    "Теги:",
    "Share this:",
    "Like this:",
    "Dela detta:",
    "Dela:",
    "Gilla detta:",
    "Gilla:",
    "Поделиться:",
    "Udostępnij:",
    "Teilen:",
    "Partager :",
    "Partager:",
]

# Trailing runs of these (two or more) are share buttons: "Facebook Twitter".
SOCIAL_BUTTONS = [
    "Share on Facebook",
    "Share on Twitter",
    "Share on X",
    "Share on LinkedIn",
    "Share on WhatsApp",
    "Share on Telegram",
    "Share",
    "Pin",
    "Facebook",
    "Twitter",
    "LinkedIn",
    "WhatsApp",
    "Telegram",
    "VKontakte",
    "VK",
    "Pinterest",
    "Reddit",
    "Tumblr",
    "Pocket",
    "Email",
    "E-mail",
    "E-post",
    "Print",
    "Skriv ut",
    "Tweet",
    "Loading...",
]

# Month names/stems -> month number. A token matches a stem when it starts with
# it and has at most MONTH_SUFFIX_MAX extra letters (case endings such as
# Russian "июля", Kyrgyz "июлунда", Swedish "augusti").
_MONTH_LINES = [
    # en/sv/de/fr, pl, ru (also ky, tg, uz Cyrillic), uz Latin, kk, uk; abbreviations included
    # ("sie", "paź", "бер.") because feeds write "pon., 5 sie 2019" in their RFC 822 dates.
    "jan january januari januar janv janvier  stycz sty  январ янв  yanvar  қаңтар  січ",
    "feb february februari februar fév fev février févr  lut  феврал фев  fevral  ақпан  лют",
    "mar march mars märz  marzec  март мар  mart  наурыз  берез бер",
    "apr april avril avr  kwie kwi  апрел апр  aprel  сәуір  квіт кві",
    "may maj mai  май мая мам  мамыр  трав тра",
    "jun june juni juin  czerw cze  июн  iyun  маусым  черв",
    "jul july juli juil juillet  lip  июл  iyul  шілде  лип",
    "aug august augusti août aout  sierp sie  август авг  avgust  тамыз  серп сер",
    "sep sept september septembre  wrze wrz  сентябр сен  sentabr sentyabr  қыркүйек  верес вер",
    "oct okt october oktober octobre  październik paźdz paź pazdziernik pazdz  октябр окт  oktabr oktyabr"
    "  қазан  жовт жов",
    "nov november novembre  listop lis  ноябр ноя  noyabr  қараша  листопад",
    "dec dek december dezember dez décembre déc  grud gru  декабр дек  dekabr  желтоқсан  груд",
]
MONTHS: dict[int, list[str]] = {number: line.split() for number, line in enumerate(_MONTH_LINES, start=1)}
MONTH_SUFFIX_MAX = 4

# Zone abbreviations partners' feeds carry that email.utils does not know (it knows UT, GMT
# and the US zones). ALMT: Kazakhstan moved to +05 in March 2024; the name still means +06.
ZONE_OFFSETS: dict[str, str] = {
    "ALMT": "+0600",
    "KGT": "+0600",
    "TJT": "+0500",
    "UZT": "+0500",
    "MSK": "+0300",
    "WET": "+0000",
    "WEST": "+0100",
    "CET": "+0100",
    "CEST": "+0200",
    "EET": "+0200",
    "EEST": "+0300",
}
# Words between the month and the year: Tajik "5 июли соли 2019" ("of the year 2019").
YEAR_WORDS = ["соли"]

EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)

# Tell-tale Cyrillic letters, checked in order; the first rule whose letters
# occur narrows the possible languages (ranking decides within the set).
TELLTALES: list[tuple[str, tuple[str, ...]]] = [
    ("їєґ", ("uk",)),  # Ukrainian-only
    ("ҷӣӯ", ("tg",)),  # Tajik-only
    ("ў", ("uz",)),  # Uzbek Cyrillic tell
    ("әұһ", ("kk",)),  # Kazakh-only (among our languages)
    ("ҳ", ("tg", "uz")),  # shared by Tajik and Uzbek
    ("і", ("kk", "uk")),  # Kazakh or Ukrainian
    ("қғ", ("kk", "uz", "tg")),  # shared by Kazakh, Uzbek, Tajik
    ("үөң", ("ky",)),  # Kyrgyz once Kazakh-only letters are excluded
]

# Uzbek Latin: oʻ/gʻ digraphs and frequent function words.
# "[og]'s" is left out: that is an English possessive ("blog's").
UZBEK_LATIN_RE = re.compile(rf"[og][{APOSTROPHES}](?!s\b)\w", re.IGNORECASE)
UZBEK_LATIN_WORDS = frozenset(
    {
        "va",
        "bilan",
        "uchun",
        "bu",
        "ham",
        "yil",
        "edi",
        "emas",
        "yoki",
        "lekin",
        "kerak",
        "haqida",
        "qilish",
        "qildi",
        "boʻyicha",
        "mumkin",
        "hamda",
        "esa",
        "biz",
        "ular",
    }
)

# Writing systems of the languages we care about (uz is written in both).
LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"latin"}) for code in ("en", "sv", "pl", "de", "fr")},
    **{code: frozenset({"cyrillic"}) for code in ("ru", "ky", "kk", "tg", "uk")},
    "uz": frozenset({"latin", "cyrillic"}),
}

TELLTALE_MIN_SHARE = 0.01  # tell-tale letters per Cyrillic letter to count
UZBEK_LATIN_MIN_SHARE = 0.15  # Uzbek Latin hits per word to count
MIN_LETTERS = 3  # fewer letters than this: no language at all
MIN_CONFIDENCE = 0.5  # unrestricted detection below this: "don't know"
DATE_TEXT_MAX = 200  # longer strings are not dates; keeps dateparser fast

# ---------------------------------------------------------------------------
# normalize_language
# ---------------------------------------------------------------------------


def normalize_language(tag: str | None) -> str | None:
    """BCP 47 / ISO 639 tag or language name -> ISO 639-1 code, junk -> None."""
    if not isinstance(tag, str):
        return None
    return _normalize_tag(tag)


# Asked for the same few tags again and again: every label py3langid ranks (about 100 per
# detection), every source's candidate languages for each of its items.
@functools.lru_cache(maxsize=1024)
def _normalize_tag(tag: str) -> str | None:
    text = " ".join(tag.strip().lower().replace("_", "-").split())
    if not text:
        return None
    # Metadata sometimes carries a name ("English", "Русский") instead of a code.
    by_name = _name_lookup().get(_fold_name(text))
    if by_name:
        return by_name
    primary = text.split("-")[0]
    if primary in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[primary]
    return primary if primary in ISO_639_1 else None


# ---------------------------------------------------------------------------
# plain_text
# ---------------------------------------------------------------------------

# Elements that separate words visually; a space is inserted around them so
# "<p>a</p><p>b</p>" becomes "a b" while "<b>H</b>i" stays "Hi".
_BLOCK_TAGS = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
]
_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg"]
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# str.translate walks a non-ASCII text character by character in Python-level lookups (~10 us for an
# excerpt); the search finds out first, in C, whether there is anything to remove.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TAG_RE = re.compile(r"<[^>]*>")
_MARKUP_HINT = re.compile(r"<[a-zA-Z!/]")


def plain_text(html: str | None) -> str:
    """Markup removed, entities decoded (even double-escaped), whitespace collapsed."""
    if not isinstance(html, str) or not html:
        return ""
    text = html
    # Feeds often double-escape ("&amp;#8211;", "&lt;p&gt;"): strip markup and
    # unescape until stable, so escaped tags are removed as well.
    for _ in range(3):
        if _MARKUP_HINT.search(text):
            text = strip_markup(text)
        unescaped = html_lib.unescape(text) if "&" in text else text
        if unescaped == text:
            break
        text = unescaped
    return visible_text(text)


def visible_text(text: str) -> str:
    """`text` without invisible characters (zero-width, soft hyphen), whitespace collapsed."""
    return " ".join((text.translate(_INVISIBLE) if _INVISIBLE_RE.search(text) else text).split())


def strip_markup(html: str) -> str:
    try:
        from bs4 import BeautifulSoup

        with warnings.catch_warnings():  # bs4 warns on URL-like input; harmless
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(html, "lxml")
        for tag in soup(_DROP_TAGS):
            tag.decompose()
        for tag in soup(_BLOCK_TAGS):
            tag.insert_before(" ")
            tag.insert_after(" ")
        return soup.get_text()
    except Exception:  # broken markup must not break the run: crude fallback
        return _TAG_RE.sub(" ", html)


# ---------------------------------------------------------------------------
# clean_title
# ---------------------------------------------------------------------------


def _fold_name(name: str) -> str:
    """Canonical form of a language name: lower case, one apostrophe, single spaces."""
    folded = re.sub(f"[{APOSTROPHES}]", "ʻ", name.casefold())
    return " ".join(folded.split())


@functools.cache
def _name_lookup() -> dict[str, str]:
    return {_fold_name(n): code for code, names in LANGUAGE_NAMES.items() for n in names}


def _name_pattern(names: Sequence[str]) -> str:
    """Regex alternation, longest first; apostrophes and spaces matched loosely."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        escaped = re.escape(name).replace(r"\ ", r"\s+").replace(" ", r"\s+")
        parts.append(escaped.replace("ʻ", f"[{APOSTROPHES}]?"))
    return "|".join(parts)


@functools.cache
def _marker_patterns() -> tuple[re.Pattern[str], ...]:
    all_names = [n for names in LANGUAGE_NAMES.values() for n in names]
    plain_names = [n for n in all_names if n not in UNBRACKETED_AMBIGUOUS]
    codes = [c for cs in BRACKET_CODES.values() for c in cs]
    quals = _name_pattern(MARKER_QUALIFIERS)
    body = rf"(?:(?P<name>{_name_pattern(all_names)})|(?P<code>{_name_pattern(codes)}))(?:\s+(?:{quals}))?"
    plain = rf"(?P<name>{_name_pattern(plain_names)})"
    flags = re.IGNORECASE
    return (
        re.compile(rf"^[\[(]\s*{body}\s*[\])]\s*(?:[-–—:|]\s*)?", flags),  # "[English] X"
        re.compile(rf"\s*(?:[-–—:|]\s*)?[\[(]\s*{body}\s*[\])]$", flags),  # "X (English)"
        re.compile(rf"^{plain}\s*[:|]\s+", flags),  # "English: X"
        re.compile(rf"\s+[|–—-]\s+{plain}$", flags),  # "X | English"
    )


# What each of _marker_patterns needs in a title (whitespace collapsed, no newline) to match.
_MARKER_CUES: tuple[Callable[[str], bool], ...] = (
    lambda title: title[:1] in "[(",  # "[English] X"
    lambda title: title[-1:] in "])",  # "X (English)"
    lambda title: ":" in title or "|" in title,  # "English: X"
    lambda title: "|" in title or "–" in title or "—" in title or "-" in title,  # "X | English"
)


def _code_of(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("name"):
        return _name_lookup().get(_fold_name(groups["name"]))
    code = _fold_name(groups.get("code") or "")
    return next((lang for lang, cs in BRACKET_CODES.items() if code in cs), None)


def clean_title(raw: str | None) -> tuple[str, str | None]:
    """Strip one leading and/or trailing language marker; return (title, code)."""
    return strip_language_marker(plain_text(raw))


def strip_language_marker(title: str) -> tuple[str, str | None]:
    """`clean_title` of a title already plain text (`titletext.title_text`), kept as it is."""
    found: str | None = None
    for pattern, may_match in zip(_marker_patterns(), _MARKER_CUES, strict=True):
        # Most titles carry no marker: a look at one character spares a search at every position.
        match = pattern.search(title) if may_match(title) else None
        if not match:
            continue
        code = _code_of(match)
        if code is None:
            continue
        found = found or code
        title = (title[: match.start()] + title[match.end() :]).strip()
    return " ".join(title.split()), found


# ---------------------------------------------------------------------------
# strip_site_name
# ---------------------------------------------------------------------------

# Separators between a title and the site's name, spaced: "Camp – Novi Ritm", "CAG | Camp".
# A colon is left out on purpose: "Amnesty International: release the activists" names the
# speaker, not the site.
_SITE_SEPARATOR_RE = re.compile(r"\s+(?:\||–|—|-|::|»|«|·|•)\s+")
MIN_SITE_PART = 4  # a shorter piece of a page title ("Osh") is never taken for the site's name
_TRAILING_NOTE_RE = re.compile(r"\s*\([^()]*\)$")  # "CAG (blog page)" as configured


def _fold_site(name: str) -> str:
    """Compare names loosely: case, quotes and punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


# Every entry of a page asks with the same names: the forms are worked out once per page.
@functools.lru_cache(maxsize=1024)
def _site_name_forms(site_names: tuple[str, ...]) -> frozenset[str]:
    """The names, plus the parts of a "Section – Site" page title that another name confirms."""
    names = [plain_text(n) for n in site_names]
    forms = {_fold_site(n) for n in names} | {_fold_site(_TRAILING_NOTE_RE.sub("", n)) for n in names}
    forms.discard("")
    confirmed = set(forms)
    for name in names:
        for part in map(_fold_site, _SITE_SEPARATOR_RE.split(name)):
            # "Kirgizistan – Centralasiengrupperna": only the part another name repeats counts,
            # so a section name ("Kirgizistan") is never taken for the site.
            if len(part) >= MIN_SITE_PART and any(_names_overlap(part, form) for form in forms - {_fold_site(name)}):
                confirmed.add(part)
    return frozenset(confirmed)


def _names_overlap(one: str, other: str) -> bool:
    """One folded name begins or ends the other, whole words: "novi ritm" ~ "novi ritm osh"."""
    short, long = sorted((one.split(), other.split()), key=len)
    return bool(short) and (long[: len(short)] == short or long[-len(short) :] == short)


def strip_site_name(title: str, site_names: Sequence[str]) -> str:
    """`title` without the site's name glued to its end or start.

    "Camp report – Novi Ritm" and "Novi Ritm | Camp report" become "Camp report" when "Novi
    Ritm" is one of `site_names` (the source's configured name, the feed or page title,
    og:site_name). Conservative: only a whole name behind a spaced separator is cut, never
    after a colon, and a title that is nothing but the name is returned unchanged.
    """
    return strip_site_name_from_text(plain_text(title), site_names)


def strip_site_name_from_text(text: str, site_names: Sequence[str]) -> str:
    """`strip_site_name` of a title already plain text (`titletext.title_text`)."""
    try:
        forms = _site_name_forms(tuple(n for n in site_names or () if isinstance(n, str)))
        separators = list(_SITE_SEPARATOR_RE.finditer(text))
        if not forms or not separators:
            return text
        last, first = separators[-1], separators[0]
        if _fold_site(text[last.end() :]) in forms:
            text = text[: last.start()]
        if first.start() < len(text) and _fold_site(text[: first.start()]) in forms:
            text = text[first.end() :]
        return text.strip()
    except Exception:  # extraction never raises
        return text


# ---------------------------------------------------------------------------
# make_excerpt
# ---------------------------------------------------------------------------


@functools.cache
def _boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    read_more = _name_pattern(READ_MORE_PHRASES)
    arrows = r"[→»›>…]|\.{3}"
    footers = "|".join(
        rf"{_name_pattern([start])}\s(?:(?!{_name_pattern([start])}\s).)*?\s{_name_pattern([middle])}\s.*$"
        for start, middle in FOOTER_PATTERNS
    )
    share = _name_pattern(SHARE_MARKERS)
    social = _name_pattern(SOCIAL_BUTTONS)
    return (
        # Footer "The post X appeared first on Y." (last "The post" before it).
        re.compile(rf"\s*(?:{footers})", re.IGNORECASE | re.DOTALL),
        # Share widgets run to the end of the text.
        re.compile(rf"\s*(?:{share}).*$", re.IGNORECASE | re.DOTALL),
        re.compile(rf"(?:\s+(?:{social})){{2,}}\s*$", re.IGNORECASE),
        # "Read more" at the end after punctuation (any case) ...
        re.compile(
            rf"(?:^|(?<=[.!?…\]):»”\"]))\s*[\[(]?\s*(?:{read_more})(?:\s*(?:{arrows}))*\s*[\])]?(?:\s*(?:{arrows}))*\s*$",
            re.IGNORECASE,
        ),
        # ... or capitalised like a link label, at the end.
        re.compile(rf"\s+[\[(]?(?:{read_more})[\])]?(?:\s*(?:{arrows}))*\s*$"),
        # "… Continue reading <title>": after an ellipsis the rest is link text.
        re.compile(rf"(?:(?<=…)|(?<=\.\.\.)|(?<=\]))\s*(?:{read_more})\b.{{0,150}}$", re.IGNORECASE),
        # "Read more »", "Continue reading <title> →" anywhere.
        re.compile(rf"\s*(?:{read_more})\b[^→»›]{{0,120}}?\s*[→»›]+", re.IGNORECASE),
        # Elision markers "[…]" anywhere, and a trailing "…"/"...".
        re.compile(r"\s*\[\s*(?:…|\.{3})\s*\]"),
        re.compile(r"\s*(?:…|\.{3,})\s*$"),
    )


@functools.cache
def _boilerplate_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every boilerplate phrase, lower-cased, with its apostrophes dropped: plain substring tests
    on these decide cheaply whether the costly patterns need to run at all. Those in ASCII
    first: only they can be in a text in ASCII; a phrase containing another is left out."""
    phrases = [*READ_MORE_PHRASES, *SHARE_MARKERS, *SOCIAL_BUTTONS, *(middle for _, middle in FOOTER_PATTERNS)]
    cues = {_cue_form(phrase) for phrase in phrases}
    shortest = sorted(cue for cue in cues if not any(other != cue and other in cue for other in cues))
    return tuple(cue for cue in shortest if cue.isascii()), tuple(cue for cue in shortest if not cue.isascii())


def _cue_form(text: str) -> str:
    return re.sub(rf"[{APOSTROPHES}]", "", text.lower())


def _has_cue(text: str) -> bool:
    # Substrings, not words: "pin" in "opinion" counts. That only lets the patterns run; each
    # one also has its own test below (_boilerplate_checks), which spares it in that case.
    lowered = _cue_form(text)
    ascii_cues, other_cues = _boilerplate_cues()
    return any(cue in lowered for cue in ascii_cues) or (
        not lowered.isascii() and any(cue in lowered for cue in other_cues)
    )


# Lower-casing agrees with re.IGNORECASE for every character in these blocks (Latin, Cyrillic,
# punctuation, currency, letterlike symbols but the Kelvin and Ångström signs, arrows, emoji), as
# far as the boilerplate phrases go: tests/test_speed_equivalence.py checks it. Elsewhere a few
# letters fold differently ("ſ" matches "s", "ı" matches "i"), so a text holding any other
# character skips the cheap tests below.
_UNUSUAL_CHAR_RE = re.compile(
    r"[^\x00-\u012f\u0132-\u017e\u0180-\u024f\u0400-\u052f\u2000-\u20cf\u2100-\u2129\u212c-\u214f"
    r"\u2190-\u21ff\ufe00-\ufe0f\U0001f000-\U0001faff]"
)


def fold_for_cues(text: str) -> str | None:
    """`text` lower-cased with whitespace runs made one space, for substring tests that tell
    when an IGNORECASE pattern of phrases (spaces matched as \\s+) cannot match: a pattern can
    only match where the folded text holds one of its phrases, folded the same way (see
    `cue_literals`). None when unusual characters make such a test unsafe: run the pattern."""
    if _UNUSUAL_CHAR_RE.search(text):
        return None
    return " ".join(text.lower().split())


def cue_literals(phrases: Sequence[str], *, at_end: bool = False) -> tuple[str, ...]:
    """Folded pieces one of which every match of `phrases` contains: the longest piece between
    optional apostrophes ("Batafsil oʻqish" also matches "Batafsil oqish"), or with `at_end` the
    last piece, for patterns where the phrase ends the text."""
    literals = set()
    for phrase in phrases:
        pieces = " ".join(phrase.lower().split()).split("ʻ")
        literals.add(pieces[-1] if at_end else max(pieces, key=len))
    return tuple(sorted(literals))


class _CueView:
    """One version of the text being cleaned, folded for the cheap tests only if one needs it."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def folded(self) -> str | None:
        return fold_for_cues(self.text)

    def contains(self, literals: tuple[str, ...]) -> bool:
        folded = self.folded
        return folded is None or any(literal in folded for literal in literals)

    def ends_with(self, literals: tuple[str, ...], *, after: str = "") -> bool:
        """Whether the text may end in one of `literals` followed only by `after` characters."""
        folded = self.folded
        return folded is None or folded.rstrip(after + " ").endswith(literals)


# Characters _boilerplate_patterns allow after a closing "Read more": arrows, "...", brackets.
_AFTER_READ_MORE = "→»›>….])"


@functools.cache
def _boilerplate_checks() -> tuple[tuple[re.Pattern[str], Callable[[_CueView], bool], bool], ...]:
    """Each of _boilerplate_patterns with a cheap test that is False only when the pattern cannot
    match, and whether it needs a cue phrase in the text (all but the elision patterns)."""
    footers = cue_literals([middle for _, middle in FOOTER_PATTERNS])
    share = cue_literals(SHARE_MARKERS)
    social = cue_literals(SOCIAL_BUTTONS, at_end=True)
    more = cue_literals(READ_MORE_PHRASES)
    more_at_end = cue_literals(READ_MORE_PHRASES, at_end=True)
    # One test per pattern, in the patterns' order (zip below checks the count).
    tests: list[Callable[[_CueView], bool]] = [
        lambda view: view.contains(footers),  # "The post X appeared first on Y."
        lambda view: view.contains(share),  # "Share this: ..." to the end
        lambda view: view.ends_with(social),  # "Facebook Twitter" at the end
        lambda view: view.ends_with(more_at_end, after=_AFTER_READ_MORE),  # "Read more »" at the end
        lambda view: view.ends_with(more_at_end, after=_AFTER_READ_MORE),  # ... capitalised
        lambda view: view.contains(more),  # "… Continue reading <title>"
        lambda view: any(arrow in view.text for arrow in "→»›") and view.contains(more),  # "Read more »" anywhere
        # The elision patterns need "[" and "]", or a trailing "…"/"...": no folding needed.
        lambda view: "[" in view.text and "]" in view.text,
        lambda view: view.text.rstrip().endswith(("…", "...")),
    ]
    patterns = _boilerplate_patterns()
    return tuple(
        (pattern, test, index < len(patterns) - 2)
        for index, (pattern, test) in enumerate(zip(patterns, tests, strict=True))
    )


def _strip_boilerplate(text: str) -> str:
    # Most excerpts only end in "[…]": without a cue phrase only the elision patterns apply.
    # The cue is looked for (once, in the original text) only when a pattern may match at all.
    original, cued = text, None
    # Repeat: removing one piece ("Share this:") can expose another ("[…]").
    for _ in range(4):
        before = text
        view = _CueView(text)
        for pattern, may_match, needs_cue in _boilerplate_checks():
            if needs_cue:
                cued = _has_cue(original) if cued is None else cued
                if not cued:
                    continue
            if not may_match(view):
                continue
            stripped = pattern.sub(" ", text)
            if stripped != text:
                text, view = stripped, _CueView(stripped)
        text = " ".join(text.split())
        if text == before:
            break
    return text


def make_excerpt(html: str | None, limit: int) -> str:
    """Plain-text teaser of at most `limit` characters, boilerplate removed."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return ""
    if limit <= 0:
        return ""
    # Only the start of a long text can reach the excerpt, so boilerplate is looked for in a
    # window a little longer than the limit: the patterns' cost no longer grows with the article.
    text = _strip_boilerplate(plain_text(html)[: limit + _WINDOW_SLACK])
    return text if len(text) <= limit else _truncate(text, limit)


_WINDOW_SLACK = 400


_SENTENCE_END_RE = re.compile(r"[.!?](?= )")
_TRAILING_JUNK = " ,;:-–—(["


def _truncate(text: str, limit: int) -> str:
    """Cut at a sentence end (if that keeps >= 60%) else a word boundary, add "…"."""
    # Sentence cut ends "Foo bar. …" (space keeps the final full stop readable).
    window = text[: limit - 1]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(window) if m.end() <= limit - 2]
    if ends and ends[-1] >= 0.6 * limit:
        return text[: ends[-1]] + " …"
    # Word cut: text[limit - 1] being a space means text[:limit-1] is whole words.
    cut = text.rfind(" ", 0, limit)
    kept = text[:cut].rstrip(_TRAILING_JUNK) if cut > 0 else ""
    return kept + "…" if kept else ""


# ---------------------------------------------------------------------------
# detect_language / choose_language
# ---------------------------------------------------------------------------


@functools.cache
def _identifier() -> Any:
    """py3langid model; loading takes ~0.7 s, so do it once and only when needed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Runs, not single characters: findall then builds a short list of words, not one string per
# letter, and the lengths add up to the same counts.
_LETTER_RUN_RE = re.compile(rf"[^\W\d_{APOSTROPHES}]+")  # "ʻ" is a letter to Python, not to us
_CYRILLIC_RUN_RE = re.compile("[\u0400-\u052f]+")
_LATIN_RUN_RE = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def _letters(text: str) -> int:
    return _count(_LETTER_RUN_RE, text)


def _script(text: str, letters: int | None = None) -> str | None:
    """Dominant script of the letters: "latin", "cyrillic", "other" or None (counted with
    regexes: this runs for every item, and a loop over characters was a tenth of a pass).
    `letters`: _letters(text), when the caller has it already."""
    if text.isascii():  # no Cyrillic, and every letter is a Latin one: one count says it all
        latin = _count(_LATIN_RUN_RE, text) if letters is None else letters
        return "latin" if latin > 0 else None
    cyrillic, latin = _count(_CYRILLIC_RUN_RE, text), _count(_LATIN_RUN_RE, text)
    other = (_letters(text) if letters is None else letters) - cyrillic - latin
    counts = {"latin": latin, "cyrillic": cyrillic, "other": other}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 0 else None


def _telltale_languages(text: str, script: str | None = None) -> tuple[str, ...]:
    """Languages implied by tell-tale letters, or () when the letters say nothing.
    `script`: _script(text), when the caller has it already."""
    lowered = text.lower()
    script = _script(text) if script is None else script
    if script == "cyrillic":
        # A Russian text quoting one Kyrgyz name must not flip to Kyrgyz, so the
        # tell-tale letters have to make up a minimum share of the text.
        needed = max(1, TELLTALE_MIN_SHARE * _count(_CYRILLIC_RUN_RE, lowered))
        for letters, languages in TELLTALES:
            if sum(lowered.count(letter) for letter in letters) >= needed:
                return languages
    elif script == "latin":
        words = re.findall(r"\w+", lowered)
        hits = len(UZBEK_LATIN_RE.findall(lowered)) + sum(map(UZBEK_LATIN_WORDS.__contains__, words))
        # Share guard: an English text with "O'Brien" and "ham" is not Uzbek.
        if hits >= 2 and hits >= UZBEK_LATIN_MIN_SHARE * len(words):
            return ("uz",)
    return ()


def _ranked(text: str) -> dict[str, float]:
    """py3langid probabilities keyed by ISO 639-1 code (duplicate classes summed)."""
    scores: dict[str, float] = {}
    for label, prob in _identifier().rank(text):
        code = normalize_language(label) if len(label) == 2 else None
        if code:
            scores[code] = scores.get(code, 0.0) + float(prob)
    return scores


def _best_of(scores: dict[str, float], allowed: Sequence[str]) -> tuple[str | None, float]:
    """Best allowed language and its probability renormalised among `allowed`."""
    pool = {code: scores.get(code, 0.0) for code in allowed}
    total = sum(pool.values())
    if not pool or total <= 0:
        return None, 0.0
    best = max(pool, key=pool.__getitem__)
    return best, pool[best] / total


def detect_language(text: str, candidates: Sequence[str] = ()) -> str | None:
    """ISO 639-1 code of `text`, restricted to `candidates` when given; None if unsure."""
    try:
        return _detect(text, candidates)
    except Exception:  # a model hiccup must not break the run
        return None


Ranker = Callable[[str], dict[str, float]]


def _detect(text: str, candidates: Sequence[str], rank: Ranker | None = None) -> str | None:
    """The detection rules over any statistical ranker (`bench.lang_choice` swaps it)."""
    text = plain_text(text)
    letters = _letters(text)
    script = _script(text, letters)
    if script is None or letters < MIN_LETTERS:
        return None
    wanted = [c for c in dict.fromkeys(map(normalize_language, candidates or ())) if c]
    if candidates and not wanted:
        return None
    # Candidates written in another script can't be the answer.
    wanted = [c for c in wanted if script in LANGUAGE_SCRIPTS.get(c, (script,))]
    if candidates and not wanted:
        return None
    if len(wanted) == 1:
        return wanted[0]
    tells = _telltale_languages(text, script)
    # Tell-tales pointing outside the candidates are ignored.
    narrowed = ([c for c in tells if c in wanted] or wanted) if wanted else list(tells)
    if len(narrowed) == 1:
        return narrowed[0]
    scores = (rank or _ranked)(text)
    if narrowed:
        return _best_of(scores, narrowed)[0]
    best, prob = _best_of(scores, list(scores))
    if prob >= MIN_CONFIDENCE:
        return best
    # Unsure among all the model's languages (short Russian titles score as Bulgarian or
    # Macedonian too): the partners' languages in this script are the likely answers, so ask
    # again among those before giving up.
    ours = [code for code, scripts in LANGUAGE_SCRIPTS.items() if script in scripts]
    best, prob = _best_of(scores, ours)
    return best if prob >= MIN_CONFIDENCE else None


def choose_language(
    *,
    marker: str | None,
    metadata: str | None,
    text: str,
    candidates: Sequence[str] = (),
    feed_language: str | None = None,
) -> str | None:
    """Pick a post's language from the strongest available signal."""
    # Explicit signals first: the partner's own title marker, then item metadata
    # (trusted even against tell-tale letters: partners know their posts).
    for signal in (marker, metadata):
        code = normalize_language(signal)
        if code:
            return code
    detected = detect_language(text, candidates)
    if detected:
        return detected
    # The feed-level language is often a CMS default, so it only breaks ties.
    fallback = normalize_language(feed_language)
    if fallback:
        return fallback
    only = [c for c in dict.fromkeys(map(normalize_language, candidates or ())) if c]
    return only[0] if len(only) == 1 else None


# ---------------------------------------------------------------------------
# parse_date
# ---------------------------------------------------------------------------

_WORD = r"[^\W\d_]+"
_DAY_NUM = r"(?<!\d)(?P<d>\d{1,2})(?!\d)"
# Ordinal endings: Russian "5-го", English "5th", Tajik "5-уми".
_DAY = _DAY_NUM + r"(?:-?(?:го|е|ое|th|st|nd|rd|уми|ум)\b|\.)?"
_YEAR = r"(?<!\d)(?P<y>\d{4})(?!\d)"
_DATE_PATTERNS = [
    # "14 augusti 2018", "14 августа 2018 г.", "Tis, 28 Maj 2019", "5-июль, 2019-ж."
    re.compile(rf"{_DAY}[\s\-]*(?P<m>{_WORD})\.?,?[\s\-]+(?:(?:{'|'.join(YEAR_WORDS)})\s+)?{_YEAR}"),
    # "July 5, 2019"
    re.compile(rf"(?P<m>{_WORD})\.?\s+{_DAY},?\s+{_YEAR}"),
    # "2019-жылдын 5-июлу", "2019 жылғы 12 мамыр", "2019-yil 5-iyul"
    re.compile(rf"{_YEAR}[\s\-]*(?:{_WORD}\.?,?\s*)?{_DAY}[\s\-]*(?P<m>{_WORD})"),
    # "28.05.2019" (dotted numeric dates are day-first everywhere we read)
    re.compile(rf"{_DAY_NUM}\.(?P<mn>\d{{1,2}})\.{_YEAR}"),
]
_TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap>[ap]\.?m\.?)(?!\w))?(?:\s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})(?!\d))?",
    re.IGNORECASE,
)


@functools.cache
def _month_stems() -> list[tuple[str, int]]:
    pairs = [(stem.casefold(), month) for month, stems in MONTHS.items() for stem in stems]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _month_number(word: str) -> int | None:
    token = word.casefold().rstrip(".")
    for stem, month in _month_stems():
        if token.startswith(stem) and len(token) - len(stem) <= MONTH_SUFFIX_MAX:
            return month
    return None


def _zone(value: str | None) -> timezone:
    if not value or value.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _time_of(text: str) -> tuple[int, int, int, timezone]:
    match = _TIME_RE.search(text)
    if not match:
        return 0, 0, 0, UTC
    hour, minute = int(match["h"]), int(match["mi"])
    ampm = (match["ap"] or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return hour, minute, int(match["s"] or 0), _zone(match["z"])


def _parse_with_table(text: str) -> datetime | None:
    """Own fast path for "day month-name year" in all our languages (incl. ky/kk/tg)."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["mn"]) if groups.get("mn") else _month_number(groups["m"])
            if not month:
                continue
            hour, minute, second, tz = _time_of(text[match.end() :] + " " + text[: match.start()])
            try:
                return datetime(int(match["y"]), month, int(match["d"]), hour, minute, second, tzinfo=tz)
            except ValueError:
                continue
    return None


_ZONE_NAME_RE = re.compile(rf"\b(?:{'|'.join(ZONE_OFFSETS)})\b")
_GMT_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d)")
_SHORT_OFFSET_RE = re.compile(r"(?<=\s)(?P<sign>[+-])(?P<h>\d{2})$")
_IANA_SUFFIX_RE = re.compile(r"\[[A-Za-z_/+\-]+\]$")


def _normalise_zone(text: str) -> str:
    """Zones written oddly -> "+HHMM": "ALMT", "GMT+6", a bare "+06" (which email.utils reads
    as six minutes), and the RFC 9557 "[Asia/Bishkek]" suffix dropped."""
    text = _IANA_SUFFIX_RE.sub("", text).strip()
    text = _ZONE_NAME_RE.sub(lambda m: ZONE_OFFSETS[m[0]], text)
    text = _GMT_OFFSET_RE.sub(lambda m: f"{m['sign']}{int(m['h']):02d}{m['m'] or '00'}", text)
    return _SHORT_OFFSET_RE.sub(lambda m: f"{m['sign']}{m['h']}00", text)


def _parse_fast(text: str) -> datetime | None:
    """ISO 8601 and English RFC 822 via the standard library."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@functools.cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.data import language_order

    return frozenset(language_order)


def _parse_with_dateparser(text: str, languages: Sequence[str], now: datetime) -> datetime | None:
    import dateparser

    supported = _dateparser_languages()
    langs = [c for c in dict.fromkeys(map(normalize_language, languages or ())) if c in supported]
    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "TIMEZONE": "UTC",
        "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
        "REQUIRE_PARTS": ["month", "year"],  # a bare "5" is not a publication date
    }
    return dateparser.parse(text, languages=langs or None, settings=settings)


def parse_date(text: str | None, languages: Sequence[str] = (), *, now: datetime | None = None) -> datetime | None:
    """Timezone-aware publication date, or None if unparseable or implausible."""
    if not isinstance(text, str):
        return None
    text = plain_text(text)
    if not text or len(text) > DATE_TEXT_MAX:
        return None
    if not isinstance(now, datetime):
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    try:
        text = _normalise_zone(text)
        parsed = _parse_fast(text) or _parse_with_table(text)
        if parsed is None:
            parsed = _parse_with_dateparser(text, languages, now)
    except Exception:  # dateparser has been known to raise on odd input
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    # Dates before the web era or in the future are parse errors or CMS junk.
    if parsed < EARLIEST_DATE or parsed > now + FUTURE_TOLERANCE:
        return None
    return parsed
