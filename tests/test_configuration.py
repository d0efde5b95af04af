"""Configuration: every environment variable is documented, and production refuses unsafe settings.

`zorgvuldig serve` is run as a subprocess in production mode with a controlled environment;
with unsafe settings it must print what is wrong and exit 2 without starting a server. With
safe settings the checks are run in-process under ``override_settings`` (no server started).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.checks import ERROR
from django.test import override_settings

from tests.test_cli import clean_env, run_zorgvuldig
from zorgvuldig.cli import deploy_check_messages
from zorgvuldig.core.checks import production_settings_check

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
SET_BY_THE_COMMAND = {"DJANGO_SETTINGS_MODULE", "PYTEST_VERSION"}
SAFE = {
    "IS_PRODUCTION": True,
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://zorgvuldig@127.0.0.1:5432/zorgvuldig",
    "ALLOWED_HOSTS": ["zorg.example.nl"],
    "DEBUG": False,
    "LOG_PSEUDONYM_KEY": secrets.token_hex(32),
    "AUDIT_SIGNING_KEY": Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode(),
    "AUDIT_SIGNING_KEY_FILE": None,
    "AUDIT_WITNESS_FILE": str(Path(tempfile.gettempdir()) / "zorgvuldig-witness-check.txt"),
    "VAULT_KEK": base64.b64encode(os.urandom(32)).decode(),
    "VAULT_TOMBSTONE_FILE": str(Path(tempfile.gettempdir()) / "zorgvuldig-tombstones.txt"),
}


def _documented() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", DOCS.read_text(), flags=re.MULTILINE))


@pytest.fixture(scope="module")
def production_variables(tmp_path_factory) -> set[str]:
    """Variables declared when the settings load in production mode (some only exist there)."""
    tmp_path = tmp_path_factory.mktemp("production-settings")
    code = "import json, zorgvuldig.settings as s; print(json.dumps(list(s.ENV_VARIABLES)))"
    result = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=clean_env(ZORGVULDIG_MODE="production", ZORGVULDIG_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout))


def test_every_environment_variable_is_documented(production_variables):
    declared = set(settings.ENV_VARIABLES) | production_variables
    missing = declared - _documented()
    assert not missing, f"add these to docs/configuration.md: {sorted(missing)}"


def test_documentation_lists_no_unknown_variables(production_variables):
    declared = set(settings.ENV_VARIABLES) | production_variables | SET_BY_THE_COMMAND
    assert _documented() - declared == set()


def _production_env(tmp_path, **variables: str) -> dict[str, str]:
    return clean_env(
        ZORGVULDIG_MODE="production", ZORGVULDIG_DATA_DIR=str(tmp_path / "var"), **variables
    )


@pytest.mark.slow
def test_serve_refuses_production_without_settings(tmp_path):
    result = run_zorgvuldig("serve", cwd=tmp_path, env=_production_env(tmp_path), timeout=60)
    assert result.returncode == 2
    for check_id in ("E001", "E003", "E004", "E006"):
        assert f"zorgvuldig.{check_id}" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    assert "Zorgvuldig start niet" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Listening" not in result.stderr + result.stdout


@pytest.mark.slow
def test_serve_refuses_unsafe_secret_key_wildcard_hosts_and_debug(tmp_path):
    env = _production_env(
        tmp_path,
        SECRET_KEY="a" * 64,
        ALLOWED_HOSTS="*",
        ZORGVULDIG_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        ZORGVULDIG_LOG_PSEUDONYM_KEY=secrets.token_hex(32),
    )
    result = run_zorgvuldig("serve", cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 2
    for check_id in ("E002", "E004", "E005"):
        assert f"zorgvuldig.{check_id}" in result.stderr
    for check_id in ("E001", "E003", "E006"):
        assert f"zorgvuldig.{check_id}" not in result.stderr
    assert "Listening" not in result.stderr + result.stdout


@pytest.mark.slow
def test_serve_refuses_a_bad_bind_address(tmp_path):
    result = run_zorgvuldig(
        "serve", "--bind", "nergens", cwd=tmp_path, env=_production_env(tmp_path)
    )
    assert result.returncode == 2
    assert "Ongeldig adres" in result.stderr


def test_production_check_passes_with_safe_settings():
    with override_settings(**SAFE):
        assert production_settings_check(None) == []
        errors = [m for m in deploy_check_messages() if m.level >= ERROR]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "check_id"),
    [
        ({"SECRET_KEY": "te-kort-geheim"}, "zorgvuldig.E001"),
        ({"SECRET_KEY": "ab" * 40}, "zorgvuldig.E002"),
        ({"DATABASE_URL": ""}, "zorgvuldig.E003"),
        ({"ALLOWED_HOSTS": ["*"]}, "zorgvuldig.E004"),
        ({"DEBUG": True}, "zorgvuldig.E005"),
        ({"LOG_PSEUDONYM_KEY": "kort"}, "zorgvuldig.E006"),
        ({"AUDIT_SIGNING_KEY": None}, "zorgvuldig.E007"),
        ({"AUDIT_SIGNING_KEY": "-----BEGIN PRIVATE KEY-----\nbad\n"}, "zorgvuldig.E007"),
        ({"AUDIT_WITNESS_FILE": None}, "zorgvuldig.E008"),
        ({"AUDIT_WITNESS_FILE": "/nonexistent-folder/witness.txt"}, "zorgvuldig.E008"),
        ({"VAULT_KEK": None, "VAULT_KEK_FILE": None}, "zorgvuldig.E009"),
        ({"VAULT_KEK": "bm90IDMyIGJ5dGVz"}, "zorgvuldig.E009"),
        ({"VAULT_TOMBSTONE_FILE": None}, "zorgvuldig.E010"),
        ({"VAULT_TOMBSTONE_FILE": "/nonexistent-folder/tombstones.txt"}, "zorgvuldig.E010"),
    ],
)
def test_production_check_names_each_unsafe_setting(change, check_id):
    with override_settings(**{**SAFE, **change}):
        ids = [m.id for m in deploy_check_messages() if m.level >= ERROR]
    assert ids == [check_id]


def test_empty_secret_key_is_reported_with_every_other_problem():
    unsafe = {**SAFE, "SECRET_KEY": "", "DATABASE_URL": "", "LOG_PSEUDONYM_KEY": ""}
    with override_settings(**unsafe):
        ids = {m.id for m in deploy_check_messages() if m.level >= ERROR}
    assert ids == {"zorgvuldig.E001", "zorgvuldig.E003", "zorgvuldig.E006"}


def test_production_check_is_silent_outside_production():
    with override_settings(IS_PRODUCTION=False, SECRET_KEY="kort"):
        assert production_settings_check(None) == []
