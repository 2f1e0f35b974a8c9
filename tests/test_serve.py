"""aggregator.serve over real HTTP: uvicorn in a thread on 127.0.0.1, httpx as the client."""

from __future__ import annotations

import gzip
import os
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from aggregator.publish.files import write_if_changed
from aggregator.publish.manifest import MANIFEST_NAME, manifest_bytes
from aggregator.serve import HealthInfo, create_app, serving

NOW = datetime.now(UTC)
FRESH = HealthInfo(last_collection_at=NOW - timedelta(minutes=5), last_publish_at=NOW - timedelta(minutes=4))
# Big enough to be worth compressing (GZipMiddleware leaves bodies under 500 bytes alone).
ATOM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    + "<title>Новости партнёров</title>" * 40
    + "</feed>\n"
).encode()
FILES = {
    "feed.atom": ATOM,
    "feed.rss": b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
    "feed.json": b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}\n',
    "sv/feed.json": b'{"version": "https://jsonfeed.org/version/1.1", "title": "sv", "items": []}\n',
    "sources.opml": b'<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>\n',
    "index.html": b"<!DOCTYPE html><title>Staff page</title>\n",
    "partners/cag/index.html": b"<!DOCTYPE html><title>Centralasiengrupperna</title>\n",
    "partners/cag/feed.rss": b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
    ".feed.atom.x1y2.tmp": b"half a file being written by publish",
}
# In the folder but not written by publish: never served.
UNLISTED = {
    "sources.yaml": b"database: postgresql+psycopg://news:secret@db/news\n",
    "aggregator.db": b"SQLite format 3\x00",
    "drafts/index.html": b"<!DOCTYPE html><title>Not published</title>\n",
    "drafts/feed.rss": b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
}


@pytest.fixture
def public(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    for name, data in {**FILES, **UNLISTED}.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    (out / MANIFEST_NAME).write_bytes(manifest_bytes(name for name in FILES if not name.startswith(".")))
    (tmp_path / "secret.txt").write_text("outside the published folder")
    return out


@pytest.fixture
def server(public: Path) -> Iterator[str]:
    with serving(public, lambda: FRESH) as base_url:
        yield base_url


@pytest.fixture
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, headers={"Accept-Encoding": "identity"}) as client:
        yield client


