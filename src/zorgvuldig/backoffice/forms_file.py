"""Forms on a resident's file: notes, consent and informing (P04, P06, P07).

They only shape input; the services decide (dates, Art. 9 rule, consent scope, Art. 14(5)).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgvuldig.backoffice.forms_signals import (
    choice_field,
    datetime_field,
    now_local,
    textarea,
)
from zorgvuldig.casework.models import Note
from zorgvuldig.people.models import ConsentRecord, InformingTask
from zorgvuldig.registry.models import SpecialKind


class NoteForm(forms.Form):
    """A contact note; its special-category classification decides the Art. 9 check (P04)."""

    occurred_on = forms.DateField(
        label=_("Datum van het contact"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    kind = choice_field(_("Soort contact"), Note.Kind.choices)
    text = textarea(
        _("Verslag"),
        rows=8,
        help_text=_("Schrijf feitelijk en alleen wat nodig is voor de hulp aan de inwoner."),
    )
    special_kind = forms.ChoiceField(
        label=_("Bevat het verslag bijzondere persoonsgegevens?"),
        choices=SpecialKind.choices,
        required=False,
        help_text=_(
            "Bijvoorbeeld gegevens over gezondheid of geloof. Die zijn extra beschermd: ze mogen "
            "alleen worden vastgelegd met uitdrukkelijke toestemming van de inwoner of een "
            "wettelijke uitzondering die bij dit doel in het register staat."
        ),
        error_messages={"invalid_choice": _("Kies een geldige waarde.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate(), "special_kind": ""})
        super().__init__(*args, **kwargs)

    def note_data(self) -> dict:
        return dict(self.cleaned_data)


class ConsentForm(forms.Form):
    """A consent record (ISO/IEC TS 27560 in spirit): scope, how, which notice, when (P04)."""

    categories = forms.MultipleChoiceField(
        label=_("Voor welke gegevens geeft de inwoner toestemming?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen de gegevens die bij dit doel in het register staan."),
        error_messages={
            "required": _("Kies voor welke gegevens de toestemming geldt."),
            "invalid_choice": _("Kies alleen gegevens die bij dit doel in het register staan."),
        },
    )
    recipients = forms.MultipleChoiceField(
        label=_("Aan wie mogen de gegevens worden verstrekt?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laat leeg als de toestemming geen verstrekking aan anderen omvat."),
        error_messages={
            "invalid_choice": _("Kies alleen ontvangers die bij dit doel in het register staan.")
        },
    )
    explicit = forms.BooleanField(
        label=_("De inwoner heeft uitdrukkelijk toestemming gegeven"),
        required=False,
        help_text=_(
            "Nodig voor bijzondere persoonsgegevens, zoals gezondheid: de inwoner heeft er bewust "
            "en met zoveel woorden mee ingestemd, bijvoorbeeld door een formulier te tekenen of "
            "het hardop te bevestigen."
        ),
    )
    method = choice_field(_("Hoe is de toestemming gegeven?"), ConsentRecord.Method.choices)
    notice_version = forms.CharField(
        label=_("Versie van de informatie die de inwoner kreeg"),
        max_length=40,
        help_text=_("Welke uitleg over deze verwerking de inwoner heeft gelezen of gehoord."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Vermeld welke versie van de informatietekst is getoond."),
            "max_length": _("Maximaal 40 tekens."),
        },
    )
    given_at = datetime_field(_("Gegeven op"))
    evidence = forms.FileField(
        label=_("Bewijs (optioneel)"),
        required=False,
        help_text=_("Bijvoorbeeld het getekende toestemmingsformulier: PDF of afbeelding."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={"empty": _("Het bestand is leeg."), "invalid": _("Kies een bestand.")},
    )

    def __init__(self, *args, activity, categories, recipients, **kwargs) -> None:
        version = activity.current_version.number if activity.current_version else 1
        kwargs.setdefault(
            "initial",
            {"given_at": now_local(), "notice_version": f"{activity.code} v{version}"[:40]},
        )
        super().__init__(*args, **kwargs)
        self.categories = {str(c.pk): c for c in categories}
        self.recipients = {str(r.pk): r for r in recipients}
        self.fields["categories"].choices = [
            (key, _category_label(c)) for key, c in self.categories.items()
        ]
        self.fields["recipients"].choices = [(key, r.name) for key, r in self.recipients.items()]
        if not self.recipients:
            del self.fields["recipients"]

    def consent_data(self) -> dict:
        data = self.cleaned_data
        return {
            "categories": [self.categories[k] for k in data["categories"]],
            "recipients": [self.recipients[k] for k in data.get("recipients", [])],
            "explicit": data["explicit"],
            "method": data["method"],
            "notice_version": data["notice_version"],
            "given_at": data["given_at"],
            "evidence": data.get("evidence"),
        }


def _category_label(category) -> str:
    if category.special_kind:
        return _("%(name)s (bijzonder persoonsgegeven: %(kind)s)") % {
            "name": category.name,
            "kind": category.get_special_kind_display().lower(),
        }
    return category.name


class InformedForm(forms.Form):
    """How and when the resident was told about the processing and its source (Art. 13/14)."""

    informed_at = datetime_field(_("Geïnformeerd op"))
    method = choice_field(_("Hoe is de inwoner geïnformeerd?"), InformingTask.Method.choices)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"informed_at": now_local()})
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return {
            "informed_at": self.cleaned_data["informed_at"],
            "method": self.cleaned_data["method"],
        }


class ExemptionForm(forms.Form):
    """The Art. 14(5) exception that applies, with the reason (P07)."""

    exemption = choice_field(
        _("Welke uitzondering van artikel 14 lid 5 AVG geldt?"), InformingTask.Exemption.choices
    )
    exemption_reason = textarea(
        _("Motivering"),
        rows=4,
        help_text=_(
            "Leg uit waarom de uitzondering geldt, zodat de privacyfunctionaris het kan "
            "beoordelen (minstens 10 tekens)."
        ),
    )

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"exemption": data["exemption"], "reason": data["exemption_reason"]}


class ContactForm(forms.Form):
    """A first contact or first disclosure brings the informing deadline forward (Art. 14(3))."""

    first_contact_at = datetime_field(
        _("Eerste contact met de inwoner"),
        required=False,
        help_text=_("De inwoner moet uiterlijk bij het eerste contact worden geïnformeerd."),
    )
    first_disclosure_at = datetime_field(
        _("Eerste verstrekking aan een ander"),
        required=False,
        help_text=_("Uiterlijk bij de eerste verstrekking aan een ontvanger."),
    )

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "first_contact_at": data.get("first_contact_at"),
            "first_disclosure_at": data.get("first_disclosure_at"),
        }

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            data.get("first_contact_at") or data.get("first_disclosure_at")
        ):
            self.add_error(
                "first_contact_at",
                _("Vul het moment van het eerste contact of van de eerste verstrekking in."),
            )
        return data
