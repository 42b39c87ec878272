"""Rater names never reach what an employee receives: a template with 360° ratings is
calculated, recalculated by LibreOffice, and its printable Form (and every sheet but the
ratings sheet itself) is searched for the raters' names."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from tests.helpers.libreoffice import export_csv_sheets, require_soffice
from xlkpi.authoring import build_workbook
from xlkpi.delivery.cards import load as load_cards
from xlkpi.delivery.scorecard import scorecard_bytes
from xlkpi.io.cells import Block
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook.calculate import calculate

RATERS = ["欧阳明月", "司马青云", "上官晓东", "诸葛春华", "慕容秋水"]


@pytest.mark.libreoffice
def test_form_shows_no_rater_name(tmp_path):
    require_soffice()
    path = build_workbook("after-sales-supervisor", "zh", tmp_path / "s.xlsx", sample_data=True)
    row = read_grids(path)["表单"][3]
    shown = next(v for v in row[row.index("工号") + 1 :] if v)  # the person the Form shows
    # HR sets up customer feedback from peers and types five peer ratings for that person.
    write_blocks(
        path,
        [
            Block("360设置", 3, 0, [["售后服务主管", "feedback", "同事", 0.2, 3, "平均", 5]]),
            Block(
                "360评分",
                3,
                0,
                [
                    [shown, None, "feedback", "同事", name, 8 + i * 0.5]
                    for i, name in enumerate(RATERS)
                ],
            ),
        ],
        backup=False,
    )
    out = calculate(XlsxBook(path, backup=False), now=dt.datetime(2026, 4, 1, 9))
    assert out.ok, [p.message_en for p in out.problems.errors]
    result = next(r for r in out.run.results if r.employee.id == shown)
    assert "360°" in result.indicators["feedback"].explanation.zh
    sheets = export_csv_sheets(path, tmp_path / "csv")
    form = "\n".join(",".join(row) for row in sheets["表单"])
    assert shown in form  # the Form does show that person
    for sheet, rows in sheets.items():
        if sheet == "360评分":
            assert all(name in str(rows) for name in RATERS)  # they are kept where HR put them
            continue
        text = "\n".join(",".join(row) for row in rows)
        assert not any(name in text for name in RATERS), sheet
    # ... nor in the scorecard `xlkpi send` would mail that person (any part of the file)
    card = load_cards(XlsxBook(path, backup=False)).cards[shown]
    with zipfile.ZipFile(io.BytesIO(scorecard_bytes(card))) as zf:
        parts = {n: zf.read(n).decode("utf-8", "replace") for n in zf.namelist()}
    assert any("360" in text for text in parts.values())  # the 360° part of the score is shown
    hits = {n: [r for r in RATERS if r in text] for n, text in parts.items()}
    assert not any(hits.values()), hits
