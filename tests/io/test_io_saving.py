"""Safe saving: backup, Excel holding the file, crashes mid-write (check 7)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from xlkpi.io import atomic
from xlkpi.io.cells import Block
from xlkpi.io.errors import FileLocked, SaveFailed
from xlkpi.io.package import Package
from xlkpi.io.reader import read_grids
from xlkpi.io.xlsx_writer import write_blocks

BLOCK = Block("Scores", 3, 6, [[81.5], [82.5]])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~xlkpi-"))


@contextmanager
def _left_as_it_was(book: Path) -> Iterator[None]:
    """The block leaves `book` byte for byte as it was, and no temporary file beside it."""
    before = book.read_bytes()
    yield
    assert book.read_bytes() == before
    assert _leftovers(book.parent) == []


def test_backups_keep_the_original_and_each_run(book_xlsm: Path) -> None:
    original = book_xlsm.read_bytes()
    report = write_blocks(book_xlsm, [BLOCK])
    assert report.backup_path is not None
    assert Path(report.backup_path).name.startswith("book.bak.")
    assert Path(report.backup_path).read_bytes() == original
    first = book_xlsm.read_bytes()
    second = write_blocks(book_xlsm, [Block("Scores", 3, 6, [[90.0]])])
    assert second.backup_path != report.backup_path
    assert Path(second.backup_path).read_bytes() == first
    assert book_xlsm.with_name("book.original.xlsm").read_bytes() == original
    assert read_grids(book_xlsm, ["Scores"])["Scores"][3][6] == 90
    assert _leftovers(book_xlsm.parent) == []


def test_no_backup_when_told(book_xlsx: Path) -> None:
    report = write_blocks(book_xlsx, [BLOCK], backup=False)
    assert report.backup_path is None
    assert sorted(p.name for p in book_xlsx.parent.iterdir()) == ["book.xlsx"]


def test_excel_owner_file_means_the_book_is_open(book_xlsx: Path) -> None:
    (book_xlsx.parent / "~$book.xlsx").write_bytes(b"\x00" * 165)
    with _left_as_it_was(book_xlsx), pytest.raises(FileLocked) as info:
        write_blocks(book_xlsx, [BLOCK])
    assert "open in Excel" in str(info.value)
    assert "Excel" in info.value.message_zh


def test_permission_error_on_replace_is_a_clear_message(book_xlsx: Path, monkeypatch) -> None:
    """On Windows, replacing a file Excel holds open raises PermissionError."""
    real_replace = os.replace

    def replace(src, dst):
        if os.path.abspath(dst) == str(book_xlsx):
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with _left_as_it_was(book_xlsx), pytest.raises(FileLocked, match="open in Excel"):
        write_blocks(book_xlsx, [BLOCK], backup=False)


def test_exception_mid_write_leaves_the_original(book_xlsm: Path, monkeypatch) -> None:
    before = book_xlsm.read_bytes()
    real = Package.write_to

    def half_then_fail(self, fh):
        real(self, fh)
        fh.truncate(fh.tell() // 2)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Package, "write_to", half_then_fail)
    with pytest.raises(SaveFailed, match="No space left"):
        write_blocks(book_xlsm, [BLOCK])
    assert book_xlsm.read_bytes() == before
    assert _leftovers(book_xlsm.parent) == []
    assert not list(book_xlsm.parent.glob("book.bak.*"))


def test_a_damaged_new_file_fails_verification(book_xlsx: Path, monkeypatch) -> None:
    real = Package.write_to

    def corrupt(self, fh):
        real(self, fh)
        fh.seek(40)
        fh.write(b"\xff" * 64)  # inside the first member's compressed data

    monkeypatch.setattr(Package, "write_to", corrupt)
    with _left_as_it_was(book_xlsx), pytest.raises(SaveFailed, match="failed its check"):
        write_blocks(book_xlsx, [BLOCK])


def test_a_damaged_copy_of_an_unchanged_part_fails_verification(book_xlsx: Path, monkeypatch):
    """A part copied unchanged is compared with the original's checked bytes, not
    inflated again: bytes that differ are still caught (inflated, and found damaged)."""
    from xlkpi.io.zip_writer import ZipWriter

    real = ZipWriter.add_compressed

    def corrupt(self, name, chunks, **kwargs):
        if name == "xl/theme/theme1.xml":  # copied as stored: its bytes, damaged
            data = bytearray(b"".join(chunks))
            data[10:26] = b"\xff" * 16
            chunks = [bytes(data)]
        real(self, name, chunks, **kwargs)

    monkeypatch.setattr(ZipWriter, "add_compressed", corrupt)
    with _left_as_it_was(book_xlsx), pytest.raises(SaveFailed, match="theme1.xml is damaged"):
        write_blocks(book_xlsx, [BLOCK])


def test_an_edited_part_deflated_wrong_fails_verification(book_xlsx: Path, monkeypatch):
    """The CRC and size a new part's headers carry are worked out from the bytes fed to
    the deflater, so they hold even when the deflated stream is wrong (here: its end cut
    off, as a chunk lost between the deflate thread and the ZIP would be): only inflating
    what the new file stores shows it, which is why verify_written still inflates the
    parts the writer deflated itself."""
    from xlkpi.io.deflate import DeflatedPart, PartDeflater

    real = PartDeflater.close

    def cut_short(self):
        part = real(self)
        if part is None:
            return None
        stream = b"".join(part.chunks)
        return DeflatedPart([stream[: len(stream) // 2]], part.crc, part.size)

    monkeypatch.setattr(PartDeflater, "close", cut_short)
    with _left_as_it_was(book_xlsx), pytest.raises(SaveFailed, match="sheet1.xml is damaged"):
        write_blocks(book_xlsx, [BLOCK])


def _opened_members(monkeypatch) -> list[str]:
    """The names of the ZIP members opened (to be inflated) from now on."""
    import zipfile

    opened: list[str] = []
    real = zipfile.ZipFile.open

    def counting(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    return opened


def test_unchanged_parts_are_compared_not_inflated_again(book_xlsx: Path, monkeypatch) -> None:
    opened = _opened_members(monkeypatch)
    write_blocks(book_xlsx, [BLOCK], backup=False)
    # opened once when the book is checked, not again when the new file is
    assert opened.count("xl/theme/theme1.xml") == 1
    assert opened.count("xl/worksheets/sheet1.xml") >= 2  # edited: inflated and parsed


def test_bytes_checked_when_read_are_not_inflated_again_to_write(book_xlsx: Path, monkeypatch):
    """XlsxBook read (and deep-checked) the bytes it writes over: the writer checks their
    structure again, not every member's inflated bytes."""
    from xlkpi.io.reader import XlsxBook

    book = XlsxBook(book_xlsx, backup=False)
    book.sheet_names()  # read and checked here
    opened = _opened_members(monkeypatch)
    book.write([BLOCK])
    assert "xl/theme/theme1.xml" not in opened
    assert read_grids(book_xlsx)["Scores"][3][6] == 81.5


