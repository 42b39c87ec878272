"""The assessment as plain data: what the engine takes in and what it gives back.

Readers (workbook, CSV, live Excel) build an `Assessment`; `xlkpi.core.engine.assess`
turns it into a `RunResult`. Nothing here knows about files or cells beyond `Source`,
which only names places for messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from xlkpi.core.problems import Problems, Source
from xlkpi.core.valid import ValidRange
from xlkpi.core.words import NO_EXPLANATION, Explained, Explanation

if TYPE_CHECKING:  # rules are built by xlkpi.core.rules; the model only holds them
    from xlkpi.core.rules.base import Rule


class Rater(str, Enum):
    """Who gave a score. Levels rank SELF < REVIEWER < APPROVER for "highest decides";
    PEER and CUSTOMER are 360° inputs, averaged when several are given."""

    SELF = "self"  # 自评
    REVIEWER = "reviewer"  # 考评
    APPROVER = "approver"  # 审评
    PEER = "peer"  # 同事
    CUSTOMER = "customer"  # 客户


class ScoredBy(str, Enum):
    """Where an indicator's score comes from: an actual value or raters."""

    ACTUAL = "actual"  # an objective figure (实际值) scored by the indicator's rule
    RATERS = "raters"  # scores (or levels, with a `levels` rule) given by raters


@dataclass(frozen=True)
class Indicator:
    """One indicator (考核指标) of one position.

    `weight` is the indicator's share of its dimension (0..1); `dimension_weight` is the
    dimension's share of the total (0..1). A position without dimensions has one implicit
    dimension weighted 1. `scale` is the maximum raw points the rule (or a rater) gives;
    weighted points = raw / scale × weight × dimension_weight × 100.
    """

    position: str
    code: str
    name: str
    weight: float
    scale: float
    scored_by: ScoredBy
    rule: Rule | None = None
    target: float | None = None
    dimension: str = ""
    dimension_weight: float = 1.0
    name_alt: str = ""  # the name in the other language, when the workbook gives it
    unit: str = ""  # e.g. "s", "%", "次", shown in headers and descriptions
    valid: ValidRange | None = None  # what an actual can be at all (see core.valid)
    source: Source = field(default_factory=Source)  # the indicator's row
    weight_source: Source = field(default_factory=Source)  # the weight cell
    dimension_weight_source: Source = field(default_factory=Source)


@dataclass(frozen=True, slots=True)  # one per person, read by every pass: fields in the object
class Employee:
    """One person on the roster: who, which position, team and bonus base."""

    id: str
    name: str
    position: str
    department: str = ""
    team: str = ""
    bonus_base: Decimal | None = None
    source: Source = field(default_factory=Source)
    position_group: str = ""  # HR's group of positions (Positions sheet); "" = its own


#: (employee, indicator code, rater or None for an actual) -> the cell HR keys it in
Locate = Callable[[Employee, str, "Rater | None"], Source | None]


@dataclass(frozen=True, slots=True)  # one per keyed value: kept small
class Entry:
    """One value keyed in for an employee and indicator: an actual, or one rater's score.

    `value` is a float for most rules; rules with several inputs (per-event counts,
    requirement checks) take a dict of input name -> float.
    """

    employee_id: str
    indicator: str  # indicator code
    value: float | dict[str, float] | None
    rater: Rater | None = None  # None for actuals
    source: Source = field(default_factory=Source)


_NO_SOURCE = Source()
_ENTRY_SLOTS = {name: Entry.__dict__[name] for name in Entry.__slots__}
_set_employee_id = _ENTRY_SLOTS["employee_id"].__set__
_set_indicator = _ENTRY_SLOTS["indicator"].__set__
_set_value = _ENTRY_SLOTS["value"].__set__
_set_rater = _ENTRY_SLOTS["rater"].__set__
_get_source = _ENTRY_SLOTS["source"].__get__
_set_source = _ENTRY_SLOTS["source"].__set__


