"""One person's results as plain data (a `Card`), built fresh from a calculation.

Everything a scorecard shows is copied here from the run: this person's own inputs,
points, total, rank, grade and money, and the words for them. Nothing else from the
workbook goes in, so a file made from a Card cannot carry anybody else's data.

`load(book)` runs the calculation again in memory (`workbook.calculate.check`) and
refuses when the results written in the workbook differ from it (Calculate is not
current) or when the workbook has errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkpi.core.fmt import money, separator
from xlkpi.core.model import EmployeeResult, Entry, Indicator, Rater, ScoredBy
from xlkpi.core.problems import Problems, Source
from xlkpi.delivery.deadline import appeal_deadline
from xlkpi.delivery.mailsheet import MailSettings, read_mail_settings
from xlkpi.delivery.texts import CARD
from xlkpi.io.cells import BookReader, a1
from xlkpi.workbook.calculate import Outcome, check
from xlkpi.workbook.contacts import Contact, roster_contacts
from xlkpi.workbook.results import data_sheet_blocks

RATER_ORDER = (Rater.SELF, Rater.REVIEWER, Rater.APPROVER, Rater.PEER, Rater.CUSTOMER)


@dataclass(frozen=True)
class Line:
    """One indicator on a scorecard, ready to show."""

    code: str
    name: str
    dimension: str
    weight: float | None
    target: str
    rule: str
    actual: str
    scores: dict[Rater, float]
    points: float | None
    how: str


@dataclass(frozen=True)
class Card:
    """Everything one person's scorecard shows, and nothing about anybody else."""

    lang: str
    period: str
    id: str
    name: str
    department: str
    team: str
    position: str
    reviewer: str  # the manager's name, when the roster names one
    approver: str  # the manager's manager
    raters: tuple[Rater, ...]  # rater columns shown
    lines: tuple[Line, ...]
    subtotal: float | None
    adjustment: float
    adjustment_notes: tuple[str, ...]
    total: float | None
    total_note: str
    rank: int | None
    rank_size: int | None
    rank_scope: str  # a layout "scope" choice key
    grade_by_score: str
    grade: str
    grade_note: str
    bonus: Decimal | None
    bonus_how: str
    pay: Decimal | None
    pay_how: tuple[str, ...]
    published: dt.date
    appeal_deadline: dt.date
    appeal_days: int


@dataclass
class Delivery:
    """What `xlkpi send` works from: a card per person, the roster's contacts, the Mail
    sheet, and every problem found (errors stop sending)."""

    lang: str
    period: str
    cards: dict[str, Card]
    contacts: dict[str, Contact]
    mail: MailSettings
    problems: Problems
    stale: list[Source] = field(default_factory=list)  # result cells Calculate would change

    @property
    def ready(self) -> bool:
        """True when there are scorecards, no errors and no stale results."""
        return not self.problems.has_errors and not self.stale and bool(self.cards)


def load(book: BookReader, *, today: dt.date | None = None) -> Delivery:
    """Recalculate `book` in memory and build everyone's card.

    Args:
        book: the calculated workbook.
        today: the publication date when the Mail sheet leaves it empty (default: today).
    Returns:
        The Delivery; `ready` is False when the workbook has errors or its results are
        not current (`stale` names the first cells that differ).
    """
    outcome = check(book)
    problems = outcome.problems
    mail = read_mail_settings(book, outcome.lang, problems)
    contacts = roster_contacts(book)  # their problems are on the Issues sheet (Calculate)
    period = outcome.read.assessment.settings.period
    delivery = Delivery(outcome.lang, period, {}, contacts, mail, problems)
    if problems.has_errors or outcome.run is None:
        return delivery
    delivery.stale = stale_cells(book, outcome)
    published = mail.published or today or dt.date.today()
    builder = _CardBuilder(outcome, contacts, published, mail.appeal_days)
    delivery.cards = {r.employee.id: builder.card(r) for r in outcome.run.results}
    return delivery


def stale_cells(book: BookReader, outcome: Outcome, limit: int = 5) -> list[Source]:
    """Result cells whose value differs from a fresh calculation (the first `limit`)."""
    assert outcome.run is not None
    results = {r.employee.id: r for r in outcome.run.results}
    out: list[Source] = []
    for place in outcome.read.where.data.values():
        grid = book.read_grid(place.sheet)
        for block in data_sheet_blocks(place, results, outcome.lang):
            for i, row in enumerate(block.values):
                r = block.row + i
                have = grid[r] if r < len(grid) else []
                for j, want in enumerate(row):
                    c = block.col + j
                    got = have[c] if c < len(have) else None
                    if not _same(got, getattr(want, "value", want)):
                        out.append(Source(place.sheet, a1(r, c)))
                        if len(out) >= limit:
                            return out
    return out


def _same(got: Any, want: Any) -> bool:
    if want is None or want == "":
        return got is None or got == ""
    if isinstance(want, int | float | Decimal) and not isinstance(want, bool):
        if not isinstance(got, int | float) or isinstance(got, bool):
            return False
        return abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(float(want)))
    return str(got).strip() == str(want).strip()


def _num(v: float) -> str:
    if abs(v) >= 10000:
        return f"{v:,.0f}"
    return f"{v:.4f}".rstrip("0").rstrip(".")


