"""Back-office forms for signals about residents and neighbourhoods (P01, P03, P07).

They only shape input: the casework services check dates, choices and texts and raise
``ValidationFailed`` with Dutch messages per field (see :func:`forms.add_service_errors`).
"""

from __future__ import annotations

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgvuldig.backoffice.forms import ResidentForm, resident_label
from zorgvuldig.casework.models import Channel, Outcome, ReporterKind, SignalKind, Urgency

_NO_AUTOFILL = {"autocomplete": "off"}
_REQUIRED = {"required": _("Dit veld is verplicht.")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def now_local() -> str:
    """The current local time as a ``datetime-local`` input value."""
    return timezone.localtime().strftime(DATETIME_FORMAT)


def datetime_field(label, *, required: bool = True, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", **_NO_AUTOFILL}, format=DATETIME_FORMAT
        ),
        error_messages={
            "required": _("Vul een datum en tijd in."),
            "invalid": _("Vul een geldige datum en tijd in, zoals 14-03-2026 09:30."),
        },
    )


def choice_field(label, choices, *, radio: bool = True, help_text="", **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={
            "required": _("Maak een keuze."),
            "invalid_choice": _("Kies een geldige waarde."),
        },
        **kwargs,
    )


def textarea(label, *, required: bool = True, rows: int = 5, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, **_NO_AUTOFILL}),
        error_messages=_REQUIRED,
    )


class SignalForm(forms.Form):
    """A signal about a resident: what, from whom, how and when it came in."""

    kind = choice_field(_("Soort signaal"), SignalKind.choices)
    description = textarea(
        _("Wat is er gesignaleerd?"),
        help_text=_(
            "Beschrijf wat er is opgevallen of wat de kans is. Schrijf alleen op wat nodig is "
            "om het signaal op te volgen; geen medische details."
        ),
    )
    reporter_kind = choice_field(_("Wie meldde het signaal?"), ReporterKind.choices)
    reporter_detail = forms.CharField(
        label=_("Melder"),
        required=False,
        max_length=200,
        help_text=_(
            "De organisatie of een omschrijving, bijvoorbeeld ‘Huisartsenpraktijk De Linde’ of "
            "‘buurvrouw’. Verplicht bij ‘Andere organisatie of persoon’."
        ),
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={"max_length": _("Maximaal 200 tekens.")},
    )
    channel = choice_field(_("Hoe kwam het signaal binnen?"), Channel.choices, radio=False)
    received_at = datetime_field(_("Ontvangen op"))

    SIGNAL_FIELDS = (
        "kind",
        "description",
        "reporter_kind",
        "reporter_detail",
        "channel",
        "received_at",
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"received_at": now_local()})
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Kies een kanaal")), *Channel.choices]

    def signal_data(self) -> dict:
        """The signal's fields, as the casework services take them."""
        return {name: self.cleaned_data[name] for name in self.SIGNAL_FIELDS}


class ExistingResidentSignalForm(SignalForm):
    """A signal about a resident the worker may already process for this purpose."""

    resident = forms.ChoiceField(
        label=_("Over welke inwoner gaat het?"),
        help_text=_("U kunt alleen kiezen uit de inwoners die aan u of uw team zijn toegewezen."),
        error_messages={
            "required": _("Kies een inwoner."),
            "invalid_choice": _("Kies een inwoner uit de lijst."),
        },
    )

    field_order = ["resident"]

    def __init__(self, *args, residents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.residents = {str(r.public_id): r for r in residents}
        self.fields["resident"].choices = [("", _("Kies een inwoner"))] + [
            (key, resident_label(r)) for key, r in self.residents.items()
        ]

    def chosen_resident(self):
        return self.residents[self.cleaned_data["resident"]]


class NewResidentSignalForm(SignalForm):
    """A signal about a resident who is not yet known: the resident's data, then the signal."""

    RESIDENT_FIELDS = (
        *ResidentForm.PERSON_FIELDS,
        *ResidentForm.ADDRESS_FIELDS,
        *ResidentForm.CONTACT_FIELDS,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.RESIDENT_FIELDS:
            self.fields[name] = copy.deepcopy(ResidentForm.base_fields[name])
        # The page asks about the resident first; the error summary follows the page.
        self.order_fields([*self.RESIDENT_FIELDS, *self.SIGNAL_FIELDS])

    def resident_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.RESIDENT_FIELDS}


class TriageForm(forms.Form):
    """Judging a signal: how urgent, which team, and what follows (P01)."""

    urgency = choice_field(_("Urgentie"), Urgency.choices)
    team = forms.ChoiceField(
        label=_("Team"),
        required=False,
        help_text=_("Het team dat het signaal oppakt."),
        error_messages={"invalid_choice": _("Kies een team uit de lijst.")},
    )
    outcome = choice_field(_("Vervolg"), Outcome.choices)
    project = forms.ChoiceField(
        label=_("Project"),
        required=False,
        help_text=_("Alleen als het signaal tot een project leidt."),
        error_messages={"invalid_choice": _("Kies een project uit de lijst.")},
    )

    def __init__(self, *args, teams, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in teams}
        self.projects = {str(p.pk): p for p in projects}
        self.fields["team"].choices = [("", _("Nog geen team"))] + [
            (key, t.name) for key, t in self.teams.items()
        ]
        self.fields["project"].choices = [("", _("Geen project"))] + [
            (key, p.name) for key, p in self.projects.items()
        ]

    def triage_data(self) -> dict:
        data = self.cleaned_data
        return {
            "urgency": data["urgency"],
            "outcome": data["outcome"],
            "team": self.teams.get(data["team"]),
            "project": self.projects.get(data["project"]),
        }


class NeighbourhoodSignalForm(forms.Form):
    """A signal about a neighbourhood, not about a person: no personal data."""

    kind = choice_field(_("Soort signaal"), SignalKind.choices)
    neighbourhood = forms.CharField(
        label=_("Buurt of wijk"),
        max_length=120,
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={**_REQUIRED, "max_length": _("Maximaal 120 tekens.")},
    )
    description = textarea(
        _("Wat is er gesignaleerd?"),
        help_text=_(
            "Schrijf geen namen, adressen of andere gegevens over personen op: een buurtsignaal "
            "gaat over de buurt. Gaat het om een inwoner, leg dan een signaal over die inwoner "
            "vast."
        ),
    )
    reporter_kind = choice_field(_("Wie meldde het signaal?"), ReporterKind.choices)
    channel = choice_field(_("Hoe kwam het signaal binnen?"), Channel.choices, radio=False)
    received_at = datetime_field(_("Ontvangen op"))

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"received_at": now_local()})
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Kies een kanaal")), *Channel.choices]
