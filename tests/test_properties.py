"""Property-based tests: charset decoding and URL handling never crash and keep their promises."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.dedup import TRACKING_PARAMS, clean_url, url_key
from aggregator.fetch import detect_encoding

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
words = st.text(alphabet=CYRILLIC + " .,-", min_size=1, max_size=200)  # in all three codecs


@given(text=words, codec=st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16"]))
def test_declared_charset_round_trips(text: str, codec: str) -> None:
    body = text.encode(codec)
    found = detect_encoding(body, f"text/html; charset={codec}")
    assert body.decode(found) == text


@given(text=words, codec=st.sampled_from(["utf-8", "cp1251", "koi8-r"]))
def test_xml_prolog_round_trips(text: str, codec: str) -> None:
    body = f'<?xml version="1.0" encoding="{codec}"?><t>{text}</t>'.encode(codec)
    assert body.decode(detect_encoding(body, "application/xml")).endswith(f"<t>{text}</t>")


@given(text=st.text(min_size=1, max_size=100))
def test_undeclared_utf8_is_recognised(text: str) -> None:
    body = text.encode("utf-8")
    assert body.decode(detect_encoding(body)) == text


@settings(max_examples=300)
@given(body=st.binary(max_size=2000), content_type=st.text(max_size=60))
def test_any_bytes_decode_without_error(body: bytes, content_type: str) -> None:
    codec = detect_encoding(body, content_type)
    body.decode(codec, errors="replace")  # a codec Python knows, whatever came in


@given(text=st.text(max_size=200))
def test_url_functions_are_total(text: str) -> None:
    for url in (text, "http://" + text, "https://example.org/" + text):
        assert isinstance(clean_url(url), str)
        assert isinstance(url_key(url), str)


segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_~ош", min_size=1, max_size=12)
hosts = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10), min_size=2, max_size=3
)
params = st.lists(
    st.tuples(
        st.sampled_from(["id", "page", "lang", "utm_source", "utm_medium", "fbclid", "gclid", "_ga", "mc_cid"]), segment
    ),
    max_size=5,
)


@given(host=hosts, path=st.lists(segment, max_size=4), query=params, slash=st.booleans(), fragment=segment)
def test_keys_are_stable_and_trackers_never_survive(
    host: list[str], path: list[str], query: list[tuple[str, str]], slash: bool, fragment: str
) -> None:
    url = f"https://{'.'.join(host)}/{'/'.join(path)}{'/' if slash else ''}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query)
    url += "#" + fragment
    clean = clean_url(url)
    assert clean and "#" not in clean
    assert not any(
        TRACKING_PARAMS.match(name) for name, _ in (p.split("=", 1) for p in urlsplit(clean).query.split("&") if p)
    )
    assert url_key(url) == url_key(clean) == url_key(url_key(url))
