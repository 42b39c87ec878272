"""The values the Form's formulas show for its employee when the file is built, written as
cached results so previews and viewers that never recalculate show them too."""

from __future__ import annotations

from typing import Any

from xlkpi.authoring.book import Book
from xlkpi.authoring.content import Person
from xlkpi.authoring.sample_data import values_for
from xlkpi.authoring.sheets.common import quote
from xlkpi.authoring.sheets.form_formulas import (
    FIRST,
    G_POS_IDX,
    G_POSITION,
    G_QSHEET,
    G_ROW,
    G_SHEET,
    RATER_COLS,
)
from xlkpi.authoring.spec import IndicatorSpec, PositionSpec, unit_label
from xlkpi.core.model import ScoredBy
from xlkpi.workbook.layout import FIRST_DATA_ROW, rater_key


class FormCache:
    """The values the formulas show for the form's employee when the file is built, written
    as cached results so previews that never recalculate show them too."""

    def __init__(self, book: Book, person: Person | None):
        self.book = book
        self.person_ = person
        self.position: PositionSpec | None = None
        self.sheet = ""
        self.data_row: int | None = None
        self.ind_rows: list[int] = []
        if person is None:
            return
        self.position = next(p for p in book.positions if p.code == person.position)
        self.sheet = book.data_sheets[person.position]
        self.cols = self.position.columns(book.lang)
        self.keys = [c.key for c in self.cols]
        people = book.content.people_in(person.position)
        self.data_row = FIRST_DATA_ROW + people.index(person) + 1
        row = FIRST + 1
        for p in book.positions:
            for _ in p.indicators:
                if p.code == person.position:
                    self.ind_rows.append(row)
                row += 1
        keyed = values_for(self.position, book.content.values.get(person.id, {}), book.lang)
        # the form shows indicator inputs, all numbers (text values are pay inputs: m:role)
        self.values = {k: v for k, v in keyed.items() if isinstance(v, float | int)}

    def general(self, addr: str) -> Any:
        """What a general helper cell (column R) holds."""
        if self.person_ is None or self.position is None:
            return ""
        people = self.book.content.people
        return {
            G_POS_IDX: people.index(self.person_) + 1,
            G_POSITION: self.position.name(self.book.lang),
            G_SHEET: self.sheet,
            G_QSHEET: quote(self.sheet),
            G_ROW: self.data_row,
        }[addr]

    def title(self, title: str) -> str:
        """The title: the position's name before the form's title."""
        if self.position is None:
            return title
        if self.book.lang == "en":
            title = " " + title[0].lower() + title[1:]
        return self.position.name(self.book.lang) + title

    def period(self) -> str:
        """The assessment period of the Settings sheet."""
        return str(self.book.content.settings.get("period") or "")

    def period_line(self, prefix: str) -> str:
        """The period line under the title."""
        return prefix + self.period()

    def person(self, key: str) -> str:
        """The employee's name, department, team or position."""
        if self.person_ is None:
            return ""
        if key == "position":
            return self.position.name(self.book.lang) if self.position else ""
        return getattr(self.person_, key)(self.book.lang)

    def result(self, key: str) -> str:
        """A result cell: empty until Calculate runs."""
        return ""

    def _ind(self, k: int) -> IndicatorSpec | None:
        if self.position is None or k >= len(self.position.indicators):
            return None
        return self.position.indicators[k]

    def ind_row(self, k: int) -> Any:
        """The Indicators row of the k-th indicator (hidden helper)."""
        return self.ind_rows[k] if self._ind(k) is not None else ""

    def code(self, k: int) -> Any:
        """The k-th indicator's code (hidden helper)."""
        ind = self._ind(k)
        return "" if ind is None else ind.code

    def helper(self, k: int, which: str) -> Any:
        """A hidden helper of row k: the actual's column, the first input's, or their count."""
        ind = self._ind(k)
        if ind is None:
            return 0 if which == "inn" else ""
        inputs = [i for i, key in enumerate(self.keys) if key.startswith(ind.code + "#")]
        if which == "act":
            return self.keys.index(ind.code) + 1 if ind.code in self.keys else ""
        if which == "in0":
            return inputs[0] + 1 if inputs else ""
        return len(inputs)

    def cell(self, k: int, key: str) -> Any:
        """What the indicator table's `key` column shows in row k (0-based)."""
        ind = self._ind(k)
        if ind is None or self.position is None:
            return ""
        if key == "actual":
            return self._actual(ind)
        if key in ("self", "reviewer", "approver"):
            rater = next(r for r, col in RATER_COLS.items() if col == key)
            v = self.values.get(rater_key(ind.code, rater))
            return "" if v is None else v
        if key == "points":
            return ""  # points exist only after Calculate
        return self._described(self.position, k, ind, key)

    def _described(self, position: PositionSpec, k: int, ind: IndicatorSpec, key: str) -> Any:
        """The columns that describe the indicator: code to rule."""
        lang = self.book.lang
        if key == "code":
            return k + 1
        if key == "dimension":
            if ind.dimension is None:
                return ""
            dw = f" {ind.dimension_weight:.0%}" if ind.dimension_weight is not None else ""
            return ind.dimension(lang) + dw
        if key == "indicator":
            return ind.name(lang)
        if key == "weight":
            return ind.weight
        if key == "target":
            target = self.book.content.targets.get((position.code, ind.code), ind.target)
            if target is None:
                return ""
            unit = unit_label(ind.unit, lang)
            return f"{target:.0%}" if ind.is_percent else f"{_number_text(target)} {unit}"
        if key == "rule":
            return ind.rule_words(lang) or ind.rule_text(lang)
        raise KeyError(key)

    def _actual(self, ind: IndicatorSpec) -> Any:
        """The actual as the Actual cell shows it: one value, or up to four inputs."""
        if ind.scored_by is ScoredBy.RATERS:
            return ""
        if ind.code in self.keys:
            v = self.values.get(ind.code)
            if v is None:
                return ""
            if ind.is_percent:
                return f"{v:.1%}"
            return f"{v:,.0f}" if abs(v) >= 10000 else v
        parts = []
        for col in self.cols:
            if col.key.startswith(ind.code + "#"):
                v = self.values.get(col.key)
                parts.append(f"{col.header} {_number_text(v) if v is not None else ''}")
        return "；".join(parts[:4])


def _number_text(v: float | None) -> str:
    if v is None:
        return ""
    if abs(v) >= 10000:
        return f"{v:,.0f}"
    return f"{v:g}"
