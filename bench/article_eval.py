"""How well does `read_article` read an article page's date, author, title and language?
Measured on real pages with expected values, against htmldate and trafilatura when installed.

    python -m bench.article_eval --pages DIR --expect FILE [--split dev|held-out|all] [--misses FIELD]

FILE is JSON lines, one page each: {"file": name in DIR, "url": ..., and any of "date"
("YYYY-MM-DD" or null: the page shows none), "author" (null: no author; several joined with
", "), "title", "language" (ISO 639-1)}. A field absent from a line is not scored for that page.
The pages are not ours to commit (see tests/test_article_pages.py for where such pages come
from); the bench only reads them.

A page counts in `dev` or `held-out` by a hash of its file name, so the split never moves: rules
are looked for on dev misses (`--misses`), and held-out is only read for the figures.

Prints a table per split and one JSON line. The libraries are optional: a column is left out
when its package is missing (htmldate is a dependency; `pip install trafilatura
lxml_html_clean` for the other). htmldate here is its full search alone; `read_article` uses its
fast search only when the page's markup gives no date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aggregator.fetch.encoding import detect_encoding
from aggregator.parse.article import read_article

FIELDS = ("date", "author", "title", "language")
NO_VALUE = None


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: str
    raw: bytes
    expected: dict[str, str | None]

    @property
    def split(self) -> str:
        return "dev" if hashlib.sha1(self.name.encode()).digest()[0] < 128 else "held-out"


Reader = Callable[[Page], dict[str, str | None]]


def ours(page: Page) -> dict[str, str | None]:
    meta = read_article(page.html, page.url)
    return {
        "date": meta.published.date().isoformat() if meta.published else None,
        "author": meta.author,
        "title": meta.title,
        "language": meta.language,
    }


def _htmldate() -> Reader | None:
    try:
        from htmldate import find_date
    except ImportError:
        return None

    def read(page: Page) -> dict[str, str | None]:
        # As the library advises for publication dates: original date, not the last update;
        # extensive search on, which is its default.
        return {"date": find_date(page.raw, url=page.url, original_date=True)}

    return read


def _trafilatura() -> Reader | None:
    try:
        from trafilatura.metadata import extract_metadata
    except ImportError:
        return None

    def read(page: Page) -> dict[str, str | None]:
        meta = extract_metadata(page.html, default_url=page.url)
        if meta is None:
            return {}
        return {
            "date": meta.date,
            # trafilatura joins several authors with "; ", we with ", ": same names either way.
            "author": meta.author,
            "title": meta.title,
        }  # no language: its metadata has none unless told which one to look for

    return read


# --- comparing -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'“”„«»‘’‚]", "", text)
    return " ".join(text.split())


def _names(text: str) -> frozenset[str]:
    return frozenset(part for part in map(_fold, re.split(r"[;,]|\band\b|\bund\b", text)) if part)


def same(field: str, got: str | None, want: str | None) -> bool:
    if not want or not got:
        return not want and not got
    if field == "author":
        return _names(got) == _names(want)
    if field == "date":
        return got[:10] == want[:10]
    return _fold(got) == _fold(want)


# --- running ---------------------------------------------------------------------------------


def load(pages_dir: Path, expect: Path) -> list[Page]:
    pages = []
    for line in expect.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        path = pages_dir / row["file"]
        if not path.is_file():
            continue
        raw = path.read_bytes()
        html = raw.decode(detect_encoding(raw, "text/html"), errors="replace")
        expected = {field: row[field] for field in FIELDS if field in row}
        pages.append(Page(row["file"], row.get("url") or "", html, raw, expected))
    return pages


def run(pages: list[Page], readers: dict[str, Reader]) -> dict[str, Any]:
    """Per reader and field: pages scored, pages right, seconds spent, and the misses."""
    results: dict[str, Any] = {}
    for name, reader in readers.items():
        scores = {field: [0, 0] for field in FIELDS}
        misses: dict[str, list[tuple[str, Any, Any]]] = {field: [] for field in FIELDS}
        started = time.perf_counter()
        for page in pages:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    got = reader(page)
            except Exception as error:  # a library crash counts as a miss, not as the end
                got = {"error": repr(error)}
            for field, want in page.expected.items():
                if field not in got:
                    continue
                scores[field][0] += 1
                if same(field, got[field], want):
                    scores[field][1] += 1
                else:
                    misses[field].append((page.name, got[field], want))
        seconds = time.perf_counter() - started
        results[name] = {"scores": scores, "misses": misses, "ms_per_page": 1000 * seconds / max(1, len(pages))}
    return results


def table(split: str, results: dict[str, Any]) -> None:
    print(f"\n{split}")
    print(f"{'reader':<12}" + "".join(f"{field:>18}" for field in FIELDS) + f"{'ms/page':>10}")
    for name, result in results.items():
        cells = []
        for field in FIELDS:
            scored, right = result["scores"][field]
            cells.append(f"{right}/{scored} {100 * right / scored:5.1f}%" if scored else "-")
        print(f"{name:<12}" + "".join(f"{cell:>18}" for cell in cells) + f"{result['ms_per_page']:>10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--expect", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="all")
    parser.add_argument("--misses", choices=FIELDS, help="list our misses on dev for this field")
    parser.add_argument("--ours-only", action="store_true")
    args = parser.parse_args()
    pages = load(args.pages, args.expect)
    readers: dict[str, Reader] = {"ours": ours}
    if not args.ours_only:
        for name, make in (("htmldate", _htmldate), ("trafilatura", _trafilatura)):
            reader = make()
            if reader is not None:
                readers[name] = reader
    splits = ("dev", "held-out") if args.split == "all" else (args.split,)
    summary: dict[str, Any] = {"pages": len(pages)}
    for split in splits:
        chosen = [page for page in pages if page.split == split]
        results = run(chosen, readers)
        table(f"{split}: {len(chosen)} pages", results)
        summary[split] = {
            name: {**{f: result["scores"][f] for f in FIELDS}, "ms_per_page": round(result["ms_per_page"], 1)}
            for name, result in results.items()
        }
        if args.misses and split == "dev":
            for name, got, want in results["ours"]["misses"][args.misses]:
                print(f"  {name}: got {got!r} want {want!r}")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
