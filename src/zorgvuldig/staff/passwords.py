"""Password rules for staff accounts, in Dutch (P12).

Django's validators do the work (``AUTH_PASSWORD_VALIDATORS``: similarity to the account's own
data, a minimum length, its list of 20,000 common passwords, not only digits); Argon2 is the
first hasher. Django's Dutch translation lacks the minimum-length message in its current
wording, so this validator says it in Dutch itself.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with a Dutch message."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken bevatten.",
            "Uw wachtwoord moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}
