"""The app's working folder: the workbooks HR works on, and what may be put into it.

Names come from the browser, so every name is reduced to a plain file name in the folder
(no folders, no '..', no hidden or Office lock files). An uploaded workbook is checked
like any workbook xlkpi opens (`io.safe_zip`: format, zip bombs, DTDs) and must read as
a workbook before it is saved, atomically, through the writer's own `save_atomically`:
a workbook of the same name is replaced, with the writer's backups (xlkpi.io.backups).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xlkpi.io.atomic import TEMP_PREFIX, save_atomically
from xlkpi.io.backups import is_backup_name
from xlkpi.io.errors import MissingWorkbook, UnsupportedFormat
from xlkpi.io.lock import workbook_lock
from xlkpi.io.reader import read_grids
from xlkpi.io.safe_zip import check_bytes

from .texts import TEXT

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_NAME = 150


@dataclass(frozen=True)
class BookEntry:
    """A workbook in the folder, as the home page lists it."""

    name: str
    size: int
    modified: dt.datetime


def clean_name(name: str) -> str:
    """`name` as a plain file name, or "" when nothing usable is left.

    Keeps only the last path component (browsers on Windows may send 'C:\\x\\book.xlsx'),
    drops characters Windows forbids in names, and refuses hidden, lock ('~$') and
    temporary names.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_CHARS.sub("", base).strip().strip(".")
    if not base or base.startswith(("~$", TEMP_PREFIX)) or len(base) > MAX_NAME:
        return ""
    return base


def is_workbook_name(name: str) -> bool:
    """True for a name ending in a workbook suffix (.xlsx, .xlsm), in any case."""
    return name.lower().endswith(WORKBOOK_SUFFIXES)


class WorkFolder:
    """The folder the app lists, reads and writes; nothing outside it is reachable."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def books(self) -> list[BookEntry]:
        """The workbooks in the folder (not backups, lock or temporary files), by name."""
        out = []
        for p in sorted(self.root.iterdir(), key=lambda p: p.name.lower()):
            name = p.name
            if not is_workbook_name(name) or clean_name(name) != name or not p.is_file():
                continue
            if is_backup_name(name):
                continue
            st = p.stat()
            out.append(BookEntry(name, st.st_size, dt.datetime.fromtimestamp(st.st_mtime)))
        return out

    def path(self, name: str) -> Path:
        """The workbook `name` in the folder.

        Raises:
            MissingWorkbook: `name` is not a plain workbook name or no such file exists.
        """
        clean = clean_name(name)
        p = self.root / clean
        if not clean or clean != name or not is_workbook_name(clean) or not p.is_file():
            raise MissingWorkbook(
                f"there is no workbook named '{name}' in the folder",
                f"文件夹中没有名为“{name}”的工作簿",
                path=name,
            )
        return p

    def new_path(self, name: str) -> Path | None:
        """Where a new file `name` would go in the folder, or None for an unusable name."""
        clean = clean_name(name)
        return self.root / clean if clean else None

    def save_upload(self, name: str, data: bytes) -> Path:
        """Check `data` as a workbook and save it in the folder as `name`.

        Args:
            name: the name the browser sent (cleaned here).
            data: the file's bytes (already limited in size by the guard).
        Returns:
            The saved path.
        Raises:
            WorkbookError: not a workbook, unsafe (zip bomb, DTD), damaged, encrypted, or it
                cannot be saved; the folder is then unchanged.
        """
        clean = clean_name(unicodedata.normalize("NFC", name))  # one spelling per name
        if not clean:
            raise UnsupportedFormat(TEXT["bad_name"].en, TEXT["bad_name"].zh, path=name)
        if not is_workbook_name(clean):
            words = TEXT["not_workbook_suffix"]
            raise UnsupportedFormat(words.en, words.zh, path=clean)
        check_bytes(data, clean)  # refuses non-workbooks and zip bombs before any write
        target = self.root / clean

        def write(fh: BinaryIO) -> None:
            fh.write(data)

        def verify(path: str) -> None:
            read_grids(path)  # the whole reader must accept it: a workbook, not just a zip

        with workbook_lock(str(target)):  # not while another xlkpi run works on it
            save_atomically(str(target), write, verify, backup=target.exists())
        return target
