"""One xlkpi run at a time per workbook: a lock beside the workbook for every writing run.

Every command that writes a workbook (import, calculate, rollup, and any later one) holds
`workbook_lock(path)` from before it reads the workbook until after it has replaced it, and
`write_blocks` takes it too, so every writer is covered even when called on its own. A
second run waits up to `LOCK_WAIT_SECONDS` for the first to finish, then refuses with
`WorkbookBusy` ("another xlkpi run is working on this workbook").

The lock is an OS file lock (flock on POSIX, msvcrt on Windows) on `.~xlkpi-<name>.lock`
beside the workbook's real file (a symlink's target), so it is released by the OS when a
run dies, however it dies. Within one process the lock is re-entrant: a command holding
it can call `write_blocks`, which takes it again without waiting on itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator

from xlkpi.io.atomic import TEMP_PREFIX
from xlkpi.io.errors import FileLocked, about_file

#: How long a second run waits for the first before refusing.
LOCK_WAIT_SECONDS = 10.0
#: The lock file is named like xlkpi's temporary files, so the folder scans that skip
#: those (batch runs, the work folder) skip it too.
LOCK_PREFIX = TEMP_PREFIX
_POLL = 0.05

_held: dict[str, int] = {}  # lock file -> depth, for this process (re-entrant use)
_held_guard = threading.Lock()


class WorkbookBusy(FileLocked):
    """Another xlkpi run holds the workbook's lock (it is being written)."""

    code = "io.busy"


def lock_path(path: str | os.PathLike[str]) -> str:
    """The lock file of the workbook at `path` (beside its real file)."""
    real = os.path.realpath(os.fspath(path))
    folder, name = os.path.split(real)
    return os.path.join(folder, f"{LOCK_PREFIX}{name}.lock")


@contextlib.contextmanager
def workbook_lock(path: str | os.PathLike[str], *, wait: float | None = None) -> Iterator[None]:
    """Hold the workbook's lock for the `with` block.

    Args:
        path: the workbook (it need not exist yet: a run creating it locks it too).
        wait: seconds to wait for another run to finish before refusing (default
            LOCK_WAIT_SECONDS).
    Raises:
        WorkbookBusy when another run keeps the lock for longer than `wait`;
        FileLocked when no lock file can be made beside the workbook (a read-only folder).
    """
    lock = lock_path(path)
    with _held_guard:
        depth = _held.get(lock, 0)
        if depth:
            _held[lock] = depth + 1
    if depth:
        try:
            yield
        finally:
            with _held_guard:
                _held[lock] -= 1
        return
    fd = _acquire(lock, os.fspath(path), LOCK_WAIT_SECONDS if wait is None else wait)
    with _held_guard:
        _held[lock] = 1
    try:
        yield
    finally:
        with _held_guard:
            del _held[lock]
        _release(lock, fd)


def _acquire(lock: str, path: str, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            name = os.path.basename(path)
            raise FileLocked(
                f"cannot work on {name}: no file can be created beside it "
                f"({exc.strerror or exc}); choose a folder you can write to",
                f"无法处理 {name}：无法在其所在文件夹创建文件（{exc.strerror or exc}）；"
                "请选择可写入的文件夹",
                path=path,
            ) from None
        if _try_lock(fd):
            # The holder before us may have removed the file after we opened it: then our
            # lock is on a deleted file and a third run could lock a new one. Retry.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock))
            except OSError:
                same = False
            if same:
                return fd
            _unlock(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            raise _busy(path)
        time.sleep(_POLL)


def _release(lock: str, fd: int) -> None:
    # Remove the file while still holding it, so nobody locks a file about to vanish.
    with contextlib.suppress(OSError):
        os.remove(lock)
    _unlock(fd)
    os.close(fd)


def _busy(path: str) -> WorkbookBusy:
    return about_file(
        WorkbookBusy,
        path,
        "another xlkpi run is working on {name}; wait for it to finish and run again",
        "另一个 xlkpi 正在处理 {name}；请等它完成后重新运行",
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - e.g. Pyodide: one process, nothing to exclude
        fcntl = None  # type: ignore[assignment]

    def _try_lock(fd: int) -> bool:
        if fcntl is None:  # pragma: no cover
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        if fcntl is None:  # pragma: no cover
            return
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
