"""One contract, one reader: every entry point finds the same things in every shipped
workbook, and finds them again whichever accepted spelling each label is written in.

The entry points are Calculate's `read_assessment`, import's `load_target`, roll-up's
`read_period_book`, the pay reader's `find_pay_tables` and the follow-up reader. Each is
run on in-memory copies of the shipped templates and demo workbooks (MemoryBook), so that a
copy can be rewritten cell by cell.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from memory_book import MemoryBook

from xlkpi.core.problems import Problems
from xlkpi.followup import layout as fl
from xlkpi.followup.read import read_followup
from xlkpi.importing.target import load_target, workbook_lang
from xlkpi.io.reader import read_grids
from xlkpi.rollup.inputs import read_period_book
from xlkpi.workbook import layout
from xlkpi.workbook import mail_layout as ml
from xlkpi.workbook import pay_layout as pl
from xlkpi.workbook.contract.find import find_sheet_named
from xlkpi.workbook.contract.reader import ContractReader
from xlkpi.workbook.contract.schema import Column, Setting, Table, normalise_label
from xlkpi.workbook.pay_read import find_pay_tables
from xlkpi.workbook.read import read_assessment

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [*ROOT.glob("templates/*.xlsx"), *ROOT.glob("templates/*.xlsm"), *ROOT.glob("workbooks/*")]
)
#: one template per language for the spelling rewrites (it has every kind of sheet)
SPELLING_BOOKS = [ROOT / "templates/automotive-after-sales-zh.xlsx"]
SPELLING_BOOKS.append(ROOT / "templates/automotive-after-sales-en.xlsx")


@cache
def _grids(path: Path) -> dict[str, list[list[Any]]]:
    return read_grids(path)


def _book(path: Path) -> MemoryBook:
    return MemoryBook(_grids(path))


def test_shipped_workbooks_are_found() -> None:
    assert len([p for p in SHIPPED if p.parent.name == "templates"]) >= 16
    assert any(p.parent.name == "workbooks" for p in SHIPPED)


# ---------------------------------------------------------------------------------------
# What each entry point found, in terms they can all be compared in
# ---------------------------------------------------------------------------------------


def _calculate(book: MemoryBook) -> dict[str, Any]:
    read = read_assessment(book)
    where, a = read.where, read.assessment
    return {
        "lang": where.lang,
        "sheets": set(where.sheets),
        "positions": {c: where.data[c].sheet for c in where.data},
        "position_names": dict(where.position_names),
        "indicators": sorted((i.position, i.code, i.name, i.unit) for i in a.indicators),
        "roster": sorted((e.id, e.name, e.position, e.department, e.team) for e in a.employees),
        "key_columns": {where.data[c].sheet: where.data[c].columns for c in where.data},
        "rows": {where.data[c].sheet: where.data[c].rows for c in where.data},
        "settings": (
            a.settings.period,
            a.settings.rank_scope,
            a.settings.distribution_scope,
            a.settings.forced_distribution,
            a.settings.bonus_pool,
            a.settings.rater_policy.mode,
            tuple(sorted(a.settings.rater_policy.weights.items())),
        ),
        "grades": [(g.grade, g.min_score, g.coefficient, g.quota_share) for g in a.grades],
        "adjustments": len(a.adjustments) + len(a.vetoes) + len(a.overrides),
        "problems": sorted(p.code for p in read.problems),
        "table_columns": {
            key: (place.header_row, place.columns)
            for key, place in (
                ("positions", where.positions),
                ("indicators", where.indicators),
                ("grades", where.grades),
            )
            if place is not None
        },
    }


def _import(book: MemoryBook) -> dict[str, Any]:
    target = load_target(book)
    by_sheet = target.data_sheets
    return {
        "lang": target.lang,
        "positions": {c: p.sheet for c, p in target.positions.items() if p.sheet in by_sheet},
        "position_names": {c: p.name for c, p in target.positions.items()},
        "indicators": sorted(
            (i.position, i.code, i.name, i.unit) for lst in target.indicators.values() for i in lst
        ),
        "roster": sorted(target.roster.entries),
        "roster_columns": (target.roster.header_row, target.roster.columns),
        "key_columns": {name: ds.columns for name, ds in by_sheet.items()},
        "pay": _pay_tables(target.pay.tables) if target.pay else {},
        "problems": sorted(p.code for p in target.problems),
    }


def _pay_tables(tables: dict[str, Any]) -> dict[str, Any]:
    return {k: (t.header_row, t.columns, len(t.records)) for k, t in tables.items()}


def _pay(book: MemoryBook) -> dict[str, Any]:
    sheet = ContractReader(book).sheet("pay")
    return {} if sheet is None else _pay_tables(find_pay_tables(sheet, book.read_grid(sheet)))


def _followup(book: MemoryBook, lang: str) -> dict[str, Any]:
    problems = Problems()
    fb = read_followup(book, lang, problems)
    return {
        "tables": {
            k: (t.header_row, t.columns, [r.values for r in t.records])
            for k, t in fb.tables.items()
        },
        "settings": dict(fb.settings),
        "problems": sorted(p.code for p in problems),
    }


def _rollup(book: MemoryBook, path: Path) -> dict[str, Any]:
    found = read_period_book(book, path, Problems())
    return {
        "lang": found.lang,
        "period": (found.period, found.period_type),
        "positions": found.position_names,
    }


def _everything(book: MemoryBook, path: Path) -> dict[str, Any]:
    calc = _calculate(book)
    return {
        "calculate": calc,
        "import": _import(book),
        "pay": _pay(book),
        "followup": _followup(book, calc["lang"]),
        "rollup": _rollup(book, path),
        "workbook_lang": workbook_lang(book),
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_entry_point_agrees(path: Path) -> None:
    found = _everything(_book(path), path)
    calc, imp = found["calculate"], found["import"]
    assert calc["sheets"] >= {"settings", "positions", "indicators", "roster"}
    assert calc["positions"], "no position found"
    assert calc["lang"] == imp["lang"] == found["rollup"]["lang"] == found["workbook_lang"]
    assert calc["lang"] == ("en" if "-en." in path.name else "zh")
    assert calc["positions"] == imp["positions"]
    assert calc["position_names"] == imp["position_names"] == found["rollup"]["positions"]
    assert calc["indicators"] == imp["indicators"]
    assert [e[0] for e in calc["roster"]] == imp["roster"]
    assert calc["key_columns"] == imp["key_columns"]
    assert found["pay"] == imp["pay"]
    if "pay" in calc["sheets"]:
        assert found["pay"], "the Pay sheet has no table"
    assert not [c for c in imp["problems"] if c.startswith("import.")]
    assert not [c for c in calc["problems"] if c.startswith(("table.", "workbook.", "data.key"))]
    assert not found["followup"]["problems"]


# ---------------------------------------------------------------------------------------
# Every accepted spelling of every label
# ---------------------------------------------------------------------------------------


def _fullwidth(text: str) -> str:
    """ASCII letters, digits and brackets as their full-width forms."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


