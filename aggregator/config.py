"""Load sources.yaml into a typed `Config`; every error names the file, line and key
(aggregator.config_reader keeps each value's line).
"""

from __future__ import annotations

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve
import sqlalchemy as sa
import yaml

from aggregator import __version__
from aggregator.config_reader import ConfigError, Reader, Value, from_node
from aggregator.config_watch import keep_fetches, metrics_textfile, notify_settings
from aggregator.models import Config, FetchSettings, Selectors, SourceConfig, StaffSettings
from aggregator.rules import RuleError, compile_rule
from aggregator.yaml_loader import AliasRefused, Loader

__all__ = [
    *("DEFAULT_PATH", "ConfigError", "default_user_agent", "load_config", "parse_config", "parse_interval"),
    "sqlite_file",
]

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
    "staff",
    *("keep_fetches", "metrics_textfile", "notify"),  # watching the aggregator (README "Metrics and alerts")
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
SOURCE_KEYS = {
    *("id", "name", "url", "type", "languages", "interval", "select", "adaptive"),
    *("publish", "include", "exclude"),  # staff's controls (README "Partners' safety")
    "enabled",  # false: paused, rather than commented out
    "partner",  # the organisation's name; sources sharing it are one partner on the pages
    "full_text",  # true: title-only items take their excerpt from the article page's main text
}
STAFF_KEYS = {"output_dir", "user", "password_hash"}
# The shape aggregator.staff_auth writes: scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>.
PASSWORD_HASH = re.compile(
    r"scrypt\$[1-9][0-9]*\$[1-9][0-9]*\$[1-9][0-9]*\$[A-Za-z0-9+/_-]+={0,2}\$[A-Za-z0-9+/_-]+={0,2}", re.ASCII
)
PASSWORD_HASH_ENV = "AGGREGATOR_STAFF_PASSWORD_HASH"  # overrides staff.password_hash when set and not empty
# A user name for HTTP Basic authentication: no colon (it ends the name), no spaces or controls.
STAFF_USER = re.compile(r"[^\s:\x00-\x1f\x7f]{1,64}")
SELECT_KEYS = {"item", "title", "link", "excerpt", "date", "author"}
LANGUAGE = re.compile(r"[a-z]{2}", re.ASCII)


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
    return parse_config(text, path, staff_password_hash=os.environ.get(PASSWORD_HASH_ENV, "").strip() or None)


def parse_config(text: str, path: Path, *, staff_password_hash: str | None = None) -> Config:
    """The config `text` read from `path` (relative folders and SQLite files are relative to it).

    `staff_password_hash`: from the environment (load_config reads it), overrides the file's."""
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
    top = Reader(file, from_node(node, "", file, yaml.constructor.SafeConstructor()), "", TOP_KEYS)

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
    staff = _staff_settings(top, file, path, output_dir, database, staff_password_hash)
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
        staff=staff,
        keep_fetches=keep_fetches(top),
        metrics_textfile=metrics_textfile(top, path, output_dir, staff.output_dir),
        notify=notify_settings(top, file),
    )


def _database_url(url: str, base: Path) -> str:
    # A relative SQLite path is relative to the config file, like output_dir, so cron jobs
    # started from another directory find the same database.
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str(base / url[len(prefix) :])
    return url


def _output_dir_problem(output_dir: Path, config_path: Path, database: str, example: str = "public") -> str | None:
    """Why `output_dir` may not be published into (and so served), or None.

    `serve` answers only for the files publishing wrote, but a folder holding the config (which
    may carry a database password) or the SQLite file is one mistake away from serving them.
    """
    folder = output_dir.resolve()
    own = f"publish into a folder of its own, such as {example}"
    if folder == Path(folder.anchor):
        return f"{folder} is the root folder; {own}"
    guarded = [("the config file", config_path.resolve())]
    database_file = sqlite_file(database)
    if database_file is not None:
        guarded.append(("the database file", database_file))
    for what, file in guarded:
        if folder in file.parents:
            return f"{folder} holds {what} {file}; {own}"
    return None


def _staff_settings(
    top: Reader, file: str, path: Path, output_dir: Path, database: str, password_hash_override: str | None
) -> StaffSettings:
    item = top.items.get("staff")
    staff = Reader(file, item if item and item.value is not None else Value({}, top.line), "staff.", STAFF_KEYS)
    written = staff.get("output_dir", str, None)
    default = output_dir.parent / f"{output_dir.name}-staff"
    folder = default if written is None else path.resolve().parent / written
    problem = _output_dir_problem(folder, path, database, example=default.name) or _nesting_problem(folder, output_dir)
    if problem:
        line = staff.line_of("output_dir") if written is not None else top.line_of("output_dir")
        staff.fail(line, "output_dir", problem if written is not None else f"(by default beside output_dir) {problem}")
    user = staff.get("user", str, "staff")
    if not STAFF_USER.fullmatch(user):
        staff.fail(staff.line_of("user"), "user", "must be 1 to 64 characters without spaces or colons")
    if password_hash_override is not None:
        if not PASSWORD_HASH.fullmatch(password_hash_override):
            raise ConfigError(f"{PASSWORD_HASH_ENV}: {_HASH_SHAPE}")
        password_hash = password_hash_override
    else:
        password_hash = staff.get("password_hash", str, None)
        if password_hash is not None and not PASSWORD_HASH.fullmatch(password_hash):
            staff.fail(staff.line_of("password_hash"), "password_hash", _HASH_SHAPE)  # never echoed: a secret
    return StaffSettings(output_dir=folder, user=user, password_hash=password_hash)


