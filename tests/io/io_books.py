"""Rich workbooks built at test time with XlsxWriter (no binary blobs in the repo).

`build_book(path, macro=...)` makes an .xlsx or .xlsm holding what HR workbooks hold:
a VBA project with a Calculate button (xlsm), data validation including a drop-down
fed from another (hidden) sheet, conditional formats including 2010 data bars and icon
sets, a chart, an image, a print-header logo, comments, sparklines, a table, defined
names, sheet protection, freeze panes, print settings, merged cells, CJK text, and
formulas with cached values, plus what Excel adds when it saves (calcChain.xml, a
calcPr without fullCalcOnLoad) and a shared formula group (XlsxWriter writes neither).

Layout of sheet "Scores" (0-based coordinates in brackets):
  A1:H1 merged title; table ScoresTbl at A3:E13 (header row 3, data rows 4-13);
  result headers G3:K3, results go to G4:K13; L4:L13 template formulas =G*2 (stale cache);
  M4:M6 an array formula; P4:P6 a shared formula group; G15:H15 merged;
  sparklines in N4:N13; data bars on D4:D13, icon set on G4:G13.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from functools import cache
from pathlib import Path

import xlsxwriter

SCORES = [88, 92.5, 75, 60, 99, 81, 70.5, 64, 93, 77]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷"]
DEPTS = ["销售部", "客服部", "研发部", "财务部", "人事部"]
MACRO = "SampleCall"


def tiny_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid RGB PNG made with zlib and struct."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@cache
def vba_project_bin() -> bytes:
    """vbaProject.bin from the .xlsm that `xlwings quickstart --standalone` creates."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "xlwings.cli", "quickstart", "demo", "--standalone"],
            cwd=tmp,
            check=True,
            capture_output=True,
            timeout=120,
        )
        with zipfile.ZipFile(Path(tmp) / "demo" / "demo.xlsm") as zf:
            return zf.read("xl/vbaProject.bin")


