"""The words extraction reads partners' text by, in every language we read: language names and
codes, boilerplate phrases, month names, tell-tale letters. Pure data: the rules live beside it.
"""

from __future__ import annotations

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

# Month names/stems -> month number; dates.MONTH_SUFFIX_MAX says how many letters a case ending
# may add ("июля", Kyrgyz "июлунда", Swedish "augusti").
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

# Words between the month and the year: Tajik "5 июли соли 2019" ("of the year 2019").
YEAR_WORDS = ["соли"]

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


# Frequent Uzbek Latin function words (language.UZBEK_LATIN_RE finds the oʻ/gʻ digraphs).
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
