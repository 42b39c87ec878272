"""What goes into a workbook's input cells: settings, grade scale, people, keyed values.

An empty template carries the defaults (settings, the S/A/B/C grade scale) and no
people; `sample_data.sample_content` fills the same structure with a generated department.
Texts are `Label`s so one content object serves both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xlkpi.core.label import Label
from xlkpi.workbook.layout import SETTINGS


@dataclass(frozen=True)
class Person:
    """One person of the sample or of HR's roster, as the Roster sheet lists them."""

    id: str
    name: Label
    position: str  # catalog position code
    department: Label = Label("", "")
    team: Label = Label("", "")
    bonus_base: Decimal | None = None
    email: str = ""  # where `xlkpi send` mails their results
    manager: str = ""  # the manager's employee ID (they receive this person's results)


@dataclass(frozen=True)
class GradeRow:
    """One row of the Grades sheet: a grade, its lowest score, bonus coefficient and quota."""

    grade: str
    min_score: float
    coefficient: float
    quota_kind: str | None  # a layout CHOICES["quota_kind"] key
    quota_share: float | None
    meaning: Label


@dataclass(frozen=True)
class AdjustmentRow:
    """One row of the Adjustments sheet: points, caps or a calibrated grade, with the reason."""

    id: str
    reason: Label
    points: float | None = None
    cap_total: float | None = None
    cap_grade: str | None = None
    grade: str | None = None  # calibrated grade


#: Seed 002's scale: S ≥90 (top 10%), A 80–89 (top 20%), B 70–79, C <70 (bottom 5%).
#: The seed gives no bonus coefficients; 1.5/1.2/1.0/0.5 are this template's choice.
DEFAULT_GRADES: tuple[GradeRow, ...] = (
    GradeRow("S", 90, 1.5, "at_most", 0.10, Label("卓越", "Outstanding")),
    GradeRow("A", 80, 1.2, "at_most", 0.20, Label("优秀", "Excellent")),
    GradeRow("B", 70, 1.0, None, None, Label("良好", "Good")),
    GradeRow("C", 0, 0.5, "at_least", 0.05, Label("待改进", "Needs improvement")),
)


def default_settings() -> dict[str, object]:
    """Setting key -> value as the workbook contract defaults them (choices as keys)."""
    return {s.key: s.default for s in SETTINGS}


@dataclass
class Content:
    """What a built workbook holds beyond its structure: settings, grades, people, their
    values, adjustments, targets, Pay and Mail rows."""

    settings: dict[str, object] = field(default_factory=default_settings)
    grades: tuple[GradeRow, ...] = DEFAULT_GRADES
    people: list[Person] = field(default_factory=list)
    #: employee id -> data-sheet key (layout key row) -> value (a Label for text, e.g. m:role)
    values: dict[str, dict[str, float | Label]] = field(default_factory=dict)
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    #: targets filled in where the catalog leaves them to HR: (position, indicator) -> value
    targets: dict[tuple[str, str], float] = field(default_factory=dict)
    #: rows for the Pay sheet's monthly tables (pay_layout.PAY_TABLES key -> records of
    #: column key -> value, a Label for text): they fill the template's rows with the same
    #: key (team; pool and input) or its blank rows (`authoring.sheets.pay`)
    pay: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    #: Mail sheet values by mail_layout.MAIL_SETTINGS key (defaults for the rest)
    mail: dict[str, object] = field(default_factory=dict)

    def people_in(self, position: str) -> list[Person]:
        """The people of one position, in roster order."""
        return [p for p in self.people if p.position == position]
