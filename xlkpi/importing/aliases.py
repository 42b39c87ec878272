"""The header vocabulary: which column headers name which role (employee id, name,
indicator, value, rater, the roster's fields), in Chinese and English, matched after
`headers.norm_key` folds full-width forms, case, spaces, '_' and brackets."""

from __future__ import annotations

from xlkpi.core.model import Rater
from xlkpi.workbook import layout

from .headers import norm_key


def _aliases(*texts: str) -> frozenset[str]:
    """The texts as headers are compared."""
    return frozenset(norm_key(t) for t in texts)


# Header aliases of the columns the forms use (roster labels come from layout as well).
ID_HEADERS = _aliases(
    "工号",
    "员工编号",
    "员工工号",
    "员工号",
    "职工号",
    "职工编号",
    "人员编号",
    "人员工号",
    "员工代码",
    "员工编码",
    "员工ID",
    "客服工号",
    "客服编号",
    "坐席工号",
    "座席工号",
    "坐席号",
    "座席号",
    "坐席编号",
    "座席编号",
    "坐席ID",
    "座席ID",
    "账号",
    "员工账号",
    "坐席账号",
    "客服账号",
    "id",
    "employee id",
    "employee_id",
    "emp id",
    "emp no",
    "staff id",
    "staff no",
    "employee no",
    "employee number",
    "agent id",
    "agent no",
)
NAME_HEADERS = _aliases(
    "姓名",
    "员工姓名",
    "名字",
    "人员姓名",
    "职工姓名",
    "客服姓名",
    "坐席姓名",
    "座席姓名",
    "坐席名称",
    "客服名称",
    "name",
    "employee name",
    "employee_name",
    "full name",
    "agent name",
    "staff name",
)
INDICATOR_HEADERS = _aliases(
    "指标",
    "指标编码",
    "指标名称",
    "考核指标",
    "指标代码",
    "indicator",
    "indicator code",
    "indicator name",
    "kpi",
)
VALUE_HEADERS = _aliases(
    "值", "实际值", "数值", "分数", "评分", "得分", "value", "actual", "actual value", "score"
)
RATER_HEADERS = _aliases(
    "评分人",
    "评分类型",
    "评分角色",
    "评价人",
    "评分者",
    "rater",
    "rater type",
    "rater role",
    "scored by",
)
DEPARTMENT_HEADERS = _aliases("部门", "所属部门", "department", "dept")
TEAM_HEADERS = _aliases("班组", "小组", "团队", "组别", "team", "group")
POSITION_HEADERS = _aliases(
    "岗位", "职位", "岗位名称", "岗位编码", "position", "job", "job title", "role"
)
BONUS_HEADERS = _aliases("奖金基数", "绩效奖金基数", "bonus base", "bonus_base", "bonus")

# an actual-value column may say so: "满意度 实际值", "CSAT actual"
ACTUAL_SUFFIXES = _aliases("实际值", "实际", "actual", "value")
# a long file's rater cell may say there is no rater: the actual value
ACTUAL_RATER_WORDS = _aliases("实际值", "actual", "实际")


def _with_layout(aliases: frozenset[str], table: str, key: str) -> frozenset[str]:
    """The aliases plus the layout's own label of the column, in both languages, and its key."""
    label = layout.TABLES[table].column(key).label
    return aliases | _aliases(label.zh, label.en, key)


ROSTER_FIELDS: dict[str, frozenset[str]] = {
    "id": _with_layout(ID_HEADERS, "roster", "id"),
    "name": _with_layout(NAME_HEADERS, "roster", "name"),
    "department": _with_layout(DEPARTMENT_HEADERS, "roster", "department"),
    "team": _with_layout(TEAM_HEADERS, "roster", "team"),
    "position": _with_layout(POSITION_HEADERS, "roster", "position"),
    "bonus_base": _with_layout(BONUS_HEADERS, "roster", "bonus_base"),
}


def rater_suffixes(rater: Rater) -> list[str]:
    """The words that name a rater after an indicator ("self", "自评", "Self")."""
    label = layout.RATER_LABELS[rater]
    return [rater.value, label.zh, label.en]


# role -> the texts that name it; the first form is what the mapping table shows
ROLE_HEADERS: dict[str, frozenset[str]] = {
    "indicator": INDICATOR_HEADERS,
    "value": VALUE_HEADERS,
    "rater": RATER_HEADERS,
    **ROSTER_FIELDS,
}
ROLE_LABELS: dict[str, layout.Label] = {
    **{k: layout.TABLES["roster"].column(k).label for k in ROSTER_FIELDS},
    "indicator": layout.Label("指标", "Indicator"),
    "value": layout.Label("值", "Value"),
    "rater": layout.Label("评分人", "Rater"),
}


def role_of(key: str) -> str | None:
    """The role a normalised header text names ("工号" -> "id"), or None."""
    return next((r for r, names in ROLE_HEADERS.items() if key in names), None)


def is_id_header(key: str) -> bool:
    """An employee-id header: a known form, or any '...工号' (客服工号, 组内工号)."""
    return key in ROSTER_FIELDS["id"] or (key.endswith("工号") and len(key) <= 8)
