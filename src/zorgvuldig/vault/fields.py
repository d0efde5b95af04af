"""Encrypted model fields: plaintext in Python, AES-256-GCM ciphertext in the database.

An instance loaded from the database holds each encrypted value as :class:`Sealed` bytes and
opens it on first attribute access, with the resident's data key and associated data binding
it to table, column, row id (``row_uid``) and key version (see :mod:`zorgvuldig.vault.crypto`).
Saving seals the plaintext again; an untouched value is written back as it was.

The database cannot compare ciphertexts, so every lookup but ``isnull`` is refused, as are
bulk ``update()`` of these fields and ``values()`` that would hand out ciphertext: exact
lookups go through blind indexes (:mod:`zorgvuldig.vault.blind`), searches filter in memory
within the actor's need-to-know scope.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.query_utils import DeferredAttribute

from zorgvuldig.core.errors import GateMisuse
from zorgvuldig.vault import crypto, keys

ALLOWED_LOOKUPS = {"isnull"}
logger = logging.getLogger("zorgvuldig.vault")


class Sealed(bytes):
    """A ciphertext not yet opened."""


def _owner_key_for_write(instance) -> tuple[int, Any]:
    """The resident's key for sealing, read from the database once per save.

    ``_write_scratch`` lives for one ``save()``/``bulk_create()`` only (core.models), so a
    key read here never outlives a transaction that might be rolled back.
    """
    scratch = getattr(instance, "_write_scratch", None)
    if scratch is not None and "vault_key" in scratch:
        return scratch["vault_key"]
    found = _read_owner_key(instance)
    if scratch is not None:
        scratch["vault_key"] = found
    return found


def _read_owner_key(instance) -> tuple[int, Any]:
    subject_field = getattr(instance, "vault_subject_field", "")
    scratch = getattr(instance, "_write_scratch", None)
    if subject_field and instance._state.adding and scratch is not None:
        # A new resident: no key can exist yet. The new row is kept for binding and indexing.
        row, key = keys.create(getattr(instance, subject_field))
        scratch["vault_new_data_key"] = row
        return row.version, key
    if subject_field:
        return keys.for_subject(getattr(instance, subject_field), create_missing=True)
    resident_id = instance.gate_resident_id()
    if resident_id is None:
        raise GateMisuse("encrypted data must belong to a resident")
    return keys.for_resident_write(resident_id)


def _context(instance, column: str, version: int) -> bytes:
    return crypto.associated_data(instance._meta.db_table, column, str(instance.row_uid), version)


def seal_bytes(instance, column: str, plaintext: bytes) -> bytes:
    version, key = _owner_key_for_write(instance)
    return crypto.seal(key, version, plaintext, _context(instance, column, version))


def open_bytes(instance, column: str, blob: bytes) -> bytes:
    resident_id = instance.gate_resident_id()
    if resident_id is None:
        raise crypto.VaultIntegrityError("ciphertext without a resident")
    version = crypto.key_version_of(blob)
    context = _context(instance, column, version)
    key = keys.for_resident_read(resident_id, version=version)
    try:
        return crypto.open_sealed(key, blob, context)
    except crypto.VaultIntegrityError:
        # A stale cache entry (another process shredded or a test flushed) gets one retry.
        key = keys.for_resident_read(resident_id, version=version, fresh=True)
        return crypto.open_sealed(key, blob, context)


class SealedAttribute(DeferredAttribute):
    """A data descriptor (it has ``__set__``), so reads always pass ``__get__`` to open."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            plain = self.field.from_plain_bytes(open_bytes(instance, self.field.column, value))
            instance.__dict__[self.field.attname] = plain
            return plain
        return value


class EncryptedMixin:
    """Shared by the encrypted field types; the base class decides forms and validation."""

    descriptor_class = SealedAttribute
    encrypted = True

    def get_internal_type(self) -> str:
        return "BinaryField"

    def db_parameters(self, connection):
        return {"type": connection.data_types["BinaryField"], "check": None}

    def cast_db_type(self, connection):
        return connection.data_types["BinaryField"]

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            raise GateMisuse(
                "encrypted fields cannot be searched in the database; use a blind index"
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        raise GateMisuse("encrypted fields cannot be transformed in the database")

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_plain_bytes(self, value) -> bytes:
        return str(value).encode()

    def from_plain_bytes(self, raw: bytes):
        return raw.decode()

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None:
            return None
        if isinstance(value, Sealed):
            return bytes(value)
        value = self.to_python(value)
        return seal_bytes(model_instance, self.column, self.to_plain_bytes(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if not isinstance(value, bytes):
            raise GateMisuse("encrypted fields are written through save(), not update()")
        return connection.Database.Binary(value)

    def get_prep_value(self, value):
        return value

    def value_to_string(self, obj):
        raise GateMisuse("encrypted fields are not serialised")

    def deconstruct(self):
        return super().deconstruct()


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass


class EncryptedDateField(EncryptedMixin, models.DateField):
    def to_plain_bytes(self, value) -> bytes:
        return value.isoformat().encode()

    def from_plain_bytes(self, raw: bytes):
        return datetime.date.fromisoformat(raw.decode())

    def pre_save(self, model_instance, add):
        return EncryptedMixin.pre_save(self, model_instance, add)


class EncryptedFieldFile(FieldFile):
    """A stored file whose contents are sealed with the owner's data key."""

    def save(self, name, content, save=True):
        content.seek(0)
        plain = content.read()
        sealed = seal_bytes(self.instance, self.field.column, plain)
        super().save(name, ContentFile(sealed), save=save)

    def read_plain(self) -> bytes:
        """The decrypted contents; raises VaultIntegrityError when the file was changed."""
        with self.storage.open(self.name, "rb") as handle:
            blob = handle.read()
        return open_bytes(self.instance, self.field.column, blob)


class EncryptedFileField(models.FileField):
    attr_class = EncryptedFieldFile
    encrypted_contents = True


def unsealed(instance, *names: str) -> bool:
    """Open ``names`` on ``instance``; False (and logged by code) when one fails its check.

    For lists: one damaged row is marked as damaged instead of breaking the whole page.
    """
    try:
        for name in names:
            getattr(instance, name)
    except crypto.VaultIntegrityError as exc:
        logger.error("vault failure: %s", exc.code)
        return False
    return True


def encrypted_field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if getattr(f, "encrypted", False)}
