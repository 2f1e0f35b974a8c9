"""Load sources.yaml into a typed `Config`; every error names the file, line and key.

The YAML is composed into nodes (not loaded straight to dicts) so that each value keeps the line it
came from: a partner's staff member editing the file should read "sources.yaml:41: sources[3].type"
rather than a Python traceback.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import soupsieve
import sqlalchemy as sa
import yaml

from aggregator import __version__
from aggregator.errors import AggregatorError
from aggregator.models import Config, FetchSettings, Selectors, SourceConfig
from aggregator.yaml_loader import AliasRefused, Loader

DEFAULT_PATH = Path("sources.yaml")
# Every pattern here is used with fullmatch: "$" also matches before a final newline, which let
# an id "good\n" through. ASCII: \d would otherwise accept any script's digits.
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
INTERVAL = re.compile(r"(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?", re.ASCII)
TOP_KEYS = {
    "title",
    "link",
    "output_dir",
    "database",
    "excerpt_length",
    "max_items",
    "websub_hub",
    "quiet_days",
    "auto_migrate",
    "preferred_languages",
    "fetch",
    "sources",
}
FETCH_KEYS = {
    "timeout",
    "max_bytes",
    "user_agent",
    "allow_private_networks",
    "allowed_networks",
    "concurrency",
    "per_host",
}
SOURCE_KEYS = {"id", "name", "url", "type", "languages", "interval", "select"}
SELECT_KEYS = {"item", "title", "link", "excerpt", "date", "author"}
LANGUAGE = re.compile(r"[a-z]{2}", re.ASCII)


class ConfigError(AggregatorError):
    """The config cannot be used; the message says where and why."""


@dataclass(frozen=True)
class _Value:
    """A YAML value with the line (1-based) it was written on."""

    value: Any
    line: int


def _from_node(node: yaml.Node, where: str, file: str, scalars: yaml.constructor.SafeConstructor) -> _Value:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, _Value] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                raise ConfigError(f"{file}:{key_node.start_mark.line + 1}: {where}{key}: duplicate key")
            mapping[key] = _from_node(value_node, f"{where}{key}.", file, scalars)
        return _Value(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return _Value([_from_node(n, where, file, scalars) for n in node.value], line)
    # Scalars: let PyYAML's safe resolver type them (int, bool, str, null...).
    try:
        return _Value(scalars.construct_object(node), line)  # type: ignore[no-untyped-call]
    except yaml.constructor.ConstructorError as error:  # a tag the safe loader refuses (!!python/...)
        raise ConfigError(f"{file}:{line}: {where.rstrip('.')}: {error.problem}") from error


class _Reader:
    """Typed access to one mapping, raising ConfigError with file:line: key on misuse."""

    def __init__(self, file: str, value: _Value, where: str, allowed: set[str]) -> None:
        self.file, self.where, self.line = file, where, value.line
        if not isinstance(value.value, dict):
            self.fail(self.line, "", "must be a mapping")
        self.items: dict[str, _Value] = value.value
        for key, item in self.items.items():
            if key not in allowed:
                self.fail(item.line, key, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def fail(self, line: int, key: str, message: str) -> NoReturn:
        raise ConfigError(f"{self.file}:{line}: {self.where}{key}: {message}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        item = self.items.get(key)
        if item is None or item.value is None:
            if required or default is ...:
                self.fail(self.line, key, "is required")
            return default
        value = item.value
        # bool is an int in Python; a `timeout: yes` is a mistake, not 1 second.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(item.line, key, f"must be {_kind_name(kind)}, not {value!r}")
        if not isinstance(value, kind):
            self.fail(item.line, key, f"must be {_kind_name(kind)}, not {_describe(value)}")
        return value

    def line_of(self, key: str) -> int:
        item = self.items.get(key)
        return item.line if item else self.line


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def parse_interval(text: str) -> timedelta | None:
    """ "30m", "1h", "2h30m", "1d", "90s" -> timedelta; anything else -> None."""
    match = INTERVAL.fullmatch(text.strip())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def load_config(path: Path | str = DEFAULT_PATH) -> Config:
    """Read and validate a config file.

    Raises:
        ConfigError: the file is missing, is not YAML, or a key is wrong; the message names
            the file, line and key.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: config is not UTF-8 text: {error}") from error
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    file = str(path)
    try:
        node = yaml.compose(text, Loader=Loader)
    except AliasRefused as error:
        raise ConfigError(
            f"{file}:{error.line}: YAML anchors (&name) and aliases (*name) are not allowed; write the value out"
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}:" if mark else ""
        raise ConfigError(f"{file}:{line} not valid YAML: {getattr(error, 'problem', error)}") from error
    if node is None:
        raise ConfigError(f"{file}: config is empty")
    top = _Reader(file, _from_node(node, "", file, yaml.constructor.SafeConstructor()), "", TOP_KEYS)

    link = top.get("link", str, required=True)
    if not link.startswith(("http://", "https://")):
        top.fail(top.line_of("link"), "link", "must be an http(s) address")
    link = link if link.endswith("/") else link + "/"
    excerpt_length = top.get("excerpt_length", int, 300)
    if excerpt_length < 20:
        top.fail(top.line_of("excerpt_length"), "excerpt_length", "must be at least 20")
    max_items = top.get("max_items", int, 100)
    if max_items < 1:
        top.fail(top.line_of("max_items"), "max_items", "must be at least 1")

    websub_hub = top.get("websub_hub", str, None)
    if websub_hub is not None and not websub_hub.startswith(("http://", "https://")):
        top.fail(top.line_of("websub_hub"), "websub_hub", "must be an http(s) address")
    quiet_days = top.get("quiet_days", int, 30)
    if quiet_days < 1:
        top.fail(top.line_of("quiet_days"), "quiet_days", "must be at least 1")

    base = path.resolve().parent
    output_dir = base / top.get("output_dir", str, "public")
    database = _database_url(top.get("database", str, "sqlite:///aggregator.db"), base)
    problem = _output_dir_problem(output_dir, path, database)
    if problem:
        top.fail(top.line_of("output_dir"), "output_dir", problem)
    return Config(
        title=top.get("title", str, required=True),
        link=link,
        output_dir=output_dir,
        database=database,
        excerpt_length=excerpt_length,
        max_items=max_items,
        websub_hub=websub_hub,
        quiet_days=quiet_days,
        auto_migrate=top.get("auto_migrate", bool, True),
        preferred_languages=_preferred_languages(top),
        fetch=_fetch_settings(top, file, link),
        sources=_sources(top, file),
        path=path,
    )