#: ways HR decorates a label, each still naming it (`normalise_label`)
DECORATIONS = [
    lambda s: s,
    lambda s: f" {s.upper()}*",
    lambda s: f"{s}（备注）",
    _fullwidth,
]


def _spelling(item: Column | Setting, n: int) -> str:
    spellings = item.spellings()
    return DECORATIONS[n // len(spellings) % len(DECORATIONS)](spellings[n % len(spellings)])


def _variants() -> int:
    most = max(
        len(x.spellings())
        for x in [*layout.SETTINGS, *(c for t in _all_tables() for c in t.columns)]
    )
    return most * len(DECORATIONS)


def _all_tables() -> list[Table]:
    return [*layout.TABLES.values(), *pl.PAY_TABLES.values(), *fl.TABLES.values(), ml.SEND_LOG]


def _respell(path: Path, n: int) -> tuple[MemoryBook, int]:
    """A copy of the workbook with every header label, settings label and contract sheet
    name written in spelling `n`; how many cells were rewritten."""
    book = _book(path)
    contract = ContractReader(book)
    changed = 0
    found = [contract.table(t) for t in layout.TABLES.values()]
    found += [contract.table(t, fl.SHEETS) for t in fl.TABLES.values()]
    pay = contract.sheet("pay")
    if pay is not None:
        found += contract.stacked_tables(pay, pl.PAY_TABLES.values()).values()
    for table in found:
        if table is None:
            continue
        header = book.grids[table.sheet][table.header_row]
        for key, c in table.columns.items():
            header[c] = _spelling(table.table.column(key), n)
            changed += 1
    for setting, cell in contract.settings():
        book.grids[contract.sheets["settings"]][cell.row][cell.col - 1] = _spelling(setting, n)
        changed += 1
    renames = {}
    for key, sheet in contract.sheets.items():
        label = layout.SHEETS[key]
        renames[sheet] = label.spellings()[n % 2]  # a workbook's sheets in the other language
    for key in fl.SHEETS:
        sheet = contract.sheet(key, fl.SHEETS)
        if sheet is not None:
            renames[sheet] = fl.SHEETS[key].spellings()[n % 2]
    book.grids = {renames.get(name, name): grid for name, grid in book.grids.items()}
    return book, changed


def _comparable(found: dict[str, Any]) -> dict[str, Any]:
    """What must not change when labels and sheet names are spelled differently."""
    calc = dict(found["calculate"])
    calc.pop("lang")  # sheets named in the other language: the Settings choice still rules
    imp = dict(found["import"])
    imp.pop("lang")
    return {**found, "calculate": calc, "import": imp, "rollup": found["rollup"]["period"]}


@pytest.mark.parametrize("path", SPELLING_BOOKS, ids=lambda p: p.name)
def test_every_spelling_of_every_label_is_found_by_every_entry_point(path: Path) -> None:
    original = _comparable(_everything(_book(path), path))
    for n in range(_variants()):
        book, changed = _respell(path, n)
        assert changed > 100
        respelled = _comparable(_everything(book, path))
        for entry_point, what in original.items():
            assert respelled[entry_point] == what, (entry_point, n)


def test_the_spellings_declared_name_one_thing_each() -> None:
    """Within a table (and among the settings), no two columns share a spelling."""
    groups: list[list[Column] | list[Setting]] = [list(t.columns) for t in _all_tables()]
    groups.append(list(layout.SETTINGS))
    for group in groups:
        seen: dict[str, str] = {}
        for item in group:
            for spelling in item.spellings():
                key = normalise_label(spelling)
                assert seen.setdefault(key, item.key) == item.key, (spelling, item.key)


def test_the_spelling_test_tries_every_declared_spelling() -> None:
    for item in [*layout.SETTINGS, *(c for t in _all_tables() for c in t.columns)]:
        # a label in either language, and the language-neutral key, always name it
        assert {item.label.zh, item.label.en, item.key} <= set(item.spellings())
        tried = {_spelling(item, n) for n in range(_variants())}
        assert set(item.spellings()) <= tried, item.key
        assert unicodedata.normalize("NFKC", _fullwidth(item.key)) == item.key


# ---------------------------------------------------------------------------------------
# Names HR types into cells
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "sheet", "found"),
    [
        ("客服（专员）", "客服(专员)", True),  # full width = half width
        ("客服（专员）", "客服", False),  # brackets are part of the name, not a unit
        ("cs_data", "cs_data", True),
        ("cs_data", "cs data", False),  # so are underscores
        ("  CS   Data ", "cs data", True),  # case and runs of spaces are not
    ],
)
def test_a_positions_data_sheet_cell_is_read_the_same_way_by_every_entry_point(
    written: str, sheet: str, found: bool
) -> None:
    path = ROOT / "templates/cs-team-member-zh.xlsx"
    book = _book(path)
    contract = ContractReader(book)
    positions = contract.table(layout.TABLES["positions"])
    assert positions is not None
    (r, rec), *_ = positions.rows()
    old = find_sheet_named(rec["data_sheet"], contract.names)
    assert old is not None
    book.grids[positions.sheet][r][positions.columns["data_sheet"]] = written
    book.grids = {(sheet if name == old else name): g for name, g in book.grids.items()}
    code = str(rec["code"])
    calc = read_assessment(book)
    target = load_target(book)
    assert (code in calc.where.data) is found
    assert (code in target.positions) is found
    if found:
        assert calc.where.data[code].sheet == target.positions[code].sheet == sheet
    else:
        assert "positions.data_sheet_missing" in [p.code for p in calc.problems]
        assert "import.no_data_sheet" in [p.code for p in target.problems]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_blank_language_setting_is_read_from_the_sheet_names_by_every_entry_point(
    lang: str,
) -> None:
    path = ROOT / f"templates/cs-team-member-{lang}.xlsx"
    book = _book(path)
    contract = ContractReader(book)
    ((_, cell),) = contract.settings([layout.SETTINGS_BY_KEY["lang"]])
    book.grids[contract.sheets["settings"]][cell.row][cell.col] = None
    found = _everything(book, path)
    assert found["calculate"]["lang"] == found["import"]["lang"] == lang
    assert found["rollup"]["lang"] == found["workbook_lang"] == lang
