"""The manifest: the list of files the last publish wrote, kept in the output folder.

`serve` answers only for files named here, so a folder that also holds other things (the
config, the database, a whole file system when `output_dir` is `/`) gives nothing else away,
and publishing deletes only files that an earlier manifest names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

MANIFEST_NAME = ".published.json"


def manifest_bytes(paths: Iterable[str]) -> bytes:
    """The manifest listing `paths` (relative, "/"-separated), sorted so equal sets give equal bytes."""
    return json.dumps({"files": sorted(set(paths))}, indent=1).encode() + b"\n"


def read_manifest(output_dir: Path) -> frozenset[str]:
    """The relative paths the last publish wrote into `output_dir`; empty when there is no
    readable manifest (nothing published yet, or a folder publishing never wrote)."""
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError):
        return frozenset()
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        return frozenset()
    return frozenset(name for name in files if isinstance(name, str) and _is_relative(name))


def _is_relative(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and all(part not in ("", ".", "..") for part in parts)
