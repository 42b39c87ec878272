"""Small rules and builders for engine tests (the real rule types live in xlkpi.core.rules)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import ClassVar

from xlkpi.core.model import (
    Assessment,
    Employee,
    Entry,
    GradeBand,
    Indicator,
    QuotaKind,
    Rater,
    ScoredBy,
    Settings,
)
from xlkpi.core.problems import Source
from xlkpi.core.rules.base import Rule, RuleError, RuleScore


@dataclass(frozen=True)
class _Fake(Rule):
    """A rule for engine tests: it describes itself by one word, `name`, in both languages,
    and gives at most `most` points."""

    name: ClassVar[str] = ""
    most: ClassVar[float] = 100.0

    @property
    def max_points(self) -> float:
        return self.most

    def describe(self, lang: str = "zh") -> str:
        return self.name

    def to_text(self, lang: str = "zh") -> str:
        return self.name


@dataclass(frozen=True)
class Tiers(_Fake):
    """Thresholds → points, best first: ((90, 20), (85, 10), (80, 5)) else 0."""

    name = "tiers"

    steps: tuple[tuple[float, float], ...]
    top: float

    @property
    def max_points(self) -> float:
        return self.top

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        assert isinstance(value, float)
        points = next((p for t, p in self.steps if value >= t), 0.0)
        return RuleScore(points, f"{value} → {points}", f"{value} → {points}分")


@dataclass(frozen=True)
class Levels(_Fake):
    """Behaviour levels 1–5 → 5/10/15/20/25; any other level is a RuleError."""

    name = "levels"
    most = 25.0

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        assert isinstance(value, float)
        if value not in (1, 2, 3, 4, 5):
            raise RuleError(f"level {value:g} is not 1–5", f"等级{value:g}不在1–5之间")
        return RuleScore(
            value * 5, f"level {value:g} → {value * 5:g}", f"{value:g}级→{value * 5:g}分"
        )


@dataclass(frozen=True)
class Events(_Fake):
    """100 − 20 per late − 50 per absence, floor 0 (several inputs, as a dict)."""

    name = "events"

    @property
    def inputs(self) -> tuple[str, ...]:
        return ("late", "absent")

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        assert isinstance(value, dict)
        points = max(0.0, 100 - 20 * value["late"] - 50 * value["absent"])
        return RuleScore(points, "events", "扣分")


@dataclass(frozen=True)
class Ratio(_Fake):
    """actual / target × scale, NOT capped (so tests can see the engine clamp it)."""

    name = "ratio"

    scale: float = 100.0

    @property
    def max_points(self) -> float:
        return self.scale

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        assert isinstance(value, float)
        if target is None:
            raise RuleError("no target", "没有目标值")
        return RuleScore(value / target * self.scale, "ratio", "比率")


@dataclass(frozen=True)
class Identity(_Fake):
    """The actual is the points (for tests that need exact totals)."""

    name = "identity"

    def score(self, value: float | dict[str, float], target: float | None = None) -> RuleScore:
        assert isinstance(value, float)
        return RuleScore(value, "as is", "原值")


def cell(address: str, sheet: str = "Scores") -> Source:
    return Source(sheet=sheet, cell=address)


def indicator(
    code: str,
    weight: float = 1.0,
    scale: float = 100.0,
    rule: Rule | None = None,
    position: str = "P",
    scored_by: ScoredBy = ScoredBy.ACTUAL,
    **kw: object,
) -> Indicator:
    """An indicator named `code`; one scored from actuals without a rule takes them as is."""
    if rule is None and scored_by is ScoredBy.ACTUAL:
        rule = Identity()
    return Indicator(position, code, code, weight, scale, scored_by, rule, **kw)  # type: ignore[arg-type]


# actual("X", 0.5) / rated("Q", rule=Levels()): an indicator scored from actuals / by raters
actual = partial(indicator, scored_by=ScoredBy.ACTUAL)
rated = partial(indicator, scored_by=ScoredBy.RATERS)


def person(
    eid: str,
    team: str = "T",
    department: str = "D",
    position: str = "P",
    base: Decimal | None = Decimal("1000"),
) -> Employee:
    return Employee(
        eid,
        f"name{eid}",
        position,
        department,
        team,
        base,
        Source(sheet="Employees", cell=f"A{eid}" if eid.isdigit() else None, label=eid),
    )


SAB = [
    GradeBand("S", 90, 1.5),
    GradeBand("A", 80, 1.2),
    GradeBand("B", 70, 1.0),
    GradeBand("C", 0, 0.5),
]


def quota_bands(s: float = 0.1, a: float = 0.2, c: float = 0.05) -> list[GradeBand]:
    """S at most 10%, A at most 20%, B, C at least 5% (seed 000's usual table)."""
    return [
        GradeBand("S", 90, 1.5, QuotaKind.AT_MOST, s, Source(sheet="Grades", cell="A2")),
        GradeBand("A", 80, 1.2, QuotaKind.AT_MOST, a, Source(sheet="Grades", cell="A3")),
        GradeBand("B", 70, 1.0, source=Source(sheet="Grades", cell="A4")),
        GradeBand("C", 0, 0.5, QuotaKind.AT_LEAST, c, Source(sheet="Grades", cell="A5")),
    ]


def totals_assessment(
    totals: list[float],
    settings: Settings | None = None,
    grades: list[GradeBand] | None = None,
    **kw: object,
) -> Assessment:
    """One identity indicator worth 100%: each person's actual is their total."""
    people = [person(str(i + 1)) for i in range(len(totals))]
    entries = [
        Entry(p.id, "X", t, source=cell(f"B{i + 2}"))
        for i, (p, t) in enumerate(zip(people, totals, strict=True))
    ]
    return Assessment(
        settings or Settings(),
        [actual("X")],
        people,
        entries,
        grades if grades is not None else SAB,
        **kw,
    )  # type: ignore[arg-type]


def rater_entries(eid: str, code: str, **scores: float | None) -> list[Entry]:
    """rater_entries("1", "Q", self=18, reviewer=20) -> one Entry per rater."""
    col = {"self": "C", "reviewer": "D", "approver": "E", "peer": "F", "customer": "G"}
    return [
        Entry(eid, code, v, Rater(name), cell(f"{col[name]}{eid}")) for name, v in scores.items()
    ]
