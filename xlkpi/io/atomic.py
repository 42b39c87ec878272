"""Saving a workbook so that the original survives anything short of success.

1. Refuse early when Excel holds the file (its owner file `~$book.xlsx` lies beside it,
   or the file cannot be opened for writing: a sharing violation on Windows).
2. Write the new package to a temporary file in the same folder (same file system, so the
   final rename is atomic), flush and fsync it.
3. Verify the temporary file (the caller's check: zip integrity, XML, relationships).
4. Copy the original to the backup `book.bak.xlsx` (replaced each run) unless told not to.
5. Confirm the original did not change meanwhile, then `os.replace` the temporary file
   over it. Any failure before this step leaves the original byte-identical; the
   temporary file is removed (or, after a hard crash, removed by the next run).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from xlkpi.io.errors import FileLocked, SaveFailed

TEMP_PREFIX = ".~xlkpi-"


def backup_path(path: str) -> str:
    """'book.xlsx' -> 'book.bak.xlsx' beside it."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.bak{ext}"


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
    name = os.path.basename(path)
    return FileLocked(
        f"{name} is open in Excel (or another program); close it and run again",
        f"{name} 正在被 Excel（或其他程序）打开；请关闭后重新运行",
        path=path,
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
        raise FileLocked(
            f"{os.path.basename(path)} is read-only; allow changes to it and run again",
            f"{os.path.basename(path)} 为只读文件；请允许修改后重新运行",
            path=path,
        ) from None
    except OSError:
        pass  # not ours to diagnose here; the save below reports it


def remove_stale_temps(path: str) -> None:
    """Remove temporary files left by an earlier xlkpi run that crashed on this book."""
    folder, name = os.path.split(os.path.abspath(path))
    for old in glob.glob(
        os.path.join(glob.escape(folder), glob.escape(TEMP_PREFIX + name) + "-*.tmp")
    ):
        with contextlib.suppress(OSError):
            os.remove(old)


def save_atomically(
    path: str,
    write: Callable[[BinaryIO], None],
    verify: Callable[[str], None],
    *,
    backup: bool = True,
    expected_stat: os.stat_result | None = None,
) -> str | None:
    """Replace `path` with what `write` produces, verified by `verify`.

    Args:
        path: the workbook to replace.
        write: writes the new file's bytes to an open binary file.
        verify: checks the temporary file by path; raises WorkbookError when it is bad.
        backup: keep a copy of the original as `book.bak.xlsx`.
        expected_stat: os.stat of `path` when it was read; replacing is refused when the
            file changed since (saved by someone else meanwhile).
    Returns:
        the backup path, or None.
    Raises:
        FileLocked, SaveFailed, or the verifier's WorkbookError. The original is untouched.
    """
    path = os.path.abspath(path)
    folder, name = os.path.split(path)
    check_not_locked(path)
    remove_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}-", suffix=".tmp", dir=folder)
    except PermissionError:
        raise FileLocked(
            f"cannot create files in {folder}; choose a folder you can write to",
            f"无法在 {folder} 中创建文件；请选择可写入的文件夹",
            path=path,
        ) from None
    except OSError as exc:
        raise SaveFailed(
            f"cannot save beside the workbook ({exc.strerror or exc})",
            f"无法在工作簿所在文件夹保存（{exc.strerror or exc}）",
            path=path,
        ) from None
    bak = None
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
                path=path,
            ) from None
        verify(tmp)
        with contextlib.suppress(OSError):
            shutil.copymode(path, tmp)
        if backup:
            bak = backup_path(path)
            _copy_atomically(path, bak, folder)
        if expected_stat is not None:
            now = os.stat(path)
            if (now.st_size, now.st_mtime_ns) != (expected_stat.st_size, expected_stat.st_mtime_ns):
                raise SaveFailed(
                    f"{name} was changed by another program while xlkpi worked; run again",
                    f"xlkpi 运行期间 {name} 被其他程序修改；请重新运行",
                    path=path,
                )
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise _locked(path) from None
        except OSError as exc:
            raise SaveFailed(
                f"replacing the workbook failed ({exc.strerror or exc}); the original is unchanged",
                f"替换工作簿失败（{exc.strerror or exc}）；原文件未改动",
                path=path,
            ) from None
        _fsync_dir(folder)
        return bak
    finally:
        if os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.remove(tmp)


