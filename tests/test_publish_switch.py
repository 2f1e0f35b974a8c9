"""A publish replaces the whole published set or nothing, and cleans up after itself.

A full disk is simulated at our own seam (files.write_temporary raising ENOSPC) and for real
with a file where a folder must go: tests run as root, where a read-only folder stops nothing.
"""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import pytest

from aggregator.models import SiteInfo, SourceStatus, Story
from aggregator.publish import PublishError, files
from aggregator.publish.manifest import MANIFEST_NAME, manifest_bytes, read_manifest
from tests.test_publish import BIR, KIBHR, publish_all, sample_site, sample_statuses, sample_stories, staff_dir, story


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under `folder`: bytes and mtime of files, folders as (b"", 0)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else (b"", 0)
        for p in folder.rglob("*")
    }


@pytest.fixture
def site() -> SiteInfo:
    return sample_site()


@pytest.fixture
def stories() -> list[Story]:
    return sample_stories()


@pytest.fixture
def statuses() -> list[SourceStatus]:
    return sample_statuses()


@pytest.fixture
def old(tmp_path: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]) -> Path:
    """A folder holding a complete earlier publish."""
    publish_all(tmp_path, site, stories, statuses)
    return tmp_path


def newer(site: SiteInfo, stories: list[Story]) -> tuple[SiteInfo, list[Story]]:
    """A later publish that changes every file and needs a new folder (uz/)."""
    return replace(site, generated_at=site.generated_at.replace(hour=23)), [*stories, story(0, "uz")]


def full_disk() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("failing", ["feed.atom", "feed.json", "uz/feed.atom", "index.html", MANIFEST_NAME])
def test_a_full_disk_leaves_the_old_sets_whole(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus], monkeypatch, failing: str
) -> None:
    before, staff_before = snapshot(old), snapshot(staff_dir(old))
    write = files.write_temporary

    def full_when_writing(target: Path, data: bytes) -> Path:
        if target == old / failing:
            raise full_disk()
        return write(target, data)

    monkeypatch.setattr(files, "write_temporary", full_when_writing)
    later, more = newer(site, stories)
    with pytest.raises(PublishError) as raised:
        publish_all(old, later, more, statuses)
    assert str(raised.value) == f"cannot write the published files into {old}: No space left on device"
    assert snapshot(old) == before  # no file replaced, no temporary left, no new folder (uz/)
    assert snapshot(staff_dir(old)) == staff_before  # the staff set is written after the public one


@pytest.mark.parametrize("failing", ["index.html", f"partners/{BIR.id}/index.html", f"partners/{KIBHR.id}/index.html"])
def test_a_full_disk_in_the_staff_folder_leaves_its_old_set_whole_and_the_new_public_set(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus], monkeypatch, failing: str
) -> None:
    staff = staff_dir(old)
    staff_before = snapshot(staff)
    write = files.write_temporary

    def full_when_writing(target: Path, data: bytes) -> Path:
        if target == staff / failing:
            raise full_disk()
        return write(target, data)

    monkeypatch.setattr(files, "write_temporary", full_when_writing)
    later, more = newer(site, stories)
    with pytest.raises(PublishError) as raised:
        publish_all(old, later, more, statuses)
    assert str(raised.value) == f"cannot write the published files into {staff}: No space left on device"
    assert snapshot(staff) == staff_before
    assert (old / "uz" / "feed.atom").is_file() and "uz/feed.atom" in read_manifest(old)  # the new public set


