"""Saving a workbook so that the original survives anything short of success.

1. Refuse early when Excel holds the file (its owner file `~$book.xlsx` lies beside it,
   or the file cannot be opened for writing: a sharing violation on Windows).
2. Write the new package to a temporary file in the same folder (same file system, so the
   final rename is atomic), flush and fsync it.
3. Verify the temporary file (the caller's check: zip integrity, XML, relationships), and
   give it the owner, group and mode of the workbook.
4. Confirm the workbook's bytes are still the bytes that were read (SHA-256), keep the
   backups (xlkpi.io.backups) unless told not to, then `os.replace` the temporary file
   over the workbook (over a symlink's target: the link stays a link). Any failure before
   this step leaves the original byte-identical; the temporary file is removed (or, after
   a hard crash, removed by the next run).

Runs on one workbook are serialised by its lock (xlkpi.io.lock), which the caller holds.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from xlkpi.io.backups import BACKUP_TEMP_PREFIX, keep_backups
from xlkpi.io.errors import FileLocked, SaveFailed, about_file

TEMP_PREFIX = ".~xlkpi-"


def owner_files(path: str) -> list[str]:
    """Excel's owner ('lock') files for `path` that exist: `~$book.xlsx`."""
    folder, name = os.path.split(path)
    candidates = {"~$" + name, "~$" + name[2:]} if len(name) > 2 else {"~$" + name}
    return [
        os.path.join(folder, c)
        for c in sorted(candidates)
        if os.path.exists(os.path.join(folder, c))
    ]


def _locked(path: str) -> FileLocked:
    return about_file(
        FileLocked,
        path,
        "{name} is open in Excel (or another program); close it and run again",
        "{name} 正在被 Excel（或其他程序）打开；请关闭后重新运行",
    )


def check_not_locked(path: str) -> None:
    """Raise FileLocked when Excel holds `path` open."""
    if owner_files(path):
        raise _locked(path)
    try:
        with open(path, "r+b"):
            pass
    except PermissionError:
        if os.access(path, os.W_OK) or os.name == "nt":
            raise _locked(path) from None
        raise about_file(
            FileLocked,
            path,
            "{name} is read-only; allow changes to it and run again",
            "{name} 为只读文件；请允许修改后重新运行",
        ) from None
    except OSError:
        pass  # not ours to diagnose here; the save below reports it


def remove_stale_temps(path: str) -> None:
    """Remove temporary files left by an earlier xlkpi run that crashed on this book (new
    files, originals kept aside during a company commit, backups being copied). The
    workbook's lock keeps a running xlkpi's files from being taken for leftovers."""
    folder, name = os.path.split(os.path.abspath(path))
    for prefix in (TEMP_PREFIX, TEMP_PREFIX + "keep-", BACKUP_TEMP_PREFIX):
        pattern = os.path.join(glob.escape(folder), glob.escape(prefix + name) + "-*.tmp")
        for old in glob.glob(pattern):
            with contextlib.suppress(OSError):
                os.remove(old)


def file_digest(path: str) -> str:
    """SHA-256 of the file at `path` (hex): what "the same bytes" means when saving."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def data_digest(data: bytes) -> str:
    """SHA-256 of bytes already in memory (hex), as `file_digest` computes it."""
    return hashlib.sha256(data).hexdigest()


def changed_since_read(path: str) -> SaveFailed:
    """The refusal when a workbook's bytes changed between reading and replacing it."""
    return about_file(
        SaveFailed,
        path,
        "{name} was changed by another program while xlkpi worked; the changes are kept "
        "and nothing was written. Run again",
        "xlkpi 运行期间 {name} 被其他程序修改；已保留其修改，本次未写入。请重新运行",
    )


def save_atomically(
    path: str,
    write: Callable[[BinaryIO], None],
    verify: Callable[[str], None],
    *,
    backup: bool = True,
    expected_digest: str | None = None,
) -> str | None:
    """Replace `path` with what `write` produces, verified by `verify`.

    A symlink is followed: its target is replaced and the link stays a link. The new file
    keeps the owner, group and mode of the one it replaces.

    Args:
        path: the workbook to replace.
        write: writes the new file's bytes to an open binary file.
        verify: checks the temporary file by path; raises WorkbookError when it is bad.
        backup: keep copies of the original (see xlkpi.io.backups).
        expected_digest: `file_digest` of `path` when it was read; replacing is refused
            when the file's bytes differ now (saved by someone else meanwhile).
    Returns:
        the path of this run's backup, or None.
    Raises:
        FileLocked, SaveFailed, or the verifier's WorkbookError. The original is untouched.
    """
    staged = stage_save(path, write, verify, expected_digest=expected_digest)
    return commit_staged([staged], backup=backup)[0]


class StagedSave:
    """A new file written and verified beside its workbook, waiting for `commit_staged`.

    Attributes:
        path: the file to replace (a link's target); `shown` is the name the caller gave.
        tmp: the verified new file beside it.
        expected_digest: the workbook's digest when it was read (None: not checked).
    """

    def __init__(self, path: str, shown: str, tmp: str, expected_digest: str | None) -> None:
        self.path = path
        self.shown = shown
        self.tmp = tmp
        self.expected_digest = expected_digest

    def discard(self) -> None:
        """Remove the new file (safe to call more than once): the workbook stays as it is."""
        with contextlib.suppress(OSError):
            os.remove(self.tmp)