def test_a_digest_said_checked_of_other_bytes_is_refused(book_xlsx: Path) -> None:
    with _left_as_it_was(book_xlsx), pytest.raises(SaveFailed, match="changed"):
        write_blocks(book_xlsx, [BLOCK], expected_digest="0" * 64, digest_checked=True)


def test_file_saved_by_someone_else_meanwhile_is_not_overwritten(
    book_xlsx: Path, monkeypatch
) -> None:
    import xlkpi.io.xlsx_writer as xw

    real_verify = xw.verify_written

    def verify_and_meanwhile_excel_saves(tmp, **kw):
        real_verify(tmp, **kw)
        with open(book_xlsx, "ab") as fh:
            fh.write(b"saved by Excel")

    monkeypatch.setattr(xw, "verify_written", verify_and_meanwhile_excel_saves)
    with pytest.raises(SaveFailed, match="changed by another program"):
        write_blocks(book_xlsx, [BLOCK], backup=False)
    assert book_xlsx.read_bytes().endswith(b"saved by Excel")


def test_hard_crash_mid_write_leaves_the_original(book_xlsm: Path) -> None:
    """The process dies (os._exit) while the new zip is half written."""
    before = book_xlsm.read_bytes()
    script = textwrap.dedent(
        f"""
        import os
        from xlkpi.io.cells import Block
        from xlkpi.io.xlsx_writer import write_blocks
        from xlkpi.io.zip_writer import ZipWriter
        calls = 0
        real = ZipWriter.add_compressed
        def dying(self, *a, **kw):
            global calls
            calls += 1
            if calls == 6:
                os._exit(3)
            return real(self, *a, **kw)
        ZipWriter.add_compressed = dying
        write_blocks({str(book_xlsm)!r}, [Block("Scores", 3, 6, [[1.0]])])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()
    assert book_xlsm.read_bytes() == before
    left = _leftovers(book_xlsm.parent)  # the temporary file, and the lock file (unlocked)
    assert sorted(left)[0].startswith(".~xlkpi-book.xlsm-") and len(left) <= 2
    # the next run cleans up after the crashed one
    write_blocks(book_xlsm, [BLOCK])
    assert _leftovers(book_xlsm.parent) == []
    assert read_grids(book_xlsm, ["Scores"])["Scores"][4][6] == 82.5


def test_nothing_to_write_leaves_the_file_alone(book_xlsx: Path) -> None:
    before = book_xlsx.read_bytes()
    report = write_blocks(book_xlsx, [])
    assert report.changed_parts == [] and report.backup_path is None
    assert book_xlsx.read_bytes() == before


def test_a_run_killed_while_copying_a_backup_is_cleaned_up_by_the_next(book_xlsm: Path) -> None:
    """A backup's temporary copy is named after its book, so the next run removes it."""
    before = book_xlsm.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, shutil
        from xlkpi.io.cells import Block
        from xlkpi.io.xlsx_writer import write_blocks
        def dying(src, dst, **kw):
            with open(dst, "wb") as fh:
                fh.write(b"half a backup")
            os._exit(3)
        shutil.copy2 = dying
        write_blocks({str(book_xlsm)!r}, [Block("Scores", 3, 6, [[1.0]])])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()
    assert book_xlsm.read_bytes() == before
    assert [n for n in _leftovers(book_xlsm.parent) if n.startswith(".~xlkpi-bak~book.xlsm-")]
    write_blocks(book_xlsm, [BLOCK])
    assert _leftovers(book_xlsm.parent) == []
