"""Matching a file's columns to the workbook: the header row (below any title block, over
one or two rows), the mapping table's rows for the file, the automatic match for the rest,
and what is reported about it: unknown columns (one warning per file), columns that name
two indicators or two columns naming one (refused), and the rows the mapping table gains.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkpi.core.problems import Problems, Source
from xlkpi.io.cells import column_letter
from xlkpi.workbook import layout
from xlkpi.workbook import pay_layout as pl

from .aliases import ROLE_LABELS, role_of
from .forms import Detected, Form, detect, find_header, find_pay_header
from .headers import HeaderCell, header_cells, norm_key, parse_header, unit_label
from .mapping import IGNORE, Mapping, MappingRow, file_pattern, mapped_columns
from .resolver import Resolver
from .sources import ExportTable, place_text
from .target import Target, is_blank


@dataclass(frozen=True)
class Note:
    """Something import did that HR should know but need not act on (a total row skipped,
    minutes converted to seconds)."""

    message_en: str
    message_zh: str
    where: Source

    def message(self, lang: str) -> str:
        """The note in `lang` ("zh" or "en")."""
        return self.message_zh if lang == "zh" else self.message_en

    def render(self, lang: str) -> str:
        """The note with its place, as the CLI and the app show it."""
        return f"{place_text(self.where, lang)}: {self.message(lang)}"


def column_name(found: Detected, col: int, lang: str = "zh") -> str:
    """A column for messages: '平均响应时长(分钟)（D）', or '... (D)' in English."""
    if lang == "zh":
        return f"{found.header(col)}（{column_letter(col)}）"
    return f"{found.header(col)} ({column_letter(col)})"


def detect_file(
    table: ExportTable, resolver: Resolver, mapping: Mapping, problems: Problems
) -> Detected | None:
    """What the file holds and where its columns go; None (and an error) when unclear."""
    rows = [r.cells for r in table.rows]
    where = Source(file=table.name, sheet=table.sheet)
    if not any(not is_blank(v) for r in rows for v in r):
        problems.error("import.empty", "the file is empty", "文件是空的", where)
        return None
    rules = mapping.for_file(table.name, table.sheet)
    id_texts = frozenset(
        k
        for r in rules
        if not r.ignored and role_of(norm_key(r.target)) == "id"
        for k in (norm_key(r.source), parse_header(r.source).key)
    )
    head = find_header(rows, id_texts)
    if head is None and (pay_found := find_pay_header(rows)) is not None:
        return _detect_pay(table, pay_found, resolver.target, problems)
    if head is None:
        problems.error(
            "import.no_id_column",
            f"no employee-id column in the first {layout.HEADER_SEARCH_ROWS} rows; the header "
            "row needs a column named 工号 / 员工编号 / 客服工号 / employee_id (or one mapped to "
            "工号 on the Import mapping sheet)",
            f"前 {layout.HEADER_SEARCH_ROWS} 行中找不到员工编号列；表头需要一列名为"
            "“工号”、“员工编号”、“客服工号”或“employee_id”（或在“导入映射”表中对应到“工号”）",
            where,
        )
        return None
    header, id_col = head
    cells, first_data = header_cells(rows, header, id_col)
    if not _shape_ok(table, cells, header, first_data, problems):
        return None
    mapped, used = mapped_columns(mapping, rules, cells, problems)
    found = detect(cells, resolver, header, first_data, mapped)
    head_row = table.rows[header].number
    if found is None:
        problems.error(
            "import.form",
            "cannot tell what the file holds: expected a long form (工号, 指标, 值[, 评分人]), "
            "a wide form (工号 plus one column per indicator) or a roster (工号, 姓名, 部门, "
            f"班组, 岗位, 奖金基数); columns named otherwise can be named on the {mapping.sheet} "
            "sheet (source column -> indicator)",
            "无法判断文件内容：应为长表（工号、指标、值[、评分人]）、宽表（工号加每个指标一列）"
            f"或人员名单（工号、姓名、部门、班组、岗位、奖金基数）；列名不同的，可在“{mapping.sheet}”"
            "表中写明来源列导入到哪个指标",
            table.source(head_row),
        )
        return None
    found.mapping_rows = used
    _check_targets(table, found, resolver, mapping, problems)
    if found.unknown:
        _unknown_columns(table, found, mapping, problems)
    return found


_SHOWN_ROWS = 5  # rows named one by one before the rest are counted


def _shape_ok(
    table: ExportTable,
    cells: list[HeaderCell],
    header: int,
    first_data: int,
    problems: Problems,
) -> bool:
    """Refuse a file whose header names a column twice, or whose rows hold more values than
    the header has columns (a value with an unquoted comma shifts everything after it)."""
    head_row = table.rows[header].number
    seen: dict[str, int] = {}
    ok = True
    for cell in cells:
        if not cell.text.strip():
            continue
        key = norm_key(cell.text)
        if key in seen:
            problems.error(
                "import.duplicate_column",
                f"the column '{cell.text.strip()[:40]}' appears twice in the header; keep one",
                f"表头中“{cell.text.strip()[:40]}”列出现了两次；请只保留一列",
                table.source(head_row, cell.col),
            )
            ok = False
        seen.setdefault(key, cell.col)
    width = max((c.col + 1 for c in cells if c.text.strip()), default=0)
    long_rows = [
        row for row in table.rows[first_data:] if any(not is_blank(v) for v in row.cells[width:])
    ]
    for row in long_rows[:_SHOWN_ROWS]:
        extra = sum(1 for v in row.cells[width:] if not is_blank(v))
        problems.error(
            "import.extra_fields",
            f"the row has {extra} more value(s) than the header has columns ({width}); a value "
            "holding the delimiter (such as 1,234) must be quoted, or the header is missing a "
            "column",
            f"该行比表头（{width} 列）多出 {extra} 个值；含分隔符的值（如 1,234）需加引号，"
            "或表头缺少列",
            table.source(row.number),
        )
    if len(long_rows) > _SHOWN_ROWS:
        problems.error(
            "import.extra_fields",
            f"{len(long_rows) - _SHOWN_ROWS} more rows have more values than the header",
            f"另有 {len(long_rows) - _SHOWN_ROWS} 行的值多于表头列数",
            table.source(long_rows[_SHOWN_ROWS].number),
        )
    return ok and not long_rows


def _unknown_columns(
    table: ExportTable, found: Detected, mapping: Mapping, problems: Problems
) -> None:
    """One warning listing the columns that go nowhere (they are recorded as 不导入)."""
    head_row = table.rows[found.header_row].number
    shown = "、".join(column_name(found, c) for c in found.unknown)
    shown_en = ", ".join(column_name(found, c, "en") for c in found.unknown)
    if found.form is Form.ROSTER:
        what_en, what_zh = "are not roster columns", "不是人员名单的列"
    else:
        what_en, what_zh = "name no indicator of this workbook", "不是本工作簿的指标"
    problems.warning(
        "import.column_ignored",
        f"columns skipped: {shown_en} {what_en}; they are noted as '{IGNORE.en}' on the "
        f"{mapping.sheet} sheet: write an indicator there to import them next time",
        f"以下列未导入：{shown}{what_zh}；已在“{mapping.sheet}”表中记为“{IGNORE.zh}”，"
        "如需导入请在那里填写对应的指标",
        table.source(head_row, next(iter(found.unknown))),
    )


def _check_targets(
    table: ExportTable, found: Detected, resolver: Resolver, mapping: Mapping, problems: Problems
) -> None:
    """Refuse a column whose header names two indicators, two columns going to one
    indicator column, and mapping targets that name nothing."""
    head_row = table.rows[found.header_row].number
    for c, text in found.indicator_columns.items():
        if c in found.mapped and not resolver.anywhere(text):
            problems.error(
                "import.mapping_target",
                f"column {column_name(found, c, 'en')}: '{text}' on the {mapping.sheet} "
                "sheet is neither 工号/姓名 nor an indicator of this workbook",
                f"列{column_name(found, c)}：“{mapping.sheet}”表中的“{text}”既不是工号、姓名，"
                "也不是本工作簿的指标",
                table.source(head_row, c),
            )
            found.refused.add(c)
            continue
        clash = resolver.clash(text)
        if clash:
            found.refused.add(c)
            problems.error(
                "import.column_ambiguous",
                f"column {column_name(found, c, 'en')} matches several indicators "
                f"({', '.join(clash)}); say which one on the {mapping.sheet} sheet "
                f"(source column '{found.header(c)}', imports into: one of them)",
                f"列{column_name(found, c)}同时对应多个指标（{'、'.join(clash)}）；请在"
                f"“{mapping.sheet}”表中写明导入到哪一个（来源列“{found.header(c)}”）",
                table.source(head_row, c),
            )
    for pos in resolver.target.positions.values():
        seen: dict[str, int] = {}
        for c, text in found.indicator_columns.items():
            key = resolver.key(pos.code, text)
            if key is None:
                continue
            if key in seen:
                first = seen[key]
                found.refused.add(c)
                problems.error(
                    "import.columns_same_target",
                    f"columns {column_name(found, first, 'en')} and "
                    f"{column_name(found, c, 'en')} both go to {key} of {pos.name}; "
                    f"mark one '{IGNORE.en}' on the {mapping.sheet} sheet",
                    f"列{column_name(found, first)}和{column_name(found, c)}都对应{pos.name}的 "
                    f"{key}；请在“{mapping.sheet}”表中把其中一列记为“{IGNORE.zh}”",
                    table.source(head_row, c),
                )
            else:
                seen[key] = c


def _detect_pay(
    table: ExportTable, found: Detected, target: Target, problems: Problems
) -> Detected | None:
    """A Pay-table file: the workbook needs a Pay sheet holding that table."""
    title = pl.PAY_TABLE_TITLES[found.table]
    where = table.source(table.rows[found.header_row].number)
    sheet = layout.SHEETS["pay"]
    pay = target.pay
    if pay is None:
        problems.error(
            "import.no_pay_sheet",
            f"the file holds '{title.en}' rows, but the workbook has no {sheet.en} sheet "
            f"({sheet.zh})",
            f"文件中是“{title.zh}”数据，但工作簿中没有“{sheet.zh}”工作表",
            where,
        )
        return None
    if found.table not in pay.tables:
        problems.error(
            "import.no_pay_table",
            f"the file holds '{title.en}' rows, but the {pay.name} sheet has no such "
            "table (its header row is missing)",
            f"文件中是“{title.zh}”数据，但“{pay.name}”表中没有这张表（找不到其表头行）",
            where,
        )
        return None
    for col, text in found.unknown.items():
        problems.warning(
            "import.column_ignored",
            f"column '{text}' is not a column of '{title.en}'; it is not imported",
            f"“{text}”不是“{title.zh}”的列，不导入",
            table.source(table.rows[found.header_row].number, col),
        )
    return found


_HOW = {
    "role": layout.Label("按列名识别", "recognised by its header"),
    "indicator": layout.Label("按指标名称或编码匹配", "matched to the indicator by name or code"),
    "unknown": layout.Label(
        "没有对应的指标，不导入；如需导入，请在“导入到”中填写指标",
        "matches no indicator: not imported; write an indicator under 'Imports into' to import it",
    ),
}


def remember(
    table: ExportTable, found: Detected, resolver: Resolver, mapping: Mapping, lang: str
) -> list[MappingRow]:
    """The mapping rows this file adds: one per column the table does not decide yet."""
    if found.form is Form.PAY:
        return []
    pattern = file_pattern(table.name)
    roles = {c: r for r, c in found.columns.items()}
    added: list[MappingRow] = []
    for cell in found.cells:
        c = cell.col
        if not cell.headers or c in found.mapped:
            continue
        if any(
            r.matches_column(cell) and r.matches_file(table.name, table.sheet)
            for r in mapping.added
        ):
            continue
        if c in roles:
            target, how = ROLE_LABELS[roles[c]](lang), _HOW["role"]
        elif c in found.indicator_columns:
            target, how = _target_label(resolver, found.indicator_columns[c]), _HOW["indicator"]
        else:
            target, how = IGNORE(lang), _HOW["unknown"]
        unit = unit_label(cell.unit, lang)
        added.append(
            MappingRow(pattern, table.sheet or "", cell.text, target, unit, note=how(lang))
        )
    mapping.added += added
    return added


def _target_label(resolver: Resolver, text: str) -> str:
    """The clearest text that still names the same column in every position."""
    positions = [p for p in resolver.target.positions if resolver.key(p, text) is not None]
    if not positions:
        return text
    label = resolver.label(positions[0], resolver.key(positions[0], text) or "")
    same = all(resolver.key(p, label) == resolver.key(p, text) for p in positions)
    return label if same else text
