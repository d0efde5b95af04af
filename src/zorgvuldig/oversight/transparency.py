"""Who processed my data: the resident's view of the processing log (P17; CJEU C-579/21).

For one resident, every processing of their data that was carried out: when (Europe/Amsterdam),
under which processing activity and for which purpose (in the words of the register, as they
were at the time: the log points at the exact :class:`~zorgvuldig.registry.models.ActivityVersion`),
what was done, and by which team in which role. The employee's name only when the organisation
chose so (``settings.AUDIT_SHOW_EMPLOYEE_NAMES``): the Court of Justice (C-579/21) held that the
right of access does not in principle extend to the identity of employees acting under the
controller's authority, and a team and role answer the resident's question without naming them.
Emergency access (break-the-glass) and disclosures are marked.

What is left out, and why:

- Refusals. A refused attempt did not process the resident's data; it stays in the log for
  the privacy officer.
- Lines that would say something about *someone else*. A record marked ``incidental`` was made
  while an employee worked on another resident's file (the view had called
  ``ctx.focus(other)``); its time and team could tell the resident whose file was open. Such
  records are only counted, per month.
- Other residents' references. An entry carries no trace, operation or subject reference, so
  an operation that touched several residents at once (a search with several hits) reveals
  nothing about the others, not even by comparing two residents' overviews.
- Exact times. Every record of one operation has the same start time, to the microsecond; shown
  that precisely, two residents' overviews could be matched line by line ("you were in the same
  search"). Times are shown to the minute.

The log is read only through :mod:`zorgvuldig.audit.selectors`; the activity, team, role and
(optionally) employee of a page of entries are each resolved with one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from zorgvuldig.audit.selectors import (
    log_action_labels,
    log_for_subject,
    log_incidental_months_of_subject,
)
from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import require_open, subject_ref
from zorgvuldig.registry.models import ActivityVersion, ProcessingActivity
from zorgvuldig.staff.models import Employee, Role, Team

DISPLAY_TIMEZONE = ZoneInfo("Europe/Amsterdam")
PAGE_SIZE = 50
DISCLOSE = "disclose"
SYSTEM_ROLE = "system"
# How a system job that acted for an employee did it, by job ("system:<name>").
_VIA = {"emergency-lookup": _lazy("automatische zoekactie")}
_VIA_DEFAULT = _lazy("automatische verwerking")


@dataclass(frozen=True)
class ProcessingEntry:
    """One processing of the resident's data, as the resident is shown it."""

    at: dt.datetime  # start of the processing, in Europe/Amsterdam, to the minute
    activity_name: str
    purpose: str  # the register's purpose text, as it was at the time
    action: str
    action_label: str
    team_name: str  # "" for a system job or an employee without a team
    role_label: str
    is_system: bool
    employee_name: str  # "" unless settings.AUDIT_SHOW_EMPLOYEE_NAMES
    emergency: bool  # reached only through emergency access (break-the-glass)
    disclosure: bool  # the data was given to someone outside the organisation
    # A system job acting for an employee: how ("automatische zoekactie"); team_name and
    # role_label are then that employee's. Empty otherwise.
    via: str = ""

    @property
    def by(self) -> str:
        """Who, in one line: "Hulpverlener, Team Noord (via automatische zoekactie)"."""
        text = self.role_label
        if self.team_name:
            text = f"{text}, {self.team_name}"
        if self.via:
            text = _("%(who)s (via %(how)s)") % {"who": text, "how": self.via}
        return text


@dataclass(frozen=True)
class IncidentalMonth:
    """How often, in one month, the resident's data was read in someone else's file."""

    month: dt.date  # the first day of the month
    count: int

    @property
    def sentence(self) -> str:
        return ngettext(
            "In %(month)s zijn uw gegevens %(count)d keer ingezien of gebruikt in het dossier "
            "van iemand anders.",
            "In %(month)s zijn uw gegevens %(count)d keer ingezien of gebruikt in het dossier "
            "van iemand anders.",
            self.count,
        ) % {"month": date_format(self.month, "F Y"), "count": self.count}


@dataclass(frozen=True)
class ProcessingHistory:
    """A page of entries (newest first) and the monthly counts of incidental reads."""

    page: Page  # object_list: list[ProcessingEntry]
    incidental_months: list[IncidentalMonth]
    shows_names: bool


def processing_history(
    *,
    actor,
    purpose,
    resident,
    page_number=1,
    page_size: int = PAGE_SIZE,
    only_activity: ProcessingActivity | None = None,
    strict: bool = False,
) -> ProcessingHistory:
    """All processing of ``resident`` (or of one activity), one page; inside the open context.

    The caller fetched ``resident`` through the gate under ``actor`` and ``purpose``; looking at
    the overview is itself processing of the resident's data, and the gate logs it. A page
    number out of range gives the nearest page, or with ``strict`` raises :class:`NotFound`.
    """
    ctx = require_open(actor=actor, purpose=purpose)
    if not ctx.may_touch(resident.pk):
        raise NotFound()
    reference = subject_ref(resident.pk)
    activity_id = only_activity.pk if only_activity is not None else None
    paginator = Paginator(_processing_rows(reference, activity_id=activity_id), page_size)
    if strict:
        try:
            page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound() from exc
    else:
        page = paginator.get_page(page_number)
    show_names = settings.AUDIT_SHOW_EMPLOYEE_NAMES
    page.object_list = processing_entries(list(page.object_list), show_names=show_names)
    months = log_incidental_months_of_subject(
        subject_ref=reference, tzinfo=DISPLAY_TIMEZONE, activity_id=activity_id
    )
    return ProcessingHistory(
        page=page,
        incidental_months=[
            IncidentalMonth(
                month=timezone.localtime(row["month"], DISPLAY_TIMEZONE).date(),
                count=row["operations"],
            )
            for row in months
        ],
        shows_names=show_names,
    )


