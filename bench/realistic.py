"""Realistic assessment workbooks for the benchmarks, and their Excel-formula equivalent.

`generate(path, n)` builds a workbook the way HR gets one: the shipped template builder
(`xlkpi.authoring`) with eight positions of the after-sales and automotive templates —
indicators scored from actuals by tiers, deductions, bands, gates and ratios; rater-scored
items with self, reviewer and approver scores; attitude levels; per-event discipline
counts; pay schemes (workshop supervisor and service advisor bonus formulas, the parts
department pool) — and forced distribution applied per department. The template's sample
people are multiplied to `n`: each new person takes every input from a random sample
person of the same position and then draws each number of its own within the range the
sample people span (`_Variety`), so each value is plausible and values spread as in a real
month. Adjustments, vetoes and calibrated grades are scattered at about one per hundred
people.

`generate_formulas(path, n)` writes the equivalent workbook the way an HR formula sheet
does it: the same people and the same inputs, with one formula per indicator (nested IFs
for tiers, a weighted average for rater scores), SUM for the total, a RANK within the
department (COUNTIFS), the grade by LOOKUP on the grade table, the bonus share by
SUMPRODUCT over the pool. That is what LibreOffice recalculates in the benchmark.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

NAME = "bench-realistic"
POSITIONS = (
    "cs_manager",  # capability indicators from actuals and attitude levels (1-5)
    "as_supervisor",  # ten items scored by self, reviewer and approver
    "cc_agent",  # bands, deductions, per-event discipline counts
    "as_specialist",
    "cs_member",
    "workshop_supervisor",  # pay: bonus formula
    "service_advisor",  # pay: bonus formula
    "parts_staff",  # pay: the department pool
)
DEPARTMENT_SIZE = 200  # people per department: forced distribution is applied in each


def _register() -> None:
    from xlkpi.authoring import registry
    from xlkpi.authoring.spec import TemplateSpec
    from xlkpi.workbook.layout import Label

    registry.TEMPLATES[NAME] = TemplateSpec(
        NAME,
        Label("基准测试：售后与汽车售后多岗位", "Benchmark: after-sales and automotive"),
        Label("基准测试用", "For the benchmark"),
        POSITIONS,
    )


class _Variety:
    """Each person's own value for an input, drawn like real inputs spread.

    Copying the sample people's values alone would give each input a dozen distinct
    values among thousands of people, which no real month has and which would flatter any
    shortcut for repeated values. Numbers are drawn evenly between the smallest and
    largest the position's sample people have, to the same precision: whole counts stay
    whole, rater scores keep their half-point steps, rates their decimals. Texts (levels,
    roles) and inputs all sample people share are taken as they are.
    """

    def __init__(self, content, by_position, rnd: random.Random) -> None:  # noqa: ANN001
        self._rnd = rnd
        self._ranges: dict[tuple[str, str], tuple[float, float, float]] = {}
        for position, peers in by_position.items():
            numbers: dict[str, list[float]] = {}
            for p in peers:
                for k, v in content.values[p.id].items():
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        numbers.setdefault(k, []).append(float(v))
            for k, vs in numbers.items():
                self._ranges[position, k] = (min(vs), max(vs), _step(vs))

    def __call__(self, position: str, key: str, value: object) -> object:
        found = self._ranges.get((position, key))
        if found is None or found[0] == found[1] or value is None:
            return value
        low, high, step = found
        drawn = low + step * self._rnd.randint(0, round((high - low) / step))
        return round(drawn, 6)


def _step(values: list[float]) -> float:
    """The finest step the values are written in: 1, 0.5, 0.1, 0.01 or 0.001."""
    for step in (1.0, 0.5, 0.1, 0.01, 0.001):
        if all(abs(v / step - round(v / step)) < 1e-6 for v in values):
            return step
    return 0.0001


def _scaled_content(base_content, n: int, seed: int):  # noqa: ANN001, ANN202 - authoring types
    """The template's sample content multiplied to `n` people (see the module docstring)."""
    from xlkpi.authoring.content import AdjustmentRow, Person
    from xlkpi.workbook.layout import Label

    rnd = random.Random(seed)
    base = base_content.people
    by_position: dict[str, list[Person]] = {}
    for p in base:
        by_position.setdefault(p.position, []).append(p)
    weights = [len(by_position[p.position]) for p in base]
    vary = _Variety(base_content, by_position, rnd)
    people: list[Person] = []
    values: dict[str, dict[str, object]] = {}
    departments = max(1, n // DEPARTMENT_SIZE)
    for i in range(n):
        model = base[i] if i < len(base) else rnd.choices(base, weights)[0]
        peers = by_position[model.position]
        pid = model.id if i < len(base) else f"E{100000 + i}"
        dept = model.department
        if departments > 1:
            k = i % departments + 1
            dept = Label(f"{model.department.zh}{k}", f"{model.department.en} {k}")
        name = (
            Label(f"{model.name.zh}{i}", f"{model.name.en} {i}") if i >= len(base) else model.name
        )
        people.append(Person(pid, name, model.position, dept, model.team, model.bonus_base))
        keys = base_content.values[model.id]
        values[pid] = {
            k: vary(model.position, k, base_content.values[rnd.choice(peers).id].get(k, v))
            for k, v in keys.items()
        }
    content = replace(base_content, people=people, values=values)
    adjustments = list(base_content.adjustments)
    extra = (
        rnd.sample(range(len(base), n), min(max(0, n - len(base)), n // 100))
        if n > len(base)
        else []
    )
    for j, i in enumerate(extra):
        pid = people[i].id
        kind = j % 4
        if kind == 0:
            adjustments.append(AdjustmentRow(pid, Label("通报表扬", "Praised"), points=2))
        elif kind == 1:
            adjustments.append(AdjustmentRow(pid, Label("客户投诉", "Complaint"), points=-3))
        elif kind == 2:
            adjustments.append(
                AdjustmentRow(pid, Label("服务事故（否决项）", "Incident (veto)"), cap_grade="B")
            )
        else:
            adjustments.append(AdjustmentRow(pid, Label("部门校准", "Calibration"), grade="A"))
    content.adjustments = adjustments
    content.settings = dict(base_content.settings)
    content.settings["distribution_scope"] = "department"
    content.settings["bonus_pool"] = Decimal(1500 * n)
    return content


def generate(path: Path, n: int, *, seed: int = 17) -> Path:
    """A realistic workbook of `n` people at `path` (see the module docstring)."""
    import xlkpi.authoring.builder as builder

    _register()
    original = builder.sample_content

    def scaled(positions, *, seed: str):  # noqa: ANN001, ANN202 - same signature
        return _scaled_content(original(positions, seed=seed), n, seed=len(seed) + n)

    # build_workbook looks the name up in its own module (it imports it from sample_data)
    builder.sample_content = scaled  # type: ignore[assignment]
    try:
        return builder.build_workbook(NAME, "zh", path, sample_data=True)
    finally:
        builder.sample_content = original  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------
# The same workbook as an HR formula sheet
# ---------------------------------------------------------------------------------------


def generate_formulas(path: Path, n: int, *, source: Path | None = None, seed: int = 17) -> Path:
    """The formula workbook equivalent to `generate(…, n)`: one sheet of people with their
    inputs, a formula per indicator, total, rank in department, grade and bonus share.

    Args:
        path: the .xlsx to write.
        n: people.
        source: a realistic workbook already generated for `n` (read for its inputs);
            generated beside `path` when None.
    """
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

    from xlkpi.core.model import ScoredBy
    from xlkpi.io.reader import XlsxBook
    from xlkpi.workbook.read import read_assessment

    if source is None:
        source = generate(path.with_name(path.stem + "-source.xlsx"), n, seed=seed)
    read = read_assessment(XlsxBook(source))
    a = read.assessment
    indicators: dict[str, list] = {}
    for ind in a.indicators:
        indicators.setdefault(ind.position, []).append(ind)
    inputs: dict[tuple[str, str], list[float]] = {}
    for e in a.entries:
        v = e.value
        number = sum(v.values()) if isinstance(v, dict) else v
        if isinstance(number, (int, float)):
            inputs.setdefault((e.employee_id, e.indicator), []).append(float(number))

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    grades_ws = wb.add_worksheet("等级")
    grades_ws.write_row(0, 0, ["最低分", "等级", "系数"])
    bands = sorted(a.grades, key=lambda b: b.min_score)
    for r, b in enumerate(bands, 1):
        grades_ws.write_row(r, 0, [b.min_score, b.grade, b.coefficient])
    last_band = len(bands)
    ws = wb.add_worksheet("考核")
    width = max(len(v) for v in indicators.values())
    head = ["工号", "姓名", "部门", "岗位", "奖金基数"]
    for k in range(width):
        head += [f"输入{k + 1}a", f"输入{k + 1}b", f"输入{k + 1}c", f"得分{k + 1}"]
    head += ["总分", "部门排名", "等级", "系数×基数", "奖金"]
    ws.write_row(0, 0, head)
    first, last = 2, n + 1  # 1-based rows of people
    c_total = 5 + 4 * width
    col = xl_col_to_name
    dept_range = f"$C${first}:$C${last}"
    total_range = f"${col(c_total)}${first}:${col(c_total)}${last}"
    weight_range = f"${col(c_total + 3)}${first}:${col(c_total + 3)}${last}"
    pool = float(a.settings.bonus_pool or 0)
    for i, emp in enumerate(a.employees[:n]):
        r = i + 1
        excel_row = r + 1
        ws.write_row(
            r, 0, [emp.id, emp.name, emp.department, emp.position, float(emp.bonus_base or 0)]
        )
        score_cells = []
        for k, ind in enumerate(indicators.get(emp.position, [])):
            c = 5 + 4 * k
            got = inputs.get((emp.id, ind.code), [0.0])[:3]
            for j, v in enumerate(got):
                ws.write_number(r, c + j, v)
            x = [xl_rowcol_to_cell(r, c + j) for j in range(3)]
            top = ind.scale
            if ind.scored_by is ScoredBy.RATERS:
                raw = f"({x[0]}*0.2+{x[1]}*0.3+{x[2]}*0.5)"
            else:
                t = float(ind.target or top)
                raw = f"IF({x[0]}>={t},{top},IF({x[0]}>={t * 0.8},{top * 0.8},IF({x[0]}>={t * 0.6},{top * 0.6},0)))"
            formula = f"=MIN({top},MAX(0,{raw}))/{top}*{ind.weight * ind.dimension_weight * 100}"
            ws.write_formula(r, c + 3, formula)
            score_cells.append(xl_rowcol_to_cell(r, c + 3))
        total = f"=ROUND(SUM({','.join(score_cells)}),2)" if score_cells else "=0"
        ws.write_formula(r, c_total, total)
        me = f"{col(c_total)}{excel_row}"
        ws.write_formula(
            r, c_total + 1, f'=COUNTIFS({dept_range},C{excel_row},{total_range},">"&{me})+1'
        )
        ws.write_formula(
            r,
            c_total + 2,
            f"=LOOKUP({me},等级!$A$2:$A${last_band + 1},等级!$B$2:$B${last_band + 1})",
        )
        ws.write_formula(
            r,
            c_total + 3,
            f"=E{excel_row}*LOOKUP({me},等级!$A$2:$A${last_band + 1},等级!$C$2:$C${last_band + 1})",
        )
        ws.write_formula(
            r, c_total + 4, f"=ROUND({pool}*{col(c_total + 3)}{excel_row}/SUM({weight_range}),2)"
        )
    wb.close()
    return path
