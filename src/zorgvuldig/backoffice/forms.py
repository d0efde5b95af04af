"""Back-office forms: they only shape input; the rules live in the services they feed.

Business validation (postcode, BSN, sources, …) happens in the services, which raise
``ValidationFailed`` with Dutch messages per field; :func:`add_service_errors` puts those on
the form so the page shows them next to the fields and keeps the input.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.people.models import SourceKind

# Personal data on these pages belongs to residents, not to the employee typing it in.
_NO_AUTOFILL = {"autocomplete": "off"}


def _text(label, *, required: bool = False, help_text="", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={**_NO_AUTOFILL, **attrs}),
        # The same words the people services use for a missing required field.
        error_messages={"required": _("Dit veld is verplicht.")},
    )


def add_service_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show a service's field errors on the form (unknown fields go to the form as a whole)."""
    for field, messages in exc.fields.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not exc.fields:
        form.add_error(None, exc.message)


class ResidentForm(forms.Form):
    """A resident's data and the source it came from (P03, P07)."""

    given_names = _text(_("Voornamen"), required=True)
    surname_prefix = _text(_("Tussenvoegsel"))
    surname = _text(_("Achternaam"), required=True)
    birth_date = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_NO_AUTOFILL}, format="%Y-%m-%d"),
    )
    street = _text(_("Straat"))
    house_number = _text(_("Huisnummer"))
    postcode = _text(_("Postcode"), help_text=_("Bijvoorbeeld 1234 AB."))
    city = _text(_("Woonplaats"))
    phone = _text(_("Telefoon"), type="tel")
    email = forms.CharField(
        label=_("E-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs=_NO_AUTOFILL),
    )
    bsn = _text(
        _("BSN"),
        help_text=_("Alleen vastleggen als het wettelijk verplicht is voor dit doel."),
        inputmode="numeric",
    )
    source_kind = forms.ChoiceField(
        label=_("Van wie komen deze gegevens?"),
        choices=SourceKind.choices,
        initial=SourceKind.RESIDENT,
        widget=forms.RadioSelect,
    )
    source_name = _text(
        _("Naam van de bron"),
        help_text=_(
            "Verplicht als de gegevens niet van de inwoner zelf komen, bijvoorbeeld "
            "‘huisarts’ of ‘buurvrouw’."
        ),
    )

    PERSON_FIELDS = ("given_names", "surname_prefix", "surname", "birth_date")
    ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")
    CONTACT_FIELDS = ("phone", "email")

    def __init__(self, *args, uses_bsn: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not uses_bsn:
            del self.fields["bsn"]

    def resident_data(self) -> dict:
        """The resident's fields, as the people services take them."""
        sources = {"source_kind", "source_name"}
        return {k: v for k, v in self.cleaned_data.items() if k not in sources}

    def source(self) -> dict:
        return {
            "source_kind": self.cleaned_data["source_kind"],
            "source_name": self.cleaned_data.get("source_name", ""),
        }


class DeclarationForm(forms.Form):
    """Signing the confidentiality declaration is an explicit act (P09)."""

    agree = forms.BooleanField(
        label=_("Ik heb de geheimhoudingsverklaring gelezen en ik houd mij eraan."),
        required=True,
        error_messages={"required": _("Vink aan dat u de verklaring hebt gelezen.")},
    )


class AssignmentForm(forms.Form):
    """Assign a resident the team lead can see to a worker of the team or the team itself."""

    resident = forms.ChoiceField(label=_("Inwoner"))
    target = forms.ChoiceField(
        label=_("Toewijzen aan"),
        help_text=_("Een medewerker van uw team, of het hele team."),
    )

    def __init__(self, *args, residents, members, team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [("", _("Kies een inwoner"))] + [
            (str(r.public_id), resident_label(r)) for r in residents
        ]
        self.fields["target"].choices = [
            ("", _("Kies een medewerker of het team")),
            (f"team:{team.pk}", _("Het hele team: %(team)s") % {"team": team.name}),
        ] + [(f"employee:{m.pk}", employee_label(m)) for m in members]


def resident_label(resident) -> str:
    if resident.birth_date:
        return _("%(name)s (geboren %(date)s)") % {
            "name": resident.full_name,
            "date": resident.birth_date.strftime("%d-%m-%Y"),
        }
    return resident.full_name


def employee_label(employee) -> str:
    name = employee.user.get_full_name() or employee.user.get_username()
    return f"{name} ({employee.get_role_display()})"
