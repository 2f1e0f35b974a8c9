"""Links as pages write them -> absolute addresses, without ever raising.

urllib raises ValueError on some addresses ("http://[::1" with its bracket unclosed, a port
that is not a number): one such link in one item once failed a whole partner's feed. Here
such a link is simply no link.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag


def join(base: str, href: str) -> str | None:
    """`href` resolved against `base`; None when urllib cannot read one of them."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def guid_link(guid: str | None, base: str, permalink: Literal["true", "false"] | None) -> str | None:
    """The link an item's guid or id stands for, when the item has no link of its own.

    An id is a name, not an address: "tag:x,2019:1", "12345" or "right" must not become
    "https://partner/feeds/right". A guid is a link only when it is an absolute http(s) address
    (and the feed does not say isPermaLink="false"), or when an RSS guid says isPermaLink="true"
    outright and resolves to an http(s) address.
    """
    guid = (guid or "").strip()
    if not guid or permalink == "false":
        return None
    if is_web_address(guid):
        return guid
    resolved = join(base, guid) if permalink == "true" else None
    return resolved if resolved and is_web_address(resolved) else None


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host (publishing links only to those, too)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def base_href(soup: BeautifulSoup, url: str) -> str:
    """The address a page's relative links are relative to: its <base href>, else its own."""
    base = soup.find("base", href=True)
    return (join(url, str(base["href"])) or url) if isinstance(base, Tag) else url
