"""Problems found during a run: collected, never thrown one by one.

Every problem says where it is (sheet and cell, or file and row), what is wrong and why,
in English and Chinese, so each caller (CLI, Issues sheet, UDF) shows it in the user's
language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a problem is: an error stops results, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)  # one per keyed cell: a million at 50,000 people
class Source:
    """A place in the user's input: a workbook cell, a file row, or a named rule."""

    sheet: str | None = None
    cell: str | None = None  # "E7"
    file: str | None = None
    row: int | None = None  # 1-based row in `file`
    label: str | None = None  # free text when there is no cell, e.g. "rule of CS1"

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.file and self.row is not None:
            return f"{self.file} row {self.row}"
        if self.file:
            return self.file
        return self.label or "?"


# Source's generated __init__ sets each field through object.__setattr__ (0.6 us, being
# frozen); reading makes one for each person's cells. Set straight into its slots it costs
# less than half, and is equal to what the class makes (a test pins it, so a field added to
# Source is not missed).
_SET_SHEET, _SET_CELL, *_SET_OTHERS = (
    Source.__dict__[f.name].__set__ for f in dataclasses.fields(Source)
)


def cell_source(sheet: str, cell: str) -> Source:
    """Source(sheet, cell), made without the dataclass __init__ (see above)."""
    src = object.__new__(Source)
    _SET_SHEET(src, sheet)
    _SET_CELL(src, cell)
    for set_other in _SET_OTHERS:
        set_other(src, None)
    return src


#: Longest message kept: messages quote what HR wrote, and a 40,000-character cell quoted
#: whole helps nobody (and overflows an Excel cell on the Issues sheet).
MAX_MESSAGE = 600


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` shortened to about `limit` characters by eliding its middle, so both the
    quoted start and the explanation at the end survive."""
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]}"


@dataclass(frozen=True)
class Problem:
    """One error or warning: a stable code, the message in English and Chinese (long ones
    clipped, see `clip`), and the places it concerns."""

    severity: Severity
    code: str  # stable identifier, e.g. "weights.sum"
    message_en: str
    message_zh: str
    where: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        for name in ("message_en", "message_zh"):
            text = getattr(self, name)
            if len(text) > MAX_MESSAGE:
                object.__setattr__(self, name, clip(text))

    @property
    def is_error(self) -> bool:
        """True for an error (results are not written), False for a warning."""
        return self.severity is Severity.ERROR

    def message(self, lang: str = "en") -> str:
        """The message in `lang` ('zh' or 'en')."""
        return self.message_zh if lang == "zh" else self.message_en

    def render(self, lang: str = "en") -> str:
        """The places, then the message, in `lang`: 'Data!E7: …'."""
        places = ", ".join(str(s) for s in self.where)
        return f"{places}: {self.message(lang)}" if places else self.message(lang)


@dataclass
class Problems:
    """An ordered collection of problems; add to it, then report it whole."""

    items: list[Problem] = field(default_factory=list)

    def error(self, code: str, en: str, zh: str, *where: Source) -> Problem:
        """Add an error (results are not written) and return it."""
        return self._add(Severity.ERROR, code, en, zh, where)

    def warning(self, code: str, en: str, zh: str, *where: Source) -> Problem:
        """Add a warning (results are still written) and return it."""
        return self._add(Severity.WARNING, code, en, zh, where)

    def _add(
        self, severity: Severity, code: str, en: str, zh: str, where: tuple[Source, ...]
    ) -> Problem:
        problem = Problem(severity, code, en, zh, tuple(where))
        self.items.append(problem)
        return problem

    def extend(self, other: Iterable[Problem]) -> None:
        """Add problems found elsewhere, in their order."""
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        """The errors, in the order found."""
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, in the order found."""
        return [p for p in self.items if not p.is_error]

    @property
    def has_errors(self) -> bool:
        """True when any problem is an error."""
        return any(p.is_error for p in self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class InputError(Exception):
    """Raised only where a caller cannot go on at all; carries the problems found so far."""

    def __init__(self, problems: Problems | Iterable[Problem]):
        self.problems = problems if isinstance(problems, Problems) else Problems(list(problems))
        super().__init__("; ".join(p.render() for p in self.problems))
