"""The emergency-access form (P13): purpose, who the resident is, and why.

It only shapes input. Whether the reason is long enough, whether the BSN may be used for the
purpose and whether exactly one resident matches is decided by
``people.emergency.emergency_access_open``, whose field errors the page shows next to the
fields (:func:`zorgvuldig.backoffice.forms.add_service_errors`). Every field is therefore
optional here except the purpose, so that one submission shows every error at once.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgvuldig.staff.models import EMERGENCY_REASON_MAX_LENGTH, EMERGENCY_REASON_MIN_LENGTH

_NO_AUTOFILL = {"autocomplete": "off"}


class EmergencyAccessForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Doel"),
        help_text=_("Waarvoor u het dossier nu moet inzien."),
        error_messages={
            "required": _("Kies een doel."),
            "invalid_choice": _("Kies een geldig doel."),
        },
    )
    surname = forms.CharField(
        label=_("Achternaam"),
        required=False,
        max_length=140,
        help_text=_("Met of zonder tussenvoegsel, precies zoals vastgelegd."),
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    birth_date = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_NO_AUTOFILL}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum op (jjjj-mm-dd).")},
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", **_NO_AUTOFILL}),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        help_text=_(
            "Waarom moet u nu in dit dossier, terwijl de inwoner niet aan u is toegewezen? "
            "Noodtoegang wordt altijd gemeld aan uw teamleider en de privacyfunctionaris, die "
            "de reden beoordelen. Schrijf alleen op wat daarvoor nodig is; geen medische "
            "details. Minimaal %(min)d en maximaal %(max)d tekens."
        )
        % {"min": EMERGENCY_REASON_MIN_LENGTH, "max": EMERGENCY_REASON_MAX_LENGTH},
        widget=forms.Textarea(
            attrs={"rows": 5, "maxlength": EMERGENCY_REASON_MAX_LENGTH, **_NO_AUTOFILL}
        ),
    )

    def __init__(self, *args, activities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", _("Kies een doel"))] + [
            (a.code, a.name) for a in activities
        ]
        self.fields["purpose"].widget.attrs.update(_NO_AUTOFILL)
        with_bsn = [a.name for a in activities if a.uses_bsn()]
        if with_bsn:
            self.fields["bsn"].help_text = _(
                "In plaats van achternaam en geboortedatum. Alleen bij een doel dat het BSN "
                "wettelijk mag gebruiken: %(purposes)s."
            ) % {"purposes": ", ".join(with_bsn)}
        else:
            del self.fields["bsn"]

    def service_arguments(self) -> dict:
        """The keywords for ``emergency_access_open`` (without employee)."""
        data = self.cleaned_data
        return {
            "purpose": data["purpose"],
            "reason": data.get("reason", ""),
            "bsn": data.get("bsn", ""),
            "surname": data.get("surname", ""),
            "birth_date": data.get("birth_date"),
        }
