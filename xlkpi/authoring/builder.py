"""Build one workbook with XlsxWriter, byte for byte the same on every run, and all of
the shipped ones (`build_all`, run by `python -m xlkpi.authoring.build`).

A build fixes every document property (the creation date included), and XlsxWriter stamps
zip members with a fixed date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from xlkpi.authoring import catalog_source, printing, registry
from xlkpi.authoring.book import Book
from xlkpi.authoring.content import Content
from xlkpi.authoring.sample_data import sample_content
from xlkpi.authoring.sheets import data, followup, form, guide, mail, pay, results, tables
from xlkpi.authoring.sheets.common import protect
from xlkpi.authoring.styles import FONT_SIZE, FONTS, Styles
from xlkpi.excel import vba
from xlkpi.workbook.layout import LANGS, safe_sheet_name, sheet_name

#: fixed document properties: builds are byte-stable (no timestamps from the clock)
BUILD_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)
DEMO_NAME = "demo-after-sales"
DEMO_TEMPLATE = "after-sales-department"


class MacroUnavailable(RuntimeError):
    """The .xlsm variant needs the VBA project from `xlkpi.excel.vba`, which cannot be
    built here (it takes xlwings' standalone modules from the installed xlwings)."""


def _vba_project() -> tuple[bytes, str]:
    """The VBA project (xlwings modules + the Calculate macro) and the macro's name."""
    try:
        return vba.vba_project_bytes(), vba.MACRO_NAME
    except vba.VbaBuildError as exc:
        raise MacroUnavailable(f"the VBA project cannot be built here: {exc}") from exc


def build_workbook(
    name: str, lang: str, path: str | Path, *, macro: bool = False, sample_data: bool = False
) -> Path:
    """Write one template.

    Args:
        name: a key of `TEMPLATES`.
        lang: "zh" or "en".
        path: the file to write; its suffix should be .xlsm when `macro` is true.
        macro: add the VBA project and a Calculate button on the sheets HR works on.
        sample_data: fill people, actuals, scores and adjustments with generated data.
    Returns:
        The path written.
    Raises:
        KeyError: unknown template name. ValueError: unknown language.
        MacroUnavailable: `macro` asked for but no VBA project is available.
    """
    spec = registry.TEMPLATES[name]
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    path = Path(path)
    positions = [catalog_source.position(code) for code in spec.positions]
    content = sample_content(positions, seed=name) if sample_data else Content()
    content.settings["lang"] = lang  # messages and the Issues sheet follow the template's language
    if len(positions) > 1:  # a manager is not ranked against agents: each position on its own
        content.settings["rank_scope"] = content.settings["distribution_scope"] = "position"
    vba: tuple[bytes, str] | None = _vba_project() if macro else None

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": {"font_name": FONTS[lang], "font_size": FONT_SIZE},
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": spec.title(lang),
            "subject": spec.description(lang),
            "author": "xlkpi",
            "company": "",
            "comments": "Built by xlkpi",
            "created": BUILD_DATE,
        }
    )
    wb.set_custom_property("xlkpi_template", name)
    wb.set_custom_property("xlkpi_lang", lang)
    wb.set_calc_mode("auto")
    if vba is not None:
        wb.add_vba_project(io.BytesIO(vba[0]), is_stream=True)  # type: ignore[arg-type]
        wb.set_vba_name("ThisWorkbook")
    book = Book(
        wb, Styles(wb, lang), lang, spec, positions, content, macro_name=vba[1] if vba else None
    )
    book.data_sheets = {p.code: safe_sheet_name(p.sheet(lang)) for p in positions}

    guide.write(book)
    tables.write_settings(book)
    tables.write_positions(book)
    tables.write_indicators(book)
    tables.write_roster(book)
    tables.write_grades(book)
    tables.write_adjustments(book)
    if any(p.pay_scheme for p in positions):
        pay.write(book)
        protect(wb.get_worksheet_by_name(sheet_name("pay", lang)))  # inputs there are unlocked
    for position in positions:
        data.write(book, position)
    form.write(book)
    results.write(book)
    followup.write(book)  # interviews, appeals, holidays, 360°, change log
    tables.write_mapping(book)
    mail.write(book)
    tables.write_lists(book)
    printing.set_up_pages(book)
    wb.close()
    return path


def template_file(name: str, lang: str, *, macro: bool = False) -> str:
    """The file name of a shipped template, e.g. "cs-manager-zh.xlsx"."""
    return f"{name}-{lang}.{'xlsm' if macro else 'xlsx'}"


def build_all(root: Path, *, macro: bool | None = None) -> list[Path]:
    """Rebuild templates/ and workbooks/ under `root`.

    Args:
        root: the repository root (holds templates/ and workbooks/).
        macro: build .xlsm variants; None means "when the VBA project is available".
    Returns:
        The files written.
    """
    if macro is None:
        try:
            _vba_project()
            macro = True
        except MacroUnavailable:
            macro = False
    variants = [False, True] if macro else [False]
    written = []
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "workbooks").mkdir(parents=True, exist_ok=True)
    for name in registry.TEMPLATES:
        for lang in LANGS:
            for m in variants:
                written.append(
                    build_workbook(
                        name, lang, root / "templates" / template_file(name, lang, macro=m), macro=m
                    )
                )
    for m in variants:
        suffix = "xlsm" if m else "xlsx"
        written.append(
            build_workbook(
                DEMO_TEMPLATE,
                "zh",
                root / "workbooks" / f"{DEMO_NAME}.{suffix}",
                macro=m,
                sample_data=True,
            )
        )
    return written
