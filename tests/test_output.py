"""The output folder: staged, swapped in, and the old site deleted (generator/output.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import output
from generator.output import OutputFolder, _remove, _remove_quickly


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


def test_the_threads_alone_delete_an_ordinary_site(tmp_path: Path, monkeypatch) -> None:
    def careful(path: Path) -> None:
        raise AssertionError(f"the careful pass was needed for {path}")

    monkeypatch.setattr(output, "_remove_carefully", careful)
    site = tmp_path / "site"
    write_tree(site)
    (site / "section-1" / "to-file").symlink_to(site / "index.html")
    _remove(site)
    assert not os.path.lexists(site)


def test_more_folders_than_handles_kept_open_and_a_crowded_folder_leak_none(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_tree(site, folders=output._OPEN_FOLDERS * 2 + 5, files=1)
    # And a folder of more files than a batch holds, as Pagefind's fragments are.
    write_tree(site / "fragments", folders=1, files=output._BATCH_FILES * 2 + 3)
    before = len(os.listdir("/proc/self/fd"))
    _remove_quickly(site)
    assert not site.exists()
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_folder_swapped_for_a_link_midway_leads_nowhere_outside(
    tmp_path: Path, monkeypatch
) -> None:
    # Someone else who can write to the old site replaces one of its folders with a link
    # after the walk has listed it: the files where the link points must stay.
    victim = tmp_path / "victim"
    kept = write_tree(victim, folders=3, files=2)
    site = tmp_path / "site"
    write_tree(site, folders=3, files=2)
    swapped = site / "section-0"
    entries = output._entries

    def entries_then_swap(folder_fd: int) -> tuple[list[str], list[str]]:
        listed = entries(folder_fd)
        if "section-0" in listed[1] and not swapped.is_symlink():
            for path in sorted(swapped.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            swapped.rmdir()
            swapped.symlink_to(victim / "section-0", target_is_directory=True)
        return listed

    monkeypatch.setattr(output, "_entries", entries_then_swap)
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
