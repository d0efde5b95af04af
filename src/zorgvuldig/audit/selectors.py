"""Reads of the processing log. Only ``zorgvuldig.audit`` imports the log models; other apps
(oversight: transparency and alerts) read through these functions."""

from __future__ import annotations

from django.db.models import QuerySet

from zorgvuldig.audit.models import ProcessingLogRecord


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
