"""Why merged, and undo (issue 22), end to end through the CLI: the staff page says why a repost
was merged, `aggregator split` makes it a story of its own, and later passes keep it split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.cli import main
from tests.configs import make_config
from tests.hostile import HostileServer, body

TEXT = (
    "Lawyers from Osh and Jalal-Abad met in Bishkek to compare how courts in the south treat complaints "
    "of torture in police custody, and agreed on a joint monitoring plan for the coming year."
)


def rss(site: str, *items: tuple[str, str, str]) -> bytes:
    listed = "".join(
        f"<item><guid>{site}/{guid}</guid><title>{title}</title><link>{site}/{guid}</link>"
        f"<pubDate>{date} 2026 10:00:00 +0600</pubDate><description>{TEXT}</description></item>"
        for guid, title, date in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{listed}</channel></rss>".encode()


def published(folder: Path) -> list[dict]:
    return json.loads((folder / "public" / "feed.json").read_text(encoding="utf-8"))["items"]


def test_the_staff_page_says_why_and_a_split_stays_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with HostileServer({}) as partner, HostileServer({}) as digest:
        site, digest_site = partner.url("").rstrip("/"), digest.url("").rstrip("/")
        partner.routes["/rss"] = body(
            rss(site, ("courts", "Lawyers compare how southern courts treat torture", "1 Dec"))
        )
        digest.routes["/rss"] = body(
            rss(digest_site, ("d1", "Repost: Lawyers compare how southern courts treat torture", "2 Dec"))
        )
        sources = [
            {"id": "partner", "name": "Bir Duino", "url": partner.url("/rss"), "type": "feed"},
            {"id": "digest", "name": "Regional Digest", "url": digest.url("/rss"), "type": "feed"},
        ]
        make_config(tmp_path, sources, write=True, output_dir=str(tmp_path / "public"))
        config = str(tmp_path / "sources.yaml")

        assert main(["--config", config, "collect", "--all"]) == 0
        assert main(["--config", config, "publish"]) == 0
        (story,) = published(tmp_path)
        assert story["url"] == f"{site}/courts"
        assert [ref["id"] for ref in story["_also_published_by"]] == ["digest"]
        staff = (tmp_path / "public-staff" / "index.html").read_text(encoding="utf-8")
        assert "Regional Digest (near-duplicate (distance" in staff
        assert f"aggregator split {story['id']} SOURCE" in staff

        capsys.readouterr()
        assert main(["--config", config, "split", story["id"], "digest"]) == 0
        assert "now story" in capsys.readouterr().out
        split = {item["url"]: item for item in published(tmp_path)}
        assert set(split) == {f"{site}/courts", f"{digest_site}/d1"}
        assert split[f"{site}/courts"]["id"] == story["id"]  # the original keeps its id
        staff = (tmp_path / "public-staff" / "index.html").read_text(encoding="utf-8")
        assert "near-duplicate (distance" not in staff

        # Later passes: the digest lists its repost again and a second copy under a new guid, word
        # for word the partner's (closer to it than to the split repost); the partner lists its
        # post again. The split holds: the new copy joins the split story, not the partner's.
        digest.routes["/rss"] = body(
            rss(
                digest_site,
                ("d1", "Repost: Lawyers compare how southern courts treat torture", "2 Dec"),
                ("d2", "Lawyers compare how southern courts treat torture", "2 Dec"),
            )
        )
        assert main(["--config", config, "collect", "--all"]) == 0
        assert main(["--config", config, "publish"]) == 0
        after = {item["url"]: item for item in published(tmp_path)}
        assert set(after) == {f"{site}/courts", f"{digest_site}/d1"}
        assert "_also_published_by" not in after[f"{site}/courts"]
        assert "_also_published_by" not in after[f"{digest_site}/d1"]  # the same source: not "also"

        # A wrong split request is refused with a message, and changes nothing.
        assert main(["--config", config, "split", story["id"], "nobody"]) != 0
        assert "no sighting" in capsys.readouterr().err


def test_each_merge_keeps_its_reason_whichever_sighting_came_first(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from aggregator.models import FetchResult, Item, SourceConfig
    from aggregator.store import FetchRecord, Gathered, Store

    now = datetime(2026, 12, 3, tzinfo=UTC)
    partner = SourceConfig("partner", "Bir Duino", "https://birduino.kg/feed")
    linker = SourceConfig("linker", "Links digest", "https://links.example/feed")
    copier = SourceConfig("copier", "Copy digest", "https://copies.example/feed")
    post = Item("partner", "p1", "https://birduino.kg/news/courts", "Lawyers compare southern courts", TEXT, "en",
                datetime(2026, 12, 1, 4, tzinfo=UTC), author="Bir Duino")  # fmt: skip
    linked = Item("linker", "l1", post.url + "?utm_source=digest", "Digest: courts", TEXT[:80], "en",
                  datetime(2026, 12, 2, 9, tzinfo=UTC))  # fmt: skip
    copied = Item("copier", "c1", "https://copies.example/1", "Lawyers compare southern courts", TEXT, "en",
                  datetime(2026, 12, 2, 9, tzinfo=UTC))  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.create_schema()
    store.sync_sources([partner, linker, copier])
    # The copy arrives first; the partner's original then becomes the story, in place; then a
    # digest linking to the partner's post.
    for source, item in ((copier, copied), (partner, post), (linker, linked)):
        store.record_collections([Gathered(FetchRecord(source, FetchResult(url=source.url, outcome="ok"), None, now),
                                           [item])])  # fmt: skip
    (story,) = store.latest_stories(10)
    assert (story.source.id, story.url, story.author) == ("partner", post.url, "Bir Duino")
    reasons = dict(story.merge_reasons)
    assert reasons["Links digest"] == "same URL key"
    # The copy began the story; the partner's sighting, merged into it, says why the two are one.
    assert reasons["Copy digest"].startswith("near-duplicate (distance "), reasons
    store.close()