class CellEntry(Entry):
    """An Entry read from a workbook cell, whose `source` is made only when asked for.

    Reading makes one entry per keyed cell (a million at 50,000 people × 20 indicators) and
    almost none of their Sources is ever looked at (only problems name cells). Keeping the
    sheet name, the column letter and the 1-based row (all shared with other entries)
    instead of a Source and its "E7" text saves about 130 MB and a second at that size.

    In every way that shows it is the Entry with the same fields: equal to it and hashing
    alike, shown as `Entry(...)`, frozen, and copied or pickled as a plain Entry.

    Args:
        employee_id, indicator, value, rater: as for Entry.
        source: the sheet's name, with `letter` and `row` naming the cell ("Sheet", "E", 7
            is "Sheet!E7"); or a Source, as for Entry (so `dataclasses.replace` works).
    """

    __slots__ = ("_letter", "_row")

    def __init__(
        self,
        employee_id: str,
        indicator: str,
        value: float | dict[str, float] | None,
        rater: Rater | None = None,
        source: Source | str = _NO_SOURCE,
        letter: str = "",
        row: int = 0,
    ) -> None:
        _set_employee_id(self, employee_id)
        _set_indicator(self, indicator)
        _set_value(self, value)
        _set_rater(self, rater)
        _set_source(self, source)  # the sheet's name until the Source is first asked for
        _set_letter(self, letter)
        _set_row(self, row)

    @property  # type: ignore[override]
    def source(self) -> Source:
        """The cell of this entry, made once from its sheet, column and row."""
        src = _get_source(self)
        if src.__class__ is not Source:
            src = Source(src, f"{_get_letter(self)}{_get_row(self)}")
            _set_source(self, src)  # made once: later reads give the same object
        return src

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return (self.employee_id, self.indicator, self.value, self.rater, self.source) == (
            other.employee_id,
            other.indicator,
            other.value,
            other.rater,
            other.source,
        )

    __hash__ = Entry.__hash__  # hashes the fields, read through the properties

    def __repr__(self) -> str:
        return (
            f"Entry(employee_id={self.employee_id!r}, indicator={self.indicator!r}, "
            f"value={self.value!r}, rater={self.rater!r}, source={self.source!r})"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Entry, (self.employee_id, self.indicator, self.value, self.rater, self.source))


_set_letter = CellEntry.__dict__["_letter"].__set__
_get_letter = CellEntry.__dict__["_letter"].__get__
_set_row = CellEntry.__dict__["_row"].__set__
_get_row = CellEntry.__dict__["_row"].__get__


@dataclass(frozen=True)
class Adjustment:
    """Manual ± points (额外通报奖惩); a reason is required."""

    employee_id: str
    points: float
    reason: str
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Veto:
    """A veto item (否决项, e.g. a serious incident) capping the total and/or the grade."""

    employee_id: str
    reason: str
    cap_total: float | None = None
    cap_grade: str | None = None
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class GradeOverride:
    """A calibrated grade (校准) replacing the computed one; a reason is required."""

    employee_id: str
    grade: str
    reason: str
    source: Source = field(default_factory=Source)


class QuotaKind(str, Enum):
    """Whether a grade's quota is a ceiling or a floor."""

    AT_MOST = "at_most"  # e.g. S at most 10% of headcount
    AT_LEAST = "at_least"  # e.g. C at least the bottom 5%


@dataclass(frozen=True)
class GradeBand:
    """A grade reached at `min_score` or above (bands are ordered best first)."""

    grade: str
    min_score: float
    coefficient: float = 1.0  # bonus coefficient (奖金系数)
    quota_kind: QuotaKind | None = None
    quota_share: float | None = None  # 0..1 of headcount in the scope
    source: Source = field(default_factory=Source)


class Scope(str, Enum):
    """Who is ranked (and given quotas) together."""

    POSITION = "position"
    POSITION_GROUP = "position_group"  # positions HR groups together on the Positions sheet
    TEAM = "team"
    DEPARTMENT = "department"
    ALL = "all"
    # every workbook calculated together (`xlkpi calculate` with several workbooks, see
    # core.company); one workbook calculated alone is a company of one
    COMPANY = "company"


