"""The Art. 14(3) informing deadline (P07): the earliest of one month after obtaining the data,
the first contact with the resident, and the first disclosure to another recipient."""

from __future__ import annotations

import datetime as dt

from zorgvuldig.core.dates import add_months


def informing_deadline(
    *,
    obtained_at: dt.datetime,
    first_contact_at: dt.datetime | None = None,
    first_disclosure_at: dt.datetime | None = None,
) -> dt.datetime:
    """Return the moment by which the resident must have been informed."""
    candidates = [add_months(obtained_at, 1)]
    candidates += [m for m in (first_contact_at, first_disclosure_at) if m is not None]
    return min(candidates)
