"""Identity of items by their address: clean links, the keys that recognise the same page, and story ids.

Pure functions; the store uses them to decide whether a sighting belongs to a known story.
"""

from __future__ import annotations

import functools
import re
import uuid
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader; removing them never changes the page served.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|yclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref_src|spm|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt_mc|at_medium|at_campaign)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
# Anything stable would do; this namespace only keeps our ids apart from other uuid5 users.
STORY_NAMESPACE = uuid.UUID("6f1c2d9e-6a55-4b0e-9d2a-1b7a3c4e5f60")


def clean_url(url: str) -> str:
    """The link as published: the partner's own address without what only tracks the reader.

    Scheme and host lower-cased, default port and tracking parameters removed. Path, query and
    fragment stay byte for byte as the partner wrote them: some servers treat `/post` and
    `/post/` differently, `?r123` is not `?r123=` to every server, and a fragment may be the
    item itself (a day page's paragraphs, a comment's permalink). A fragment made only of
    tracking parameters (`#utm_source=rss`) goes. Returns "" for what is not an http(s) address.
    """
    url = url.strip()
    plain = _PLAIN_URL_RE.fullmatch(url)
    if plain is None:
        return _clean_url_in_general(url)
    # Most links are already clean (lower case, no query, no fragment): only the port and an
    # empty path can change. Same result as _clean_url_in_general (test_properties), at a
    # fifth of the cost; a pass meets every item's link.
    scheme, host, port, path = plain.groups()
    if port is not None and int(port) not in (0, DEFAULT_PORTS[scheme]):
        if int(port) > 65535:
            return ""
        host = f"{host}:{int(port)}"
    return f"{scheme}://{host}{path or '/'}"


# http(s), a lower-case host name or IPv4 address, maybe a port, a path without spaces; no
# query, no fragment.
_PLAIN_URL_RE = re.compile(r"(https?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?(/[^?#\s]*)?")


def _clean_url_in_general(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    fragment = "" if _only_tracking(parts.fragment) else parts.fragment
    return urlunsplit((scheme, host, parts.path or "/", _without_tracking(parts.query), fragment))


def _without_tracking(query: str) -> str:
    """The query's tracking parameters removed, every other byte as it was: re-encoding it
    (parse_qsl + urlencode) turned `?r123` into `?r123=` and `%7e` into `~`."""
    if not query:
        return query
    return "&".join(piece for piece in query.split("&") if not _is_tracking(piece))


def _is_tracking(piece: str) -> bool:
    return bool(TRACKING_PARAMS.match(unquote(piece.partition("=")[0])))


def _only_tracking(fragment: str) -> bool:
    # Some newsletters put their tags after "#" ("#utm_source=rss&utm_medium=feed").
    return bool(fragment) and "=" in fragment and all(map(_is_tracking, fragment.split("&")))


_AMP_SUFFIX_RE = re.compile(r"/amp/?$")


# The store and the language-version checks ask for the same new item's key several times.
@functools.lru_cache(maxsize=4096)
def url_key(url: str) -> str:
    """The form used to recognise the same page behind different spellings of its address:
    the clean URL with percent-encoding normalised, no trailing slash, no `?amp` or `/amp/`
    variant, and the query parameters sorted. Returns "" for a non-http(s) address.

    A fragment names an item within the page and stays (`day.html#a0512` and `#a0618`,
    `post#comment-5` and `#comment-6` are different items), except the anchors that only say
    where on the post's own page to look: "read more" (`#more`, `#more-123`), skip links
    (`#main`, `#content`), the comments section (`#comments`, `#respond`), `#top`, and text
    fragments (`#:~:text=`). A post linked as `post/#more-123` is the post at `post/`."""
    clean = clean_url(url)
    if not clean:
        return ""
    parts = urlsplit(clean)
    path = parts.path
    if not _NORMAL_PATH_RE.fullmatch(path):  # else percent-encoding it again changes nothing
        path = quote(unquote(path), safe=_PATH_SAFE)
    path = _AMP_SUFFIX_RE.sub("/", path).rstrip("/") or "/"
    fragment = "" if _PAGE_POSITION_RE.fullmatch(parts.fragment) else parts.fragment
    if not parts.query and not fragment:
        return f"{parts.scheme}://{parts.netloc}{path}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "amp")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), fragment))


# Anchors within a post's own page (see url_key), as WordPress and most themes write them.
_PAGE_POSITION_RE = re.compile(
    r"|more(?:-\d+)?|read-?more|main|(?:main-|site-|primary-)?content|comments|respond|reply|top|:~:.*",
    re.IGNORECASE | re.DOTALL,
)


_PATH_SAFE = "/:@!$&'()*+,;=-._~"
# A path quote(unquote(path), safe=_PATH_SAFE) gives back as it is: no "%", only characters
# quote leaves alone.
_NORMAL_PATH_RE = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~-]*")


@functools.lru_cache(maxsize=4096)  # asked for again by each step that meets the new item
def story_id(key: str) -> str:
    """The permanent id of a story first seen at the address with this `url_key`; chosen once,
    then stored and never recomputed."""
    return f"urn:uuid:{uuid.uuid5(STORY_NAMESPACE, key)}"
