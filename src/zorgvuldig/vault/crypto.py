"""AES-256-GCM for vault ciphertexts: one format, one way to build associated data.

A ciphertext is ``version byte (1) | key version (4, big-endian) | nonce (12) | ct+tag``.
The associated data binds it to where it is stored: table, column, row id and key version,
so a ciphertext copied to another row, column or table fails its GCM tag. The header is part
of the associated data too, so its bytes cannot be changed either.

We use the ``cryptography`` package's AESGCM directly: the envelope (which key, which row) is
ours because no library knows our tables; the cipher is not.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from zorgvuldig.core.errors import ApplicationError

FORMAT_V1 = 1
NONCE_BYTES = 12
HEADER_BYTES = 1 + 4
KEY_BYTES = 32


class VaultError(ApplicationError):
    code = "vault_error"


class VaultIntegrityError(VaultError):
    """A ciphertext failed its check (changed, moved or truncated): never shown as data."""

    code = "integrity_error"


class DataErased(VaultError):
    """The resident's data key was destroyed (crypto-shredded): the data is gone for good."""

    code = "data_erased"


class KekUnavailable(VaultError):
    """The key-encryption key is missing or is not the one the stored keys were wrapped with."""

    code = "vault_kek"


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def associated_data(table: str, column: str, row_id: str, key_version: int) -> bytes:
    return f"zv-vault|{table}|{column}|{row_id}|{key_version}".encode()


def seal(key: AESGCM, key_version: int, plaintext: bytes, context: bytes) -> bytes:
    header = bytes([FORMAT_V1]) + key_version.to_bytes(4, "big")
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + key.encrypt(nonce, plaintext, header + context)


def key_version_of(blob: bytes) -> int:
    """The data-key version a ciphertext was made with (raises on an unknown format)."""
    if len(blob) < HEADER_BYTES + NONCE_BYTES + 16 or blob[0] != FORMAT_V1:
        raise VaultIntegrityError("ciphertext has an unknown format or is truncated")
    return int.from_bytes(blob[1:HEADER_BYTES], "big")


def open_sealed(key: AESGCM, blob: bytes, context: bytes) -> bytes:
    key_version_of(blob)
    header = blob[:HEADER_BYTES]
    nonce = blob[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
    try:
        return key.decrypt(nonce, blob[HEADER_BYTES + NONCE_BYTES :], header + context)
    except InvalidTag as exc:
        raise VaultIntegrityError("ciphertext failed its integrity check") from exc


def wrap(kek: bytes, key: bytes, context: bytes) -> bytes:
    """Wrap a key under the KEK, bound to what it belongs to (``context``)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, key, b"zv-wrap|" + context)


def unwrap(kek: bytes, wrapped: bytes, context: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], b"zv-wrap|" + context
        )
    except InvalidTag as exc:
        raise KekUnavailable("a stored key does not unwrap with this key-encryption key") from exc
