"""Which addresses from outside may become links in what we publish, and how they are written.

Story links, partner sites and polled addresses come from partners (or their redirects). A
"javascript:" or "data:" address is script, not a place to go, and quotes, spaces or angle
brackets let an address break out of the attribute or element it is written into by readers
that assemble HTML from feeds with string operations. So only absolute http(s) addresses are
published as links, with every character that cannot stand in a URL percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata

from aggregator.parse.urls import is_web_address

# Browsers (WHATWG URL) drop tabs and line breaks anywhere in an address; so do we before
# judging the scheme, or "java\tscript:" would pass for a relative address.
_DROPPED = re.compile("[\t\n\r]")
# Characters outside the ones RFC 3986 lets stand as they are (and "%", kept so addresses that
# are already encoded are not encoded twice): each is looked at by _encode.
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")


def safe_url(url: str | None) -> str | None:
    """`url` as a link we may publish: an absolute http(s) address, with spaces, quotes, angle
    brackets, other ASCII that cannot stand in a URL and invisible Unicode (controls, bidi
    overrides, separators) percent-encoded. Letters of other scripts stay as they are (an IRI).
    None for anything else: other schemes, relative or unparsable addresses, None itself."""
    if not url:
        return None
    url = _DROPPED.sub("", url).strip()
    if not is_web_address(url):  # other schemes, relative, or "http://[" and the like
        return None
    return _NOT_PLAIN.sub(_encode, url)


def _encode(match: re.Match[str]) -> str:
    char = match.group()
    if char.isascii() or unicodedata.category(char)[0] in "CZ":
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return char
