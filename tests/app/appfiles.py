"""Files the app tests upload: the demo workbook, a copy with one bad input, the CSV that
fixes it, a zip bomb, and files that are not workbooks."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from xlkpi.io.cells import Block
from xlkpi.io.xlsx_writer import write_blocks

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "workbooks" / "demo-after-sales.xlsx"

#: The bad input: 李明 (E1022)'s response time on the 客服专员 sheet, typed as words.
BAD_SHEET = "客服专员"
BAD_CELL = "C5"
BAD_ROW, BAD_COL = 4, 2
GOOD_VALUE = 41
#: The long-form export that puts the right value back.
FIX_CSV = "工号,指标,值\nE1022,response_time,41\n"


def demo_copy(folder: Path, name: str = "demo-after-sales.xlsx") -> Path:
    """A copy of the demo workbook in `folder`."""
    target = folder / name
    shutil.copyfile(DEMO, target)
    return target


def bad_demo(folder: Path, name: str = "demo-after-sales.xlsx") -> Path:
    """The demo with one non-numeric actual (客服专员!C5 = '四十一秒')."""
    path = demo_copy(folder, name)
    write_blocks(path, [Block(BAD_SHEET, BAD_ROW, BAD_COL, [["四十一秒"]])], backup=False)
    return path


def with_period(folder: Path, name: str, period: str) -> Path:
    """A demo copy whose Settings period is `period` (设置!B4), e.g. '2026-01'."""
    path = demo_copy(folder, name)
    write_blocks(path, [Block("设置", 3, 1, [[period]])], backup=False)
    return path


def zip_bomb(folder: Path) -> Path:
    """The demo with an extra 16 MB part of zeros: a member compressed about 1000 times,
    the shape of a zip bomb (io.safe_zip refuses it by its compression ratio)."""
    target = folder / "bomb.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(DEMO) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename))
        out.writestr("xl/media/zeros.bin", b"\0" * (16 * 2**20))
    target.write_bytes(buf.getvalue())
    return target


def not_a_workbook(folder: Path) -> Path:
    """A text file named like a workbook."""
    target = folder / "notes.xlsx"
    target.write_text("这不是工作簿 / this is not a workbook\n", encoding="utf-8")
    return target
