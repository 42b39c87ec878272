"""xlkpi's one way of writing into an existing workbook (.xlsx / .xlsm), in place.

Only the cell data of the sheets that receive values is rewritten; every other part of
the package is copied unchanged. calcChain.xml is removed (with its relationship and
content type) and `fullCalcOnLoad="1"` set, so Excel recalculates on open. All refusals
are checked before anything is written; the save is verified and atomic, with a backup.
See docs/writer.md for the design and its reasons.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from xlkpi.io.atomic import (
    StagedSave,
    changed_since_read,
    commit_staged,
    data_digest,
    save_atomically,
    stage_save,
)
from xlkpi.io.cells import Block, NewSheet
from xlkpi.io.cellxml import CellEncoder
from xlkpi.io.chart_cache import chart_parts, refresh_chart_caches
from xlkpi.io.deflate import DeflatedPart
from xlkpi.io.errors import RefusedWrite, WorkbookError
from xlkpi.io.lock import workbook_lock
from xlkpi.io.package import Package
from xlkpi.io.parts import CT_STYLES, REL_STYLES, SheetEntry, protected_sheet
from xlkpi.io.refusals import check_bounds, check_structure, combine, sheet_tables
from xlkpi.io.safe_zip import CheckedPackage, open_workbook
from xlkpi.io.sheet_patch import SheetPatcher
from xlkpi.io.sheet_writes import row_writes
from xlkpi.io.styles import Styles
from xlkpi.io.verify import verify_written

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class WriteReport:
    """What a write changed.

    Attributes:
        path: the workbook written.
        changed_parts: package parts rewritten (sheets, and styles/workbook/rels/content
            types when needed), in package order.
        removed_parts: parts removed (calcChain.xml).
        added_parts: parts added (sheets from `ensure_sheets`).
        cells_written: cells set or cleared.
        sheets: sheets whose cells changed.
        added_sheets: sheets appended by `ensure_sheets`.
        backup_path: this run's backup of the workbook, or None.
        kept_problems: problems the original already had (a stray part without a content
            type, a relationship to a missing part), left as they were: (English, Chinese).
    """

    path: str
    changed_parts: list[str] = field(default_factory=list)
    removed_parts: list[str] = field(default_factory=list)
    added_parts: list[str] = field(default_factory=list)
    cells_written: int = 0
    sheets: list[str] = field(default_factory=list)
    added_sheets: list[str] = field(default_factory=list)
    backup_path: str | None = None
    kept_problems: list[tuple[str, str]] = field(default_factory=list)


def write_blocks(
    path: str | os.PathLike[str],
    blocks: Sequence[Block],
    *,
    backup: bool = True,
    ensure_sheets: Sequence[str] = (),
    expected_digest: str | None = None,
    digest_checked: bool = False,
) -> WriteReport:
    """Write `blocks` into the workbook at `path`, all or nothing.

    Args:
        path: an existing .xlsx/.xlsm (or .xltx/.xltm) workbook.
        blocks: rectangles of values (see xlkpi.io.cells); a later block wins where two
            blocks write the same cell.
        backup: keep backups (xlkpi.io.backups: the original before xlkpi's first write,
            and the newest few, timestamped).
        ensure_sheets: plain worksheets to append when the workbook lacks them.
        expected_digest: SHA-256 of the workbook's bytes as the caller read them
            (`XlsxBook.digest`); the write is refused when the file changed since.
        digest_checked: the bytes of `expected_digest` passed safe_zip's deep check
            when the caller read them (`XlsxBook` reads so): the same bytes are then not
            inflated again to be checked (their structure is; other bytes are refused).
    The workbook's lock (xlkpi.io.lock) is held while writing: one run at a time.
    Returns:
        a WriteReport.
    Raises:
        WorkbookError (RefusedWrite with every refusal, FileLocked, UnsupportedFormat, ...);
        the file is then byte-identical to before.
    """
    with workbook_lock(path):
        return _write_blocks(
            path,
            blocks,
            backup=backup,
            ensure_sheets=ensure_sheets,
            expected_digest=expected_digest,
            digest_checked=digest_checked,
        )


class PreparedWrite:
    """A write checked and saved beside the workbook, not yet in place (`prepare_write`).

    Attributes:
        report: what the write changes (backup_path is set by `commit_prepared`).
        staged: the verified new file, or None when there is nothing to change.
    """

    def __init__(self, report: WriteReport, staged: StagedSave | None) -> None:
        self.report = report
        self.staged = staged

    def discard(self) -> None:
        """Give the write up: the workbook stays as it is."""
        if self.staged is not None:
            self.staged.discard()


def prepare_write(
    path: str | os.PathLike[str],
    blocks: Sequence[Block],
    *,
    ensure_sheets: Sequence[str] = (),
    expected_digest: str | None = None,
) -> PreparedWrite:
    """Everything `write_blocks` does except putting the new file in place. The caller
    holds the workbook's lock (xlkpi.io.lock) from before this to after `commit_prepared`.

    Raises:
        WorkbookError as write_blocks; nothing is left behind then.
    """
    plan = _plan(path, blocks, ensure_sheets, expected_digest)
    if plan.nothing_to_do:
        return PreparedWrite(plan.report, None)
    staged = stage_save(plan.path, plan.pkg.write_to, plan.verify, expected_digest=plan.digest)
    return PreparedWrite(plan.finish(), staged)


def commit_prepared(writes: Sequence[PreparedWrite], *, backup: bool = True) -> None:
    """Put every prepared write in place, all or nothing (`atomic.commit_staged`).

    Raises:
        FileLocked or SaveFailed; then no workbook was changed.
    """
    pending = [w for w in writes if w.staged is not None]
    backups = commit_staged([w.staged for w in pending if w.staged is not None], backup=backup)
    for w, bak in zip(pending, backups, strict=True):
        w.report.backup_path = bak


def _write_blocks(
    path: str | os.PathLike[str],
    blocks: Sequence[Block],
    *,
    backup: bool,
    ensure_sheets: Sequence[str],
    expected_digest: str | None,
    digest_checked: bool,
) -> WriteReport:
    plan = _plan(path, blocks, ensure_sheets, expected_digest, digest_checked)
    if plan.nothing_to_do:
        return plan.report  # nothing to do: the file stays as it is, no backup
    return plan.save(backup)


def save_package(path: str, pkg: Package, digest: str, *, backup: bool = True) -> WriteReport:
    """Save a package changed in memory over the workbook it was read from: verified,
    atomic, with backups (the last step of every write into a workbook).

    Args:
        path: the workbook (absolute).
        pkg: its package with the changed parts set.
        digest: `atomic.data_digest` of the bytes `pkg` was read from.
    """
    plan = _Plan(path, digest, pkg, WriteReport(path), pkg.final_names(), set(pkg.changed))
    return plan.save(backup)


@dataclass
class _Plan:
    """A write worked out in memory: the package with its new parts, nothing saved yet."""

    path: str
    digest: str  # of the workbook's bytes as read: replacing is refused if they change
    pkg: Package
    report: WriteReport
    names: list[str] = field(default_factory=list)  # the parts the new file must hold
    edited: set[str] = field(default_factory=set)  # the parts it changes
    # the workbook as opened, its bytes deep-checked (here or when the caller read them):
    # what the new file copies from it unchanged is compared with it instead of inflated
    # again (verify_written)
    checked: CheckedPackage | None = None

    @property
    def nothing_to_do(self) -> bool:
        return not self.pkg.changed and not self.pkg.removed

    def verify(self, tmp: str) -> None:
        """Check the new file; problems the original already had are kept and reported."""
        pkg = self.pkg
        self.report.kept_problems = verify_written(
            tmp,
            original=self.path,
            names=self.names,
            edited=self.edited,
            workbook_part=pkg.workbook_part,
            workbook_type=pkg.workbook_type,
            checked=self.checked,
        )

    def save(self, backup: bool) -> WriteReport:
        """Put the new file in place (see `atomic.save_atomically`)."""
        self.report.backup_path = save_atomically(
            self.path, self.pkg.write_to, self.verify, backup=backup, expected_digest=self.digest
        )
        return self.finish()

    def finish(self) -> WriteReport:
        report, pkg = self.report, self.pkg
        report.changed_parts = pkg.changed_parts()
        report.removed_parts = sorted(pkg.removed)
        report.added_parts = list(pkg.added)
        return report


def _plan(
    path: str | os.PathLike[str],
    blocks: Sequence[Block],
    ensure_sheets: Sequence[str],
    expected_digest: str | None,
    digest_checked: bool = False,
) -> _Plan:
    """Every check and every new part of a write, in memory (raises the refusals)."""
    fpath = os.path.abspath(os.fspath(path))
    # bytes that passed the deep check when the caller read them are not inflated again
    # for it: they are those bytes or refused just below, before anything reads a part
    checked = open_workbook(fpath, deep=not (digest_checked and expected_digest))
    digest = data_digest(checked.data)
    if expected_digest is not None and digest != expected_digest:
        raise changed_since_read(fpath)
    pkg = Package(checked)
    report = WriteReport(fpath)

    styles_part = pkg.styles_part()
    styles = Styles(pkg.read(styles_part) if styles_part else None, fpath)
    for name in ensure_sheets:
        _check_sheet_name(name, fpath)
        if pkg.sheet(name) is None:
            entry = pkg.add_worksheet(name)
            if isinstance(name, NewSheet) and styles_part:  # protected, inputs unlocked
                pkg.set(entry.part, protected_sheet(styles.unlocked(), name.unlocked_columns))
            report.added_sheets.append(str(name))

    new_parts = _patch_sheets(pkg, _group_blocks(pkg, blocks, fpath), styles, report)
    for part, data in new_parts.items():
        pkg.set(part, data)
    if new_parts:  # charts over the cells just written show the new values in previews too
        charts = {n: pkg.read(n) for n in chart_parts(pkg.names) if pkg.has(n)}
        for part, chart in refresh_chart_caches(charts, blocks).items():
            pkg.set(part, chart)
    new_styles = styles.to_bytes()
    if new_styles is not None:
        if styles_part:
            pkg.set(styles_part, new_styles)
        else:  # a workbook without a styles part gets the minimal one
            pkg.add_workbook_part("styles.xml", new_styles, CT_STYLES, REL_STYLES)
    if new_parts or report.added_sheets:
        pkg.remove_calc_chain()
        pkg.set_full_calc_on_load()
    return _Plan(fpath, digest, pkg, report, pkg.final_names(), set(pkg.changed), checked)


def _patch_sheets(
    pkg: Package, by_sheet: dict[SheetEntry, list[Block]], styles: Styles, report: WriteReport
) -> dict[str, DeflatedPart]:
    """The new part of each sheet that changes (`report` counts what was written).

    Raises:
        RefusedWrite with every refusal of every sheet.
    """
    fpath = pkg.path
    refusals: list[RefusedWrite] = []
    new_parts: dict[str, DeflatedPart] = {}
    for entry, sheet_blocks in by_sheet.items():
        out_of_grid = [r for b in sheet_blocks for r in check_bounds(b, entry.name, fpath)]
        if out_of_grid:
            refusals += out_of_grid
            continue
        xml = pkg.read(entry.part)
        patcher = SheetPatcher(xml, entry.name, fpath)
        tables = sheet_tables(pkg, entry, patcher)
        refusals += check_structure(
            sheet_blocks, entry.name, tables, patcher.merged_ranges(), fpath, patcher.array_ranges()
        )
        # patch even after a refusal (in memory only), so every refusal is reported at once
        enc = CellEncoder(styles, pkg.date1904, patcher.p)
        try:
            result = patcher.patch(row_writes(sheet_blocks), enc, original=xml)
        except RefusedWrite as exc:
            refusals.append(exc)
            continue
        finally:
            # the new part is held deflated; the sheet's XML is not needed any more
            del patcher, xml
            pkg.forget(entry.part)
        refusals += result.refusals
        if result.part is not None:
            new_parts[entry.part] = result.part
            report.sheets.append(entry.name)
        report.cells_written += result.cells
    if refusals:
        raise combine(refusals)
    return new_parts


def _group_blocks(
    pkg: Package, blocks: Sequence[Block], path: str
) -> dict[SheetEntry, list[Block]]:
    out: dict[SheetEntry, list[Block]] = {}
    for b in blocks:
        entry = pkg.sheet(b.sheet)
        if entry is None:
            raise WorkbookError(
                f"the workbook has no sheet named '{b.sheet}'",
                f"工作簿中没有名为“{b.sheet}”的工作表",
                sheet=b.sheet,
                path=path,
            )
        if entry.kind != "worksheet":
            raise RefusedWrite(
                f"'{b.sheet}' is a {entry.kind}, not a worksheet; xlkpi writes only into worksheets",
                f"“{b.sheet}”不是普通工作表（{entry.kind}），xlkpi 只写入普通工作表",
                reason="not_worksheet",
                sheet=b.sheet,
                path=path,
            )
        out.setdefault(entry, []).append(b)
    return out


def _check_sheet_name(name: str, path: str) -> None:
    problem = None
    if not name or not name.strip():
        problem = ("a sheet name cannot be empty", "工作表名称不能为空")
    elif len(name) > 31:
        problem = ("a sheet name has at most 31 characters", "工作表名称最多 31 个字符")
    elif _BAD_SHEET_CHARS.search(name):
        problem = (
            "a sheet name cannot contain [ ] : * ? / \\",
            "工作表名称不能包含 [ ] : * ? / \\",
        )
    elif name.startswith("'") or name.endswith("'"):
        problem = ("a sheet name cannot start or end with '", "工作表名称不能以 ' 开头或结尾")
    if problem:
        raise WorkbookError(
            f"cannot add sheet '{name}': {problem[0]}",
            f"无法添加工作表“{name}”：{problem[1]}",
            sheet=name,
            path=path,
        )
