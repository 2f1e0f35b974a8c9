"""Which text encoding a fetched body is in: BOM, HTTP charset, XML prolog, HTML meta, detection."""

from __future__ import annotations

import codecs
import re
from email.message import Message

import charset_normalizer

_XML_PROLOG = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HTML_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_DETECT_BYTES = 65536  # enough text to tell windows-1251 from KOI8-R; detection is slow on more
# The encodings our partners' languages are written in when not in UTF-8: Cyrillic (ru, ky, kk,
# tg, uz), Polish and Western European. Short texts are ambiguous between near-identical code
# pages (windows-1251 and mac-cyrillic), so detection only chooses among these.
_LIKELY_ENCODINGS = ["utf_8", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "cp1252", "iso8859_1", "utf_16"]


def detect_encoding(body: bytes, content_type: str = "") -> str:
    """The Python codec name of a body's text encoding. Never raises.

    Order: BOM (when the document it starts really decodes), HTTP charset, XML prolog, HTML meta,
    then detection. A declared encoding that
    Python does not know is skipped, and so is a declared UTF-8 that the bytes are not: partner
    sites on shared hosting often say utf-8 while serving windows-1251.
    """
    for bom, name in _BOMS:
        if body.startswith(bom) and _is_markup(body, name):
            return name
    head = body[:4096]
    prolog = _XML_PROLOG.match(head.lstrip())
    meta = _HTML_META.search(head)
    declared = (
        _http_charset(content_type),
        prolog.group(1).decode("ascii") if prolog else None,
        meta.group(1).decode("ascii") if meta else None,
    )
    for name in declared:
        codec = _codec(name)
        if codec and (codec != "utf-8" or _is_utf8(body)):
            return codec
    if _is_utf8(body):
        return "utf-8"
    best = charset_normalizer.from_bytes(body[:_DETECT_BYTES], cp_isolation=_LIKELY_ENCODINGS).best()
    return _codec(best.encoding if best else None) or "utf-8"


def _is_markup(body: bytes, codec: str) -> bool:
    """Whether a BOM really starts a document in `codec`: its text decodes and holds markup.

    A UTF-16 BOM is also "юя" in windows-1251, so two bytes alone prove nothing; feeds and
    pages always contain a "<".
    """
    try:
        return "<" in body.decode(codec)
    except UnicodeDecodeError:
        return False


def _http_charset(content_type: str) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name.replace("_", "-")
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it (found by fuzzing)
        return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