@dataclass(frozen=True)
class RaterPolicy:
    """How the raters' scores combine: weights per rater, missing raters, gap warnings."""

    mode: str = "weighted"  # "weighted" or "highest" (the highest-level rater present decides)
    weights: dict[Rater, float] = field(
        default_factory=lambda: {Rater.SELF: 0.2, Rater.REVIEWER: 0.3, Rater.APPROVER: 0.5}
    )
    missing: str = "renormalise"  # "renormalise" or "error"
    gap_threshold: float = 0.2  # self vs reviewer gap, as a share of the indicator's scale
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Settings:
    """The assessment's settings: period, language, raters, scopes, distribution and pool."""

    period: str = ""
    lang: str = "zh"
    rater_policy: RaterPolicy = field(default_factory=RaterPolicy)
    rank_scope: Scope = Scope.ALL
    distribution_scope: Scope = Scope.ALL
    forced_distribution: bool = True
    weight_tolerance: float = 0.0001  # weights must sum to 100% within this (as a fraction)
    bonus_pool: Decimal | None = None
    pool_scope: Scope = Scope.ALL  # ALL: this workbook's pool; COMPANY: one pool for all
    sources: dict[str, Source] = field(default_factory=dict)  # setting name -> cell


@dataclass(frozen=True)
class Assessment:
    """Everything one run needs."""

    settings: Settings
    indicators: list[Indicator]
    employees: list[Employee]
    #: a list, or the columns a data sheet was read in (`core.columns.EntryColumns`)
    entries: Sequence[Entry]
    grades: list[GradeBand] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    vetoes: list[Veto] = field(default_factory=list)
    overrides: list[GradeOverride] = field(default_factory=list)
    #: 360° rater groups and ratings (`core.raters360.Raters360`), None when not used
    raters360: Any = None
    #: position code -> the name HR reads (messages show names, not codes)
    position_names: dict[str, str] = field(default_factory=dict)
    #: where an input of (employee, indicator code, rater or None) is keyed, for problems
    #: about a value that is missing (an empty cell has no Entry to name it)
    locate: Locate | None = None


class _NoRaterScores(dict):  # type: ignore[type-arg]
    """The rater scores of a result no rater scored: empty, read-only, and shared by all of
    them (an empty dict per employee and indicator was 64 MB at 50,000 people)."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("the rater scores of a result scored without raters are read-only")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only


#: `IndicatorResult.rater_scores` of results without rater scores (equal to {})
NO_RATER_SCORES: dict[Rater, float] = _NoRaterScores()


@dataclass(slots=True)  # one per employee and indicator: no per-instance dict
class IndicatorResult(Explained):
    """One person's score on one indicator: raw, weighted points and how they were reached."""

    code: str
    raw: float | None  # on the indicator's own scale; None when it could not be scored
    points: float | None  # weighted points contributing to the total
    #: how raw was reached; worded on first read (most runs never read it), see core.words
    explanation: Explanation = NO_EXPLANATION
    rater_scores: dict[Rater, float] = field(default_factory=dict)


@dataclass(slots=True)  # one per person, read by every later pass: attributes in the object
class EmployeeResult:
    """One person's results: indicators, subtotal, adjustment, total, rank, grade and bonus."""

    employee: Employee
    indicators: dict[str, IndicatorResult]
    subtotal: float | None  # sum of weighted points before adjustments
    adjustment: float  # sum of manual points
    total: float | None  # two decimals, within 0..100
    rank: int | None = None
    rank_group_size: int | None = None
    grade_by_score: str | None = None
    grade: str | None = None  # after forced distribution, vetoes and overrides
    grade_note_en: str = ""  # why grade differs from grade_by_score, if it does
    grade_note_zh: str = ""
    bonus: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    total_note_en: str = ""  # why total differs from subtotal + adjustment (veto cap, clamp)
    total_note_zh: str = ""


@dataclass
class RunResult:
    """The results of one run and every problem found."""

    results: list[EmployeeResult]
    problems: Problems

    @property
    def ok(self) -> bool:
        """True when the run found no error."""
        return not self.problems.has_errors
