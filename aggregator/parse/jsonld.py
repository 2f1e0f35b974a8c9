"""An article page's JSON-LD -> its article node (`article_node`), read leniently.

CMS templates write JSON-LD by hand: a trailing comma, a stray character after the object, an
unescaped quote inside `articleBody`. Each block is read on its own, and a block that is still
broken gives its plain string fields (dates, headline, language) by pattern, since those are
what we came for and are rarely the broken part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup

__all__ = ["ARTICLE_TYPES", "PERSON", "article_node", "ld_name", "ld_people"]

ARTICLE_TYPES = ("NewsArticle", "Article", "BlogPosting", "ReportageNews", "AnalysisNewsArticle", "Report")
PAGE_TYPES = ("WebPage", "ItemPage")  # Yoast puts the dates on the WebPage node as well
PERSON = "Person"

_WRAPPER_RE = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_TRAILING_COMMA_RE = re.compile(r",\s*(?=[}\]])")
# The fields read by pattern from a block no parser accepts.
_SALVAGED = ("@type", "datePublished", "dateModified", "headline", "inLanguage")
_STRING_FIELD_RE = re.compile(r'"(?P<key>{})"\s*:\s*"(?P<value>[^"\\]*)"'.format("|".join(map(re.escape, _SALVAGED))))


def article_node(soup: BeautifulSoup) -> dict[str, Any]:
    """The article node (an Article type first, else the WebPage node), with references
    (`{"@id": ...}`) resolved within the page, and fields it lacks taken from later article
    nodes of the page (a plugin's second block often carries the author the first one lacks)."""
    nodes = [node for data in _blocks(soup) for node in _walk(data)]
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for wanted in (ARTICLE_TYPES, PAGE_TYPES):
        found = [node for node in nodes if _has_type(node, wanted)]
        if found:
            merged: dict[str, Any] = {}
            for node in found:
                for key, value in node.items():
                    if key not in merged and value not in (None, "", [], {}):
                        merged[key] = _resolve(value, by_id)
            return merged
    return {}


def _blocks(soup: BeautifulSoup) -> Iterator[Any]:
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
        text = _WRAPPER_RE.sub("", (script.string or script.get_text() or "").strip()).strip()
        if text:
            yield from lenient_loads(text)


def lenient_loads(text: str) -> list[Any]:
    """The JSON values in `text`, however it is spoiled; [] when nothing can be read."""
    for attempt in (text, _TRAILING_COMMA_RE.sub("", text)):
        try:
            return [json.loads(attempt, strict=False)]
        except ValueError:
            pass
        values = _raw_values(attempt)
        if values:
            return values
    salvaged = {match["key"]: match["value"] for match in _STRING_FIELD_RE.finditer(text)}
    if not salvaged.get("@type"):
        salvaged["@type"] = "Article"  # only article pages are read here
    return [salvaged] if len(salvaged) > 1 else []


def _raw_values(text: str) -> list[Any]:
    """Top-level values that parse up to a stray character: `{...};`, `x{...}`, `{...}{...}`.
    Only from the first bracket on: an inner object of a broken block is not the article."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    position = 0
    while True:
        start = min((i for i in (text.find("{", position), text.find("[", position)) if i >= 0), default=-1)
        if start < 0:
            return values
        try:
            value, position = decoder.raw_decode(text, start)
        except ValueError:
            return values
        values.append(value)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph"))
        yield from _walk(data.get("mainEntity"))


def _has_type(node: dict[str, Any], wanted: tuple[str, ...]) -> bool:
    return any(name in wanted for name in ld_types(node))


def ld_types(node: Any) -> list[str]:
    """ "https://schema.org/NewsArticle" and ["Article"] alike -> ["NewsArticle"], ["Article"]."""
    types = node.get("@type") if isinstance(node, dict) else None
    names = types if isinstance(types, list) else [types]
    return [name.split("/")[-1] for name in names if isinstance(name, str)]


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def ld_people(value: Any) -> list[tuple[str, bool]]:
    """(name, is a person) for each author in a JSON-LD value: a string, an object or a list.
    A bare string counts as a person: that is what the field is for."""
    if isinstance(value, str):
        return [] if value.startswith(("http://", "https://")) else [(value, True)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):  # {"name": ["Anna", "Erik"]}
            name = ", ".join(item for item in name if isinstance(item, str))
        types = ld_types(value)
        return [(name, not types or PERSON in types)] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [person for item in value for person in ld_people(item)]
    return []


def ld_name(value: Any) -> str | None:
    """The names in a JSON-LD person/organisation value, joined with ", "."""
    names = [name for name, _ in ld_people(value)]
    return ", ".join(dict.fromkeys(names)) or None