def _database_url(url: str, base: Path) -> str:
    # A relative SQLite path is relative to the config file, like output_dir, so cron jobs
    # started from another directory find the same database.
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str(base / url[len(prefix) :])
    return url


def _output_dir_problem(output_dir: Path, config_path: Path, database: str) -> str | None:
    """Why `output_dir` may not be published into (and so served), or None.

    `serve` answers only for the files publishing wrote, but a folder holding the config (which
    may carry a database password) or the SQLite file is one mistake away from serving them.
    """
    folder = output_dir.resolve()
    if folder == Path(folder.anchor):
        return f"{folder} is the root folder; publish into a folder of its own, such as public"
    guarded = [("the config file", config_path.resolve())]
    database_file = _sqlite_file(database)
    if database_file is not None:
        guarded.append(("the database file", database_file))
    for what, file in guarded:
        if folder in file.parents:
            return f"{folder} holds {what} {file}; publish into a folder of its own, such as public"
    return None


def _sqlite_file(url: str) -> Path | None:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return None  # not a URL; opening the database will say so
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


def _fetch_settings(top: _Reader, file: str, link: str) -> FetchSettings:
    item = top.items.get("fetch")
    if item is None or item.value is None:
        return FetchSettings(user_agent=default_user_agent(link))
    fetch = _Reader(file, item, "fetch.", FETCH_KEYS)
    settings = FetchSettings(
        timeout=float(fetch.get("timeout", (int, float), 20.0)),
        max_bytes=fetch.get("max_bytes", int, 10_000_000),
        user_agent=fetch.get("user_agent", str, "") or default_user_agent(link),
        allow_private_networks=fetch.get("allow_private_networks", bool, False),
        allowed_networks=_networks(fetch),
        concurrency=fetch.get("concurrency", int, 10),
        per_host=fetch.get("per_host", int, 2),
    )
    for key in ("timeout", "max_bytes", "concurrency", "per_host"):
        if getattr(settings, key) <= 0:
            fetch.fail(fetch.line_of(key), key, "must be greater than 0")
    return settings


def _preferred_languages(top: _Reader) -> tuple[str, ...]:
    if "preferred_languages" not in top.items:
        return Config.preferred_languages
    chosen = []
    for item in top.get("preferred_languages", list):
        if not isinstance(item.value, str) or not LANGUAGE.fullmatch(item.value):
            top.fail(item.line, "preferred_languages", f"{item.value!r} is not a two-letter ISO 639-1 code")
        chosen.append(item.value)
    return tuple(chosen)


