"""What is inside each shipped template: the contract's sheets, headers and keys, the
catalog's indicators, drop-downs, checks, protection, frozen headers and print setup."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
from parts import NS, Styles, column_styles, parts, sheet_parts
from python_calamine import CalamineWorkbook

from helpers.templates import REPO
from xlkpi.authoring import TEMPLATES
from xlkpi.authoring.catalog_source import position
from xlkpi.authoring.sheets.common import TABLE_HEADER_ROW
from xlkpi.authoring.styles import FONTS
from xlkpi.authoring.texts import FORM, FORM_SHEET, LISTS_SHEET
from xlkpi.core.problems import Source
from xlkpi.core.rules import parse_rule
from xlkpi.workbook import layout

CASES = [(name, lang) for name in TEMPLATES for lang in layout.LANGS]
IDS = [f"{n}-{lang}" for n, lang in CASES]


def _path(name: str, lang: str) -> Path:
    return REPO / "templates" / f"{name}-{lang}.xlsx"


def _openpyxl(path: Path) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 2010 extensions openpyxl does not model
        return openpyxl.load_workbook(path)


def _grid(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_every_contract_sheet_and_header(name: str, lang: str):
    path = _path(name, lang)
    spec = TEMPLATES[name]
    data_sheets = [position(code).sheet(lang) for code in spec.positions]
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    wb = _openpyxl(path)
    assert wb.sheetnames == names
    has_pay = any(position(code).pay_scheme for code in spec.positions)
    for key in layout.SHEETS:
        if key == "send_log" or (key == "pay" and not has_pay):
            continue  # the first `xlkpi send` adds its log; Pay comes with a pay scheme
        assert layout.find_sheet(key, names) == layout.sheet_name(key, lang)
    assert [n for n in names if n in data_sheets] == data_sheets
    assert FORM_SHEET(lang) in names
    assert wb[LISTS_SHEET(lang)].sheet_state == "hidden"
    assert wb.active.title == layout.sheet_name("guide", lang)

    for key, table in layout.TABLES.items():
        if key == "issues":
            continue
        grid = _grid(path, layout.sheet_name(table.sheet, lang))
        assert layout.find_header_row(table, grid) == TABLE_HEADER_ROW
        assert grid[TABLE_HEADER_ROW][: len(table.columns)] == [
            c.label(lang) for c in table.columns
        ]

    settings = _grid(path, layout.sheet_name("settings", lang))
    labels = [row[0] for row in settings[TABLE_HEADER_ROW + 1 :] if row and row[0]]
    assert labels == [s.label(lang) for s in layout.SETTINGS]


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_data_sheets_follow_the_layout(name: str, lang: str):
    path = _path(name, lang)
    wb = _openpyxl(path)
    for code in TEMPLATES[name].positions:
        pos = position(code)
        cols = pos.columns(lang)
        grid = _grid(path, pos.sheet(lang))
        assert layout.find_key_row(grid) == layout.KEY_ROW
        assert grid[layout.KEY_ROW][: len(cols)] == [c.key for c in cols]
        assert grid[layout.HEADER_ROW][: len(cols)] == [c.header for c in cols]
        assert str(grid[layout.TITLE_ROW][0]).startswith(pos.name(lang))
        ws = wb[pos.sheet(lang)]
        assert ws.row_dimensions[layout.KEY_ROW + 1].hidden
        assert ws.freeze_panes == f"C{layout.FIRST_DATA_ROW + 1}"
        assert ws.auto_filter.ref.startswith(f"A{layout.HEADER_ROW + 1}:")
        assert not ws.tables  # tables cannot grow under the file writer


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_indicators_are_the_catalogs(name: str, lang: str):
    path = _path(name, lang)
    table = layout.TABLES["indicators"]
    grid = _grid(path, layout.sheet_name("indicators", lang))
    cols = layout.map_columns(table, grid[TABLE_HEADER_ROW])
    rows = [r for r in grid[TABLE_HEADER_ROW + 1 :] if r[cols["code"]]]
    expected = [
        (pos, ind)
        for code in TEMPLATES[name].positions
        for pos in [position(code)]
        for ind in pos.indicators
    ]
    assert len(rows) == len(expected)
    for row, (pos, ind) in zip(rows, expected, strict=True):
        assert row[cols["position"]] == pos.name(lang)
        assert row[cols["code"]] == ind.code
        assert row[cols["name"]] == ind.name(lang)
        assert row[cols["weight"]] == pytest.approx(ind.weight)
        assert row[cols["scale"]] == ind.scale
        if ind.rule(lang) is not None:
            rule = parse_rule(row[cols["rule"]], Source(label="test"))
            assert rule == ind.rule(lang)
            assert row[cols["rule_words"]] == ind.rule_words(lang)


def test_english_rules_name_their_inputs_in_english():
    path = _path("call-centre-agent", "en")
    grid = _grid(path, position("cc_agent").sheet("en"))
    keys = grid[layout.KEY_ROW]
    assert {"discipline#late", "discipline#early leave", "discipline#absence"} <= set(keys)
    zh = _grid(_path("call-centre-agent", "zh"), position("cc_agent").sheet("zh"))
    assert {"discipline#迟到", "discipline#早退", "discipline#旷工"} <= set(zh[layout.KEY_ROW])


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_inputs_and_results_unlocked_sheets_protected_without_password(name: str, lang: str):
    """HR types the inputs; Calculate writes the results, in xlwings Lite without lifting
    protection: both stay unlocked on the protected data sheets."""
    path = _path(name, lang)
    styles = Styles(path)
    sheets = sheet_parts(path)
    p = parts(path)
    wb = _openpyxl(path)
    for code in TEMPLATES[name].positions:
        pos = position(code)
        col_style = column_styles(p[sheets[pos.sheet(lang)]])
        for c, col in enumerate(pos.columns(lang)):
            assert not styles.locked(col_style[c]), (pos.sheet(lang), col.key)
    for sheet in wb.worksheets:
        if sheet.title in (layout.sheet_name("summary", lang), layout.sheet_name("issues", lang)):
            assert not sheet.protection.sheet  # rewritten by every run
            continue
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, sheet.title
        assert sheet.protection.autoFilter is False  # False means "allowed" in openpyxl
    assert FONTS[lang] in styles.fonts


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_drop_downs_and_input_checks(name: str, lang: str):
    wb = _openpyxl(_path(name, lang))
    settings = wb[layout.sheet_name("settings", lang)]
    lists = {
        str(d.sqref): d.formula1
        for d in settings.data_validations.dataValidation
        if d.type == "list"
    }
    assert len(lists) == sum(s.kind is layout.Kind.CHOICE for s in layout.SETTINGS)
    assert all(f.startswith("xlkpi_list_") for f in lists.values())
    roster = wb[layout.sheet_name("roster", lang)]
    assert any(d.formula1 == "xlkpi_positions" for d in roster.data_validations.dataValidation)
    adjustments = wb[layout.sheet_name("adjustments", lang)]
    assert {d.formula1 for d in adjustments.data_validations.dataValidation} >= {
        "xlkpi_ids",
        "xlkpi_grades",
    }
    for code in TEMPLATES[name].positions:
        pos = position(code)
        ws = wb[pos.sheet(lang)]
        by_range = {str(d.sqref): d for d in ws.data_validations.dataValidation}
        cols = pos.columns(lang)
        first, last = layout.FIRST_DATA_ROW + 1, layout.FIRST_DATA_ROW + 500
        for c, col in enumerate(cols):
            letter = openpyxl.utils.get_column_letter(c + 1)
            dv = by_range.get(f"{letter}{first}:{letter}{last}")
            if col.computed or col.key == "name":
                assert dv is None
                continue
            assert dv is not None, (pos.code, col.key)
            key = layout.parse_data_key(col.key)
            if col.key == "id":
                assert (dv.type, dv.formula1) == ("list", "xlkpi_ids")
            elif key.kind == "money":  # pay inputs (authoring.pay_columns)
                assert dv.prompt
                continue
            elif key.kind == "rater":
                ind = pos.indicator(key.code)
                if ind.scored_by is layout.ScoredBy.RATERS and ind.rule(lang) is None:
                    assert (dv.type, dv.formula1, float(dv.formula2)) == ("decimal", "0", ind.scale)
                else:  # behaviour levels
                    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "1", "5")
            if col.key != "id":
                assert dv.prompt  # the rule in words shows when the cell is selected
        assert len(ws.conditional_formatting) >= len([c for c in cols if not c.computed])


@pytest.mark.parametrize("lang", layout.LANGS)
def test_percent_actuals_are_percent(lang: str):
    path = _path("cs-team-member", lang)
    pos = position("cs_member")
    styles = Styles(path)
    col_style = column_styles(parts(path)[sheet_parts(path)[pos.sheet(lang)]])
    for c, col in enumerate(pos.columns(lang)):
        key = layout.parse_data_key(col.key)
        if key.kind == "actual":
            xf = styles.xfs[col_style[c]]
            fmt_id = int(xf.get("numFmtId"))
            percent = pos.indicator(key.code).is_percent
            assert (fmt_id in _percent_format_ids(path)) == percent, col.key


def _percent_format_ids(path: Path) -> set[int]:
    from xml.etree import ElementTree as ET

    root = ET.fromstring(parts(path)["xl/styles.xml"])
    custom = {
        int(f.get("numFmtId"))
        for f in root.findall("m:numFmts/m:numFmt", NS)
        if "%" in f.get("formatCode")
    }
    return custom | {9, 10}


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_form_prints_on_a4_portrait_with_signature_lines(name: str, lang: str):
    path = _path(name, lang)
    ws = _openpyxl(path)[FORM_SHEET(lang)]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("portrait", 9)  # one tall page to sign
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1)  # None is the default: one page wide
    assert ws.print_area
    texts = {str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for key in ("sign_employee", "sign_reviewer", "sign_approver", "date", "id", "comments"):
        assert FORM[key](lang) in texts
    ids = [d for d in ws.data_validations.dataValidation if d.formula1 == "xlkpi_ids"]
    assert [str(d.sqref) for d in ids] == ["C4"]
    assert not ws["C4"].protection.locked


@pytest.mark.parametrize(("name", "lang"), CASES, ids=IDS)
def test_guide_states_every_repair(name: str, lang: str):
    grid = _grid(_path(name, lang), layout.sheet_name("guide", lang))
    text = "\n".join(str(v) for row in grid for v in row if v)
    for code in TEMPLATES[name].positions:
        for note in position(code).notes:
            assert note(lang) in text
    for sheet in ("settings", "roster", "adjustments", "issues"):
        assert layout.sheet_name(sheet, lang) in text