def test_an_unwritable_staff_folder_still_publishes_the_public_set(
    tmp_path: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    staff_dir(tmp_path).write_bytes(b"a file where the staff folder must go")  # a real failure, even for root
    with pytest.raises(PublishError, match=f"^cannot write the published files into {staff_dir(tmp_path)}: "):
        publish_all(tmp_path, site, stories, statuses)
    assert (tmp_path / "feed.atom").is_file() and (tmp_path / "index.html").is_file()
    assert read_manifest(tmp_path) >= {"feed.atom", "index.html", f"partners/{BIR.id}/index.html"}
    assert staff_dir(tmp_path).read_bytes() == b"a file where the staff folder must go"


def test_a_file_where_a_folder_must_go_leaves_the_old_set_whole(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    (old / "uz").write_bytes(b"not a folder")  # a real failure, even for root
    before, staff_before = snapshot(old), snapshot(staff_dir(old))
    later, more = newer(site, stories)
    with pytest.raises(PublishError, match=f"^cannot write the published files into {old}: Not a directory$"):
        publish_all(old, later, more, statuses)
    assert snapshot(old) == before and snapshot(staff_dir(old)) == staff_before


def test_a_failing_switch_leaves_no_temporaries(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus], monkeypatch
) -> None:
    """A rename failing half way (rare: it needs no space) cannot be undone, but it is reported,
    leaves no temporaries, and the manifest still names the old set."""
    names = read_manifest(old)
    rename = os.replace
    calls: list[object] = []

    def third_fails(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise full_disk()
        rename(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    later, more = newer(site, stories)
    with pytest.raises(PublishError, match=r"No space left on device \(after replacing 2 of \d+ changed files\)$"):
        publish_all(old, later, more, statuses)
    assert not [p for p in old.rglob("*.tmp")]
    assert read_manifest(old) == names


def test_manifest_is_switched_last_and_names_the_whole_set(
    tmp_path: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    changed = publish_all(tmp_path, site, stories, statuses)
    for folder in (tmp_path, staff_dir(tmp_path)):
        mine = [p for p in changed if p.parent == folder or folder in p.parents]
        assert mine[-1] == folder / MANIFEST_NAME
        names = {p.relative_to(folder).as_posix() for p in mine[:-1]}
        assert (folder / MANIFEST_NAME).read_bytes() == manifest_bytes(names)
    assert changed[-2] == staff_dir(tmp_path) / "index.html"
    # Later: only the staff pages change, the manifests name the same (full) sets and are not rewritten.
    names = read_manifest(tmp_path), read_manifest(staff_dir(tmp_path))
    later = publish_all(tmp_path, newer(site, stories)[0], stories, statuses)
    assert MANIFEST_NAME not in {p.name for p in later}
    assert (read_manifest(tmp_path), read_manifest(staff_dir(tmp_path))) == names


def test_files_no_longer_published_are_deleted_with_their_folders(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    without_kibhr = replace(site, sources=tuple(s for s in site.sources if s.id != KIBHR.id))
    kept = [s for s in stories if s.language != "en"]  # and no English story any more
    publish_all(old, without_kibhr, kept, statuses)
    assert not (old / "partners" / KIBHR.id).exists() and not (old / "en").exists()
    assert not (staff_dir(old) / "partners" / KIBHR.id).exists()  # and its staff page
    assert (staff_dir(old) / "partners" / BIR.id / "index.html").is_file()
    assert (old / "partners" / BIR.id / "feed.atom").is_file() and (old / "sv" / "feed.atom").is_file()
    on_disk = {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()}
    assert on_disk == read_manifest(old) | {MANIFEST_NAME}


def test_nothing_the_previous_manifest_did_not_name_is_deleted(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    (old / "partners" / KIBHR.id / "notes.txt").write_text("staff notes")
    (old / "sources.yaml").write_text("config")
    outside = old.parent / f"{old.name}-victim"
    outside.write_text("not ours")
    manifest = read_manifest(old)
    # A tampered manifest naming something outside the folder: read_manifest drops such names.
    (old / MANIFEST_NAME).write_bytes(manifest_bytes([*manifest, f"../{outside.name}"]))
    publish_all(old, replace(site, sources=tuple(s for s in site.sources if s.id != KIBHR.id)), stories, statuses)
    assert not (old / "partners" / KIBHR.id / "feed.atom").exists()
    assert (old / "partners" / KIBHR.id / "notes.txt").read_text() == "staff notes"  # so its folder stays
    assert (old / "sources.yaml").read_text() == "config" and outside.read_text() == "not ours"


def test_without_a_previous_manifest_nothing_is_deleted(
    old: Path, site: SiteInfo, stories: list[Story], statuses: list[SourceStatus]
) -> None:
    """A folder published before manifests existed: its old files are not known to be ours."""
    (old / MANIFEST_NAME).unlink()
    publish_all(old, replace(site, sources=tuple(s for s in site.sources if s.id != KIBHR.id)), stories, statuses)
    assert (old / "partners" / KIBHR.id / "feed.atom").is_file()
    assert KIBHR.id not in {name.split("/")[1] for name in read_manifest(old) if name.startswith("partners/")}


def test_publish_error_is_exported_for_the_commands() -> None:
    assert issubclass(PublishError, Exception) and not issubclass(PublishError, OSError)
