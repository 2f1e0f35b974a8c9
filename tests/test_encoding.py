"""How the fetcher decides a body's text encoding."""

from __future__ import annotations

import codecs

import pytest

from aggregator.fetch import detect_encoding


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param("<p>Привет</p>".encode("cp1251"), "text/html; charset=windows-1251", "cp1251", id="http-charset"),
        pytest.param('<?xml version="1.0" encoding="KOI8-R"?><rss/>'.encode("koi8-r"), "application/xml", "koi8-r", id="xml-prolog"),
        pytest.param('<meta charset="windows-1251"><p>Ош</p>'.encode("cp1251"), "text/html", "cp1251", id="html-meta"),
        pytest.param(codecs.BOM_UTF8 + "<p>ü</p>".encode(), "text/html; charset=windows-1251", "utf-8", id="bom-beats-header"),
        pytest.param("<p>Правозащитники обсудили свободу собраний</p>".encode("cp1251"), "text/html; charset=utf-8", "cp1251", id="utf8-label-on-cp1251-bytes"),
        pytest.param("<p>Жаштар үчүн</p>".encode("utf-16"), "", "utf-16", id="utf16-bom"),
        pytest.param("юя".encode("cp1251"), "text/plain; charset=windows-1251", "cp1251", id="cp1251-text-that-looks-like-a-bom"),
        pytest.param(b"plain ascii", "", "utf-8", id="no-hints"),
        pytest.param(b"<p>x</p>", "text/html; charset=no-such-codec", "utf-8", id="unknown-charset"),
        pytest.param("<p>Кыргызстандагы жаштар укук коргоо боюнча тренингге катышты</p>".encode("cp1251"), "", "cp1251", id="undeclared-cp1251-detected"),
    ],
)  # fmt: skip
def test_detect_encoding(body: bytes, content_type: str, expected: str) -> None:
    assert detect_encoding(body, content_type) == expected
