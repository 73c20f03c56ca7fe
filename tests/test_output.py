"""The output folder: staged, swapped in, and the old site deleted (generator/output.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.output import OutputFolder, _remove


def write_tree(root: Path, folders: int = 12, files: int = 7) -> list[Path]:
    """A site-like tree: nested folders of a few files each, more files than threads."""
    written = []
    for number in range(folders):
        folder = root / f"section-{number % 3}" / f"page-{number}"
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(files):
            path = folder / f"file-{index}.html"
            path.write_text(f"{number}-{index}")
            written.append(path)
    (root / "index.html").write_text("home")
    return written


def test_a_tree_of_many_files_is_deleted_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_tree(site)
    _remove(site)
    assert not site.exists()
    assert list(tmp_path.iterdir()) == []


def test_links_are_deleted_and_what_they_point_to_is_kept(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    kept = write_tree(outside, folders=2, files=2)
    site = tmp_path / "site"
    write_tree(site, folders=3, files=2)
    (site / "section-0" / "to-folder").symlink_to(outside, target_is_directory=True)
    (site / "to-file").symlink_to(kept[0])
    _remove(site)
    assert not os.path.lexists(site)
    assert all(path.read_text() for path in kept)


@pytest.mark.skipif(os.geteuid() == 0, reason="root deletes read-only files regardless")
def test_read_only_files_and_folders_are_deleted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    files = write_tree(site, folders=4, files=3)
    files[0].chmod(0o444)
    locked = files[-1].parent
    locked.chmod(0o555)
    try:
        _remove(site)
    finally:
        if locked.exists():
            locked.chmod(0o755)
    assert not site.exists()


def test_a_folder_without_any_permission_is_deleted(tmp_path: Path) -> None:
    # Its files cannot be listed but by root: for others the threads' pass leaves it, and
    # the careful pass makes it usable, then deletes it.
    site = tmp_path / "site"
    files = write_tree(site, folders=4, files=3)
    locked = files[-1].parent
    locked.chmod(0o000)
    try:
        _remove(site)
    finally:
        if locked.exists():
            locked.chmod(0o755)
    assert not site.exists()


def test_a_site_reached_through_a_link_is_replaced_where_it_lies(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    write_tree(elsewhere, folders=2, files=2)
    final = tmp_path / "site"
    final.symlink_to(elsewhere, target_is_directory=True)
    output = OutputFolder(final)
    staging = output.begin()
    (staging / "index.html").write_text("new")
    output.publish()
    assert final.is_symlink()
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    assert (final / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".elsewhere-")] == []


def test_publishing_replaces_the_old_site_and_leaves_no_staging(tmp_path: Path) -> None:
    final = tmp_path / "site"
    write_tree(final)
    output = OutputFolder(final)
    staging = output.begin()
    (staging / "index.html").write_text("new")
    output.publish()
    assert [p.name for p in final.iterdir()] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