def raw_get(base_url: str, target: str, authorization: str | None = None) -> tuple[int, bytes]:
    """A request with the path exactly as given: httpx would normalise "../" away."""
    host, port = base_url.removeprefix("http://").split(":")
    extra = f"Authorization: {authorization}\r\n" if authorization else ""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode())
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    return int(response.split(b" ", 2)[1]), response


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/feed.atom", "application/atom+xml"),
        ("/feed.rss", "application/rss+xml"),
        ("/feed.json", "application/feed+json"),
        ("/sv/feed.json", "application/feed+json"),
        ("/sources.opml", "text/x-opml; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/partners/cag/feed.rss", "application/rss+xml"),
    ],
)
def test_serves_files_with_their_content_type_and_validators(
    client: httpx.Client, path: str, content_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.content == FILES[path.lstrip("/")]
    assert response.headers["etag"].startswith('W/"')
    assert response.headers["last-modified"].endswith(" GMT")
    assert response.headers["cache-control"] == "no-cache"  # keep, but ask again (a cheap 304)
    assert response.headers["x-content-type-options"] == "nosniff"


def test_directories_are_answered_by_their_index(client: httpx.Client) -> None:
    root = client.get("/")
    assert root.status_code == 200 and root.content == FILES["index.html"]
    assert client.get("/partners/cag/").content == FILES["partners/cag/index.html"]
    redirect = client.get("/partners/cag")
    assert redirect.is_redirect and redirect.headers["location"].endswith("/partners/cag/")


def test_pages_get_security_headers(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_head_gives_headers_only(client: httpx.Client) -> None:
    response = client.head("/feed.atom")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(len(ATOM))


# --- conditional GET -------------------------------------------------------------------------


def test_if_none_match_gives_304(client: httpx.Client) -> None:
    etag = client.get("/feed.atom").headers["etag"]
    again = client.get("/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    # A strong form of the same tag, or one of several, matches too (weak comparison).
    assert client.get("/feed.atom", headers={"If-None-Match": etag.removeprefix("W/")}).status_code == 304
    assert client.get("/feed.atom", headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert client.get("/feed.atom", headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since_gives_304(client: httpx.Client) -> None:
    last_modified = client.get("/feed.rss").headers["last-modified"]
    assert client.get("/feed.rss", headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get("/feed.rss", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200


def test_etag_follows_publish(client: httpx.Client, public: Path) -> None:
    etag = client.get("/feed.atom").headers["etag"]
    # publish leaves a file with the same bytes untouched: readers keep getting 304.
    assert not write_if_changed(public / "feed.atom", ATOM)
    assert client.get("/feed.atom", headers={"If-None-Match": etag}).status_code == 304
    changed = ATOM.replace(b"</feed>", b"<id>urn:x</id></feed>")
    assert write_if_changed(public / "feed.atom", changed)
    os.utime(public / "feed.atom", (1_900_000_000, 1_900_000_000))  # a later mtime, whatever the clock
    response = client.get("/feed.atom", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.content == changed
    assert response.headers["etag"] != etag


# --- gzip ------------------------------------------------------------------------------------


def test_gzip_when_the_client_accepts_it(server: str) -> None:
    with httpx.Client(base_url=server) as client:
        response = client.get("/feed.atom", headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in response.headers["vary"].lower()
        assert response.content == ATOM  # httpx decompressed it
        assert int(response.headers["content-length"]) < len(ATOM) / 3
        etag = response.headers["etag"]
        assert client.get("/feed.atom", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}).status_code == 304


def test_gzip_body_is_the_file_compressed(server: str) -> None:
    with (
        httpx.Client(base_url=server) as client,
        client.stream("GET", "/feed.atom", headers={"Accept-Encoding": "gzip"}) as response,
    ):
        compressed = b"".join(response.iter_raw())
    assert gzip.decompress(compressed) == ATOM


def test_no_gzip_without_accept_encoding(client: httpx.Client) -> None:
    response = client.get("/feed.atom")
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(ATOM))


# --- what is not served ----------------------------------------------------------------------


def test_missing_file_is_404(client: httpx.Client) -> None:
    assert client.get("/nothing.atom").status_code == 404
    assert client.get("/partners/nobody/").status_code == 404


def test_publish_temp_files_are_never_served(client: httpx.Client) -> None:
    assert client.get("/.feed.atom.x1y2.tmp").status_code == 404
    assert client.get("/" + MANIFEST_NAME).status_code == 404


@pytest.mark.parametrize("path", [f"/{name}" for name in UNLISTED] + ["/drafts/", "/drafts", "/partners/"])
def test_only_what_publish_listed_is_served(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"secret" not in response.content and b"Not published" not in response.content


def test_a_new_manifest_is_followed(client: httpx.Client, public: Path) -> None:
    assert client.get("/drafts/feed.rss").status_code == 404
    (public / MANIFEST_NAME).write_bytes(manifest_bytes(["drafts/feed.rss", "drafts/index.html"]))
    assert client.get("/drafts/feed.rss").content == UNLISTED["drafts/feed.rss"]
    assert client.get("/drafts/").content == UNLISTED["drafts/index.html"]
    assert client.get("/feed.atom").status_code == 404  # no longer listed
    (public / MANIFEST_NAME).unlink()
    assert client.get("/drafts/feed.rss").status_code == 404


def test_output_dir_root_serves_nothing(tmp_path: Path) -> None:
    # config.py refuses output_dir: /, and even so serve has no manifest there to answer from.
    with serving(Path("/"), lambda: FRESH) as base_url:
        for target in ("/etc/passwd", "/etc/hostname", "/", "/tmp/"):
            status, response = raw_get(base_url, target)
            assert status == 404 and b"root:" not in response


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/partners/%2e%2e/%2e%2e/secret.txt",
        "/partners/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
    ],
)
def test_no_path_traversal(server: str, target: str) -> None:
    status, response = raw_get(server, target)
    assert status in (400, 404), response[:200]
    assert b"outside the published folder" not in response and b"root:" not in response


def test_nothing_published_yet_is_404_not_an_error(tmp_path: Path) -> None:
    with serving(tmp_path / "not-yet", lambda: FRESH) as base_url:
        assert httpx.get(base_url + "/feed.atom").status_code == 404
        assert httpx.get(base_url + "/").status_code == 404


# --- /healthz --------------------------------------------------------------------------------


def health_of(public: Path, health: Callable[[], HealthInfo], **options: timedelta) -> httpx.Response:
    with serving(public, health, **options) as base_url:
        return httpx.get(base_url + "/healthz")


def test_healthz_is_200_while_collection_and_publish_are_recent(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok" and body["problems"] == []
    assert datetime.fromisoformat(body["last_collection_at"]) == FRESH.last_collection_at
    assert datetime.fromisoformat(body["last_publish_at"]) == FRESH.last_publish_at
    assert body["max_age_seconds"] == 7200


@pytest.mark.parametrize(
    ("info", "problems"),
    [
        pytest.param(HealthInfo(NOW - timedelta(hours=3), NOW), ["no collection within 2 h"], id="collection stopped"),
        pytest.param(HealthInfo(NOW, NOW - timedelta(hours=3)), ["no publish within 2 h"], id="publish failing"),
        pytest.param(HealthInfo(None, None), ["no collection within 2 h", "no publish within 2 h"], id="never ran"),
    ],
)
def test_healthz_is_503_when_stale(public: Path, info: HealthInfo, problems: list[str]) -> None:
    response = health_of(public, lambda: info)
    assert response.status_code == 503
    assert response.json()["status"] == "stale"
    assert response.json()["problems"] == problems


def test_healthz_max_age_is_configurable(public: Path) -> None:
    now = datetime.now(UTC)  # not the import's NOW: a loaded suite reaches this test minutes later
    info = HealthInfo(now - timedelta(minutes=20), now)
    assert health_of(public, lambda: info, max_age=timedelta(minutes=30)).status_code == 200
    stale = health_of(public, lambda: info, max_age=timedelta(minutes=10))
    assert stale.status_code == 503 and stale.json()["problems"] == ["no collection within 10 min"]


def test_healthz_is_503_when_the_last_publish_failed(public: Path) -> None:
    failed = HealthInfo(FRESH.last_collection_at, FRESH.last_publish_at, publish_error="OSError: disk full")
    response = health_of(public, lambda: failed)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["publish_error"] == "OSError: disk full"
    assert body["problems"] == ["the last publish failed: OSError: disk full"]
    assert body["last_publish_at"] is not None and body["max_age_seconds"] == 7200


def test_healthz_says_publish_error_is_none_when_publish_worked(client: httpx.Client) -> None:
    assert client.get("/healthz").json()["publish_error"] is None


def test_healthz_is_503_when_the_check_itself_fails(public: Path) -> None:
    def broken() -> HealthInfo:
        raise OSError("database is locked")

    response = health_of(public, broken)
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "database is locked" in response.json()["error"]


def test_create_app_is_a_plain_asgi_app(public: Path) -> None:
    app = create_app(public, lambda: FRESH)
    assert callable(app)