def _networks(fetch: _Reader) -> tuple[str, ...]:
    networks = []
    for item in fetch.get("allowed_networks", list, []):
        try:
            networks.append(str(ipaddress.ip_network(str(item.value), strict=False)))
        except ValueError:
            fetch.fail(item.line, "allowed_networks", f"{item.value!r} is not an address range like 10.0.0.0/8")
    return tuple(networks)


def default_user_agent(link: str) -> str:
    return f"central-asia-news-aggregator/{__version__} (+{link})"


def _sources(top: _Reader, file: str) -> tuple[SourceConfig, ...]:
    item = top.items.get("sources")
    if item is None or not isinstance(item.value, list) or not item.value:
        top.fail(top.line_of("sources"), "sources", "must be a non-empty list")
    assert item is not None
    seen: dict[str, int] = {}
    addresses: dict[str, tuple[str, int]] = {}  # one partner polled twice doubles its stories and our requests
    sources = []
    for index, entry in enumerate(item.value):
        source = _source(file, entry, f"sources[{index}].")
        if source.id in seen:
            raise ConfigError(
                f"{file}:{entry.value['id'].line}: sources[{index}].id: duplicate id {source.id!r}"
                f" (first on line {seen[source.id]})"
            )
        seen[source.id] = entry.value["id"].line
        url_line = entry.value["url"].line
        same = addresses.setdefault(_address_key(source.url), (source.id, url_line))
        if same[0] != source.id:
            raise ConfigError(
                f"{file}:{url_line}: sources[{index}].url: {source.url!r} is already source {same[0]!r}"
                f" (line {same[1]}); one address, one source"
            )
        sources.append(source)
    return tuple(sources)


def _address_key(url: str) -> str:
    """What makes two source addresses the same: case-blind scheme and host, and a path with or
    without its final slash."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def _source(file: str, entry: _Value, where: str) -> SourceConfig:
    reader = _Reader(file, entry, where, SOURCE_KEYS | {"adaptive"})  # to join SOURCE_KEYS when merged
    source_id = reader.get("id", str, required=True)
    if not SOURCE_ID.fullmatch(source_id):
        reader.fail(reader.line_of("id"), "id", f"{source_id!r} must use only a-z, 0-9 and -")
    url = reader.get("url", str, required=True)
    if not url.startswith(("http://", "https://")):
        reader.fail(reader.line_of("url"), "url", f"{url!r} must be an http(s) address")
    if not _host(url):
        reader.fail(reader.line_of("url"), "url", f"{url!r} has no host (like https://partner.org/feed)")
    kind = reader.get("type", str, "auto")
    if kind not in ("auto", "feed", "html"):
        reader.fail(reader.line_of("type"), "type", f"{kind!r} must be auto, feed or html")
    languages = reader.get("languages", list, [])
    for language in languages:
        if not isinstance(language.value, str) or not LANGUAGE.fullmatch(language.value):
            reader.fail(language.line, "languages", f"{language.value!r} is not a two-letter ISO 639-1 code")
    interval_text = str(reader.get("interval", (str, int), "30m"))
    interval = parse_interval(interval_text)
    if interval is None or interval.total_seconds() < 60:
        reader.fail(
            reader.line_of("interval"), "interval", f"{interval_text!r} must look like 30m, 2h or 1d (at least 1m)"
        )
    select = _selectors(file, reader.items["select"], where + "select.") if "select" in reader.items else None
    if kind == "feed" and select is not None:
        reader.fail(reader.line_of("select"), "select", "only applies to type: html or auto")
    return SourceConfig(
        id=source_id,
        name=reader.get("name", str, source_id),
        url=url,
        type=kind,
        languages=tuple(language.value for language in languages),
        interval=interval,
        select=select,
        adaptive=reader.get("adaptive", bool, True),
    )


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # an unreadable port or bracketed host
        return None


def _first_line(error: Exception) -> str:
    """soupsieve's message without the lines it adds to point at the mistake (the config line is named)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _selectors(file: str, value: _Value, where: str) -> Selectors:
    reader = _Reader(file, value, where, SELECT_KEYS)
    for key, item in reader.items.items():
        try:
            soupsieve.compile(item.value)
        except Exception as error:  # soupsieve raises several kinds for a bad selector
            reader.fail(item.line, key, f"{item.value!r} is not a CSS selector ({_first_line(error)})")
    return Selectors(
        item=reader.get("item", str, required=True),
        title=reader.get("title", str, required=True),
        link=reader.get("link", str, None),
        excerpt=reader.get("excerpt", str, None),
        date=reader.get("date", str, None),
        author=reader.get("author", str, None),
    )