def _copy_atomically(src: str, dst: str, folder: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + "bak-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        shutil.copy2(src, tmp)
        os.replace(tmp, dst)
    except PermissionError:
        raise FileLocked(
            f"cannot write the backup {os.path.basename(dst)}; close it if it is open",
            f"无法写入备份 {os.path.basename(dst)}；如已打开请关闭",
            path=src,
        ) from None
    except OSError as exc:
        raise SaveFailed(
            f"writing the backup failed ({exc.strerror or exc}); the original is unchanged",
            f"写入备份失败（{exc.strerror or exc}）；原文件未改动",
            path=src,
        ) from None
    finally:
        with contextlib.suppress(OSError):
            if os.path.exists(tmp):
                os.remove(tmp)


def _fsync_dir(folder: str) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------------------------
# Several files, all or nothing: stage every new file first, then commit them together
# (`xlkpi calculate` of a company, where one refused workbook must leave all unchanged).
# ---------------------------------------------------------------------------------------


class StagedSave:
    """A new file written and verified beside `path`, waiting for `commit_staged`.

    Steps 1-3 of `save_atomically` are done; the original is untouched until commit.
    `discard()` removes the temporary file (safe to call more than once).
    """

    def __init__(self, path: str, tmp: str, expected_stat: os.stat_result | None) -> None:
        self.path = path
        self.tmp = tmp
        self.expected_stat = expected_stat

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.remove(self.tmp)


def stage_save(
    path: str,
    write: Callable[[BinaryIO], None],
    verify: Callable[[str], None],
    *,
    expected_stat: os.stat_result | None = None,
) -> StagedSave:
    """Write and verify the new file for `path` without replacing it (see save_atomically).

    Raises:
        FileLocked, SaveFailed, or the verifier's WorkbookError; nothing is left behind.
    """
    path = os.path.abspath(path)
    folder, name = os.path.split(path)
    check_not_locked(path)
    remove_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveFailed(
            f"cannot save beside the workbook ({exc.strerror or exc})",
            f"无法在工作簿所在文件夹保存（{exc.strerror or exc}）",
            path=path,
        ) from None
    staged = StagedSave(path, tmp, expected_stat)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        verify(tmp)
        with contextlib.suppress(OSError):
            shutil.copymode(path, tmp)
    except OSError as exc:
        staged.discard()
        raise SaveFailed(
            f"writing the new workbook failed ({exc.strerror or exc}); the original is unchanged",
            f"写入新工作簿失败（{exc.strerror or exc}）；原文件未改动",
            path=path,
        ) from None
    except BaseException:
        staged.discard()
        raise
    return staged


def _check_unchanged(staged: StagedSave) -> None:
    check_not_locked(staged.path)
    expected = staged.expected_stat
    if expected is not None:
        now = os.stat(staged.path)
        if (now.st_size, now.st_mtime_ns) != (expected.st_size, expected.st_mtime_ns):
            name = os.path.basename(staged.path)
            raise SaveFailed(
                f"{name} was changed by another program while xlkpi worked; run again",
                f"xlkpi 运行期间 {name} 被其他程序修改；请重新运行",
                path=staged.path,
            )


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


def commit_staged(saves: list[StagedSave], *, backup: bool = True) -> list[str | None]:
    """Replace every original with its staged file, all or nothing.

    Every original is checked first (not open in Excel, not changed since it was read);
    then backups are written; then the files are replaced one by one, each original kept
    aside until all are done, so a failure puts the replaced ones back. The staged files
    are removed in every case.

    Returns:
        The backup path of each file (None without backup), in order.
    Raises:
        FileLocked or SaveFailed; then every original is as it was.
    """
    kept: list[tuple[StagedSave, str]] = []
    done: list[StagedSave] = []
    try:
        for s in saves:
            _check_unchanged(s)
        backups: list[str | None] = []
        for s in saves:
            if backup:
                bak = backup_path(s.path)
                _copy_atomically(s.path, bak, os.path.dirname(s.path))
                backups.append(bak)
            else:
                backups.append(None)
        kept = [(s, _keep_aside(s.path)) for s in saves]
        for s in saves:
            try:
                os.replace(s.tmp, s.path)
            except PermissionError:
                raise _locked(s.path) from None
            except OSError as exc:
                raise SaveFailed(
                    f"replacing the workbook failed ({exc.strerror or exc}); "
                    "no workbook was changed",
                    f"替换工作簿失败（{exc.strerror or exc}）；所有工作簿均未改动",
                    path=s.path,
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


def as_new_file(path: str | os.PathLike[str]) -> None:
    """Give a file made with `tempfile.mkstemp` (always 0600) the permissions of a file the
    user creates: 0666 less the umask, as their other documents have."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~mask)
