"""Cell formats of the shipped workbooks: one palette, one font per language.

The colour key (shown on the guide sheet) is the contract with HR:

    input     pale yellow, unlocked      HR types or picks here
    computed  pale blue-grey             formulas (locked) and results written by Calculate
                                         (unlocked, so xlwings Lite can write them)
    header    dark blue, white text      column labels
    problem   red                        conditional formats: something to fix
    warning   amber                      conditional formats: something to check

XlsxWriter formats belong to one workbook, so `Styles` creates them on demand per
workbook and caches them by their properties.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter.format
import xlsxwriter.workbook

FONTS = {"zh": "等线", "en": "Calibri"}
FONT_SIZE = 10.5

# Palette (hex without '#', as XlsxWriter takes them with '#').
NAVY = "#1F4E78"
BLUE = "#2E75B6"
GROUP_FILL = "#DDEBF7"
INPUT_FILL = "#FFF2CC"
COMPUTED_FILL = "#EDF1F5"
BORDER = "#BFBFBF"
MUTED = "#7F7F7F"
PROBLEM_FILL = "#FFC7CE"
PROBLEM_FONT = "#9C0006"
WARNING_FILL = "#FFEB9C"
WARNING_FONT = "#9C5700"
GOOD_FILL = "#C6EFCE"
GOOD_FONT = "#006100"
FAIR_FILL = "#E2EFDA"

#: conditional formats (dxf: only the properties that change) by role
CF_PROPS: dict[str, dict[str, Any]] = {
    "problem": {"bg_color": PROBLEM_FILL, "font_color": PROBLEM_FONT},
    "warning": {"bg_color": WARNING_FILL, "font_color": WARNING_FONT},
    "good": {"bg_color": GOOD_FILL, "font_color": GOOD_FONT, "bold": True},
    "fair": {"bg_color": FAIR_FILL, "font_color": GOOD_FONT},
    "poor": {"bg_color": PROBLEM_FILL, "font_color": PROBLEM_FONT, "bold": True},
}

#: number formats by layout Kind value (layout.FORMATS covers written results)
NUMBER_FORMATS = {
    "percent": "0.0%",
    "percent0": "0%",
    "money": "¥#,##0.00",
    "integer": "0",
    "number": "General",
    "points": "0.00",
    "date": "yyyy-mm-dd",
}


class Styles:
    """Formats for one workbook in one language.

    Args:
        workbook: the XlsxWriter workbook the formats belong to.
        lang: "zh" or "en"; picks the font.
    """

    def __init__(self, workbook: xlsxwriter.workbook.Workbook, lang: str):
        self.workbook = workbook
        self.lang = lang
        self.font = FONTS[lang]
        self._cache: dict[tuple[tuple[str, Any], ...], xlsxwriter.format.Format] = {}

    def fmt(self, **props: Any) -> xlsxwriter.format.Format:
        """A format with the language's font and `props` (XlsxWriter property names)."""
        full = {"font_name": self.font, "font_size": FONT_SIZE, "valign": "vcenter", **props}
        key = tuple(sorted(full.items()))
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(full)
        return self._cache[key]

    # --- the roles of the colour key ----------------------------------------------------

    def title(self, size: int = 16) -> xlsxwriter.format.Format:
        """A sheet's title."""
        return self.fmt(bold=True, font_size=size, font_color=NAVY)

    def subtitle(self) -> xlsxwriter.format.Format:
        """The hint under a title."""
        return self.fmt(italic=True, font_color=MUTED)

    def _band(self, font_color: str, fill: str, **extra: Any) -> xlsxwriter.format.Format:
        """A bold, centred, bordered heading cell (header row, group row, results group)."""
        return self.fmt(
            bold=True,
            font_color=font_color,
            bg_color=fill,
            border=1,
            border_color=BORDER,
            align="center",
            **extra,
        )

    def header(self, *, wrap: bool = True) -> xlsxwriter.format.Format:
        """A table's header row."""
        return self._band("#FFFFFF", NAVY, text_wrap=wrap)

    def group(self) -> xlsxwriter.format.Format:
        """A group row above the headers (an indicator's columns)."""
        return self._band(NAVY, GROUP_FILL, text_wrap=True)

    def results_group(self) -> xlsxwriter.format.Format:
        """The group row above the result columns."""
        return self._band("#FFFFFF", BLUE)

    def key_row(self) -> xlsxwriter.format.Format:
        """The small, muted key row the reader finds columns by."""
        return self.fmt(font_size=8, font_color=MUTED, locked=True)

    def input(self, kind: str = "text", *, wrap: bool = False) -> xlsxwriter.format.Format:
        """A yellow, unlocked cell HR types in, with the number format of `kind`."""
        props: dict[str, Any] = {
            "bg_color": INPUT_FILL,
            "border": 1,
            "border_color": BORDER,
            "locked": False,
        }
        num = NUMBER_FORMATS.get(kind)
        if num and num != "General":
            props["num_format"] = num
        if wrap:
            props["text_wrap"] = True
        return self.fmt(**props)

    def computed(
        self,
        num_format: str | None = None,
        *,
        wrap: bool = False,
        bold: bool = False,
        locked: bool = True,
    ) -> xlsxwriter.format.Format:
        """Grey cells HR does not type in: formulas (locked) and the results Calculate
        writes (`locked=False`: xlwings Lite cannot lift sheet protection, so the cells it
        writes must be open on a protected sheet)."""
        props = {"bg_color": COMPUTED_FILL, "border": 1, "border_color": BORDER, "locked": locked}
        return self.fmt(**props, **_set_only(num_format=num_format, text_wrap=wrap, bold=bold))

    def label(self, *, bold: bool = False, wrap: bool = False) -> xlsxwriter.format.Format:
        """A fixed label cell (locked, white) inside a bordered area."""
        return self.fmt(border=1, border_color=BORDER, bold=bold, text_wrap=wrap)

    def text(
        self,
        *,
        bold: bool = False,
        wrap: bool = True,
        color: str | None = None,
        size: float | None = None,
        indent: int = 0,
        underline: bool = False,
    ) -> xlsxwriter.format.Format:
        """Free text on the Guide and other prose sheets."""
        optional = _set_only(
            underline=int(underline), bold=bold, font_color=color, font_size=size, indent=indent
        )
        return self.fmt(text_wrap=wrap, valign="top", **optional)

    # --- conditional formats (dxf: only the properties that change) --------------------

    def cf(self, role: str) -> xlsxwriter.format.Format:
        """A conditional format of the colour key (problem, good, fair, poor, ...)."""
        key = (("cf", role),)
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(CF_PROPS[role])
        return self._cache[key]

    def swatch(self, role: str) -> xlsxwriter.format.Format:
        """A bordered cell in a conditional format's colours (the guide's colour key)."""
        return self.fmt(**CF_PROPS[role], border=1, border_color=BORDER)


def _set_only(**props: Any) -> dict[str, Any]:
    """The format properties that are set: an unset one (False, None, 0, "") is left out,
    so it does not make a new format."""
    return {k: v for k, v in props.items() if v}
