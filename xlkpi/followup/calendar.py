"""Working days as China counts them, and deadlines counted in them.

China's statutory holidays move every year, and a holiday week is paid for with make-up
working days (调休): a Saturday or Sunday that is a normal working day. Both come from the
`chinesecalendar` package (import name `chinese_calendar`), which knows the years the State
Council has published. For a year it does not know (or when it is not installed, as in
xlwings Lite without it), the calendar falls back to "Monday to Friday are working days"
plus the holidays and make-up working days HR lists on the Holidays sheet, and says so
with a warning.

A deadline of n working days after a date is the n-th working day after it (the start
day itself never counts): 2 working days after Wednesday 2026-09-30 is Friday 2026-10-09,
because 1–7 October is the National Day holiday.

Pure: no files, no Excel; the same code runs in xlwings Lite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from xlkpi.core.problems import Problems, Source

try:  # optional at run time: Lite may lack it; the fallback then covers every year
    from chinese_calendar.constants import Holiday as _Holiday
    from chinese_calendar.constants import holidays as _PKG_HOLIDAYS
    from chinese_calendar.constants import workdays as _PKG_WORKDAYS
except ImportError:  # pragma: no cover - exercised by monkeypatching PACKAGE_YEARS
    _Holiday = None
    _PKG_HOLIDAYS = {}
    _PKG_WORKDAYS = {}

#: the years the calendar package knows, first and last (None when it is not installed)
PACKAGE_YEARS: tuple[int, int] | None = (
    (min(d.year for d in _PKG_HOLIDAYS), max(d.year for d in _PKG_HOLIDAYS))
    if _PKG_HOLIDAYS
    else None
)

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _names(english: str) -> tuple[str, str]:
    """The package's holiday name in English and Chinese."""
    if _Holiday is not None:
        for h in _Holiday:
            if h.value == english:
                return h.value, h.chinese
    return english, english


@dataclass(frozen=True)
class DayOff:
    """A holiday (or make-up working day, when `working`) HR lists for a fallback year."""

    date: dt.date
    name: str = ""
    working: bool = False  # True: a weekend day that is a working day (调休上班)
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Deadline:
    """n working days after `start`, with what was skipped on the way, in words."""

    start: dt.date
    days: int
    due: dt.date
    holidays: tuple[tuple[str, str], ...]  # (en, zh) names of holidays skipped, in order
    makeup: tuple[dt.date, ...]  # weekend days counted as working days (调休)
    weekends: int  # ordinary weekend days skipped
    fallback_years: tuple[int, ...]  # years counted without the package's calendar

    def words(self, lang: str) -> str:
        """E.g. '2 working days after 2026-09-30, skipping the National Day holiday:
        due 2026-10-09 (Fri)'."""
        # One sentence in two wordings: what is mentioned, and when, is decided once.
        zh = lang == "zh"
        skip = []
        if self.holidays:
            skip.append(
                "、".join(name for _, name in self.holidays) + "假期"
                if zh
                else " and ".join(f"the {name} holiday" for name, _ in self.holidays)
            )
        if self.weekends:
            n = self.weekends
            skip.append(f"{n}个周末日" if zh else f"{n} weekend day{'s' if n != 1 else ''}")
        if zh:
            text = f"{self.start.isoformat()}后{self.days}个工作日"
        else:
            text = f"{self.days} working day{'s' if self.days != 1 else ''} after {self.start}"
        if skip:
            text += ("，跳过" + "和".join(skip)) if zh else (", skipping " + " and ".join(skip))
        if self.makeup:
            days = [_day(d, lang) for d in self.makeup]
            text += (
                "，" + "、".join(days) + "为调休上班日"
                if zh
                else ", counting make-up working day " + ", ".join(days)
            )
        due = _day(self.due, lang)
        text += f"：截止{due}" if zh else f": due {due}"
        if self.fallback_years:
            years = ("、" if zh else ", ").join(str(y) for y in self.fallback_years)
            text += (
                f"（{years}年按周末和“节假日”表计算）"
                if zh
                else f" ({years} counted by weekends and the Holidays sheet)"
            )
        return text


