"""The environment a subprocess needs to load Zorgvuldig's settings in production mode.

One place to extend when production mode gains a required setting: every test that starts
Django in production (``check --deploy``, the cookie settings) builds its environment here.
Secrets are fresh random values; key files are made in the test's temporary folder.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.test_cli import clean_env

HOST = "zorg.example.nl"


def _signing_key(path: Path) -> Path:
    """An Ed25519 private key (PKCS#8 PEM) for the processing log's checkpoints."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    return path


def production_env(folder: Path, **extra: str) -> dict[str, str]:
    """Our environment without outside settings, plus a complete, safe production setup."""
    keys = folder / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    return clean_env(
        ZORGVULDIG_MODE="production",
        DJANGO_SETTINGS_MODULE="zorgvuldig.settings",
        ZORGVULDIG_DATA_DIR=str(folder / "var"),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{folder / 'zorgvuldig.sqlite3'}",
        ZORGVULDIG_LOG_PSEUDONYM_KEY=secrets.token_hex(32),
        ZORGVULDIG_AUDIT_SIGNING_KEY_FILE=str(_signing_key(keys / "audit-signing-key.pem")),
        ZORGVULDIG_AUDIT_WITNESS_FILE=str(keys / "audit-witness.txt"),
        ZORGVULDIG_VAULT_KEK=base64.b64encode(os.urandom(32)).decode(),
        ZORGVULDIG_VAULT_TOMBSTONE_FILE=str(keys / "vault-tombstones.txt"),
        **extra,
    )
