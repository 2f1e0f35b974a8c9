"""The words extraction reads partners' text by: one block per language we read (its codes, its
names in title markers, "Read more" and other boilerplate, month names, function words), then
the tables the rules use, built from the blocks. Adding a language means adding one block.

Pure data: the rules live beside it (titles, excerpt, language, dates). Lists are written as
comma-separated strings so a block reads like a dictionary entry; `_listed` splits them.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# Deprecated 2-letter codes of languages we do not read (ours are in their blocks).
DEPRECATED_CODES = {"iw": "he", "in": "id", "ji": "yi", "mo": "ro"}

# Apostrophes used for Uzbek oʻ/gʻ in the wild. In the blocks below "ʻ" stands for any of them.
APOSTROPHES = "ʻ‘’'`ʼ"


@dataclass(frozen=True)
class Language:
    """One language's words. Strings hold comma-separated lists; `months` holds twelve groups of
    space-separated stems, one group per month, a token matching a stem it starts with."""

    code: str  # ISO 639-1
    scripts: str  # "latin", "cyrillic" or both
    codes: str = ""  # other codes partners tag it with: ISO 639-2/3, deprecated
    bracket_codes: str = ""  # codes taken for a marker only in brackets: "[EN]", "(RU)"
    names: str = ""  # its names in title markers, in English, itself and the partners' languages
    ambiguous: str = ""  # those of `names` that double as a country or nationality: bracketed only
    qualifiers: str = ""  # words after a bracketed name: "(English version)"
    read_more: str = ""  # "Read more" links
    footers: tuple[tuple[str, str], ...] = ()  # feed footers "<start> X <middle> Y."
    share_markers: str = ""  # share widgets and post meta: from one of these to the end is widget
    social_buttons: str = ""  # share buttons, trailing runs of two or more: "Share Tweet"
    months: str = ""
    month_words: str = ""  # whole month words, for fingerprint: a change in one is another issue
    year_words: str = ""  # words between the month and the year: "5 июли соли 2019"
    function_words: str = ""  # frequent words that tell the language in a short text


LANGUAGES: tuple[Language, ...] = (
    Language(
        "en",
        scripts="latin",
        codes="eng",
        bracket_codes="en, eng",
        names=(
            "english, in english, engelska, på engelska, engelsk, angielski, po angielsku, английский,"
            " на английском, на английском языке, по-английски, англисче, англис тилинде, ағылшынша,"
            " ағылшын тілінде, inglizcha, ingliz tilida, инглизча, англисӣ, бо забони англисӣ,"
            " englisch, auf englisch, anglais, en anglais, англійська, англійською"
        ),
        qualifiers="version, translation, text",
        read_more="Read more, Read the full post, Read the full article, Continue reading",
        footers=(("The post", "appeared first on"),),
        share_markers="Filed under:, Tags:, Share this:, Like this:",
        social_buttons=(
            "Share on Facebook, Share on Twitter, Share on X, Share on LinkedIn, Share on WhatsApp,"
            " Share on Telegram, Share, Pin, Email, E-mail, Print, Tweet, Loading..."
        ),
        months=(
            "jan january, feb february, mar march, apr april, may, jun june, jul july, aug august,"
            " sep sept september, oct october, nov november, dec december"
        ),
        month_words="january, february, march, april, may, june, july, august, september, october, november, december",
    ),
    Language(
        "sv",
        scripts="latin",
        codes="swe",
        bracket_codes="sv, swe",
        names=(
            "swedish, in swedish, svenska, på svenska, szwedzki, po szwedzku, шведский, на шведском,"
            " на шведском языке, по-шведски, шведче, швед тилинде, шведша, shvedcha, шведӣ,"
            " schwedisch, suédois, шведська, шведською"
        ),
        ambiguous="swedish",
        qualifiers="versionen",
        read_more="Läs mer, Läs hela inlägget, Läs hela artikeln, Läs vidare",
        footers=(("Inlägget", "dök först upp på"),),
        share_markers="Taggar:, Dela detta:, Dela:, Gilla detta:, Gilla:",
        social_buttons="E-post, Skriv ut",
        months=(
            "jan januari, feb februari, mar mars, apr april, maj, jun juni, jul juli, aug augusti,"
            " sep sept september, okt oktober, nov november, dec december"
        ),
        month_words="januari, februari, mars, maj, juni, juli, augusti, oktober",
    ),
    Language(
        "ru",
        scripts="cyrillic",
        codes="rus",
        bracket_codes="ru, rus",
        names=(
            "russian, in russian, ryska, på ryska, rosyjski, po rosyjsku, русский, на русском,"
            " на русском языке, по-русски, орусча, орус тилинде, орысша, орыс тілінде, ruscha,"
            " rus tilida, русча, рус тилида, русӣ, бо забони русӣ, russisch, russe, російська,"
            " російською"
        ),
        ambiguous="russian, russe",
        qualifiers="версия",
        read_more="Читать далее, Читать дальше, Читать полностью, Подробнее",
        footers=(("Запись", "впервые появилась"), ("Сообщение", "появились сначала на")),
        share_markers="Метки:, Теги:, Поделиться:",
        # Kyrgyz, Tajik and Uzbek Cyrillic dates use these stems too, with their own endings.
        months=(
            "январ янв, феврал фев, март мар, апрел апр, май мая мам, июн, июл, август авг,"
            " сентябр сен, октябр окт, ноябр ноя, декабр дек"
        ),
        month_words=(
            "январь, февраль, март, апрель, май, июнь, июль, август, сентябрь, октябрь, ноябрь, декабрь,"
            " января, февраля, марта, апреля, мая, июня, июля, августа, сентября, октября, ноября, декабря"
        ),
    ),
    Language(
        "ky",
        scripts="cyrillic",
        codes="kir",
        bracket_codes="ky, kir",
        names=(
            "kyrgyz, in kyrgyz, kirghiz, kirgiziska, på kirgiziska, kirgiski, po kirgisku, кыргызча,"
            " кыргыз тилинде, киргизский, кыргызский, на кыргызском, на киргизском,"
            " на кыргызском языке, қырғызша, qirgʻizcha, қирғизча, қирғизӣ, kirgisisch, kirghize"
        ),
        ambiguous="kyrgyz, kirghiz",
        read_more="Толугураак, Толук окуу, Толугу менен окуу, Кененирээк",
        month_words=(
            "январда, февралда, мартта, апрелде, майда, июнда, июлда, августта, сентябрда, октябрда, ноябрда, декабрда"
        ),
    ),
    Language(
        "kk",
        scripts="cyrillic",
        codes="kaz",
        bracket_codes="kk, kaz",
        names=(
            "kazakh, in kazakh, kazakiska, på kazakiska, kazachski, po kazachsku, қазақша,"
            " қазақ тілінде, казахский, на казахском, на казахском языке, казакча, казак тилинде,"
            " qozoqcha, қозоқча, қазоқӣ, kasachisch"
        ),
        ambiguous="kazakh",
        read_more="Толық оқу, Толығырақ оқу, Толығырақ, Әрі қарай оқу",
        months="қаңтар, ақпан, наурыз, сәуір, мамыр, маусым, шілде, тамыз, қыркүйек, қазан, қараша, желтоқсан",
        month_words="қаңтар, ақпан, наурыз, сәуір, мамыр, маусым, шілде, тамыз, қыркүйек, қазан, қараша, желтоқсан",
    ),
    Language(
        "uz",
        scripts="latin, cyrillic",
        codes="uzb, uzn",
        bracket_codes="uz, uzb",
        names=(
            "uzbek, in uzbek, uzbekiska, på uzbekiska, uzbecki, po uzbecku, oʻzbekcha, ozbekcha,"
            " oʻzbek tilida, ўзбекча, ўзбек тилида, узбекский, на узбекском, на узбекском языке,"
            " өзбекче, өзбекше, ӯзбекӣ, usbekisch, ouzbek"
        ),
        ambiguous="uzbek",
        read_more="Batafsil oʻqish, Batafsil, Davomini oʻqish, Батафсил ўқиш, Батафсил, Давомини ўқиш",
        # Uzbek Latin; Uzbek Cyrillic writes the Russian stems.
        months=(
            "yanvar, fevral, mart, aprel, may, iyun, iyul, avgust, sentabr sentyabr, oktabr oktyabr, noyabr, dekabr dek"
        ),
        function_words=(
            "va, bilan, uchun, bu, ham, yil, edi, emas, yoki, lekin, kerak, haqida, qilish, qildi,"
            " boʻyicha, mumkin, hamda, esa, biz, ular"
        ),
        month_words="yanvar, fevral, aprel, iyun, iyul, avgust, sentabr, oktabr, noyabr, dekabr",
    ),
    Language(
        "tg",
        scripts="cyrillic",
        codes="tgk",
        bracket_codes="tg, tgk",
        names=(
            "tajik, in tajik, tadzjikiska, på tadzjikiska, tadżycki, po tadżycku, тоҷикӣ,"
            " бо забони тоҷикӣ, таджикский, на таджикском, на таджикском языке, тажикче, тәжікше,"
            " tojikcha, тожикча, tadschikisch, tadjik"
        ),
        ambiguous="tajik",
        read_more="Муфассал, Бештар",
        year_words="соли",
    ),
    Language(
        "pl",
        scripts="latin",
        codes="pol",
        bracket_codes="pl, pol",
        names=(
            "polish, in polish, polska, på polska, polski, po polsku, польский, на польском,"
            " на польском языке, по-польски, полякча, поляк тилинде, полякша, polnisch, polonais"
        ),
        ambiguous="polska, polski, polish",
        qualifiers="wersja",
        read_more="Czytaj dalej, Czytaj więcej, Czytaj całość",
        footers=(
            ("Artykuł", "pochodzi z serwisu"),
            ("Wpis", "pojawił się poraz pierwszy w"),
            ("Wpis", "pojawił się po raz pierwszy w"),
        ),
        share_markers="Tagi:, Udostępnij:",
        # Abbreviations included ("sie", "paź"): feeds write "pon., 5 sie 2019" in RFC 822 dates.
        months=(
            "stycz sty, lut, marzec, kwie kwi, maj, czerw cze, lip, sierp sie, wrze wrz,"
            " październik paźdz paź pazdziernik pazdz, listop lis, grud gru"
        ),
        month_words=(
            "styczeń, luty, marzec, kwiecień, czerwiec, lipiec, sierpień, wrzesień, październik,"
            " listopad, grudzień, stycznia, lutego, marca, kwietnia, maja, czerwca, lipca, sierpnia,"
            " września, października, listopada, grudnia"
        ),
    ),
    Language(
        "de",
        scripts="latin",
        codes="deu, ger",
        bracket_codes="de, deu, ger",
        names=(
            "german, in german, tyska, på tyska, niemiecki, po niemiecku, немецкий, на немецком,"
            " по-немецки, deutsch, auf deutsch, allemand"
        ),
        ambiguous="german",
        read_more="Weiterlesen",
        footers=(("Der Beitrag", "erschien zuerst auf"),),
        share_markers="Teilen:",
        months=(
            "jan januar, feb februar, märz, apr april, mai, jun juni, jul juli, aug august,"
            " sep sept september, okt oktober, nov november, dez dezember"
        ),
    ),
    Language(
        "fr",
        scripts="latin",
        codes="fra, fre",
        bracket_codes="fr, fra",
        names=(
            "french, in french, franska, på franska, francuski, po francusku, французский,"
            " на французском, по-французски, français, francais, en français, französisch"
        ),
        ambiguous="french",
        read_more="Lire la suite",
        footers=(("Lʻarticle", "est apparu en premier sur"),),
        share_markers="Partager :, Partager:",
        months=(
            "janv janvier, fév fev février févr, mars, avr avril, mai, juin, juil juillet, août aout,"
            " sept septembre, oct octobre, nov novembre, déc décembre"
        ),
    ),
    Language(
        "uk",
        scripts="cyrillic",
        codes="ua, ukr",
        # "UK" is left out on purpose: "(UK)" in a title almost always means the United Kingdom.
        bracket_codes="ua, ukr",
        names=(
            "ukrainian, in ukrainian, ukrainska, på ukrainska, ukraiński, po ukraińsku, украинский,"
            " на украинском, по-украински, українська, українською, ukrainisch, ukrainien"
        ),
        ambiguous="ukrainian",
        read_more="Читати далі, Докладніше",
        months="січ, лют, берез бер, квіт кві, трав тра, черв, лип, серп сер, верес вер, жовт жов, листопад, груд",
    ),
)

# Share buttons named after the network, the same in every language.
NETWORK_BUTTONS = "Facebook, Twitter, LinkedIn, WhatsApp, Telegram, VKontakte, VK, Pinterest, Reddit, Tumblr, Pocket"

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


# --- the tables the rules read, built from the blocks ---------------------------------------


def _listed(text: str) -> list[str]:
    return [" ".join(item.split()) for item in text.split(",") if item.strip()]


def _all(field: str) -> list[str]:
    return [item for language in LANGUAGES for item in _listed(getattr(language, field))]


def _month_stems(language: Language, number: int) -> list[str]:
    groups = language.months.split(",")
    return groups[number - 1].split() if language.months else []


_BY_CODE = {language.code: language for language in LANGUAGES}
_SCRIPT_ORDER = ("latin", "cyrillic", "latin, cyrillic")


LANGUAGE_ALIASES: dict[str, str] = DEPRECATED_CODES | {
    alias: language.code for language in LANGUAGES for alias in _listed(language.codes)
}
LANGUAGE_NAMES: dict[str, list[str]] = {language.code: _listed(language.names) for language in LANGUAGES}
BRACKET_CODES: dict[str, list[str]] = {language.code: _listed(language.bracket_codes) for language in LANGUAGES}
UNBRACKETED_AMBIGUOUS = frozenset(_all("ambiguous"))
MARKER_QUALIFIERS = _all("qualifiers")
READ_MORE_PHRASES = _all("read_more")
FOOTER_PATTERNS: list[tuple[str, str]] = [footer for language in LANGUAGES for footer in language.footers]
SHARE_MARKERS = _all("share_markers")
SOCIAL_BUTTONS = [*_all("social_buttons"), *_listed(NETWORK_BUTTONS)]
# Month number -> the stems of every language.
MONTHS: dict[int, list[str]] = {
    number: list(dict.fromkeys(stem for language in LANGUAGES for stem in _month_stems(language, number)))
    for number in range(1, 13)
}
# Every language's whole month words (fingerprint's MONTHS, which reads words, not stems).
MONTH_WORDS = _all("month_words")
YEAR_WORDS = _all("year_words")
UZBEK_LATIN_WORDS = frozenset(_listed(_BY_CODE["uz"].function_words))
# Writing systems: Latin-only languages first, then Cyrillic-only, then Uzbek (both), the order
# in which detection breaks a tie among them.
LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    language.code: frozenset(_listed(language.scripts))
    for language in sorted(LANGUAGES, key=lambda language: _SCRIPT_ORDER.index(language.scripts))
}
