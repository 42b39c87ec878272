"""Importing 360° survey exports: one row per rater per person, into the 360° ratings sheet.

A survey export has a column for the person rated (工号 / 被评人工号 / employee id), the
indicator (指标 / indicator), the rater group (评分组 / 关系: 同事, 下属, 客户 / peer,
subordinate, customer), the rater (评分人 / rater) and the score (分数 / score); a name
column is optional. Every file is checked first; the workbook is written once, and only
when no file has an error. A rating already on the sheet (same person, indicator, group
and rater) gets the new score in place; new ratings are appended.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xlkpi.core.problems import Problems, Source
from xlkpi.followup import layout as fl
from xlkpi.followup.read import read_followup
from xlkpi.importing.aliases import ID_HEADERS, INDICATOR_HEADERS, NAME_HEADERS, VALUE_HEADERS
from xlkpi.importing.headers import norm_key as _norm
from xlkpi.importing.sources import ExportError, ExportTable, read_export
from xlkpi.io.cells import Block, BookReader
from xlkpi.workbook.values import ValueIssue, is_blank, parse_key, parse_number, parse_text

HEADERS: dict[str, frozenset[str]] = {
    "id": ID_HEADERS | {_norm(t) for t in ("被评人工号", "被评价人工号", "被评人编号", "ratee id")},
    "name": NAME_HEADERS | {_norm(t) for t in ("被评人", "被评人姓名", "被评价人", "ratee")},
    "code": INDICATOR_HEADERS,
    "group": frozenset(
        _norm(t) for t in ("评分组", "评价关系", "关系", "评分关系", "rater group", "relationship")
    ),
    "rater": frozenset(
        _norm(t) for t in ("评分人", "评价人", "评分人姓名", "rater", "rater name", "respondent")
    ),
    "score": VALUE_HEADERS,
}
_GROUP_WORDS = {
    "peer": ("peers", "同事评", "同级"),
    "subordinate": ("subordinates", "下属评", "下级"),
    "customer": ("customers", "客户评", "client"),
}


@dataclass
class SurveyPlan:
    """What an import would write: blocks, sheets to add, problems, ratings read."""

    blocks: list[Block] = field(default_factory=list)
    ensure_sheets: list[str] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    added: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing went wrong enough to stop the import."""
        return not self.problems.has_errors


def _group(text: str) -> str | None:
    key = fl.choice_key("group", text)
    if key:
        return key
    norm = _norm(text)
    return next((k for k, words in _GROUP_WORDS.items() if norm in map(_norm, words)), None)


def _columns(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, v in enumerate(header):
        norm = _norm(v) if not is_blank(v) else ""
        for key, names in HEADERS.items():
            if norm in names and key not in found:
                found[key] = i
                break
    return found


def plan_survey(book: BookReader, lang: str, paths: Sequence[str | os.PathLike[str]]) -> SurveyPlan:
    """Read and check every export; the blocks for the 360° ratings sheet when all is well."""
    plan = SurveyPlan()
    problems = plan.problems
    fb = read_followup(book, lang, Problems())
    table = fb.tables.get("ratings360")
    sheet = fb.sheet("ratings360")
    columns = (
        table.columns
        if table
        else {c.key: i for i, c in enumerate(fl.TABLES["ratings360"].columns)}
    )
    existing: dict[tuple[str, str, str, str], int] = {}
    for rec in table.records if table else ():
        key = (
            str(rec.get("id") or ""),
            str(rec.get("code") or ""),
            str(rec.get("group") or ""),
            str(rec.get("rater") or ""),
        )
        existing.setdefault(key, rec.row)
    next_row = max((r.row for r in table.records), default=table.header_row) + 1 if table else 3
    seen: dict[tuple[str, str, str, str], Source] = {}
    writes: list[tuple[int, dict[str, Any]]] = []
    for path in paths:
        try:
            export = read_export(path)
        except ExportError as exc:
            problems.extend(exc.problems)
            continue
        for values, where in _ratings(export, problems):
            key = (values["id"], values["code"], values["group"], values["rater"])
            if key in seen:
                problems.error(
                    "survey.duplicate",
                    f"{values['rater']} rates {values['id']} on {values['code']} twice",
                    f"{values['rater']}对{values['id']}的{values['code']}评分重复",
                    seen[key],
                    where,
                )
                continue
            seen[key] = where
            if key in existing:
                writes.append((existing[key], {"score": values["score"]}))
                plan.updated += 1
            else:
                labels = {
                    k: fl.CHOICES["group"][values["group"]](lang) if k == "group" else v
                    for k, v in values.items()
                }
                writes.append((next_row, labels))
                next_row += 1
                plan.added += 1
    if problems.has_errors:
        return plan
    if table is None:
        plan.ensure_sheets.append(sheet)
        header = [c.label(lang) for c in fl.TABLES["ratings360"].columns]
        plan.blocks += [
            Block(sheet, 0, 0, [[fl.TITLES["ratings360"](lang)], [fl.HINTS["ratings360"](lang)]]),
            Block(sheet, 2, 0, [header]),
        ]
    for r, cells in writes:
        for col_key, value in cells.items():
            if col_key in columns:
                plan.blocks.append(Block(sheet, r, columns[col_key], [[value]]))
    return plan


def _ratings(export: ExportTable, problems: Problems):  # noqa: ANN202 - a generator of rows
    rows = export.rows
    head = next((i for i, r in enumerate(rows[:10]) if "id" in _columns(r.cells)), None)
    found = _columns(rows[head].cells) if head is not None else {}
    missing = [k for k in ("id", "code", "group", "rater", "score") if k not in found]
    if missing:
        problems.error(
            "survey.columns",
            f"{export.name}: a survey export needs the columns employee id, indicator, rater "
            f"group, rater and score; missing: {', '.join(missing)}",
            f"{export.name}：问卷导出需要工号、指标、评分组、评分人、分数各一列；缺少："
            + "、".join(missing),
            Source(file=export.name, sheet=export.sheet),
        )
        return
    for row in rows[(head or 0) + 1 :]:
        cells = row.cells
        if all(is_blank(v) for v in cells):
            continue

        def cell(key: str, cells: list[Any] = cells) -> Any:
            i = found.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        where = export.source(row.number, found["score"])
        try:
            values = {
                "id": parse_key(cell("id")),
                "name": parse_text(cell("name")) or None,
                "code": parse_key(cell("code")),
                "rater": parse_text(cell("rater")),
                "score": parse_number(cell("score")),
            }
            group = _group(parse_text(cell("group")))
        except ValueIssue as issue:
            problems.error(issue.code, issue.message_en, issue.message_zh, where)
            continue
        if not values["id"] or not values["code"] or not values["rater"] or values["score"] is None:
            problems.error(
                "survey.incomplete",
                "a rating needs the person, the indicator, the rater and the score",
                "每条评分都需要被评人、指标、评分人和分数",
                where,
            )
            continue
        if group is None:
            problems.error(
                "survey.group",
                f"rater group '{cell('group')}' is not one of: peer, subordinate, customer",
                f"评分组“{cell('group')}”不是可选项（同事、下属、客户）",
                export.source(row.number, found["group"]),
            )
            continue
        values["group"] = group
        yield values, where