_HASH_SHAPE = "must look like scrypt$<n>$<r>$<p>$<salt>$<hash>, as `aggregator staff-password` prints it"


def _nesting_problem(staff_dir: Path, public_dir: Path) -> str | None:
    """Why the staff folder would be reachable through the public one (served to anyone), or None."""
    staff, public = staff_dir.resolve(), public_dir.resolve()
    own = f"staff pages need a folder apart from the public one, such as {public.name}-staff beside it"
    if staff == public:
        return f"{staff} is the public output_dir; {own}"
    if public in staff.parents:
        return f"{staff} is inside the public output_dir {public}, which is served to anyone; {own}"
    if staff in public.parents:
        return f"{staff} holds the public output_dir {public}; {own}"
    return None


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite database URL names; None for other databases, memory and URIs."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return None  # not a URL; opening the database will say so
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


def _fetch_settings(top: Reader, file: str, link: str) -> FetchSettings:
    item = top.items.get("fetch")
    if item is None or item.value is None:
        return FetchSettings(user_agent=default_user_agent(link))
    fetch = Reader(file, item, "fetch.", FETCH_KEYS)
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


def _preferred_languages(top: Reader) -> tuple[str, ...]:
    if "preferred_languages" not in top.items:
        return Config.preferred_languages
    chosen = []
    for item in top.get("preferred_languages", list):
        if not isinstance(item.value, str) or not LANGUAGE.fullmatch(item.value):
            top.fail(item.line, "preferred_languages", f"{item.value!r} is not a two-letter ISO 639-1 code")
        chosen.append(item.value)
    return tuple(chosen)


def _networks(fetch: Reader) -> tuple[str, ...]:
    networks = []
    for item in fetch.get("allowed_networks", list, []):
        try:
            networks.append(str(ipaddress.ip_network(str(item.value), strict=False)))
        except ValueError:
            fetch.fail(item.line, "allowed_networks", f"{item.value!r} is not an address range like 10.0.0.0/8")
    return tuple(networks)


def default_user_agent(link: str) -> str:
    return f"central-asia-news-aggregator/{__version__} (+{link})"


def _sources(top: Reader, file: str) -> tuple[SourceConfig, ...]:
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


def _source(file: str, entry: Value, where: str) -> SourceConfig:
    reader = Reader(file, entry, where, SOURCE_KEYS)
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
        enabled=reader.get("enabled", bool, True),
        full_text=reader.get("full_text", bool, False),
        partner=_partner(reader),
        publish=reader.get("publish", bool, True),
        include=_rules(reader, "include"),
        exclude=_rules(reader, "exclude"),
    )


def _partner(reader: Reader) -> str | None:
    written = reader.get("partner", str, None)
    if written is None:
        return None
    name = " ".join(written.split())
    if not name or len(name) > 200 or any(ord(char) < 32 or 127 <= ord(char) < 160 for char in written):
        reader.fail(
            reader.line_of("partner"), "partner", "must be the organisation's name: one line of 1 to 200 characters"
        )
    return name


def _rules(reader: Reader, key: str) -> tuple[str, ...]:
    """A source's include or exclude rules as written, each checked by compiling it."""
    written = []
    for index, item in enumerate(reader.get(key, list, [])):
        # A bare year or number is a word too; YAML reads `- 2024` as a number.
        rule = str(item.value) if isinstance(item.value, int) and not isinstance(item.value, bool) else item.value
        if not isinstance(rule, str):
            reader.fail(
                item.line, f"{key}[{index}]", f"must be text (a word, a phrase, word*, or /regex/), not {rule!r}"
            )
        try:
            compile_rule(rule)
        except RuleError as error:
            reader.fail(item.line, f"{key}[{index}]", str(error))
        written.append(rule)
    return tuple(written)


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # an unreadable port or bracketed host
        return None


def _first_line(error: Exception) -> str:
    """soupsieve's message without the lines it adds to point at the mistake (the config line is named)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _selectors(file: str, value: Value, where: str) -> Selectors:
    reader = Reader(file, value, where, SELECT_KEYS)
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
