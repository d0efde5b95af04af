"""Ed25519-signed checkpoints in the C2SP ``tlog-checkpoint`` / ``signed-note`` text format.

A checkpoint is a short text an outside party can keep and check with standard tools::

    zorgvuldig.example/verwerkingslog        <- origin (the log's name)
    1234                                     <- tree size
    3q2+7w...=                               <- base64 of the RFC 9162 root hash
    Timestamp: 2026-11-29T01:00:00Z          <- extension line: when it was signed
                                             <- blank line ends the signed body
    — zorgvuldig.example/verwerkingslog AbCd...=   <- base64(key id (4 bytes) || signature)

The signature is Ed25519 over the body (every line above the blank line, each ending in a
newline). The key id is the first four bytes of SHA-256(origin || "\\n" || 0x01 || public key),
as the signed-note spec defines. ``docs/audit.md`` shows the check with ``openssl``.

The private key lives outside the database (a key file or the environment): someone who can
rewrite the database still cannot sign a checkpoint for a rewritten history.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

SIGNATURE_DASH = "\u2014"


class SigningKeyMissing(Exception):
    """No signing key is configured (production) or the key cannot be read."""


class CheckpointFormatError(ValueError):
    """A checkpoint text is not in the expected format."""


@dataclass(frozen=True)
class ParsedCheckpoint:
    origin: str
    tree_size: int
    root_hash: bytes
    timestamp: datetime
    body: bytes
    key_name: str
    key_id: bytes
    signature: bytes


def _load_pem(data: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyMissing("the audit signing key is not a readable PEM key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing("the audit signing key is not an Ed25519 key")
    return key


def private_key(*, create: bool = False) -> Ed25519PrivateKey:
    """The configured signing key. With ``create`` (the sealer), outside production, a key file
    is made when missing; verification never makes one (it would then trust a new key)."""
    if settings.AUDIT_SIGNING_KEY:
        return _load_pem(settings.AUDIT_SIGNING_KEY.encode())
    if not settings.AUDIT_SIGNING_KEY_FILE:
        raise SigningKeyMissing(
            "no audit signing key: set ZORGVULDIG_AUDIT_SIGNING_KEY_FILE or "
            "ZORGVULDIG_AUDIT_SIGNING_KEY"
        )
    path = Path(settings.AUDIT_SIGNING_KEY_FILE)
    if not path.exists():
        if settings.IS_PRODUCTION or not create:
            raise SigningKeyMissing("the audit signing key file does not exist")
        generate_key_file(path)
    try:
        return _load_pem(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SigningKeyMissing("the audit signing key file cannot be read") from exc


def generate_key_file(path: Path) -> None:
    """Write a new Ed25519 private key (PKCS#8 PEM), readable by the owner only."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointFormatError("the public key is not an Ed25519 key")
    return key


def key_id(origin: str, key: Ed25519PublicKey) -> bytes:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(origin.encode() + b"\n\x01" + raw).digest()[:4]


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def checkpoint_body(origin: str, tree_size: int, root_hash: bytes, at: datetime) -> bytes:
    lines = [
        origin,
        str(tree_size),
        base64.b64encode(root_hash).decode(),
        f"Timestamp: {_timestamp(at)}",
    ]
    return ("\n".join(lines) + "\n").encode()


def sign_checkpoint(tree_size: int, root_hash: bytes, at: datetime) -> tuple[str, bytes, bytes]:
    """Return (checkpoint text, key id, signature) for a tree of ``tree_size`` leaves."""
    origin = settings.AUDIT_LOG_ORIGIN
    key = private_key(create=True)
    body = checkpoint_body(origin, tree_size, root_hash, at)
    signature = key.sign(body)
    kid = key_id(origin, key.public_key())
    line = f"{SIGNATURE_DASH} {origin} {base64.b64encode(kid + signature).decode()}\n"
    return body.decode() + "\n" + line, kid, signature


def parse_checkpoint(text: str) -> ParsedCheckpoint:
    """Split a checkpoint text into its parts; raise :class:`CheckpointFormatError` if malformed."""
    body, sep, signatures = text.partition("\n\n")
    if not sep:
        raise CheckpointFormatError("no blank line between the checkpoint and its signature")
    lines = body.split("\n")
    if len(lines) < 4 or not lines[1].isdigit() or not lines[3].startswith("Timestamp: "):
        raise CheckpointFormatError("the checkpoint body does not have origin, size, root, time")
    try:
        root_hash = base64.b64decode(lines[2], validate=True)
        timestamp = datetime.strptime(lines[3][11:], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        dash, name, blob = signatures.strip("\n").split("\n")[0].split(" ")
        raw = base64.b64decode(blob, validate=True)
    except ValueError as exc:
        raise CheckpointFormatError("the checkpoint has a malformed field") from exc
    if dash != SIGNATURE_DASH or len(root_hash) != 32 or len(raw) != 68:
        raise CheckpointFormatError("the checkpoint's root hash or signature line is malformed")
    return ParsedCheckpoint(
        origin=lines[0],
        tree_size=int(lines[1]),
        root_hash=root_hash,
        timestamp=timestamp,
        body=(body + "\n").encode(),
        key_name=name,
        key_id=raw[:4],
        signature=raw[4:],
    )


def signature_valid(parsed: ParsedCheckpoint, key: Ed25519PublicKey) -> bool:
    if parsed.key_id != key_id(parsed.key_name, key):
        return False
    try:
        key.verify(parsed.signature, parsed.body)
    except InvalidSignature:
        return False
    return True
