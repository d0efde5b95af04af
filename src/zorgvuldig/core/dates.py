"""Legal date arithmetic in calendar months (Art. 12(3), Art. 14(3) AVG).

``add_months(31 January, 1) == 28/29 February``: a month later is the same day number, or the
last day of the target month when it has no such day.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(moment: dt.datetime | dt.date, months: int):
    """Return ``moment`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
