"""feedparser's own test feeds (../shared/corpora/feedparser-tests/), read as conformance cases.

Each file opens with a comment holding `Expect:`, a Python expression over feedparser's result
that feedparser's maintainers consider right for that file. Here the expression is evaluated
against our `ParsedPage` presented in feedparser's shape (`as_result`), for the keys we claim
to produce; touching any other key raises `UnclaimedKeyError`, so a case is either judged on our keys
or counted out of scope under the key it needed, never silently passed.

The corpus is not ours and is never copied into the repository: it is looked for at test time
(AGGREGATOR_CORPORA, then beside the repository, then /work/shared) and the tests skip without it.
"""

from __future__ import annotations

import ast
import builtins
import datetime
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aggregator.fetch import detect_encoding
from aggregator.models import ParsedPage, RawEntry
from aggregator.parse.fastfeed import parse_fast
from aggregator.parse.feed import feed_bytes, parse_with_feedparser

CORPORA_ENV = "AGGREGATOR_CORPORA"
# feedparser's harness serves the files from this address; its `base` tests expect links
# resolved against it.
HARNESS = "http://127.0.0.1:8097/tests/"
_EXPECT = re.compile(r"^\s*Expect:\s*(.*?)\s*$", re.MULTILINE)
_DESCRIPTION = re.compile(r"^\s*Description:\s*(.*?)\s*$", re.MULTILINE)
# The Content-Type the harness serves a file with ("Header: Content-type: text/xml; charset=...").
_CONTENT_TYPE = re.compile(r"^\s*Header:\s*Content-type:\s*(.*?)\s*$", re.MULTILINE | re.IGNORECASE)

# The keys we claim, in feedparser's names, with the aliases feedparser's own dict resolves.
ENTRY_KEYS = frozenset({"title", "link", "id", "author", "published_parsed", "updated_parsed"})
FEED_KEYS = frozenset({"title", "link", "language"})
_ALIASES = {"guid": "id", "issued_parsed": "published_parsed", "modified_parsed": "updated_parsed"}
_ALIASES |= {"date_parsed": "updated_parsed"}
# Names of feedparser's result besides feed/entries: all about feedparser itself (HTTP, encoding).
_RESULT_NAMES = {"version", "encoding", "headers", "etag", "modified", "modified_parsed", "href", "status"}
_RESULT_NAMES |= {"namespaces", "bozo_exception", "bozo"}


def corpus_dir() -> Path | None:
    """Where feedparser-tests/ is, or None: the environment's folder, then shared/ beside the
    repository (sessions), then /work/shared (a CI clone sits elsewhere with shared/ copied)."""
    repo = Path(__file__).resolve().parents[1]
    candidates = [Path(os.environ[CORPORA_ENV])] if os.environ.get(CORPORA_ENV) else []
    candidates += [repo.parent / "shared" / "corpora", Path("/work/shared/corpora")]
    for folder in candidates:
        if (folder / "feedparser-tests").is_dir():
            return folder / "feedparser-tests"
    return None


SKIP_REASON = f"feedparser's test feeds not found: set {CORPORA_ENV} to the folder holding feedparser-tests/"


class UnclaimedKeyError(Exception):
    """The expression needs a key we do not produce; its text names the key ("entry.summary")."""


@dataclass(frozen=True)
class Case:
    path: Path
    name: str  # relative to the corpus: "wellformed/rss/item_pubDate.xml"
    category: str  # "wellformed/rss", "illformed/chardet", "entities"
    description: str
    expect: str | None  # None: the file has no Expect line
    content_type: str = ""  # as feedparser's harness serves the file

    @property
    def base_url(self) -> str:
        return HARNESS + self.name

    def body(self) -> bytes:
        """The file as parse_feed would hand it on: decoded by the fetcher's rules (with the
        harness's Content-Type), as UTF-8."""
        raw = self.path.read_bytes()
        return feed_bytes(raw.decode(detect_encoding(raw, self.content_type), errors="replace"))


