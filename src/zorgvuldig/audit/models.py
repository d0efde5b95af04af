"""The processing log: one record per resident per processing (P12, P14, P17).

Records hold no names, free text or special-category data: the actor is a reference
(``employee:12``), the resident a keyed HMAC (see :func:`zorgvuldig.core.gate.subject_ref`),
the purpose a pointer to the exact version of the processing activity.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("aanmaken")
    READ = "read", _("inzien")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    SEARCH = "search", _("zoeken")
    EXPORT = "export", _("exporteren")
    PRINT = "print", _("afdrukken")
    DISCLOSE = "disclose", _("verstrekken")
    EMERGENCY = "emergency_access", _("noodtoegang")


class Status(models.TextChoices):
    OK = "ok", _("uitgevoerd")
    REFUSED = "refused", _("geweigerd")
    ERROR = "error", _("fout")


class ProcessingLogRecord(models.Model):
    trace_id = models.CharField(max_length=32, db_index=True)
    at = models.DateTimeField()
    actor_ref = models.CharField(max_length=64)
    activity_version = models.ForeignKey(
        "registry.ActivityVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    subject_ref = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason_code = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["subject_ref", "at"], name="log_subject_at"),
            models.Index(fields=["actor_ref", "at"], name="log_actor_at"),
        ]
        verbose_name = _("verwerkingslogregel")
        verbose_name_plural = _("verwerkingslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_ref} {self.action} {self.status}"
