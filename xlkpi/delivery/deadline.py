"""The appeal deadline: a number of working days after the results are published.

Working days are counted as China counts them (statutory holidays and make-up working
days), by the workbook's own calendar (`followup.calendar`: the calendar package, and
HR's Holidays sheet for years the package does not know).
"""

from __future__ import annotations

import datetime as dt

from xlkpi.followup.calendar import WorkCalendar


def appeal_deadline(
    published: dt.date, working_days: int = 2, calendar: WorkCalendar | None = None
) -> dt.date:
    """The last day of the appeal window.

    Args:
        published: the day the results are published (sent).
        working_days: the length of the window (domain: 2 working days).
        calendar: the workbook's calendar (default: the package's, without HR's table).
    Returns:
        The `working_days`-th working day after `published` (a Friday publication with
        2 days gives the Tuesday after, unless a holiday or make-up day intervenes).
    """
    if working_days < 1:
        return published
    return (calendar or WorkCalendar()).add_working_days(published, working_days).due
