"""Links as pages write them -> absolute addresses, without ever raising.

urllib raises ValueError on some addresses ("http://[::1" with its bracket unclosed, a port
that is not a number): one such link in one item once failed a whole partner's feed. Here
such a link is simply no link.
"""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag


def join(base: str, href: str) -> str | None:
    """`href` resolved against `base`; None when urllib cannot read one of them."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def base_href(soup: BeautifulSoup, url: str) -> str:
    """The address a page's relative links are relative to: its <base href>, else its own."""
    base = soup.find("base", href=True)
    return (join(url, str(base["href"])) or url) if isinstance(base, Tag) else url
