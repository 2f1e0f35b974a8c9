"""A post another source lists under the guid its partner gave it is the same story, whatever the
words (issue 22: "same GUID" is a merge reason). Only guids that name a post wherever it is listed
count: a tag:/urn: name or an address other than the item's own link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.dedup.plan import SAME_GUID, plan_saves, shared_guid
from aggregator.models import Item
from tests.configs import make_config
from tests.hostile import HostileServer, body


def item(guid: str, url: str, title: str = "A title", source_id: str = "digest") -> Item:
    return Item(source_id=source_id, guid=guid, url=url, title=title, summary="", language=None, published=None)


@pytest.mark.parametrize(
    ("guid", "url", "shared"),
    [
        ("tag:birduino.example.kg,2026:post-17", "https://digest.example.net/17", True),
        ("urn:uuid:6f1c2d3e-0000-4000-8000-1234567890ab", "https://digest.example.net/a", True),
        ("https://birduino.example.kg/?p=4056", "https://digest.example.net/items/9", True),
        ("https://digest.example.net/items/9", "https://digest.example.net/items/9", False),  # its own link
        ("4056", "https://digest.example.net/items/9", False),  # unique within one feed only
        ("post-17", "https://digest.example.net/items/9", False),
        ("tag:x", "https://digest.example.net/items/9", False),  # too short to name anything
    ],
)
def test_which_guids_name_a_post_wherever_it_is_listed(guid: str, url: str, shared: bool) -> None:
    assert shared_guid(item(guid, url)) is shared


def test_a_shared_guid_ties_the_item_to_the_other_sources_story() -> None:
    named = item("tag:partner.example,2026:17", "https://digest.example.net/a", "Completely different words")
    plan = plan_saves(
        [named],
        known_sightings={},
        story_by_key={},
        story_by_guid={"tag:partner.example,2026:17": "story-1"},
        near_duplicate=lambda _: pytest.fail("the guid decided it"),
    )
    assert not plan.new_stories
    (sighting,) = plan.new_sightings
    assert (sighting.story_id, sighting.rule) == ("story-1", SAME_GUID)


def test_a_guid_that_is_only_the_link_is_left_to_the_other_rules() -> None:
    plain = item("https://digest.example.net/a", "https://digest.example.net/a")
    plan = plan_saves([plain], known_sightings={}, story_by_key={}, story_by_guid={plain.guid: "story-1"})
    assert [new.story_id for new in plan.new_stories] == [plan.new_sightings[0].story_id]
    assert plan.new_sightings[0].rule == ""


def rss(site: str, guid: str, link: str, title: str, text: str) -> bytes:
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title><link>{site}/{link}</link>"
        f"<pubDate>Tue, 01 Dec 2026 10:00:00 +0600</pubDate><description>{text}</description></item>"
        "</channel></rss>"
    ).encode()


def test_a_digest_keeping_the_partners_guid_is_one_story_with_the_reason(tmp_path: Path) -> None:
    guid = "tag:partner.example,2026:trial-school"
    with HostileServer({}) as partner, HostileServer({}) as digest:
        site, digest_site = partner.url("").rstrip("/"), digest.url("").rstrip("/")
        partner.routes["/rss"] = body(
            rss(site, guid, "school", "Trial monitoring school opens", "Twenty young lawyers begin a course.")
        )
        # Nothing alike in words or address: only the guid says it is the partner's post.
        digest.routes["/rss"] = body(
            rss(digest_site, guid, "items/9", "Weekly round-up: monitors", "From our partners this week.")
        )
        sources = [
            {"id": "partner", "name": "Bir Duino", "url": partner.url("/rss"), "type": "feed"},
            {"id": "digest", "name": "Regional Digest", "url": digest.url("/rss"), "type": "feed"},
        ]
        make_config(tmp_path, sources, write=True, output_dir=str(tmp_path / "public"))
        config = str(tmp_path / "sources.yaml")
        assert main(["--config", config, "collect", "--all"]) == 0
        assert main(["--config", config, "publish"]) == 0
    items = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert len(items) == 1
    assert {ref["id"] for ref in items[0]["_also_published_by"]} | {items[0]["_source"]["id"]} == {"partner", "digest"}
    staff = (tmp_path / "public-staff" / "index.html").read_text(encoding="utf-8")
    assert "(same GUID)" in staff