def _day(d: dt.date, lang: str) -> str:
    wd = d.weekday()
    return (
        f"{d.isoformat()}（周{_WEEKDAYS_ZH[wd]}）" if lang == "zh" else f"{d} ({_WEEKDAYS_EN[wd]})"
    )


class WorkCalendar:
    """Which days are working days: the package's calendar for the years it knows, weekends
    plus HR's Holidays sheet for the others.

    Args:
        table: holidays and make-up working days HR listed (used for fallback years only).
        package_years: override of the years the package knows (tests; None: no package).
    """

    def __init__(
        self,
        table: Iterable[DayOff] = (),
        package_years: tuple[int, int] | None | str = "installed",
    ) -> None:
        self.years: tuple[int, int] | None = (
            PACKAGE_YEARS if isinstance(package_years, str) else package_years
        )
        self.table = {d.date: d for d in table}
        self.fallback_used: set[int] = set()

    def knows(self, year: int) -> bool:
        """Whether the package's calendar covers `year`."""
        return self.years is not None and self.years[0] <= year <= self.years[1]

    def day(self, d: dt.date) -> tuple[bool, tuple[str, str] | None]:
        """(is a working day, (en, zh) holiday name when it is a named holiday)."""
        if self.knows(d.year):
            if d in _PKG_WORKDAYS:
                return True, None
            if d in _PKG_HOLIDAYS:
                return False, _names(_PKG_HOLIDAYS[d])
            return d.weekday() < 5, None
        self.fallback_used.add(d.year)
        listed = self.table.get(d)
        if listed is not None:
            if listed.working:
                return True, None
            name = listed.name or "holiday"
            return False, (name, listed.name or "节假日")
        return d.weekday() < 5, None

    def add_working_days(self, start: dt.date, days: int) -> Deadline:
        """The `days`-th working day after `start` (start excluded), with what was skipped.

        Args:
            start: e.g. the day results were received.
            days: 1 or more.
        """
        if days < 1:
            raise ValueError(f"days must be 1 or more, got {days}")
        d, counted, weekends = start, 0, 0
        holidays: list[tuple[str, str]] = []
        makeup: list[dt.date] = []
        fallback: set[int] = set()
        while counted < days:
            d += dt.timedelta(days=1)
            if not self.knows(d.year):
                fallback.add(d.year)
            working, holiday = self.day(d)
            if working:
                counted += 1
                if d.weekday() >= 5:
                    makeup.append(d)
            elif holiday is not None:
                if holiday not in holidays:
                    holidays.append(holiday)
            else:
                weekends += 1
        return Deadline(
            start, days, d, tuple(holidays), tuple(makeup), weekends, tuple(sorted(fallback))
        )

    def warn_fallback(self, problems: Problems, where: Source) -> None:
        """One WARNING per year counted without the package's calendar."""
        for year in sorted(self.fallback_used):
            listed = sum(1 for d in self.table if d.year == year)
            if self.years is None:
                known_en = "the holiday calendar package is not installed"
                known_zh = "未安装节假日日历包"
            else:
                known_en = f"the holiday calendar knows {self.years[0]}–{self.years[1]}"
                known_zh = f"节假日日历只包含{self.years[0]}–{self.years[1]}年"
            problems.warning(
                "calendar.fallback",
                f"Working days in {year}: {known_en}, so deadlines count Monday to Friday "
                f"plus the {listed} day(s) listed for {year} on the Holidays sheet; check "
                "that sheet against the official holiday notice",
                f"{year}年的工作日：{known_zh}，截止日期按周一至周五并结合“节假日”表中"
                f"{year}年的{listed}条记录计算；请按国务院放假通知核对该表",
                where,
            )
