"""Reads of the processing log. Only ``zorgvuldig.audit`` imports the log models; other apps
(oversight: transparency and alerts) read through these functions."""

from __future__ import annotations

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncMonth

from zorgvuldig.audit.models import Action, ProcessingLogRecord, Status


def log_for_subject(*, subject_ref: str) -> QuerySet[ProcessingLogRecord]:
    """All records about one pseudonymous resident reference, oldest first."""
    return ProcessingLogRecord.objects.filter(subject_ref=subject_ref).select_related(
        "activity_version__activity"
    )


def log_for_actor(*, actor_ref: str) -> QuerySet[ProcessingLogRecord]:
    return ProcessingLogRecord.objects.filter(actor_ref=actor_ref)


def log_recent(*, limit: int = 50) -> list[ProcessingLogRecord]:
    return list(ProcessingLogRecord.objects.order_by("-id")[:limit])


def log_after(*, after_id: int, limit: int = 5000) -> list[ProcessingLogRecord]:
    """Records with an id above ``after_id``, in id order (for rules that scan the log)."""
    return list(ProcessingLogRecord.objects.filter(id__gt=after_id).order_by("id")[:limit])


# -- transparency for residents (P17): read by zorgvuldig.oversight.transparency ---------------

# What a resident is shown of one processing; no trace, operation or subject reference, so a
# line can never be matched with another resident's (e.g. the other hits of one search).
_SUBJECT_COLUMNS = (
    "at",
    "action",
    "actor_ref",
    "actor_role",
    "actor_unit",
    "activity_version_id",
    "emergency",
)


def _subject_processing(*, subject_ref: str, activity_id: int | None) -> QuerySet:
    records = ProcessingLogRecord.objects.filter(subject_ref=subject_ref, status=Status.OK)
    if activity_id is not None:
        records = records.filter(activity_version__activity_id=activity_id)
    return records


def log_processing_of_subject(*, subject_ref: str, activity_id: int | None = None) -> QuerySet:
    """What was done with one resident's own file: one row per operation and action, newest first.

    Only processing that was carried out (status ``ok``; a refusal processed nothing) and that
    was about this resident (``incidental`` false). The gate writes one record per model read
    in an operation; they are one processing to the resident, so they are grouped. Rows are
    dicts with the columns of ``_SUBJECT_COLUMNS``; ``activity_id`` limits them to one
    processing activity.
    """
    records = _subject_processing(subject_ref=subject_ref, activity_id=activity_id)
    return (
        records.filter(incidental=False)
        .values("operation_id", *_SUBJECT_COLUMNS)
        .annotate(first_id=Min("id"))
        .values(*_SUBJECT_COLUMNS)
        .order_by("-at", "-first_id")
    )


def log_incidental_months_of_subject(
    *, subject_ref: str, tzinfo, activity_id: int | None = None
) -> list[dict]:
    """Per month (in ``tzinfo``), how many operations read this resident in another's file.

    Rows ``{"month": datetime, "operations": int}``, newest month first (P17).
    """
    records = _subject_processing(subject_ref=subject_ref, activity_id=activity_id)
    return list(
        records.filter(incidental=True)
        .annotate(month=TruncMonth("at", tzinfo=tzinfo))
        .values("month")
        .annotate(operations=Count("operation_id", distinct=True))
        .order_by("-month")
    )


def log_action_labels() -> dict[str, str]:
    """The Dutch label of each log action (``read`` -> ``inzien``)."""
    return dict(Action.choices)


def log_by_ids(*, ids) -> list[ProcessingLogRecord]:
    """Records with these ids, in id order (a rule looking again for late-committed records)."""
    return list(ProcessingLogRecord.objects.filter(id__in=list(ids)).order_by("id"))


def log_actor_between(
    *, actor_ref: str, start, end, actions, status: str = "ok"
) -> list[tuple[int, object, str]]:
    """``(id, at, subject_ref)`` of one actor's records about residents between two moments.

    For rules over time (bulk access, P14); ordered by time, served by the actor/time index.
    """
    return list(
        ProcessingLogRecord.objects.filter(
            actor_ref=actor_ref, at__gte=start, at__lte=end, action__in=list(actions), status=status
        )
        .exclude(subject_ref="")
        .order_by("at", "id")
        .values_list("id", "at", "subject_ref")
    )
