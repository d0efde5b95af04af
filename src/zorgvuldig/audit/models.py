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
    """One processing of one resident's data (LDV / NEN 7513 fields; see docs/audit.md).

    Append-only: database triggers refuse UPDATE and DELETE (migration 0002). Records are
    sealed into the Merkle tree by :mod:`zorgvuldig.audit.sealing`, behind the write path.
    """

    trace_id = models.CharField(max_length=32, db_index=True)
    operation_id = models.CharField(max_length=16, blank=True)
    parent_operation_id = models.CharField(max_length=16, blank=True)
    operation_name = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()  # start of the operation (UTC)
    ended_at = models.DateTimeField(null=True)  # end of the operation (UTC)
    actor_ref = models.CharField(max_length=64)
    actor_role = models.CharField(max_length=32, blank=True)
    actor_unit = models.CharField(max_length=32, blank=True)
    on_behalf_of_ref = models.CharField(max_length=64, blank=True)
    activity_version = models.ForeignKey(
        "registry.ActivityVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    subject_ref = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason_code = models.CharField(max_length=64, blank=True)
    emergency = models.BooleanField(default=False)
    # Read while processing another resident's file (e.g. named in it): shown to this
    # resident only as a monthly count, so that the line reveals nothing about the other.
    incidental = models.BooleanField(default=False)

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


class LogLeaf(models.Model):
    """The position of a sealed record in the Merkle tree, with its leaf hash (append-only).

    A separate table because records are immutable: sealing cannot write into them. The record
    is referenced by id without a database constraint so that a deleted record shows up in
    ``audit verify`` as a dangling leaf instead of being hidden by a cascade.
    """

    leaf_index = models.BigIntegerField(primary_key=True)
    record_id = models.BigIntegerField(unique=True)
    leaf_hash = models.BinaryField(max_length=32)

    class Meta:
        ordering = ["leaf_index"]

    def __str__(self) -> str:
        return f"leaf {self.leaf_index} (record {self.record_id})"


class Checkpoint(models.Model):
    """A signed statement of the tree: size and root (append-only; text format in docs/audit.md).

    ``frontier`` (the compact range at ``tree_size``) lets the next seal extend the tree without
    rehashing it; ``max_record_id`` is the highest record id sealed so far, used by the sealer
    to bound its search for late-committed records.
    """

    tree_size = models.BigIntegerField()
    root_hash = models.BinaryField(max_length=32)
    signed_at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.BinaryField(max_length=64)
    text = models.TextField()
    frontier = models.BinaryField()
    max_record_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["tree_size", "id"]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} @ {self.signed_at:%Y-%m-%d %H:%M}"
