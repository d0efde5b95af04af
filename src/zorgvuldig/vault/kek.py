"""The key-encryption key (KEK): from the environment or a key file outside the database.

``VAULT_KEK`` (base64 of 32 bytes) wins over ``VAULT_KEK_FILE``. During a rotation the
previous KEK (``VAULT_KEK_PREVIOUS`` / ``VAULT_KEK_PREVIOUS_FILE``) stays in the keyring, so
keys wrapped by either unwrap and nothing becomes unreadable halfway. A KEK is named by its
id, a hash of the key, which is stored next to every wrapped key (never the key itself).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from zorgvuldig.vault.crypto import KEY_BYTES, KekUnavailable, new_key


@dataclass(frozen=True)
class Kek:
    key: bytes

    @property
    def id(self) -> str:
        return hashlib.sha256(b"zv-kek-id|" + self.key).hexdigest()[:16]


def parse(text: str, *, where: str) -> Kek:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KekUnavailable(f"{where} is not valid base64") from exc
    if len(raw) != KEY_BYTES:
        raise KekUnavailable(f"{where} must hold {KEY_BYTES} bytes (base64), not {len(raw)}")
    return Kek(raw)


def read_file(path: str | Path, *, where: str) -> Kek:
    try:
        text = Path(path).read_text()
    except FileNotFoundError as exc:
        raise KekUnavailable(f"{where} {path} does not exist") from exc
    except OSError as exc:
        raise KekUnavailable(f"{where} {path} cannot be read") from exc
    return parse(text, where=f"{where} {path}")


def write_new(path: str | Path) -> Kek:
    """Write a fresh random KEK to ``path`` (owner read/write only); refuse to overwrite."""
    kek = Kek(new_key())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(kek.key).decode() + "\n")
    return kek


def _load(value: str | None, path: str | None, name: str) -> Kek | None:
    if value:
        return parse(value, where=f"ZORGVULDIG_{name}")
    if path:
        return read_file(path, where=f"ZORGVULDIG_{name}_FILE")
    return None


def current() -> Kek:
    """The KEK new keys are wrapped with; raises KekUnavailable when none is configured."""
    path = settings.VAULT_KEK_FILE
    if (
        settings.VAULT_KEK_AUTOCREATE
        and not settings.VAULT_KEK
        and path
        and not Path(path).exists()
    ):
        write_new(path)  # test runs only: a throw-away data folder per run
    kek = _load(settings.VAULT_KEK, path, "VAULT_KEK")
    if kek is None:
        raise KekUnavailable(
            "no key-encryption key: set ZORGVULDIG_VAULT_KEK or ZORGVULDIG_VAULT_KEK_FILE"
        )
    return kek


def previous() -> Kek | None:
    return _load(
        settings.VAULT_KEK_PREVIOUS, settings.VAULT_KEK_PREVIOUS_FILE, "VAULT_KEK_PREVIOUS"
    )


def keyring() -> dict[str, Kek]:
    """Every KEK that may unwrap a stored key, by id (current first)."""
    ring = {}
    for kek in (current(), previous()):
        if kek is not None:
            ring.setdefault(kek.id, kek)
    return ring
