"""Deadlines in China's working days, worked out by hand from the State Council notices.

2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October are
make-up working days. 2026 Spring Festival: 15–23 February off; Saturday 14 February and
Saturday 28 February are make-up working days.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xlkpi.core.problems import Problems, Source
from xlkpi.followup import calendar as cal
from xlkpi.followup.calendar import DayOff, WorkCalendar

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Wed 30 Sep + 2: 1–7 Oct off → Thu 8 Oct (1), Fri 9 Oct (2)
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        # + 3: Sat 10 Oct is a make-up working day (3)
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        # Fri 9 Oct + 3: Sat 10 Oct (1), Sun 11 off, Mon 12 (2), Tue 13 (3)
        (D(2026, 10, 9), 3, D(2026, 10, 13)),
        # Fri 18 Sep + 1: Sat 19 off, Sun 20 Sep is a make-up working day
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # Fri 13 Feb + 1: Sat 14 Feb is a make-up working day
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        # + 3: 15–23 Feb off → Tue 24 (2), Wed 25 (3)
        (D(2026, 2, 13), 3, D(2026, 2, 25)),
        # Thu 26 Feb + 2: Fri 27 (1), Sat 28 Feb make-up working day (2)
        (D(2026, 2, 26), 2, D(2026, 2, 28)),
        # an ordinary week: Thu 5 Nov + 2 → Fri 6, (weekend), Mon 9
        (D(2026, 11, 5), 2, D(2026, 11, 9)),
    ],
)
def test_deadlines_across_national_day_and_spring_festival(start, days, due):
    assert cal.PACKAGE_YEARS is not None and cal.PACKAGE_YEARS[1] >= 2026
    got = WorkCalendar().add_working_days(start, days)
    assert got.due == due
    assert not got.fallback_years


def test_deadline_in_words_names_the_holiday_and_the_makeup_day():
    got = WorkCalendar().add_working_days(D(2026, 9, 30), 3)
    assert got.words("en") == (
        "3 working days after 2026-09-30, skipping the National Day holiday, counting "
        "make-up working day 2026-10-10 (Sat): due 2026-10-10 (Sat)"
    )
    assert got.words("zh") == (
        "2026-09-30后3个工作日，跳过国庆节假期，2026-10-10（周六）为调休上班日：截止2026-10-10（周六）"
    )
    spring = WorkCalendar().add_working_days(D(2026, 2, 13), 3)
    assert "Spring Festival" in spring.words("en") and "春节" in spring.words("zh")


def test_a_year_past_the_package_falls_back_to_weekends_and_the_holidays_sheet():
    # The installed package knows up to 2026 (chinesecalendar 1.11); the range is pinned
    # here so the test keeps its meaning when a newer package learns 2027.
    years = (cal.PACKAGE_YEARS[0], 2026)
    # Thu 2026-12-31 + 1: without a table Fri 2027-01-01 counts as a working day.
    bare = WorkCalendar(package_years=years)
    assert bare.add_working_days(D(2026, 12, 31), 1).due == D(2027, 1, 1)
    # HR lists New Year's Day 2027: Fri 1 off, weekend, Mon 4 January.
    listed = WorkCalendar([DayOff(D(2027, 1, 1), "元旦")], package_years=years)
    got = listed.add_working_days(D(2026, 12, 31), 1)
    assert got.due == D(2027, 1, 4) and got.fallback_years == (2027,)
    assert got.words("zh") == (
        "2026-12-31后1个工作日，跳过元旦假期和2个周末日：截止2027-01-04（周一）"
        "（2027年按周末和“节假日”表计算）"
    )
    problems = Problems()
    listed.warn_fallback(problems, Source("节假日", "A4"))
    [warning] = problems.warnings
    assert warning.code == "calendar.fallback"
    assert f"the holiday calendar knows {years[0]}–2026" in warning.message_en
    assert "the 1 day(s) listed for 2027 on the Holidays sheet" in warning.message_en
    assert warning.where == (Source("节假日", "A4"),)


def test_fallback_weekend_make_up_day_from_the_holidays_sheet():
    # A year the package does not know: HR lists a Saturday as a make-up working day.
    years = (cal.PACKAGE_YEARS[0], 2026)
    friday, saturday = D(2027, 3, 5), D(2027, 3, 6)
    c = WorkCalendar([DayOff(saturday, "调休", working=True)], package_years=years)
    assert c.add_working_days(friday, 1).due == saturday
    plain = WorkCalendar(package_years=years)
    assert plain.add_working_days(friday, 1).due == D(2027, 3, 8)


def test_without_the_package_every_year_falls_back():
    c = WorkCalendar(package_years=None)
    got = c.add_working_days(D(2026, 9, 30), 2)
    assert got.due == D(2026, 10, 2)  # no holiday known: Thu 1, Fri 2 October
    problems = Problems()
    c.warn_fallback(problems, Source())
    assert "not installed" in problems.warnings[0].message_en
