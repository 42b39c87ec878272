"""The workbook being built, as every sheet writer sees it (`Book`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.workbook import Workbook

from xlkpi.authoring.content import Content
from xlkpi.authoring.spec import PositionSpec, TemplateSpec
from xlkpi.authoring.styles import Styles
from xlkpi.authoring.texts import FORM_SHEET, LISTS_SHEET
from xlkpi.workbook.layout import sheet_name


@dataclass
class Book:
    """Everything the sheet writers share while one workbook is built."""

    wb: Workbook
    styles: Styles
    lang: str
    spec: TemplateSpec
    positions: list[PositionSpec]
    content: Content
    macro_name: str | None = None  # the Calculate macro, for buttons (.xlsm only)
    data_sheets: dict[str, str] = field(default_factory=dict)  # position code -> sheet

    def sheet(self, key: str) -> str:
        """The name of a sheet in this workbook's language, by its layout key."""
        if key == "form":
            return FORM_SHEET(self.lang)
        if key == "lists":
            return LISTS_SHEET(self.lang)
        return sheet_name(key, self.lang)

    def position_name(self, code: str) -> str:
        """A position's name in this workbook's language, by its code."""
        for p in self.positions:
            if p.code == code:
                return p.name(self.lang)
        raise KeyError(code)
