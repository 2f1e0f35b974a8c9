"""Writing the published files as one set: all of the new set beside the old, then switched.

A publish into a full disk or an unwritable folder used to stop half way, with feed.atom and
feed.rss new and everything else old. Now every changed file is first written to a temporary
file next to its place and fsynced; only when all of them are written is each renamed over its
old version (os.replace: atomic, and it needs no space). If anything fails before that switch,
the temporaries are removed, the old set stays whole, and one `PublishError` says why.

Files whose bytes did not change are not touched, so their mtime (and the ETag and
Last-Modified a web server derives from it) stays and readers keep getting 304s. The manifest
naming the whole set is switched last; after it, files only the previous manifest named are
deleted (a partner removed from the config leaves no stale feed behind).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aggregator.errors import AggregatorError
from aggregator.publish.manifest import MANIFEST_NAME, manifest_bytes, read_manifest

log = logging.getLogger(__name__)


class PublishError(AggregatorError):
    """The published files could not be written. Raised before the switch, the previous set of
    files is left as it was, whole; the message is one line naming the folder and the cause."""


@dataclass(frozen=True)
class Staged:
    """A new file written to its temporary name, waiting for the switch."""

    target: Path
    temporary: Path


def write_set(output_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Publish `files` (relative "/"-separated name -> bytes, in the order to switch them) into
    `output_dir`, with the manifest after them; return the paths whose bytes changed, in order.

    Raises:
        PublishError: if a file cannot be written; nothing of the new set is visible then.
    """
    previous = read_manifest(output_dir)
    wanted = {**files, MANIFEST_NAME: manifest_bytes(files)}
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        changed = [(output_dir / name, data) for name, data in wanted.items() if _differs(output_dir / name, data)]
    except OSError as error:
        raise PublishError(_message(output_dir, error)) from error
    staged = _stage(output_dir, changed)
    _switch(output_dir, staged)
    _remove_stale(output_dir, previous - wanted.keys())
    return [item.target for item in staged]


def write_if_changed(path: Path, data: bytes) -> bool:
    """One file on its own, atomically, unless it already holds exactly `data`; whether it was
    written. (A published set goes through `write_set`; this is for single files.)"""
    if not _differs(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _switch(path.parent, [Staged(path, write_temporary(path, data))])
    return True


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except FileNotFoundError:
        return True


def _stage(output_dir: Path, changed: Sequence[tuple[Path, bytes]]) -> list[Staged]:
    staged: list[Staged] = []
    made: list[Path] = []  # folders this publish created: removed again if it fails
    try:
        for target, data in changed:
            _make_folders(target.parent, made)
            staged.append(Staged(target, write_temporary(target, data)))
    except BaseException as error:
        _discard(staged, made)
        if isinstance(error, OSError):
            raise PublishError(_message(output_dir, error)) from error
        raise
    return staged


def _make_folders(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def write_temporary(target: Path, data: bytes) -> Path:
    """`data` in a new hidden file beside `target`, on disk (fsynced), readable by the web server.

    The seam where a full disk shows: tests make it fail to see a publish give up cleanly."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.chmod(0o644)  # mkstemp makes 0600; the web server must read it
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _discard(staged: Iterable[Staged], made: Sequence[Path]) -> None:
    for item in staged:
        item.temporary.unlink(missing_ok=True)
    for folder in reversed(made):
        _remove_if_empty(folder)


def _switch(output_dir: Path, staged: Sequence[Staged]) -> None:
    for done, item in enumerate(staged):
        try:
            os.replace(item.temporary, item.target)
        except OSError as error:
            # A rename in one folder needs no space, so this is rare (a folder in the file's
            # place, permissions changed under us); the files already switched stay switched.
            _discard(staged[done:], [])
            raise PublishError(
                f"{_message(output_dir, error)} (after replacing {done} of {len(staged)} changed files)"
            ) from error
    _sync_folders({item.target.parent for item in staged})


def _sync_folders(folders: Iterable[Path]) -> None:
    # The renames reach the disk with their folders; without this a power cut could undo them.
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the files themselves are synced
        finally:
            os.close(fd)


def _remove_stale(output_dir: Path, names: Iterable[str]) -> None:
    """Delete the files `names` (from a previous manifest) and the folders they leave empty.

    Only called with names an earlier manifest listed, so nothing publishing did not write is
    ever deleted. A failure only logs: the new set is published, and serve answers only for
    files the new manifest names."""
    root = output_dir.resolve()
    for name in sorted(names):
        path = output_dir / name
        if not path.parent.resolve().is_relative_to(root):
            continue  # a folder replaced by a link out of the output folder: not ours to clean
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove stale published file %s: %s", path, error)
            continue
        folder = path.parent
        while folder != output_dir and _remove_if_empty(folder):
            folder = folder.parent


def _remove_if_empty(folder: Path) -> bool:
    try:
        folder.rmdir()
    except OSError:
        return False  # not empty (or already gone): leave it and everything above it
    return True


def _message(output_dir: Path, error: OSError) -> str:
    return f"cannot write the published files into {output_dir}: {error.strerror or error}"