@cache
def cases() -> tuple[Case, ...]:
    root = corpus_dir()
    if root is None:
        return ()
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != "LICENSE"):
        relative = path.relative_to(root)
        head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
        expect, description, content_type = _EXPECT.search(head), _DESCRIPTION.search(head), _CONTENT_TYPE.search(head)
        parts = relative.parts
        category = "/".join(parts[:2]) if len(parts) > 2 else parts[0]
        found.append(
            Case(
                path=path,
                name=relative.as_posix(),
                category=category,
                description=description.group(1) if description else "",
                expect=expect.group(1) if expect else None,
                content_type=content_type.group(1) if content_type else "",
            )
        )
    return tuple(found)


@cache
def parsed(case: Case, path: str) -> ParsedPage | None:
    """The case through one of our two parsers, forced: "fast" (None when it declines) or
    "feedparser"."""
    body = case.body()
    if path == "fast":
        return parse_fast(body, case.base_url)
    return parse_with_feedparser(body, case.base_url)


# --- our page in feedparser's shape ----------------------------------------------------------


class _View:
    """One of feedparser's dicts (the feed, or an entry) holding only the keys we claim;
    feedparser's habits kept: key or attribute access, absent when we have no value."""

    def __init__(self, where: str, claimed: frozenset[str], values: dict[str, object]) -> None:
        self._where, self._claimed = where, claimed
        self._values = {key: value for key, value in values.items() if value is not None}

    def _canonical(self, key: str) -> str:
        canonical = _ALIASES.get(key, key)
        if canonical not in self._claimed:
            raise UnclaimedKeyError(f"{self._where}.{key}")
        return canonical

    def __getitem__(self, key: str) -> object:
        return self._values[self._canonical(key)]

    def __getattr__(self, key: str) -> object:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __contains__(self, key: str) -> bool:
        return self._canonical(key) in self._values

    def has_key(self, key: str) -> bool:
        return key in self

    def get(self, key: str, default: object = None) -> object:
        return self._values.get(self._canonical(key), default)


def _struct(when: datetime.datetime | None) -> time.struct_time | None:
    return when.astimezone(datetime.UTC).utctimetuple() if when else None


def _entry(entry: RawEntry) -> _View:
    values = {"title": entry.title, "link": entry.link, "id": entry.guid, "author": entry.author}
    values |= {"published_parsed": _struct(entry.published), "updated_parsed": _struct(entry.updated)}
    return _View("entry", ENTRY_KEYS, values)


class _Result(Mapping[str, Any]):
    """The names an Expect expression reads (`feed`, `entries`), as eval's locals; a name of
    feedparser's result that we do not produce is UnclaimedKeyError, anything else falls to builtins."""

    def __init__(self, page: ParsedPage) -> None:
        feed = _View("feed", FEED_KEYS, {"title": page.title, "link": page.link, "language": page.language})
        entries = [_entry(entry) for entry in page.entries]
        self._names = {"feed": feed, "channel": feed, "entries": entries, "items": entries}

    def __getitem__(self, name: str) -> object:
        if name in self._names:
            return self._names[name]
        if name in _RESULT_NAMES:
            raise UnclaimedKeyError(f"result.{name}")
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    unclaimed: str | None = None  # the key that put the case out of scope
    detail: str = ""


def judge(expect: str, page: ParsedPage) -> Verdict:
    """Evaluate feedparser's expectation against our page."""
    try:
        code = compile(_without_bozo(expect), "<Expect>", "eval")
        ok = eval(code, {"__builtins__": builtins, "time": time, "datetime": datetime}, _Result(page))
    except UnclaimedKeyError as key:
        return Verdict(False, unclaimed=str(key))
    except Exception as error:  # the key we claim is missing or has the wrong shape: a failure
        return Verdict(False, detail=f"{type(error).__name__}: {error}")
    return Verdict(bool(ok), detail="" if ok else "expression is false")


def _without_bozo(expect: str) -> ast.Expression:
    """`not bozo and X` -> `X`: bozo is feedparser's well-formedness flag, which our parsers do
    not report (the fast path declines, feedparser reads what it can). Alone, `bozo` is UnclaimedKeyError."""
    tree = ast.parse(expect, mode="eval")
    body = tree.body
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) and _is_bozo(body.values[0]):
        rest = body.values[1:]
        body = rest[0] if len(rest) == 1 else ast.BoolOp(op=ast.And(), values=rest)
    return ast.fix_missing_locations(ast.Expression(body=body))


def _is_bozo(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        node = node.operand
    return isinstance(node, ast.Name) and node.id == "bozo"
