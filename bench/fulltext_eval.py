"""Which library gives a `full_text` source its excerpt? Measured on article pages whose main
text is known: does the excerpt open the way the article does, and how long does a page take.

    python -m bench.fulltext_eval [--pages DIR ...] [--excerpt 300] [--words 8]

A DIR holds `ground-truth.json` ({name: {"articleBody": ..., "url": ...}}) and the pages as
`html/NAME.html.gz`, `html/NAME.html` or `NAME.html`. That is the layout of Zyte's (Scrapinghub's)
article-extraction-benchmark, 181 real news pages with their article text written out by
people; its pages are not ours to commit, so the bench only reads them from where they lie.
`fixtures/fulltext` (pages written for this project: nav, ads and comments around the article,
in our languages) is always read.

Each reader's text goes through `make_excerpt`, as a published excerpt does, and is compared
with the expected text by their opening words (case, punctuation and spacing folded):
- `opening`: the excerpt's first N words are the article's first N words;
- `in lead`: they come somewhere in the article's first 80 words (a standfirst or a dateline
  kept or dropped by one side only);
- `empty`: no text at all.
Columns: `ours` is what `read_article` gives today (the page's description or first long
paragraph), then each library that is installed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aggregator.extract import make_excerpt, plain_text
from aggregator.fetch.encoding import detect_encoding
from aggregator.parse.article import read_article
from aggregator.parse.maintext import text_without_headings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fulltext"
LEAD_WORDS = 80


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: str
    body: str  # the article's main text, as people wrote it out


Reader = Callable[[Page], str | None]


def load(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for name, row in sorted(truth.items()):
        for path in (folder / "html" / f"{name}.html.gz", folder / "html" / f"{name}.html", folder / f"{name}.html"):
            if path.is_file():
                raw = path.read_bytes()
                raw = gzip.decompress(raw) if path.suffix == ".gz" else raw
                html = raw.decode(detect_encoding(raw, "text/html"), errors="replace")
                pages.append(Page(name, row.get("url") or "", html, row.get("articleBody") or ""))
                break
    return pages


# --- readers ---------------------------------------------------------------------------------


def ours(page: Page) -> str | None:
    return read_article(page.html, page.url).description


def _trafilatura(headings: bool, fast: bool = False) -> Reader | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def read(page: Page) -> str | None:
        # Comments and tables are not the article's opening; the rest as the library defaults.
        if headings:
            return trafilatura.extract(page.html, url=page.url, include_comments=False, include_tables=False)
        found = trafilatura.extract(
            page.html, url=page.url, output_format="html", include_comments=False, include_tables=False, fast=fast
        )
        return text_without_headings(found or "")

    return read


def _readability(headings: bool) -> Reader | None:
    try:
        from readability import Document
    except ImportError:
        return None

    def read(page: Page) -> str | None:
        found = Document(page.html, url=page.url).summary(html_partial=True)
        return plain_text(found) if headings else text_without_headings(found)

    return read


def _ours_fulltext() -> Reader | None:
    try:
        from aggregator.parse.maintext import main_text
    except ImportError:
        return None

    def read(page: Page) -> str | None:
        return main_text(page.html, page.url)

    return read


# --- comparing -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"\w+", text)


def judge(excerpt: str, body: str, n: int) -> str:
    got, want = words(excerpt)[:n], words(body)
    if not got:
        return "empty"
    if got == want[: len(got)] and len(got) == min(n, len(want)):
        return "opening"
    lead = want[:LEAD_WORDS]
    if any(lead[i : i + len(got)] == got for i in range(len(lead))):
        return "in lead"
    return "other"


def run(pages: list[Page], readers: dict[str, Reader], excerpt_length: int, n: int) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for name, reader in readers.items():
        counts = {"opening": 0, "in lead": 0, "empty": 0, "other": 0, "raised": 0}
        seconds: list[float] = []
        for page in pages:
            started = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    text = reader(page) or ""
            except Exception:
                counts["raised"] += 1
                text = ""
            seconds.append(time.perf_counter() - started)
            counts[judge(make_excerpt(text, excerpt_length), page.body, n)] += 1
        results[name] = {
            **counts,
            "pages": len(pages),
            "ms_median": round(1000 * statistics.median(seconds), 1) if seconds else 0,
            "ms_mean": round(1000 * statistics.fmean(seconds), 1) if seconds else 0,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, action="append", default=[], help="a folder of pages with ground truth")
    parser.add_argument("--excerpt", type=int, default=300, help="excerpt length, as config excerpt_length")
    parser.add_argument("--words", type=int, default=8, help="opening words compared")
    args = parser.parse_args()
    readers: dict[str, Reader] = {"ours": ours}
    candidates = {
        "trafilatura": _trafilatura(headings=True),
        "readability": _readability(headings=True),
        # The headline (and section headings) dropped: the excerpt is to open with the text.
        "traf-text": _trafilatura(headings=False),
        "read-text": _readability(headings=False),
        "traf-fast": _trafilatura(headings=False, fast=True),  # without its fallback extractors
        "main_text": _ours_fulltext(),  # what a `full_text` source gets (aggregator.parse.maintext)
    }
    readers.update({label: reader for label, reader in candidates.items() if reader is not None})
    for folder in [FIXTURES, *args.pages]:
        pages = load(folder)
        print(f"\n{folder} ({len(pages)} pages, first {args.words} words of a {args.excerpt}-character excerpt)")
        results = run(pages, readers, args.excerpt, args.words)
        print(f"{'reader':<12} {'opening':>8} {'in lead':>8} {'other':>6} {'empty':>6} {'raised':>6} {'ms/page':>8}")
        for name, row in results.items():
            print(
                f"{name:<12} {row['opening']:>8} {row['in lead']:>8} {row['other']:>6} {row['empty']:>6} "
                f"{row['raised']:>6} {row['ms_median']:>8}"
            )
        print(json.dumps({"folder": str(folder), "results": results}))


if __name__ == "__main__":
    main()