def build_book(path: Path, *, macro: bool = False) -> Path:
    """Write the rich fixture workbook to `path` (.xlsm when `macro`)."""
    tmpdir = Path(tempfile.mkdtemp(prefix="xlkpi-fixture-"))
    png = tmpdir / "logo.png"
    png.write_bytes(tiny_png())
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "绩效考核 2024", "author": "HR"})
    title = wb.add_format({"bold": True, "font_size": 14, "align": "center", "bg_color": "#DDEBF7"})
    hdr = wb.add_format({"bold": True, "border": 1, "font_color": "#1F4E79"})
    pct = wb.add_format({"num_format": "0.0%", "italic": True})
    money = wb.add_format({"num_format": "#,##0.00", "font_color": "#375623", "border": 1})
    unlocked = wb.add_format({"locked": False, "bg_color": "#FFF2CC"})

    scores = wb.add_worksheet("Scores")
    summary = wb.add_worksheet("Summary")
    lists = wb.add_worksheet("Lists")
    results = wb.add_worksheet("Results")

    # --- Lists (hidden): the drop-down source --------------------------------------------
    lists.write_column(0, 0, DEPTS)
    lists.hide()

    # --- Scores ------------------------------------------------------------------------
    scores.merge_range("A1:H1", "2024 年度绩效考核 — 销售部 <总表> & 汇总", title)
    rows = []
    for i, (name, score) in enumerate(zip(NAMES, SCORES, strict=True)):
        rows.append([f"E{i + 1:03d}", name, DEPTS[i % len(DEPTS)], score])
    scores.add_table(
        "A3:E13",
        {
            "name": "ScoresTbl",
            "style": "Table Style Medium 2",
            "data": rows,
            "columns": [
                {"header": "工号"},
                {"header": "姓名"},
                {"header": "部门"},
                {"header": "得分"},
                {"header": "系数", "formula": "=[@得分]/100", "format": pct},
            ],
        },
    )
    # XlsxWriter writes table formulas without cached values: give them their values
    for i, score in enumerate(SCORES):
        scores.write_formula(3 + i, 4, "=ScoresTbl[[#This Row],[得分]]/100", pct, score / 100)
    scores.write_row("G3", ["加权分", "百分比", "奖金", "等级", "日期"], hdr)
    scores.set_column("G:G", 12, unlocked)
    scores.set_column("H:H", 10, pct)
    scores.set_column("I:I", 14, money)
    for i in range(10):
        scores.write_formula(3 + i, 11, f"=G{4 + i}*2", None, 0)
    scores.write_array_formula("M4:M6", "{=SUM(D4:D6*2)}", None, 2 * sum(SCORES[:3]))
    for i in range(3):
        scores.write_formula(3 + i, 15, f"=D{4 + i}+1", None, SCORES[i] + 1)
    scores.merge_range("G15:H15", "合并备注", None)
    scores.write("A16", "部门选择")
    scores.data_validation("B16", {"validate": "list", "source": "=Lists!$A$1:$A$5"})
    scores.data_validation(
        "D4:D13", {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}
    )
    scores.conditional_format(
        "D4:D13", {"type": "data_bar", "data_bar_2010": True, "bar_color": "#63BE7B"}
    )
    scores.conditional_format("G4:G13", {"type": "icon_set", "icon_style": "3_traffic_lights"})
    scores.conditional_format(
        "D4:D13", {"type": "cell", "criteria": "<", "value": 65, "format": hdr}
    )
    for i in range(10):
        scores.add_sparkline(3 + i, 13, {"range": f"Scores!D{4 + i}:E{4 + i}", "markers": True})
    scores.write_comment("A3", "员工编号，勿改", {"visible": True, "author": "HR"})
    scores.write_comment("D3", "0-100 分 <含> & 说明")
    scores.write_url("A18", "https://example.com/kpi", string="考核说明")
    scores.freeze_panes(3, 1)
    scores.set_landscape()
    scores.set_paper(9)
    scores.fit_to_pages(1, 0)
    scores.repeat_rows(2)
    scores.print_area("A1:P20")
    scores.set_header("&L&G&C绩效考核", {"image_left": str(png)})
    scores.set_footer("&C第 &P 页")
    scores.protect("", {"format_cells": True, "autofilter": True, "sort": False})

    # --- Summary -------------------------------------------------------------------------
    summary.write("A1", "汇总 Summary")
    summary.write("A2", "加权分合计")
    summary.write_formula("B2", "=SUM(Scores!G4:G13)", None, 0)
    summary.write("A3", "平均得分")
    summary.write_formula("B3", "=AVERAGE(Scores!D4:D13)", None, sum(SCORES) / len(SCORES))
    summary.write("A4", "文本公式")
    summary.write_formula("B4", '="共"&COUNTA(Scores!B4:B13)&"人"', None, "共10人")
    summary.write_datetime(
        "A5", dt.datetime(2024, 12, 31), wb.add_format({"num_format": "yyyy-mm-dd"})
    )
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {"name": "得分", "categories": "=Scores!$B$4:$B$13", "values": "=Scores!$D$4:$D$13"}
    )
    chart.set_title({"name": "得分分布"})
    summary.insert_chart("D2", chart)
    summary.insert_image("D20", str(png), {"x_scale": 2, "y_scale": 2})
    summary.insert_textbox("L2", "点击按钮计算 / Click to calculate", {"width": 200, "height": 40})
    if macro:
        wb.add_vba_project(_vba_file(tmpdir))
        summary.insert_button("L6", {"macro": MACRO, "caption": "计算 Calculate", "width": 120})

    # --- Results: header row, formatted columns, room for big writes ----------------------
    results.write_row(0, 0, ["工号", "结果1", "结果2", "结果3", "结果4", "结果5"], hdr)
    results.set_column("B:B", 10, pct)

    wb.define_name("BonusPool", "=Summary!$B$2")
    wb.define_name("Scores!LocalRange", "=Scores!$G$4:$G$13")
    wb.close()
    make_excel_like(path)
    return path


def _vba_file(tmpdir: Path) -> str:
    f = tmpdir / "vbaProject.bin"
    f.write_bytes(vba_project_bin())
    return str(f)


def make_excel_like(path: Path) -> None:
    """Add what Excel writes and XlsxWriter does not: a calcChain.xml with its relationship
    and content type, <calcPr calcId=".."/> without fullCalcOnLoad, and a shared formula
    group (Scores!P4:P6)."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    wb = parts["xl/workbook.xml"].decode()
    wb = re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="191029"/>', wb)
    parts["xl/workbook.xml"] = wb.encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<f>D4+1</f>", '<f t="shared" ref="P4:P6" si="0">D4+1</f>')
    sheet = sheet.replace("<f>D5+1</f>", '<f t="shared" si="0"/>')
    sheet = sheet.replace("<f>D6+1</f>", '<f t="shared" si="0"/>')
    assert sheet.count('t="shared"') == 3, "shared formula injection failed"
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    cells = "".join(f'<c r="L{r}" i="1"/>' for r in range(4, 14))
    parts["xl/calcChain.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{cells}</calcChain>"
    ).encode()
    _append(
        parts,
        "xl/_rels/workbook.xml.rels",
        "Relationships",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/calcChain" Target="calcChain.xml"/>',
    )
    _append(
        parts,
        "[Content_Types].xml",
        "Types",
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.calcChain+xml"/>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _append(parts: dict[str, bytes], name: str, root: str, xml: str) -> None:
    """Add `xml` as the last child of part `name`'s root element `root`."""
    parts[name] = parts[name].decode().replace(f"</{root}>", xml + f"</{root}>").encode()
