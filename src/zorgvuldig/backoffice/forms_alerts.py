"""The review form of a snooping alert (P14): justified, or not justified with a note.

The rules (a note when not justified, one review only, nobody reviews themselves) live in
:func:`zorgvuldig.oversight.alerts.review.alert_review`; this form only shapes the input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgvuldig.oversight.alerts.review import NOTE_MAX_LENGTH
from zorgvuldig.oversight.models import AlertStatus


class AlertReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Uw oordeel"),
        choices=[
            (AlertStatus.JUSTIFIED, _("Gerechtvaardigd: de toegang hoorde bij het werk")),
            (AlertStatus.NOT_JUSTIFIED, _("Niet gerechtvaardigd")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies gerechtvaardigd of niet gerechtvaardigd.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Verplicht bij niet gerechtvaardigd. Schrijf geen namen of andere gegevens van "
            "inwoners op."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
