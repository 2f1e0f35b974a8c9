"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) documents of one feed."""

from __future__ import annotations

import json

from aggregator.models import Attachment, SourceRef, Story
from aggregator.publish.links import safe_url
from aggregator.publish.media_xml import published_attachments
from aggregator.publish.views import FeedView, date_precision, feed_moment, language_key, rfc3339

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(feed: FeedView) -> bytes:
    document: dict[str, object] = {
        "version": VERSION,
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.home_page,
        "feed_url": feed.url("json"),
        "items": [_item(story) for story in feed.stories],
    }
    if feed.language:
        document["language"] = feed.language
    if feed.site.websub_hub:
        document["hubs"] = [{"type": "WebSub", "url": feed.site.websub_hub}]
    # sort_keys and a fixed indent: the same feed gives the same bytes every time.
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _item(story: Story) -> dict[str, object]:
    item: dict[str, object] = {
        "id": story.id,
        "title": story.title,
        "summary": story.summary,
        "content_text": story.summary,  # JSON Feed requires content_text or content_html
        "date_published": rfc3339(feed_moment(story.published, story.date_is_first_seen)),
        "date_modified": rfc3339(feed_moment(story.updated)),
        # Custom objects: a leading underscore then a letter (JSON Feed 1.1, "Extensions").
        "_source": _source(story.source),
    }
    if url := safe_url(story.url):
        item["url"] = url
    if story.author:
        item["authors"] = [{"name": story.author}]
    if language := language_key(story):
        item["language"] = language
    precision = date_precision(story.published, story.date_is_first_seen)
    if precision != "time":  # "day": the partner gave the day only; "first_seen": no date at all
        item["_date_precision"] = precision
    if image := safe_url(story.image):
        item["image"] = image
    if attachments := published_attachments(story):
        item["attachments"] = [_attachment(attachment) for attachment in attachments]
    if story.tags:
        item["tags"] = list(story.tags)
    if story.also_published_by:
        item["_also_published_by"] = [_source(ref) for ref in story.also_published_by]
    return item


def _source(ref: SourceRef) -> dict[str, str]:
    source = {"id": ref.id, "name": ref.name}
    if url := safe_url(ref.url):
        source["url"] = url
    return source


def _attachment(attachment: Attachment) -> dict[str, object]:
    written: dict[str, object] = {"url": attachment.url, "mime_type": attachment.type}
    if attachment.length:  # unknown: left out rather than a size of 0
        written["size_in_bytes"] = attachment.length
    return written
