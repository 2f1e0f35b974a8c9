"""Every record publishing reads, cut down to text XML can carry, in one pass on the way in.

clean.py strips such characters from what partners send, but stories stored before it did
still hold them, and one control character anywhere made every writer fail ("All strings must
be XML compatible" from lxml, UnicodeEncodeError for a lone surrogate in JSON and HTML). So
publishing does not trust its input: `publish` passes the site, the stories and the statuses
through `xml_safe` once, and the writers can take every string as safe.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from aggregator.xmltext import xml_text

T = TypeVar("T")


def xml_safe(value: T) -> T:
    """`value` with every string in it passed through `xml_text`: strings themselves, and the
    strings in tuples and (nested) frozen dataclasses such as Story, SourceRef, SiteInfo.
    Anything else (dates, numbers, paths, None) is returned as it is."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value
