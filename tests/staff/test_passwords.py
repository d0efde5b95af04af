"""P12: staff passwords are long, not common, hashed with Argon2; refusals are in Dutch."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from zorgvuldig import settings as project_settings


def refusal(password: str) -> list[str]:
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password(password)
    return refused.value.messages


def test_p12_common_password_is_refused_in_dutch():
    assert refusal("password123456") == ["Dit wachtwoord is te algemeen."]


def test_p12_too_short_password_is_refused_in_dutch():
    assert refusal("Kort-w8w!") == [
        "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."
    ]


def test_p12_digits_only_password_is_refused_in_dutch():
    assert refusal("847362918273") == ["Dit wachtwoord bevat alleen cijfers."]


def test_p12_a_long_uncommon_password_is_accepted():
    validate_password("lang-genoeg-en-ongewoon-2026")


def test_p12_argon2_hashes_new_passwords():
    # The project's own setting (tests swap in a cheaper Argon2 to stay fast).
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert get_hasher("default").algorithm == "argon2"
