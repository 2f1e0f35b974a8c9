"""Property-based tests: charset decoding and URL handling never crash and keep their promises."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aggregator.dedup import _NORMAL_PATH_RE, _PATH_SAFE, TRACKING_PARAMS, _clean_url_in_general, clean_url, url_key
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
    # Issue 19: the fragment may be the item (a paragraph, a comment): it is published as written.
    assert clean and urlsplit(clean).fragment == fragment
    assert not any(
        TRACKING_PARAMS.match(name) for name, _ in (p.split("=", 1) for p in urlsplit(clean).query.split("&") if p)
    )
    assert url_key(url) == url_key(clean) == url_key(url_key(url))


url_pieces = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "Https", "ftp"]),
    st.text(alphabet="abcAB019-._", min_size=0, max_size=20),
    st.one_of(st.none(), st.sampled_from(["0", "80", "443", "8080", "00443", "65535", "65536", "99999", "x"])),
    st.text(alphabet="/abz09-._~%:@!$&'()*+,;= ош\t?#", max_size=30),
    st.sampled_from(["", " ", "\n"]),
)


@settings(max_examples=500)
@given(pieces=url_pieces)
@example(("http", "abc", "0", "/x", ""))  # port 0: none
@example(("https", "abc.org", "00443", "", " "))  # the default port, however written
@example(("http", "abc", "65536", "/", ""))  # no such port
@example(("http", "Abc.org", None, "/x", ""))  # upper case goes the general way
@example(("http", "abc.org.", None, "/x", ""))  # so does a trailing dot
def test_a_plain_link_is_cleaned_as_any_other(pieces: tuple[str, str, str | None, str, str]) -> None:
    """clean_url's shortcut for already-clean links gives what the general way gives."""
    scheme, host, port, path, space = pieces
    url = f"{space}{scheme}://{host}{'' if port is None else ':' + port}{path}{space}"
    assert clean_url(url) == _clean_url_in_general(url.strip())


@given(path=st.text(alphabet="/abz09-._~%:@!$&'()*+,;= ошÅ?#[]", max_size=30))
def test_url_keys_shortcuts_change_nothing(path: str) -> None:
    """url_key leaves a path alone when re-encoding it would give it back, and writes a key
    without query itself: both as the general way would."""
    if _NORMAL_PATH_RE.fullmatch(path):
        assert quote(unquote(path), safe=_PATH_SAFE) == path
    if path.startswith("/") and "?" not in path and "#" not in path:
        assert urlunsplit(("https", "example.org", path, "", "")) == f"https://example.org{path}"
