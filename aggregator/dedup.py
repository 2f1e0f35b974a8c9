"""Identity of items: clean links, the keys that recognise the same page, and story ids.

Pure functions; the store uses them to decide whether a sighting belongs to a known story.
"""

from __future__ import annotations

import hashlib
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

    Scheme and host lower-cased, default port, fragment and tracking parameters removed; the
    path stays exactly as the partner wrote it, since some servers treat `/post` and `/post/`
    differently. Returns "" for something that is not an http(s) address.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = [
        (key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(key)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def url_key(url: str) -> str:
    """The form used to recognise the same page behind different spellings of its address:
    the clean URL with percent-encoding normalised, no trailing slash, no `?amp` or `/amp/`
    variant, and the query parameters sorted. Returns "" for a non-http(s) address."""
    clean = clean_url(url)
    if not clean:
        return ""
    parts = urlsplit(clean)
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")
    path = re.sub(r"/amp/?$", "/", path).rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "amp")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def story_id(key: str) -> str:
    """The permanent id of a story first seen at the address with this `url_key`; chosen once,
    then stored and never recomputed."""
    return f"urn:uuid:{uuid.uuid5(STORY_NAMESPACE, key)}"


def content_hash(*fields: str | None) -> str:
    """A short digest of an item's visible fields: a changed hash means the partner edited it."""
    digest = hashlib.sha256("\x1f".join(field or "" for field in fields).encode("utf-8"))
    return digest.hexdigest()[:32]
