"""`aggregator import-opml`: add an OPML list's feeds to sources.yaml, keeping the file as it was written.

Deciding what to add is pure (`plan_import`); `write_sources` then edits the YAML with ruamel.yaml's
round trip, so the operator's comments, key order, quoting and flow-style lines survive, and the
result must pass the same check as `aggregator check` before it replaces the file.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from aggregator.config import LANGUAGE, ConfigError, _address_key, _host, parse_config
from aggregator.opml_read import OpmlFeed
from aggregator.source_ids import unique_id

__all__ = ["ImportPlan", "NewSource", "Skipped", "current_config", "plan_import", "sources_text", "write_sources"]

MAX_URL = 2000


@dataclass(frozen=True)
class NewSource:
    id: str
    name: str
    url: str
    languages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # the OPML folders it sat in, for the report


@dataclass(frozen=True)
class Skipped:
    url: str
    title: str | None
    reason: str  # "already source 'cag'", "listed twice in the file", "not an http(s) address"


@dataclass(frozen=True)
class ImportPlan:
    added: tuple[NewSource, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Existing:
    """A source already in sources.yaml, as the import compares it: its id and its address."""

    id: str
    url: str


@dataclass(frozen=True)
class Current:
    """What the import needs of the config it adds to."""

    sources: tuple[Existing, ...]
    link: str | None  # where our own feeds are published: never imported as a partner


def plan_import(feeds: Iterable[OpmlFeed], existing: Sequence[Existing], own_link: str | None = None) -> ImportPlan:
    """Which of `feeds` become new sources (with ids unique among `existing` and each other), and
    why each other one does not. An address counts as known when it is the same as a source's
    the way the config check compares them (config._address_key), so the result passes it; one
    under `own_link` is a feed this aggregator publishes (our sources.opml lists them too)."""
    own = _address_key(own_link).rstrip("/") + "/" if own_link else None
    taken = {source.id for source in existing}
    tried: dict[str, int] = {}
    known = {_address_key(source.url): f"already source {source.id!r}" for source in existing}
    added: list[NewSource] = []
    skipped: list[Skipped] = []
    for feed in feeds:
        problem = _address_problem(feed.xml_url)
        key = None if problem else _address_key(feed.xml_url)
        if key is not None and key in known:
            problem = known[key]
        elif key is not None and own is not None and (key + "/").startswith(own):
            problem = "one of this aggregator's own published feeds"
        if problem:
            skipped.append(Skipped(feed.xml_url, feed.title, problem))
            continue
        source_id = unique_id(feed.title, feed.xml_url, taken, tried)
        taken.add(source_id)
        known[str(key)] = "listed twice in the file"
        language = (feed.language or "").lower().split("-")[0]
        added.append(
            NewSource(
                id=source_id,
                name=feed.title or _host(feed.xml_url) or source_id,
                url=feed.xml_url,
                languages=(language,) if LANGUAGE.fullmatch(language) else (),
                categories=feed.categories,
            )
        )
    return ImportPlan(tuple(added), tuple(skipped))


def _address_problem(url: str) -> str | None:
    if not url.lower().startswith(("http://", "https://")):
        return "not an http(s) address"  # newsboat's "query:" and "exec:" feeds, Feedly's "feed/..." ids
    if len(url) > MAX_URL:
        return f"an address longer than {MAX_URL} characters"
    if not _host(url):
        return "an address without a host"
    return None


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and styles are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the operator wrote on one
    return yaml


def current_config(text: str, file: str) -> Current:
    """The sources already in `text` (a sources.yaml), by id and address, and its `link`, read
    leniently: a config with no sources yet is a fine place to import into."""
    document = _load(text, file)
    mapping = document if isinstance(document, dict) else {}
    entries = mapping.get("sources")
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            found.append(Existing(str(entry.get("id", "")), entry["url"]))
    link = mapping.get("link")
    return Current(tuple(found), link if isinstance(link, str) and link.startswith(("http://", "https://")) else None)


def sources_text(text: str, file: str, added: Sequence[NewSource]) -> str:
    """`text` with `added` appended to its sources list, everything else as it was written.

    Raises:
        ConfigError: `text` is not a YAML mapping, or the result would not pass the config check
            (then the message says so, and nothing should be written).
    """
    yaml = _yaml()
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = text.lstrip().startswith("---")
    document = _load(text, file, yaml)
    if not isinstance(document, CommentedMap):
        raise ConfigError(f"{file}: the config must be a mapping of settings")
    sources = document.get("sources")
    if not isinstance(sources, CommentedSeq):
        sources = CommentedSeq()
        document["sources"] = sources
    if not sources:
        sources.fa.set_block_style()  # `sources: []` grows into a block list, one source per entry
    for source in added:
        sources.append(_entry(source))
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    try:
        parse_config(result, Path(file))
    except ConfigError as error:
        raise ConfigError(f"{error} (after the import; nothing was written)") from error
    return result


def _entry(source: NewSource) -> CommentedMap:
    entry = CommentedMap(id=_text(source.id), name=_text(source.name), url=_text(source.url), type="feed")
    if source.languages:
        languages = CommentedSeq(_text(language) for language in source.languages)
        languages.fa.set_flow_style()  # `languages: [ru, en]`, as the shipped configs write it
        entry["languages"] = languages
    return entry


def _text(value: str) -> str:
    """`value` quoted when the config's reader would take it unquoted as something else: ruamel
    writes YAML 1.2, where `yes`, `no` and `on` are text, but PyYAML reads them as true and false."""
    resolved = pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return value if resolved == "tag:yaml.org,2002:str" else SingleQuotedScalarString(value)


def _load(text: str, file: str, yaml: YAML | None = None) -> Any:
    try:
        return (yaml or _yaml()).load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}:" if mark else ""
        raise ConfigError(f"{file}:{line} not valid YAML: {getattr(error, 'problem', error)}") from error


def _indents(text: str) -> tuple[int, int, int]:
    """ruamel's (mapping, sequence, offset) indents that reproduce how `text` lays out nested
    mappings and its sources list: "sources:\\n  - id: x" is offset 2, sequence 4 (where "id" starts)."""
    nested = re.search(r"^[A-Za-z_][\w-]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( +)[A-Za-z_]", text, re.MULTILINE)
    mapping = len(nested.group(1)) if nested else 2
    listed = re.search(r"^sources:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)-( +)", text, re.MULTILINE)
    offset, gap = (len(listed.group(1)), len(listed.group(2))) if listed else (2, 1)
    return mapping, offset + 1 + gap, offset


def write_sources(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a reader never sees half a file), keeping its mode."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
