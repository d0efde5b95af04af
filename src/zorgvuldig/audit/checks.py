"""Production checks for the processing log's seals: the signing key and the witness file."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

from zorgvuldig.audit import signing


@register(Tags.security, deploy=True)
def audit_seal_settings_check(app_configs, **kwargs):
    if not settings.IS_PRODUCTION:
        return []
    problems = []
    try:
        signing.private_key()
    except signing.SigningKeyMissing as exc:
        problems.append(
            Error(
                f"The processing log cannot be signed: {exc}.",
                hint="Set ZORGVULDIG_AUDIT_SIGNING_KEY_FILE to an Ed25519 key "
                "(openssl genpkey -algorithm ed25519 -out audit-signing-key.pem); docs/audit.md.",
                id="zorgvuldig.E007",
            )
        )
    witness = settings.AUDIT_WITNESS_FILE
    folder = Path(witness).parent if witness else None
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
        problems.append(
            Error(
                "ZORGVULDIG_AUDIT_WITNESS_FILE must name a file in a writable folder outside the "
                "database (next to the signing key).",
                id="zorgvuldig.E008",
            )
        )
    return problems
