"""One way for tests to make a config: a `sources.yaml` text from a few settings and sources,
parsed by the real config loader (and written to disk when a command must read it)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from aggregator.config import parse_config
from aggregator.models import Config

Source = Mapping[str, object]


def config_text(
    folder: Path,
    sources: Iterable[Source] | str,
    *,
    database: str | None = None,
    fetch: Mapping[str, object] | None = None,
    **settings: object,
) -> str:
    """The YAML of a config in `folder`: title and link filled in, an SQLite database in `folder`
    unless `database` is given, private networks allowed unless `fetch` says otherwise (the test
    servers are on 127.0.0.1). `sources`: mappings, or YAML list lines as they are."""
    lines = [
        "title: T",
        "link: https://x.org/",
        f"database: {database or 'sqlite:///' + str(folder / 'db.sqlite')}",
        f"fetch: {json.dumps(dict(fetch) if fetch is not None else {'allow_private_networks': True})}",
        *(f"{key}: {json.dumps(value)}" for key, value in settings.items()),
        "sources:",
    ]
    listed = sources if isinstance(sources, str) else "".join(f"  - {json.dumps(dict(s))}\n" for s in sources)
    return "\n".join(lines) + "\n" + listed


def make_config(folder: Path, sources: Iterable[Source] | str, *, write: bool = False, **options: object) -> Config:
    """`config_text`'s config, parsed as `folder/sources.yaml` (written there too with `write`)."""
    text = config_text(folder, sources, **options)  # type: ignore[arg-type]
    path = folder / "sources.yaml"
    if write:
        path.write_text(text, encoding="utf-8")
    return parse_config(text, path)
