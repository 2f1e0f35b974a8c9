"""aggregator.parse.article.read_article: fixture article pages against their expected metadata,
and inline pages for one signal each."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from aggregator.models import RawEntry
from aggregator.parse.article import ArticleMeta, merge_article, read_article
from aggregator.parse.pagedate import shown_dates

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
URL = "https://partner.example.org/news/camp/"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PLUS6 = timezone(timedelta(hours=6))


@pytest.mark.parametrize("name", sorted(path.stem for path in ARTICLES.glob("*.json")))
def test_fixture_article(name: str) -> None:
    spec = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    meta = read_article((ARTICLES / f"{name}.html").read_text(encoding="utf-8"), spec["url"], now=NOW)
    for field, want in spec["expected"].items():
        got = getattr(meta, field)
        if field in ("published", "modified") and want is not None:
            assert got == datetime.fromisoformat(want), field
            assert got.utcoffset() == datetime.fromisoformat(want).utcoffset(), field
        else:
            assert got == want, field


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def doc(head: str = "", body: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "field", "expected"),
    [
        # Authors.
        pytest.param(doc(ld({"@type": "Article", "author": "Anna Ivanova"})), "author", "Anna Ivanova", id="ld-author-string"),
        pytest.param(doc(ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Anna"}})), "author", "Anna", id="ld-author-object"),
        pytest.param(
            doc(ld({"@type": "BlogPosting", "author": [{"name": "Anna"}, {"name": "Erik"}, "Anna"]})),
            "author",
            "Anna, Erik",
            id="ld-author-list-deduplicated",
        ),
        pytest.param(
            doc(ld({"@graph": [{"@type": "Article", "author": {"@id": "#p"}}, {"@type": "Person", "@id": "#p", "name": "Aida"}]})),
            "author",
            "Aida",
            id="ld-author-by-id-in-graph",
        ),
        pytest.param(doc(ld({"@type": "Article", "author": "https://example.org/anna"})), "author", None, id="ld-author-url-skipped"),
        pytest.param(doc('<meta property="article:author" content="https://facebook.com/x">'), "author", None, id="meta-author-url-skipped"),
        pytest.param(doc('<meta name="author" content="Erik Berg">'), "author", "Erik Berg", id="meta-author"),
        pytest.param(doc(body='<span class="byline">Автор: Анна Петрова</span>'), "author", "Анна Петрова", id="byline-prefix-stripped"),
        pytest.param(doc(body='<a rel="author" href="/a">Av Karin Lund</a>'), "author", "Karin Lund", id="rel-author-swedish-prefix"),
        pytest.param(doc(body=f'<div class="author">{"word " * 30}</div>'), "author", None, id="sentence-is-not-a-name"),
        # Dates.
        pytest.param(
            doc('<meta property="article:published_time" content="2019-07-05T11:00:00+06:00">'),
            "published",
            datetime(2019, 7, 5, 11, tzinfo=PLUS6),
            id="meta-published",
        ),
        pytest.param(
            doc(ld({"@graph": [{"@type": "WebPage", "datePublished": "2019-07-05T05:00:00Z"}]})),
            "published",
            datetime(2019, 7, 5, 5, tzinfo=UTC),
            id="ld-webpage-date-in-graph",
        ),
        pytest.param(
            doc('<meta itemprop="datePublished" content="2019-07-05">'), "published", datetime(2019, 7, 5, tzinfo=UTC), id="itemprop-meta"
        ),
        pytest.param(doc('<meta name="DC.date" content="2019-07-05">'), "published", datetime(2019, 7, 5, tzinfo=UTC), id="dublin-core"),
        pytest.param(
            doc(body='<article><time datetime="2019-07-05T11:00:00+06:00">5 июля</time></article>'),
            "published",
            datetime(2019, 7, 5, 11, tzinfo=PLUS6),
            id="time-in-article",
        ),
        pytest.param(
            doc(body='<span class="date">14 augusti 2018</span>', lang="sv"),
            "published",
            datetime(2018, 8, 14, tzinfo=UTC),
            id="date-text-in-page-language",
        ),
        pytest.param(doc('<meta property="article:published_time" content="2031-01-01">'), "published", None, id="future-unknown"),
        pytest.param(doc('<meta property="article:published_time" content="1990-01-01">'), "published", None, id="pre-1995-unknown"),
        pytest.param(
            doc('<meta property="article:published_time" content="junk">' + ld({"@type": "Article", "datePublished": "2019-07-05"})),
            "published",
            datetime(2019, 7, 5, tzinfo=UTC),
            id="junk-date-falls-through",
        ),
        pytest.param(
            doc('<meta property="article:modified_time" content="2019-07-06T00:00:00Z">'),
            "modified",
            datetime(2019, 7, 6, tzinfo=UTC),
            id="meta-modified",
        ),
        # Language.
        pytest.param(doc(lang="ky-KG"), "language", "ky", id="html-lang"),
        pytest.param(doc('<meta property="og:locale" content="sv_SE">'), "language", "sv", id="og-locale"),
        pytest.param(doc('<meta http-equiv="Content-Language" content="pl">'), "language", "pl", id="content-language"),
        pytest.param(doc(ld({"@type": "Article", "inLanguage": "uz-Latn"})), "language", "uz", id="ld-in-language"),
        pytest.param(doc(lang="xx"), "language", None, id="junk-lang"),
        # Title, description, canonical, site name.
        pytest.param(
            doc('<meta property="og:title" content="Camp – Novi Ritm"><meta property="og:site_name" content="Novi Ritm">'),
            "title",
            "Camp",
            id="og-title-site-name-stripped",
        ),
        pytest.param(doc("<title>Camp | Novi Ritm</title>"), "title", "Camp | Novi Ritm", id="title-kept-without-site-name"),
        pytest.param(doc("<title>Page</title>", "<article><h1>Camp <b>report</b></h1></article>"), "title", "Camp report", id="h1-before-title"),
        pytest.param(
            doc('<meta name="description" content="Short &amp; clear.">'), "description", "Short & clear.", id="meta-description"
        ),
        pytest.param(
            doc(body="<article><p>Caption</p><p>" + "A real first paragraph of the article. " * 3 + "</p></article>"),
            "description",
            ("A real first paragraph of the article. " * 3).strip(),
            id="first-paragraph-stands-in",
        ),
        pytest.param(doc('<link rel="canonical" href="/news/camp">'), "canonical_url", "https://partner.example.org/news/camp", id="canonical-relative"),
        pytest.param(doc('<meta property="og:url" content="https://x.example/a">'), "canonical_url", "https://x.example/a", id="og-url-fallback"),
        pytest.param(doc(ld({"@type": "Article", "publisher": {"name": "Bir Duino"}})), "site_name", "Bir Duino", id="ld-publisher"),
        pytest.param(
            doc('<script type="application/ld+json">{"@type": "Article", "author": "A",}</script>'), "author", "A", id="json-ld-trailing-comma-read"
        ),
    ],
)  # fmt: skip
def test_read_article(html: str, field: str, expected: Any) -> None:
    got = getattr(read_article(html, URL, now=NOW), field)
    assert got == expected
    if isinstance(expected, datetime):
        assert got.utcoffset() == expected.utcoffset()


KYRGYZ = "Бишкекте жаштар үчүн жаңы борбор ачылды. Борбордо өспүрүмдөр үчүн акысыз сабактар өтөт жана ар бир жумада жолугушуулар болот."
RUSSIAN = "В Бишкеке открылся новый молодёжный центр. В центре проходят бесплатные занятия для подростков и еженедельные встречи."
ZONED = timezone(timedelta(hours=6))


# Issue 19: each case as the measured pages showed it, one page per rule.
@pytest.mark.parametrize(
    ("html", "url", "field", "expected"),
    [
        # Title: the site's name is not part of it, even when the page never says which name it is.
        pytest.param(doc('<meta property="og:title" content="Camp report - La Stampa">'), "https://www.lastampa.it/a/1", "title", "Camp report", id="title-site-name-from-host"),
        pytest.param(doc('<meta property="og:title" content="Camp report | Some Site">', "<h1>Camp report</h1>"), URL, "title", "Camp report", id="title-headline-confirms-cut"),
        pytest.param(
            doc('<meta property="og:title" content="Ethify"><meta property="og:site_name" content="Ethify">', "<h1>Vegetarian, why?</h1>"),
            URL, "title", "Vegetarian, why?", id="title-site-name-alone-is-no-title",
        ),
        pytest.param(doc("<title>Camp report -</title>"), URL, "title", "Camp report", id="title-dangling-separator"),
        # Authors: placeholders name nobody.
        pytest.param(doc('<meta name="author" content="No Author">'), URL, "author", None, id="author-no-author"),
        pytest.param(doc('<meta name="author" content="Redaktion">'), URL, "author", None, id="author-redaktion"),
        pytest.param(doc(ld({"@type": "Article", "author": {"@type": "Person", "name": "admin"}})), URL, "author", None, id="author-admin"),
        pytest.param(doc('<meta name="author" content="Editor">'), URL, "author", None, id="author-editor"),
        pytest.param(doc(body='<span class="author">Administrator</span>'), URL, "author", None, id="author-administrator"),
        pytest.param(doc('<meta name="author" content="staff">'), URL, "author", None, id="author-staff"),
        pytest.param(doc('<meta name="author" content="admin">', '<span class="byline">By Anna Petrova</span>'), URL, "author", "Anna Petrova", id="author-placeholder-then-byline"),
        pytest.param(doc('<meta name="author" content="Novi Ritm"><meta property="og:site_name" content="Novi Ritm">'), URL, "author", None, id="author-site-name-is-no-author"),
        # Authors: only the byline's own text, not an unrelated link's.
        pytest.param(doc(body='<div class="author"><a href="/category/politics/">Politics</a></div>'), URL, "author", None, id="author-category-link"),
        pytest.param(
            doc(body='<div class="byline"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a> Anna Petrova</div>'),
            URL, "author", "Anna Petrova", id="author-share-link-dropped",
        ),
        pytest.param(doc(body='<div class="byline"><a href="/people/anna-petrova">Anna Petrova</a></div>'), URL, "author", "Anna Petrova", id="author-profile-link-kept"),
        # Authors: where pages write them.
        pytest.param(doc('<meta property="og:article:author" content="Anna Petrova">'), URL, "author", "Anna Petrova", id="author-og-article-author"),
        pytest.param(
            doc(ld({"@type": "NewsArticle", "headline": "Camp"}) + ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Anna"}, {"@type": "Person", "name": "Erik"}]})),
            URL, "author", "Anna, Erik", id="author-list-in-second-block",
        ),
        pytest.param(doc(body='<div class="article__author">Anna Petrova</div>'), URL, "author", "Anna Petrova", id="author-bem-class"),
        pytest.param(doc(body='<span class="byline__name">Anna Petrova</span>'), URL, "author", "Anna Petrova", id="author-byline-name-class"),
        pytest.param(doc(body='<div class="posted-by">Posted by Anna Petrova</div>'), URL, "author", "Anna Petrova", id="author-posted-by"),
        pytest.param(doc(body='<span class="author">Geschrieben von Anna Petrova am 26/10/13, 03:48 pm</span>'), URL, "author", "Anna Petrova", id="author-prefix-and-date-cut"),
        pytest.param(doc('<meta itemprop="author" content="Frank Hahn">'), URL, "author", "Frank Hahn", id="author-itemprop-meta"),
        pytest.param(
            doc('<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Christoph Hein">'),
            URL, "author", "Christoph Hein", id="author-yoast-twitter-label",
        ),
        pytest.param(
            doc(body='<div class="content__author"><span>von <a href="/profil/fischer">Lars Fischer</a> und <a href="/profil/s">Alina Schadwinkel</a></span></div>'),
            URL, "author", "Lars Fischer und Alina Schadwinkel", id="author-bem-element-class",
        ),
        pytest.param(doc(body='<a href="https://partner.example.org/author/frank-hahn/">Frank Hahn</a>'), URL, "author", "Frank Hahn", id="author-archive-link"),
        pytest.param(doc(body='<div class="byline"><style>.x{color:red}</style>Geschrieben von Elisa Marvena</div>'), URL, "author", "Elisa Marvena", id="author-style-text-skipped"),
        pytest.param(doc(body='<span class="byline">Loïc Le Clerc</span>'), URL, "author", "Loïc Le Clerc", id="author-particle-kept"),
        pytest.param(doc(body='<span class="byline">Anna Petrova February 24, 2020, 7:57 AM</span>'), URL, "author", "Anna Petrova", id="author-written-date-cut"),
        # Authors: a person beats an organisation.
        pytest.param(
            doc(ld({"@type": "Article", "author": {"@type": "Organization", "name": "Bir Duino"}}) + '<meta name="author" content="Anna Petrova">'),
            URL, "author", "Anna Petrova", id="author-person-beats-organisation",
        ),
        pytest.param(doc(ld({"@type": "Article", "author": {"@type": "Organization", "name": "Bir Duino"}})), URL, "author", "Bir Duino", id="author-organisation-when-alone"),
        # Language: the declarations disagree, the text decides among them.
        pytest.param(doc('<meta property="og:locale" content="ky_KG">', f"<article><p>{KYRGYZ}</p></article>", lang="ru"), URL, "language", "ky", id="language-text-decides-ky"),
        pytest.param(doc('<meta property="og:locale" content="ky_KG">', f"<article><p>{RUSSIAN}</p></article>", lang="ru"), URL, "language", "ru", id="language-text-decides-ru"),
        pytest.param(doc('<meta name="dc.language" content="ky">', f"<article><p>{KYRGYZ}</p></article>", lang="ru"), URL, "language", "ky", id="language-dc-language"),
        # Dates: JSON-LD with a stray character is still read.
        pytest.param(
            doc('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-19T20:29:58+06:00"};</script>'),
            URL, "published", datetime(2020, 2, 19, 20, 29, 58, tzinfo=ZONED), id="json-ld-stray-semicolon",
        ),
        pytest.param(
            doc('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-19T20:29:58+06:00", "articleBody": "He said "no"."}</script>'),
            URL, "published", datetime(2020, 2, 19, 20, 29, 58, tzinfo=ZONED), id="json-ld-unescaped-quote",
        ),
        # Dates: a zoneless time is the site's clock; the page shows the zone elsewhere.
        pytest.param(
            doc(ld({"@type": "NewsArticle", "datePublished": "2020-02-19T20:29:58"}) + '<meta property="article:modified_time" content="2020-02-20T10:00:00+06:00">'),
            URL, "published", datetime(2020, 2, 19, 20, 29, 58, tzinfo=ZONED), id="zoneless-takes-page-zone",
        ),
        pytest.param(
            doc(ld({"@type": "NewsArticle", "datePublished": "2020-02-19T20:29:58"})),
            URL, "published", datetime(2020, 2, 19, 20, 29, 58, tzinfo=UTC), id="zoneless-without-page-zone-is-utc",
        ),
        # Dates: numeric dates shown beside the headline or the byline.
        pytest.param(
            doc(body='<header><h1>Camp</h1><div class="meta">2020-02-19 20:29:58</div></header><p>Text.</p>'),
            URL, "published", datetime(2020, 2, 19, 20, 29, 58, tzinfo=UTC), id="numeric-date-by-headline",
        ),
        # Dates: nothing in the markup we read; htmldate still finds the day (here in the address).
        pytest.param(
            doc(body="<h1>Camp</h1><p>Text.</p>"), "https://partner.example.org/2019/07/05/camp/",
            "published", datetime(2019, 7, 5, tzinfo=UTC), id="library-date-from-url",
        ),
        pytest.param(
            doc(body='<h1>Camp</h1><p class="info"><span class="author">Anna Petrova</span> | 19.02.2020</p>'),
            URL, "published", datetime(2020, 2, 19, tzinfo=UTC), id="dotted-date-by-byline",
        ),
    ],
)  # fmt: skip
def test_issue_19_rules(html: str, url: str, field: str, expected: Any) -> None:
    got = getattr(read_article(html, url, now=NOW), field)
    assert got == expected
    if isinstance(expected, datetime):
        assert got.utcoffset() == expected.utcoffset()


def test_numeric_date_far_from_headline_is_not_shown_date() -> None:
    # A date in the footer is the page's, not the story's (htmldate may still weigh it).
    html = doc(
        body="<div><h1>Camp</h1><p>" + "Long article text. " * 40 + "</p></div><footer>Updated 2019-01-01</footer>"
    )
    assert shown_dates(BeautifulSoup(html, "lxml"), []) == []


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param(b"<html>", id="bytes"),
        pytest.param('<script type="application/ld+json">[[[[</script>', id="broken-json-ld"),
        pytest.param("<<<>>>\x00" * 100, id="junk"),
    ],
)
def test_never_raises(bad: Any) -> None:
    assert isinstance(read_article(bad, URL), ArticleMeta)


META = ArticleMeta(
    title="Page title",
    description="Page description.",
    published=datetime(2019, 7, 5, 11, tzinfo=PLUS6),
    modified=datetime(2019, 7, 6, tzinfo=UTC),
    language="ky",
    author="Aida",
    canonical_url="https://partner.example.org/c",
    site_name="Site",
)
LISTED = RawEntry(link=URL, title=None, guid=URL, published_text="5 July 2019")


@pytest.mark.parametrize(
    ("entry", "field", "expected"),
    [
        pytest.param(LISTED, "title", "Page title", id="title-filled"),
        pytest.param(RawEntry(link=URL, title="Listed"), "title", "Listed", id="listing-title-wins"),
        pytest.param(RawEntry(link=URL, title="Page ti…"), "title", "Page title", id="title-cut-short-ellipsis"),
        pytest.param(RawEntry(link=URL, title="Page ti ..."), "title", "Page title", id="title-cut-short-dots"),
        pytest.param(RawEntry(link=URL, title="Wait..."), "title", "Page title", id="title-ending-in-dots-is-cut-short"),
        pytest.param(LISTED, "summary", "Page description.", id="excerpt-from-description"),
        pytest.param(RawEntry(link=URL, title="T", summary="<p>Lead</p>"), "summary", "<p>Lead</p>", id="listing-excerpt-wins"),
        pytest.param(LISTED, "published", META.published, id="article-date-beats-listing-text"),
        pytest.param(LISTED, "published_text", "5 July 2019", id="listing-text-kept-as-fallback"),
        pytest.param(LISTED, "updated", META.modified, id="modified"),
        pytest.param(LISTED, "author", "Aida", id="author-filled"),
        pytest.param(LISTED, "language", "ky", id="page-language-as-metadata"),
        pytest.param(LISTED, "link", URL, id="link-unchanged"),
        pytest.param(LISTED, "guid", URL, id="guid-unchanged"),
    ],
)  # fmt: skip
def test_merge_article(entry: RawEntry, field: str, expected: Any) -> None:
    assert getattr(merge_article(entry, META), field) == expected


def test_merge_empty_meta_changes_nothing() -> None:
    assert merge_article(LISTED, ArticleMeta()) == LISTED
