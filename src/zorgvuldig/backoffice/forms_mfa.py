"""The second-factor forms: a code from the authenticator app (P12)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """Six digits from the authenticator app (spaces allowed, as apps show them)."""

    otp_token = forms.CharField(
        label=_("Verificatiecode"),
        max_length=16,
        help_text=_("De zes cijfers die uw authenticator-app nu toont."),
        error_messages={"required": _("Vul de verificatiecode in.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "input--code",
            }
        ),
    )
