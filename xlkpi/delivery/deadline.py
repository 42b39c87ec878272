"""The appeal deadline: a number of working days after the results are published.

Working days here are Monday to Friday. This is the one function to swap for a calendar
that knows public holidays and make-up working days (调休) when the project has one.
"""

from __future__ import annotations

import datetime as dt


def appeal_deadline(published: dt.date, working_days: int = 2) -> dt.date:
    """The last day of the appeal window.

    Args:
        published: the day the results are published (sent).
        working_days: the length of the window (domain: 2 working days).
    Returns:
        The `working_days`-th weekday after `published` (a Friday publication with
        2 days gives the Tuesday after).
    """
    day = published
    left = max(0, working_days)
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