def stage_save(
    path: str,
    write: Callable[[BinaryIO], None],
    verify: Callable[[str], None],
    *,
    expected_digest: str | None = None,
) -> StagedSave:
    """Write and verify the new file for `path` beside it, without replacing anything
    (the first half of `save_atomically`; `commit_staged` is the second).

    Raises:
        FileLocked, SaveFailed, or the verifier's WorkbookError; nothing is left behind.
    """
    shown = os.path.abspath(path)
    path = os.path.realpath(shown)  # a link's target is what gets replaced
    folder, name = os.path.split(path)
    check_not_locked(path)
    remove_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}-", suffix=".tmp", dir=folder)
    except PermissionError:
        raise FileLocked(
            f"cannot create files in {folder}; choose a folder you can write to",
            f"无法在 {folder} 中创建文件；请选择可写入的文件夹",
            path=shown,
        ) from None
    except OSError as exc:
        raise SaveFailed(
            f"cannot save beside the workbook ({exc.strerror or exc})",
            f"无法在工作簿所在文件夹保存（{exc.strerror or exc}）",
            path=shown,
        ) from None
    staged = StagedSave(path, shown, tmp, expected_digest)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise SaveFailed(
                f"writing the new workbook failed ({exc.strerror or exc}); the original is unchanged",
                f"写入新工作簿失败（{exc.strerror or exc}）；原文件未改动",
                path=shown,
            ) from None
        verify(tmp)
        if os.path.exists(path):
            _keep_owner_and_mode(path, tmp, shown)
        else:  # a new file: the permissions the user's other new files get
            as_new_file(tmp)
    except BaseException:
        staged.discard()
        raise
    return staged


def commit_staged(saves: list[StagedSave], *, backup: bool = True) -> list[str | None]:
    """Replace every workbook with its staged file, all or nothing.

    Every workbook is checked first (not open in Excel, bytes unchanged since they were
    read); then backups are kept; then the files are replaced one by one, each original
    kept aside until all are done, so a failure puts the replaced ones back. The staged
    files are removed in every case.

    Returns:
        The backup path of each file (None without backup), in order.
    Raises:
        FileLocked or SaveFailed; then every workbook is as it was.
    """
    kept: list[tuple[StagedSave, str]] = []
    done: list[StagedSave] = []
    try:
        for s in saves:
            check_not_locked(s.path)
            if s.expected_digest is not None and file_digest(s.path) != s.expected_digest:
                raise changed_since_read(s.shown)
        backups = [keep_backups(s.path) if backup else None for s in saves]
        if len(saves) > 1:  # one file needs no rollback: os.replace is all or nothing
            kept = [(s, _keep_aside(s.path)) for s in saves]
        for s in saves:
            try:
                os.replace(s.tmp, s.path)
            except PermissionError:
                raise _locked(s.shown) from None
            except OSError as exc:
                raise SaveFailed(
                    f"replacing the workbook failed ({exc.strerror or exc}); "
                    "no workbook was changed",
                    f"替换工作簿失败（{exc.strerror or exc}）；工作簿均未改动",
                    path=s.shown,
                ) from None
            done.append(s)
        for folder in {os.path.dirname(s.path) for s in saves}:
            _fsync_dir(folder)
        return backups
    except BaseException:
        for s, keep in kept:  # put back the originals of those already replaced
            if s in done:
                with contextlib.suppress(OSError):
                    os.replace(keep, s.path)
        raise
    finally:
        for s in saves:
            s.discard()
        for _, keep in kept:
            with contextlib.suppress(OSError):
                os.remove(keep)


def _keep_aside(path: str) -> str:
    """A second name for the original (a hard link, else a copy) to put back if needed."""
    folder, name = os.path.split(path)
    fd, keep = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}keep-{name}-", suffix=".tmp", dir=folder)
    os.close(fd)
    os.remove(keep)
    try:
        os.link(path, keep)
    except OSError:
        shutil.copy2(path, keep)
    return keep


def _keep_owner_and_mode(path: str, tmp: str, shown: str) -> None:
    """Give `tmp` the mode, owner and group of `path` (the file it is about to replace)."""
    st = os.stat(path)
    with contextlib.suppress(OSError):
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if not hasattr(os, "chown"):  # Windows: ownership follows the folder's ACLs
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, st.st_gid)  # a group we belong to can still be kept
    if os.stat(tmp).st_uid != st.st_uid:
        raise about_file(
            FileLocked,
            shown,
            "{name} belongs to another user; saving it would make it yours. "
            "Run xlkpi as its owner, or copy the workbook first",
            "{name} 属于其他用户，保存后其所有者会改变；请以其所有者身份运行 xlkpi，或先复制工作簿",
        )


def _fsync_dir(folder: str) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_new_file(path: str | os.PathLike[str], write: Callable[[str], None]) -> str:
    """Make the file at `path` (replacing one there) with `write(temporary_path)`: written
    beside it first and renamed into place, so a failure leaves no half-written file, with
    the permissions the user's new files get (not mkstemp's 0600).

    Returns:
        `path` as a string.
    """
    target = os.fspath(path)
    fd, tmp = tempfile.mkstemp(
        prefix=TEMP_PREFIX, suffix=os.path.splitext(target)[1], dir=os.path.dirname(target) or "."
    )
    os.close(fd)
    try:
        write(tmp)
        as_new_file(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return target


def as_new_file(path: str | os.PathLike[str]) -> None:
    """Give a file made with `tempfile.mkstemp` (always 0600) the permissions of a file the
    user creates: 0666 less the umask, as their other documents have."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~mask)
