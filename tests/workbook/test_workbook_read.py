"""read_assessment on in-memory grids: zh and en give the same assessment; every bad cell
is a problem naming its sheet and cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
import wb_sample as sample
from memory_book import MemoryBook

from xlkpi.core.model import Rater, Scope, ScoredBy
from xlkpi.core.problems import Source
from xlkpi.workbook.read import read_assessment


def _read(lang="zh", edit=None):
    sheets = sample.build(lang)
    if edit:
        edit(sheets)
    return read_assessment(MemoryBook(sheets))


def _neutral(outcome):
    """The assessment without what legitimately differs between languages (names,
    sheet names in sources)."""
    a = outcome.assessment
    s = a.settings
    return {
        "settings": (
            s.period,
            s.rater_policy.mode,
            s.rater_policy.weights,
            s.rater_policy.missing,
            s.rank_scope,
            s.distribution_scope,
            s.forced_distribution,
            s.bonus_pool,
        ),
        "indicators": [
            (
                i.position,
                i.code,
                i.weight,
                i.scale,
                i.scored_by,
                i.rule,
                i.target,
                i.unit,
                i.dimension_weight,
                i.source.cell,
            )
            for i in a.indicators
        ],
        "employees": [
            (e.id, e.name, e.position, e.department, e.team, e.bonus_base, e.source.cell)
            for e in a.employees
        ],
        "entries": sorted(
            (e.employee_id, e.indicator, str(e.value), str(e.rater), e.source.cell)
            for e in a.entries
        ),
        "grades": [
            (g.grade, g.min_score, g.coefficient, g.quota_kind, g.quota_share) for g in a.grades
        ],
        "adjustments": [(x.employee_id, x.points, x.source.cell) for x in a.adjustments],
    }


def test_sample_reads_without_problems():
    out = _read("zh")
    assert [p.render() for p in out.problems] == []
    a = out.assessment
    assert a.settings.lang == "zh" and a.settings.period == "2026-10"
    assert a.settings.bonus_pool == Decimal("11000.00")
    assert a.settings.rater_policy.weights[Rater.SELF] == pytest.approx(0.2)
    assert a.settings.rater_policy.weights[Rater.APPROVER] == pytest.approx(0.5)
    assert a.settings.forced_distribution is False
    assert a.settings.rank_scope is Scope.ALL
    weights = {i.code: i.weight for i in a.indicators}
    assert weights == pytest.approx({"CS1": 0.6, "CS2": 0.4, "SP1": 0.5, "SP2": 0.5})
    by_code = {i.code: i for i in a.indicators}
    assert by_code["SP1"].scored_by is ScoredBy.RATERS and by_code["SP1"].rule is None
    assert by_code["CS2"].rule is not None
    assert {e.id: e.position for e in a.employees} == {
        "E1": "CS",
        "E2": "CS",
        "E3": "CS",
        "S1": "SUP",
        "S2": "SUP",
    }  # by code or by name
    assert {e.bonus_base for e in a.employees} == {Decimal("1000.00")}
    values = {(e.employee_id, e.indicator, e.rater): e.value for e in a.entries}
    assert values[("E1", "CS2", None)] == pytest.approx(0.92)  # "92%"
    assert values[("E2", "CS2", None)] == pytest.approx(0.85)  # 85 in a percent indicator
    assert values[("E3", "CS1", None)] == pytest.approx(3.9)  # "３．９"
    assert values[("S2", "SP2", Rater.SELF)] == 7.0  # "７"
    assert values[("S1", "SP2", Rater.APPROVER)] == 10.0  # " 10 "
    assert out.where.data["CS"].rows == {"E1": 4, "E2": 5, "E3": 6}
    assert out.where.data["SUP"].columns["SP1@reviewer"] == 3
    assert out.where.status == ("设置", 11, 1)
    entry = next(e for e in a.entries if e.employee_id == "E2" and e.indicator == "CS1")
    assert entry.source == Source("客服专员数据", "C6")


def test_chinese_and_english_workbooks_read_the_same():
    zh, en = _read("zh"), _read("en")
    assert not zh.problems and not en.problems
    assert en.assessment.settings.lang == "en"
    assert en.where.lang == "en"
    assert _neutral(zh) == _neutral(en)


def test_language_falls_back_to_sheet_names_when_settings_has_none():
    def drop_lang(sheets):
        grid = sheets["Settings"]
        sheets["Settings"] = [r for r in grid if r[0] != "Language"]

    out = _read("en", drop_lang)
    assert out.assessment.settings.lang == "en"


def _cell(sheets, sheet, ref, value):
    from xlkpi.io.cells import parse_a1

    r, c = parse_a1(ref)
    while len(sheets[sheet]) <= r:
        sheets[sheet].append([])
    row = sheets[sheet][r]
    while len(row) <= c:
        row.append(None)
    row[c] = value


def _problems(out):
    return {
        (p.code, p.where[0].sheet if p.where else None, p.where[0].cell if p.where else None)
        for p in out.problems
    }


def test_bad_cells_are_reported_at_their_cells():
    def edit(s):
        _cell(s, "客服专员数据", "C5", "n/a")  # E1 CS1 actual
        _cell(s, "客服专员数据", "D6", "#DIV/0!")  # E2 CS2 actual
        _cell(s, "主管数据", "D5", "九")  # S1 SP1 reviewer
        _cell(s, "指标", "C4", "六十")  # CS2 dimension weight
        _cell(s, "人员", "F2", "一千")  # E1 bonus base
        _cell(s, "设置", "B7", "abc")  # reviewer weight
        _cell(s, "设置", "B5", "平均")  # rater mode: not a choice

    out = _read("zh", edit)
    found = _problems(out)
    assert ("value.not_number", "客服专员数据", "C5") in found
    assert ("value.excel_error", "客服专员数据", "D6") in found
    assert ("value.not_number", "主管数据", "D5") in found
    assert ("value.not_number", "指标", "C4") in found
    assert ("value.not_number", "人员", "F2") in found
    assert ("value.not_number", "设置", "B7") in found
    assert ("value.choice", "设置", "B5") in found
    msg = next(p for p in out.problems if p.where[0].cell == "D5")
    assert (
        msg.render("en")
        == "主管数据!D5: 工作质量: reviewer score: '九' is not a number such as 85 or 85.5"
    )
    assert msg.render("zh") == "主管数据!D5: 工作质量 考评：“九”不是数字，如 85 或 85.5"
    # the failed actuals still arrive as entries without a value, at their cells
    e = next(e for e in out.assessment.entries if e.source == Source("客服专员数据", "C5"))
    assert e.value is None


def test_bad_rule_is_reported_at_the_rule_cell():
    out = _read("zh", lambda s: _cell(s, "指标", "L3", "阶梯 ≥90% 5分"))
    [p] = [p for p in out.problems if p.code == "rule.invalid"]
    assert p.where == (Source("指标", "L3"),)
    assert p.message_en.startswith("Rule: ") and p.message_zh.startswith("评分规则：")
    assert 2 in out.where.bad_rule_rows


def test_roster_and_data_sheet_mismatches():
    def edit(s):
        data = s["客服专员数据"]
        data.append(["E9", "陌生人", 4.0, 0.9] + [None] * 9)  # not on the roster: row 8
        data.append(["E1", "张三", 4.0, 0.9] + [None] * 9)  # E1 twice: row 9
        data.append([None, None, 4.0] + [None] * 10)  # values without an id: row 10
        data.append(["S1", "赵六", 4.0, 0.9] + [None] * 9)  # a supervisor on the CS sheet: row 11
        s["人员"].append(["E4", "孙八", "售后服务部", None, "CS", 1000])  # no data row
        s["人员"].append(["E1", "重名", "售后服务部", None, "CS", 1000])  # duplicate roster id

    out = _read("zh", edit)
    found = _problems(out)
    assert ("data.unknown_employee", "客服专员数据", "A8") in found
    assert ("data.duplicate", "客服专员数据", "A5") in found  # first row, then the second
    assert ("data.no_id", "客服专员数据", "A10") in found
    assert ("data.wrong_position", "客服专员数据", "A11") in found
    assert ("data.employee_missing", "人员", "A7") in found
    assert ("roster.duplicate", "人员", "A2") in found
    dup = next(p for p in out.problems if p.code == "data.duplicate")
    assert [s.cell for s in dup.where] == ["A5", "A9"]


def test_repeated_positions_and_bases_are_each_read_and_each_bad_one_reported():
    """The roster parses each position text and each base once (they repeat down it):
    every row still gets its own value, and every bad cell is reported at its place."""

    def edit(s):
        roster = s["人员"]
        roster.append(["E4", "孙八", "售后服务部", None, "无此岗位", 1000])  # row 7
        roster.append(["E5", "周九", "售后服务部", None, "无此岗位", 1000])  # row 8
        roster.append(["E6", "吴十", "售后服务部", None, "客服专员", "一千"])  # row 9
        roster.append(["E7", "郑一", "售后服务部", None, "客服专员", "一千"])  # row 10
        roster.append(["E8", "冯二", "售后服务部", None, "客服专员", 0.0])  # row 11
        roster.append(["E9", "陈三", "售后服务部", None, "客服专员", -0.0])  # row 12

    out = _read("zh", edit)
    found = _problems(out)
    assert {("position.unknown", "人员", "E7"), ("position.unknown", "人员", "E8")} <= found
    assert {("value.not_number", "人员", "F9"), ("value.not_number", "人员", "F10")} <= found
    emps = {e.id: e for e in out.assessment.employees}
    assert "E4" not in emps and "E5" not in emps
    assert [emps[i].position for i in ("E3", "E6", "E9")] == ["CS", "CS", "CS"]
    bases = {i: str(e.bonus_base) for i, e in emps.items()}
    assert bases["E1"] == bases["S2"] == "1000.00" and bases["E6"] == bases["E7"] == "None"
    assert bases["E8"] == "0.00" and bases["E9"] == "-0.00"  # equal numbers, not one amount


def test_missing_column_for_an_indicator():
    def edit(s):
        data = s["客服专员数据"]
        data[3][3] = "CSX"  # the CS2 key renamed: CS2 has no column, CSX is unknown

    out = _read("zh", edit)
    missing = next(p for p in out.problems if p.code == "data.column_missing")
    assert missing.is_error and "CS2" in missing.message_en
    assert missing.where[0] == Source("客服专员数据", "A4")
    unknown = next(p for p in out.problems if p.code == "data.key_unknown")
    assert not unknown.is_error and unknown.where == (Source("客服专员数据", "D4"),)


def test_missing_sheets_and_key_row():
    def edit(s):
        del s["人员"]
        s["主管数据"][3][0] = "工号"  # key row destroyed
        s["岗位"][1][2] = "不存在的表"

    out = _read("zh", edit)
    codes = {p.code for p in out.problems}
    assert {
        "workbook.sheet_missing",
        "data.key_row_missing",
        "positions.data_sheet_missing",
    } <= codes
    assert next(p for p in out.problems if p.code == "positions.data_sheet_missing").where == (
        Source("岗位", "C2"),
    )


def test_adjustments_become_adjustments_vetoes_and_overrides():
    def edit(s):
        s["调整"].append(["E3", "王五", None, 60, "B", None, "重大事故"])
        s["调整"].append(["S2", "钱七", None, None, None, "A", "校准"])
        s["调整"].append(["S1", "赵六", None, None, None, None, "无内容"])

    out = _read("zh", edit)
    a = out.assessment
    assert [(x.employee_id, x.points) for x in a.adjustments] == [("E2", 6.0)]
    assert [(v.employee_id, v.cap_total, v.cap_grade, v.reason) for v in a.vetoes] == [
        ("E3", 60.0, "B", "重大事故")
    ]
    assert [(o.employee_id, o.grade) for o in a.overrides] == [("S2", "A")]
    empty = next(p for p in out.problems if p.code == "adjustments.empty")
    assert not empty.is_error and empty.where == (Source("调整", "A5"),)


def test_dimensions_carry_down_merged_cells_and_conflicts_are_errors():
    def edit(s):
        ind = s["指标"]
        ind[2][1], ind[2][2] = "能力", "80%"
        ind[3][1], ind[3][2] = None, None  # merged: same dimension and weight
        ind[4][1], ind[4][2] = "态度", 1
        ind[5][1], ind[5][2] = "态度", 0.5  # conflicting weight

    out = _read("zh", edit)
    dims = {i.code: (i.dimension, i.dimension_weight) for i in out.assessment.indicators}
    assert dims["CS2"] == ("能力", pytest.approx(0.8))
    conflict = next(p for p in out.problems if p.code == "indicators.dimension_weight")
    assert [s.cell for s in conflict.where] == ["C5", "C6"]


def test_named_inputs_blank_counts_as_zero():
    from xlkpi.workbook import layout

    def edit(s):
        ind = s["指标"]
        ind[3][11] = "events: base 100; late -20; absent -50; floor 0"  # CS2 now counts events
        ind[3][9] = None
        data = s["客服专员数据"]
        for row in data:
            row.insert(4, None)
        data[3][3], data[3][4] = layout.input_key("CS2", "late"), layout.input_key("CS2", "absent")
        data[4][3], data[4][4] = 2, None
        data[5][3], data[5][4] = None, "1"
        data[6][3], data[6][4] = "两次", None

    out = _read("zh", edit)
    values = {e.employee_id: e.value for e in out.assessment.entries if e.indicator == "CS2"}
    assert values["E1"] == {"late": 2.0, "absent": 0.0}
    assert values["E2"] == {"late": 0.0, "absent": 1.0}
    assert values["E3"] is None
    bad = next(p for p in out.problems if p.code == "value.not_number")
    assert bad.where == (Source("客服专员数据", "D7"),)


def test_an_indicator_row_with_errors_does_not_make_its_columns_unknown():
    out = _read("zh", lambda s: _cell(s, "指标", "G4", "六十"))  # CS2 weight
    codes = [(p.code, p.where[0].cell) for p in out.problems]
    assert codes == [("value.not_number", "G4")]


def test_ambiguous_percents_in_a_data_column_give_one_warning():
    def edit(s):
        s["客服专员数据"][4][3] = 1.05  # E1 CS2: 1.05 → 1.05% (maybe meant 105%)
        s["客服专员数据"][5][3] = "1.5"  # E2 CS2

    out = _read("zh", edit)
    [w] = out.problems.items
    assert w.code == "value.percent_ambiguous" and not w.is_error
    assert [s.cell for s in w.where] == ["D5", "D6"]
    values = {e.employee_id: e.value for e in out.assessment.entries if e.indicator == "CS2"}
    assert values["E1"] == pytest.approx(0.0105) and values["E2"] == pytest.approx(0.015)


def test_cell_source_is_the_source_the_class_makes():
    """`cell_source` fills a Source's slots without the dataclass __init__ (reading makes
    one per person): equal field for field, and alike in every other way."""
    import dataclasses
    import pickle

    from xlkpi.core.problems import cell_source

    src, made = Source("人员", "A5"), cell_source("人员", "A5")
    assert made == src and hash(made) == hash(src) and repr(made) == repr(src)
    assert pickle.loads(pickle.dumps(made)) == src
    assert dataclasses.astuple(made) == ("人员", "A5", None, None, None)
    assert dataclasses.replace(made, cell="B5") == Source("人员", "B5")