def _shown(v: float | None, unit: str) -> str:
    """A target or actual as people write it: 50%, 180 秒, 1,200,000."""
    if v is None:
        return ""
    if unit == "%":
        return f"{v * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{_num(v)} {unit}".strip()


def _money(v: Decimal | None) -> str:
    return "" if v is None else money(v)


class _CardBuilder:
    def __init__(
        self, outcome: Outcome, contacts: dict[str, Contact], published: dt.date, days: int
    ):
        self.lang = outcome.lang
        a = outcome.read.assessment
        self.settings = a.settings
        self.contacts = contacts
        self.published = published
        self.days = days
        fu = outcome.followup
        self.deadline = appeal_deadline(published, days, fu.calendar if fu else None)
        self.positions = outcome.read.where.position_names
        self.indicators: dict[str, list[Indicator]] = {}
        for ind in a.indicators:
            self.indicators.setdefault(ind.position, []).append(ind)
        self.entries: dict[str, list[Entry]] = {}
        for e in a.entries:
            self.entries.setdefault(e.employee_id, []).append(e)
        self.adjustments: dict[str, list[str]] = {}
        for adj in a.adjustments:
            sign = f"{adj.points:+g}"
            self.adjustments.setdefault(adj.employee_id, []).append(f"{sign}：{adj.reason}")
        for veto in a.vetoes:
            self.adjustments.setdefault(veto.employee_id, []).append(veto.reason)
        self.coefficients = {b.grade: b.coefficient for b in reversed(a.grades)}
        self.pool = a.settings.bonus_pool

    def _name(self, eid: str) -> str:
        c = self.contacts.get(eid)
        return c.name if c is not None else ""

    def card(self, r: EmployeeResult) -> Card:
        lang, emp = self.lang, r.employee
        zh = lang == "zh"
        contact = self.contacts.get(emp.id)
        manager = contact.manager if contact is not None else ""
        boss = self.contacts.get(manager)
        approver = self._name(boss.manager) if boss is not None and boss.manager != emp.id else ""
        inds = self.indicators.get(emp.position, [])
        actuals = {e.indicator: e.value for e in self.entries.get(emp.id, []) if e.rater is None}
        raters = tuple(
            rt for rt in RATER_ORDER if any(rt in ir.rater_scores for ir in r.indicators.values())
        )
        lines = tuple(self._line(ind, r, actuals.get(ind.code)) for ind in inds)
        bonus_how = ""
        if r.bonus is not None and self.pool is not None:
            bonus_how = CARD["bonus_how"](lang).format(
                pool=_money(self.pool),
                coefficient=f"{self.coefficients.get(r.grade or '', 0):g}",
                base=_money(emp.bonus_base),
            )
        breakdown = r.extra.get("pay_breakdown")
        pay_how: tuple[str, ...] = ()
        pay = r.extra.get("pay")
        if breakdown is not None:
            pay_how = tuple(breakdown.render(lang).splitlines()[1:])
        return Card(
            lang=lang,
            period=self.settings.period,
            id=emp.id,
            name=emp.name,
            department=emp.department,
            team=emp.team,
            position=self.positions.get(emp.position, emp.position),
            reviewer=self._name(manager) if manager != emp.id else "",
            approver=approver,
            raters=raters,
            lines=lines,
            subtotal=r.subtotal,
            adjustment=r.adjustment,
            adjustment_notes=tuple(self.adjustments.get(emp.id, [])),
            total=r.total,
            total_note=r.total_note_zh if zh else r.total_note_en,
            rank=r.rank,
            rank_size=r.rank_group_size,
            rank_scope=self.settings.rank_scope.value,
            grade_by_score=r.grade_by_score or "",
            grade=r.grade or "",
            grade_note=r.grade_note_zh if zh else r.grade_note_en,
            bonus=r.bonus,
            bonus_how=bonus_how,
            pay=pay if isinstance(pay, Decimal) else None,
            pay_how=pay_how,
            published=self.published,
            appeal_deadline=self.deadline,
            appeal_days=self.days,
        )

    def _line(self, ind: Indicator, r: EmployeeResult, actual: Any) -> Line:
        lang = self.lang
        ir = r.indicators.get(ind.code)
        if isinstance(actual, dict):
            sep = separator(lang)
            shown = sep.join(f"{k} {_num(v)}" for k, v in actual.items())
        elif ind.scored_by is ScoredBy.ACTUAL and isinstance(actual, int | float):
            shown = _shown(float(actual), ind.unit)
        else:
            shown = ""
        dim = ind.dimension
        if dim and ind.dimension_weight != 1.0:
            dim = f"{dim} {ind.dimension_weight:.0%}"
        return Line(
            code=ind.code,
            name=ind.name,
            dimension=dim,
            weight=ind.weight,
            target=_shown(ind.target, ind.unit),
            rule=ind.rule.describe(lang) if ind.rule is not None else "",
            actual=shown,
            scores=dict(ir.rater_scores) if ir is not None else {},
            points=ir.points if ir is not None else None,
            how=(ir.explanation.zh if lang == "zh" else ir.explanation.en) if ir else "",
        )
