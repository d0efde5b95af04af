"""Vault tables: wrapped data keys, wrapped system keys, blind-index rows.

None of these tables holds personal data in readable form. A data key is stored only wrapped
by the key-encryption key (KEK), which lives outside the database. A shredded key keeps its
row as a tombstone (no key, no personal data), so the gate can hide what it protected and a
restored backup can be made to forget it again.
"""

from __future__ import annotations

import uuid

from django.db import models


class DataKey(models.Model):
    """One resident's AES-256-GCM data key, wrapped by the KEK."""

    key_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The resident's public id: known before the resident row exists, so it can be encrypted.
    subject = models.UUIDField(unique=True)
    # The resident's row id, bound right after the resident is first stored.
    resident_id = models.BigIntegerField(null=True, unique=True)
    version = models.PositiveIntegerField(default=1)
    wrapped = models.BinaryField(null=True)
    kek_id = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kek_id"], name="vault_datakey_kek"),
            # The gate's "hide erased residents" subquery reads only these rows.
            models.Index(
                fields=["resident_id"],
                condition=models.Q(shredded_at__isnull=False),
                name="vault_datakey_erased",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shredded_at__isnull=True, wrapped__isnull=False)
                | models.Q(shredded_at__isnull=False, wrapped__isnull=True),
                name="vault_datakey_live_or_shredded",
            )
        ]

    def __str__(self) -> str:
        return f"data key {self.key_id}"


class SystemKey(models.Model):
    """A key of the system itself (the blind-index root), wrapped by the KEK."""

    name = models.CharField(max_length=40, unique=True)
    wrapped = models.BinaryField()
    kek_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"system key {self.name}"


class BlindIndex(models.Model):
    """A keyed HMAC of one normalised value, for exact lookups without decrypting."""

    data_key = models.ForeignKey(DataKey, on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=40)
    digest = models.BinaryField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["field", "digest"], name="vault_blind_lookup")]

    def __str__(self) -> str:
        return f"blind index {self.field}"
