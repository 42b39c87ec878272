"""`CellParser`: the cells of one sheet parsed, each bad one reported as a Problem that
names the sheet and the cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import a1
from xlkpi.workbook import layout
from xlkpi.workbook.contract.schema import label_key
from xlkpi.workbook.layout import Kind, Label
from xlkpi.workbook.values.issues import EXPECTED, ValueIssue, show
from xlkpi.workbook.values.parse import is_ambiguous_percent, parse_text, parse_value


class CellParser:
    """Parses the cells of one sheet, adding one Problem per bad cell.

    Args:
        sheet: the sheet's name as the workbook spells it (for Source and messages).
        problems: where problems go.
    """

    def __init__(self, sheet: str, problems: Problems):
        self.sheet = sheet
        self.problems = problems

    def source(self, row: int, col: int) -> Source:
        """The place of a cell of this sheet, for a Problem."""
        return Source(self.sheet, a1(row, col))

    def report(self, issue: ValueIssue, row: int, col: int, what: Label | None) -> None:
        """Add `issue` as an ERROR at (row, col), prefixed with what the cell holds."""
        en = f"{what.en}: {issue.message_en}" if what and what.en else issue.message_en
        zh = f"{what.zh}：{issue.message_zh}" if what and what.zh else issue.message_zh
        self.problems.error(issue.code, en, zh, self.source(row, col))

    def parse(
        self,
        value: object,
        row: int,
        col: int,
        kind: Kind,
        what: Label | None = None,
        *,
        required: bool = False,
    ) -> Any:
        """The parsed value, or None (blank, or a problem was reported).

        Args:
            value: the raw cell value at (row, col).
            kind: what the column holds.
            what: the column's label, put before the message ("Weight: '9o' is not ...").
            required: report a blank cell as an error.
        """
        try:
            parsed = parse_value(value, kind)
        except ValueIssue as issue:
            self.report(issue, row, col, what)
            return None
        if required and (parsed is None or parsed == ""):
            self.required(row, col, what, kind)
            return None
        if kind is Kind.PERCENT and is_ambiguous_percent(value):
            self.warn_ambiguous_percent([(row, col, value)], what)
        return parsed

    def required(self, row: int, col: int, what: Label | None, kind: Kind | None = None) -> None:
        """An ERROR for a required cell left empty (saying what it should hold, if `kind`)."""
        name = what or Label("此项", "This cell")
        expected = EXPECTED[kind] if kind is not None else None
        self.problems.error(
            "value.required",
            f"{name.en} is required but the cell is empty"
            + (f" (expected {expected.en})" if expected else ""),
            f"{name.zh}不能为空" + (f"（应为{expected.zh}）" if expected else ""),
            self.source(row, col),
        )

    def choice(self, value: object, row: int, col: int, group: str, what: Label) -> str | None:
        """The key of the drop-down choice `value` names (either language), or None (blank,
        or not one of the choices: reported, listing them)."""
        return self.pick(value, row, col, layout.CHOICES[group], what)

    def pick(
        self, value: object, row: int, col: int, options: Mapping[str, Label], what: Label
    ) -> str | None:
        """The key of the option `value` names (its key, or its label in either language),
        or None (blank, or none of them: reported, listing them)."""
        try:
            text = parse_text(value)
        except ValueIssue as issue:
            self.report(issue, row, col, what)
            return None
        if not text:
            return None
        key = label_key(options, text)
        if key is None:
            opts = options.values()
            self.problems.error(
                "value.choice",
                f"{what.en}: '{text}' is not one of: {', '.join(o.en for o in opts)} "
                f"({', '.join(o.zh for o in opts)})",
                f"{what.zh}：“{text}”不是可选项（{'、'.join(o.zh for o in opts)}）",
                self.source(row, col),
            )
        return key

    def warn_ambiguous_percent(
        self, cells: list[tuple[int, int, object]], what: Label | None
    ) -> None:
        """One WARNING for plain numbers in (1, 2] read as percent points."""
        if not cells:
            return
        shown = ", ".join(f"{a1(r, c)}={show(v)}" for r, c, v in cells[:5])
        more = f" (+{len(cells) - 5})" if len(cells) > 5 else ""
        name = what or Label("", "")
        self.problems.warning(
            "value.percent_ambiguous",
            f"{name.en + ': ' if name.en else ''}{shown}{more} read as percent points "
            f"(1.5 → 1.5%); if 150% was meant, type 150%",
            f"{name.zh + '：' if name.zh else ''}{shown}{more} 按百分点读取（1.5 即 1.5%）；"
            "如果本意是 150%，请输入 150%",
            *(Source(self.sheet, a1(r, c)) for r, c, _ in cells[:20]),
        )