# What a resident is shown of one processing: no trace, operation or subject reference, so a
# line can never be matched with another resident's (e.g. the other hits of one search).
_ROW_COLUMNS = (
    "at",
    "action",
    "actor_ref",
    "actor_role",
    "actor_unit",
    "on_behalf_of_ref",
    "activity_version_id",
    "emergency",
)


def _processing_rows(reference: str, *, activity_id: int | None) -> QuerySet:
    """What was done with the resident's own file: one row per operation and action, newest
    first (dicts of :data:`_ROW_COLUMNS`).

    Only processing that was carried out (status ``ok``) and that was about this resident
    (``incidental`` false). The gate writes one record per model read in an operation; they are
    one processing to the resident, so they are grouped.
    """
    records = log_for_subject(subject_ref=reference).filter(status="ok", incidental=False)
    if activity_id is not None:
        records = records.filter(activity_version__activity_id=activity_id)
    return (
        records.values("operation_id", *_ROW_COLUMNS)
        .annotate(first_id=Min("id"))
        .values(*_ROW_COLUMNS)
        .order_by("-at", "-first_id")
    )


def _ref_id(ref: str, kind: str) -> int | None:
    """``"team:3"`` -> 3 for kind ``team``; anything else -> None."""
    prefix, _sep, number = (ref or "").partition(":")
    return int(number) if prefix == kind and number.isdigit() else None


def _role_label(role: str) -> str:
    if role == SYSTEM_ROLE:
        return _("Systeem (automatische verwerking)")
    return str(Role(role).label) if role in Role.values else role


def _to_the_minute(moment: dt.datetime) -> dt.datetime:
    """Local time without seconds: records of one operation share their start to the
    microsecond, which would let two residents' overviews be matched line by line."""
    return timezone.localtime(moment, DISPLAY_TIMEZONE).replace(second=0, microsecond=0)


def _is_system(row: dict) -> bool:
    return row["actor_role"] == SYSTEM_ROLE or row["actor_ref"].startswith("system:")


def processing_entries(rows: list[dict], *, show_names: bool) -> list[ProcessingEntry]:
    """Turn log rows (see :func:`_processing_rows`) into entries, in bulk."""
    versions = {
        v.pk: v.snapshot
        for v in ActivityVersion.objects.filter(
            pk__in={r["activity_version_id"] for r in rows if r["activity_version_id"]}
        ).only("snapshot")
    }
    # Employees a system job acted for: their current role and team stand for them.
    principals: dict[int, Employee] = {}
    acting_for = {
        _ref_id(r.get("on_behalf_of_ref", ""), "employee") for r in rows if _is_system(r)
    } - {None}
    if acting_for:
        principals = {
            e.pk: e for e in Employee.objects.filter(pk__in=acting_for).select_related("user")
        }
    team_ids = {_ref_id(r["actor_unit"], "team") for r in rows}
    team_ids |= {e.team_id for e in principals.values()}
    team_ids -= {None}
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")) if team_ids else {}
    names: dict[int, str] = {}
    if show_names:
        employee_ids = {_ref_id(r["actor_ref"], "employee") for r in rows} - {None}
        names = {
            e.pk: e.user.get_full_name() or e.user.get_username()
            for e in Employee.objects.filter(pk__in=employee_ids).select_related("user")
        }
        names.update(
            {pk: e.user.get_full_name() or e.user.get_username() for pk, e in principals.items()}
        )
    labels = log_action_labels()
    entries = []
    for row in rows:
        snapshot = versions.get(row["activity_version_id"], {})
        team_id = _ref_id(row["actor_unit"], "team")
        employee_id = _ref_id(row["actor_ref"], "employee")
        role = row["actor_role"]
        is_system = _is_system(row)
        via = ""
        if is_system:
            role = SYSTEM_ROLE
            principal = principals.get(_ref_id(row.get("on_behalf_of_ref", ""), "employee"))
            if principal is not None:
                employee_id, team_id, role = principal.pk, principal.team_id, principal.role
                job = row["actor_ref"].partition(":")[2]
                via = str(_VIA.get(job, _VIA_DEFAULT))
        entries.append(
            ProcessingEntry(
                at=_to_the_minute(row["at"]),
                activity_name=snapshot.get("name", ""),
                purpose=snapshot.get("purpose", ""),
                action=row["action"],
                action_label=str(labels.get(row["action"], row["action"])),
                team_name=teams.get(team_id, "") if team_id else "",
                role_label=_role_label(role),
                is_system=is_system,
                employee_name=names.get(employee_id, "") if employee_id else "",
                emergency=row["emergency"],
                disclosure=row["action"] == DISCLOSE,
                via=via,
            )
        )
    return entries
