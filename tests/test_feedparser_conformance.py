"""Right on feeds nobody here wrote: feedparser's own test feeds, through our parse path.

Every file of ../shared/corpora/feedparser-tests/ goes through both our parsers, each forced
(the lxml fast path where it accepts the file, and the feedparser fallback always), and its
`Expect:` expression — what feedparser's maintainers consider right — is evaluated against our
ParsedPage in feedparser's shape (tests/feedparser_corpus.py) for the keys we claim:
entries' title, link, id, author, published_parsed and updated_parsed; the feed's title, link
and language. Whatever else an expression needs puts the case out of scope under that key,
and every such key must be listed below with its reason: nothing is skipped silently.

Pass counts per category: `pytest tests/test_feedparser_conformance.py -s -k counts`.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.feedparser_corpus import SKIP_REASON, Case, Verdict, cases, judge, parsed

# Whole categories left out, and why.
EXCLUDED_CATEGORIES = {
    "wellformed/sanitize": "feedparser's HTML sanitiser; we parse with sanitize_html=False and reduce markup to "
    "plain text later (clean/extract), so its expectations about kept or removed markup do not apply",
    "encoding": "decoding bytes is the fetcher's job (aggregator/fetch/encoding.py, tests/test_encoding.py): the "
    "parse path receives text; these expectations are about feedparser's own decoding, its `encoding` key and "
    "the HTTP headers its harness sends (16 files have no Expect at all)",
    "wellformed/http": "feedparser's HTTP client tests (ETag, Last-Modified, Content-Location headers its harness "
    "serves); our fetcher does HTTP and hands the parse path the final address",
    "json": "JSON Feed input is parse/jsonfeed.py's (issue in progress elsewhere), not this RSS/Atom path",
}

# Keys (as "entry.<key>", "feed.<key>", "result.<name>") an expression may need that we do not
# produce, by pattern, and why.
UNCLAIMED_KEYS = {
    r"(entry|feed)\.\w+_detail": "feedparser's per-field detail dicts (type, language, base of each text)",
    r"(entry|feed)\.(summary|description|content|subtitle|tagline|info|rights|copyright)": "body texts: we keep "
    "summary and content raw and reduce them to a plain-text excerpt later; feedparser's expectations are about "
    "its resolution and sanitising of the markup inside them",
    r"(entry|feed)\.(links|enclosures|tags|category|source|contributors|authors|comments|license|docs|image|icon|"
    r"logo|textinput|cloud|ttl|generator|publisher)|entry\.guidislink|feed\.(id|guid)": "structure we do not keep "
    "(an item's one link is `link`, whether it came from the guid is not kept; a feed's own id, generator, "
    "image... are not published)",
    r"feed\.(author|updated|updated_parsed|published|published_parsed|created|created_parsed|validity_\w+|"
    r"newlocation)": "feed-level author and dates: we date items, not feeds",
    r"entry\.(published|updated|created|expired|created_parsed|expired_parsed)$": "dates as text and the dates we "
    "do not keep; an item's dates are published_parsed and updated_parsed (created counts as published)",
    r"entry\.(language|rights)": "an item's language is decided from its text (extract), not kept as stated",
    r"(entry|feed)\.(itunes|media|psc|georss|where|thr|wfw)_?[\w-]*": "namespace extensions (iTunes, Media RSS, "
    "Podlove chapters, GeoRSS, threading, wfw) we do not read",
    r"(entry|feed)\.(madeup_element|abcdefg|subtitle)": "feedparser's own names for unknown or stray elements",
    r"result\.(version|encoding|bozo|bozo_exception|headers|etag|modified|modified_parsed|href|status|namespaces)":
    "feedparser's own result keys: version sniffing, decoding, well-formedness flag, HTTP",
}  # fmt: skip

# Files judged elsewhere or not at all, by pattern, and why.
EXCLUDED_FILE_PATTERNS = {
    r"wellformed/(base|lang)/http_.*_content_location\.xml|wellformed/lang/http_content_language\.xml": "need the "
    "Content-Location or Content-Language header feedparser's harness sends with the file; our parse path is "
    "given the fetcher's final address and no headers",
}

_TITLE_MARKUP = (
    "titles carrying markup: how a title keeps <-text and inline markup is being changed elsewhere (title-type "
    "work in clean/extract); today the fast path gives xhtml titles with the XHTML namespace declared on inline "
    "elements and their escaped '<' unescaped, and both are reduced to plain text before anything is published"
)
_MARKUP_URIS = (
    "a relative address inside a title's markup is not resolved against the document's address: feedparser is not "
    "given that address, so that it leaves ids as written (see entry ids below); titles are published as plain "
    "text, where the address is gone"
)
_AUTHOR = (
    "an Atom author with name and email: we keep the name, the byline a reader sees, not feedparser's "
    "'name (email)' composite; the email is never published"
)
# Single files whose expectation on a claimed key we do not meet, by design, on the paths named
# ("[fast]", "[feedparser]") or on both; each must still fail, or the exclusion is stale.
EXCLUDED_FILES = {
    "wellformed/atom/entry_author_map_author.xml": _AUTHOR,
    "wellformed/atom10/entry_author_map_author.xml": _AUTHOR,
    "wellformed/atom10/entry_title_inline_markup.xml [fast]": _TITLE_MARKUP,
    "wellformed/atom10/entry_title_inline_markup_2.xml [fast]": _TITLE_MARKUP,
    "wellformed/atom10/feed_title_inline_markup.xml [fast]": _TITLE_MARKUP,
    "wellformed/atom10/feed_title_inline_markup_2.xml [fast]": _TITLE_MARKUP,
    "wellformed/base/http_entry_title_base64_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_entry_title_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_entry_title_inline_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_feed_title_base64_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_feed_title_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_feed_title_inline_base_docuri.xml": _MARKUP_URIS,
    "wellformed/base/http_entry_id_base_docuri.xml": "an id is kept as written ('relative/link'), never resolved "
    "against the document's address: ids are names, an item's identity must not change when its feed moves, "
    "and a resolved id would pass for the item's link",
    "wellformed/lang/feed_not_xml_lang_2.xml": "a feed stating no language of its own takes its title's xml:lang: "
    "for us a language is what the text is written in, not where it was declared",
}


def _in_scope() -> list[Case]:
    return [
        case
        for case in cases()
        if case.category not in EXCLUDED_CATEGORIES
        and not any(re.fullmatch(pattern, case.name) for pattern in EXCLUDED_FILE_PATTERNS)
    ]


def _categories() -> list[str]:
    return sorted({case.category for case in _in_scope()})


def _verdicts(case: Case) -> dict[str, Verdict | None]:
    """Per path, the verdict; None where the fast path declines the file (feedparser takes it)."""
    found: dict[str, Verdict | None] = {}
    for path in ("fast", "feedparser"):
        page = parsed(case, path)
        found[path] = None if page is None or case.expect is None else judge(case.expect, page)
    return found


def _unlisted_key(verdict: Verdict) -> bool:
    return verdict.unclaimed is not None and not any(re.fullmatch(p, verdict.unclaimed) for p in UNCLAIMED_KEYS)


pytestmark = pytest.mark.skipif(not cases(), reason=SKIP_REASON)


@pytest.mark.parametrize("category", _categories() or ["none"])
def test_category(category: str) -> None:
    failures, unlisted, stale = [], [], []
    for case in (c for c in _in_scope() if c.category == category):
        assert case.expect is not None, f"{case.name}: no Expect line and no recorded reason"
        for path, verdict in _verdicts(case).items():
            if verdict is None:
                continue
            excluded = f"{case.name} [{path}]" in EXCLUDED_FILES or case.name in EXCLUDED_FILES
            if _unlisted_key(verdict):
                unlisted.append(f"{case.name} [{path}]: needs {verdict.unclaimed}")
            elif verdict.unclaimed is None and not verdict.passed and not excluded:
                failures.append(f"{case.name} [{path}]: {case.expect}  -- {verdict.detail}")
            elif excluded and verdict.passed:
                stale.append(f"{case.name} [{path}] passes: remove its exclusion")
    assert not unlisted, "keys used by expectations but neither claimed nor listed:\n" + "\n".join(unlisted)
    assert not failures, f"{len(failures)} expectations not met:\n" + "\n".join(failures)
    assert not stale, "\n".join(stale)


def test_exclusions_name_real_files() -> None:
    names = {case.name for case in cases()}
    assert all(name.split(" [")[0] in names for name in EXCLUDED_FILES)
    assert set(EXCLUDED_CATEGORIES) <= {case.category for case in cases()}
    assert all(any(re.fullmatch(p, name) for name in names) for p in EXCLUDED_FILE_PATTERNS)


def test_counts() -> None:
    """Pass counts per category and path (run with -s to see them); also a floor, so a change
    that puts most of the corpus out of scope does not pass unnoticed."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for case in _in_scope():
        for path, verdict in _verdicts(case).items():
            outcome = (
                "declined"
                if verdict is None
                else "out of scope"
                if verdict.unclaimed
                else "pass"
                if verdict.passed
                else "excluded"
            )
            counts[(case.category, path, outcome)] += 1
    print(f"\n{'category':24} {'path':10} {'pass':>5} {'excluded':>8} {'out of scope':>12} {'declined':>8}")
    for category in _categories():
        for path in ("fast", "feedparser"):
            row = [counts[(category, path, o)] for o in ("pass", "excluded", "out of scope", "declined")]
            print(f"{category:24} {path:10} {row[0]:5} {row[1]:8} {row[2]:12} {row[3]:8}")
    judged = sum(n for (_, _, outcome), n in counts.items() if outcome == "pass")
    assert judged >= 300
