"""Backups of a workbook before xlkpi replaces it, and how long they are kept.

Beside `book.xlsx`:

* `book.original.xlsx`: the workbook as it was before xlkpi first wrote to it. Made once
  and never replaced or removed by xlkpi (if it is deleted, the next write makes a new one
  from the workbook as it is then).
* `book.bak.20261204-203301.xlsx`: the workbook as it was before each write, named by the
  time of that write. The newest `KEEP_RECENT` are kept; older ones are removed.

A write with backups off (`--no-backup`) makes neither.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import shutil
import tempfile

from xlkpi.io.errors import FileLocked, SaveFailed

#: A backup being copied is `.~xlkpi-bak~book.xlsx-XXXX.tmp` beside the book: named after
#: it, so that the next run on that book (holding its lock) removes what a killed run left.
BACKUP_TEMP_PREFIX = ".~xlkpi-bak~"

#: How many timestamped backups of a workbook are kept (the original copy is extra).
KEEP_RECENT = 5
_STAMP = re.compile(r"\.bak\.(\d{8}-\d{6})(?:-(\d+))?$")


def original_copy_path(path: str) -> str:
    """'book.xlsx' -> 'book.original.xlsx' beside it."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.original{ext}"


def is_backup_name(name: str) -> bool:
    """Whether a file name is one of xlkpi's backups ('book.original.xlsx',
    'book.bak.20261204-203301.xlsx', or an older release's 'book.bak.xlsx')."""
    stem = os.path.splitext(os.path.basename(name))[0].lower()
    return stem.endswith((".original", ".bak")) or _STAMP.search(stem) is not None


def recent_backups(path: str) -> list[str]:
    """The timestamped backups of `path` that exist, oldest first."""
    stem, ext = os.path.splitext(path)
    found = glob.glob(glob.escape(stem) + ".bak.*" + glob.escape(ext))
    ours = [f for f in found if _STAMP.search(os.path.splitext(f)[0])]
    return sorted(ours, key=_order)


def _order(name: str) -> tuple[str, int]:
    m = _STAMP.search(os.path.splitext(name)[0])
    return (m.group(1), int(m.group(2) or 1)) if m else ("", 0)


def keep_backups(path: str, *, now: dt.datetime | None = None) -> str:
    """Copy `path` (about to be replaced) to its backups; drop the oldest beyond KEEP_RECENT.

    Returns:
        the timestamped backup made now.
    Raises:
        FileLocked or SaveFailed when a copy cannot be written (nothing is replaced then).
    """
    folder = os.path.dirname(path)
    original = original_copy_path(path)
    if not os.path.exists(original):
        _copy_atomically(path, original, folder)
    stem, ext = os.path.splitext(path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    # writes within one second are numbered after the newest of that second (never reusing
    # the name of one already pruned, which would sort as the oldest)
    same = [_order(b)[1] for b in recent_backups(path) if _order(b)[0] == stamp]
    n = max(same, default=0) + 1
    target = f"{stem}.bak.{stamp}{ext}" if n == 1 else f"{stem}.bak.{stamp}-{n}{ext}"
    _copy_atomically(path, target, folder)
    for old in recent_backups(path)[:-KEEP_RECENT]:
        with contextlib.suppress(OSError):
            os.remove(old)
    return target


def _copy_atomically(src: str, dst: str, folder: str) -> None:
    try:
        prefix = BACKUP_TEMP_PREFIX + os.path.basename(src) + "-"
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileLocked(
            f"cannot write the backup {os.path.basename(dst)} ({exc.strerror or exc})",
            f"无法写入备份 {os.path.basename(dst)}（{exc.strerror or exc}）",
            path=src,
        ) from None
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
