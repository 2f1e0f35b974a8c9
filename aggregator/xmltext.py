"""Text that XML can carry: what a partner sends is cut down to it before it is stored or published.

XML 1.0 allows tab, newline, carriage return and the characters from U+0020 up, less the
surrogates (U+D800-U+DFFF) and U+FFFE/U+FFFF. One control character in one partner's title once
made every published file fail to serialise, so every text field passes through `xml_text`.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (control characters, lone surrogates,
    U+FFFE, U+FFFF); everything else, right-to-left marks included, is kept as it is."""
    return _NOT_XML.sub("", text)
