"""Back-office forms for trajectories, projects and documents: they only shape input.

The casework services validate and store; their ``ValidationFailed`` field messages are put on
these forms with :func:`zorgvuldig.backoffice.forms.add_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgvuldig.backoffice.forms import employee_label
from zorgvuldig.casework.models import Goal, Trajectory

_NO_AUTOFILL = {"autocomplete": "off"}
_REQUIRED = {"required": _("Dit veld is verplicht.")}


def _date(label, *, required: bool = False, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", **_NO_AUTOFILL}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )


def _textarea(label, *, required: bool = True, rows: int = 4, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, **_NO_AUTOFILL}),
        error_messages=_REQUIRED,
    )


class _RadioSelect(forms.RadioSelect):
    """A radio group whose error-summary link points at its first option.

    Django gives option groups no id for a label (a ``<legend>`` names them), which would
    leave the error summary's link empty; the first option is where focus should go.
    """

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class _CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


def _employees(field: forms.MultipleChoiceField, members) -> None:
    field.choices = [(str(m.pk), employee_label(m)) for m in members]


def _chosen(values, members) -> list:
    chosen = set(values)
    return [m for m in members if str(m.pk) in chosen]


# -- trajectories ----------------------------------------------------------------------------


class TrajectoryOpenForm(forms.Form):
    question = _textarea(
        _("Hulpvraag"),
        rows=5,
        help_text=_("Waar wil de inwoner hulp bij? Schrijf alleen op wat voor de hulp nodig is."),
    )
    start_date = _date(_("Startdatum"), required=True)
    workers = forms.MultipleChoiceField(
        label=_("Hulpverleners"),
        help_text=_(
            "Kies wie aan dit traject werken. Alleen collega's die al aan deze inwoner zijn "
            "toegewezen, kunnen meedoen; vraag anders eerst de teamleider om toe te wijzen."
        ),
        widget=_CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één hulpverlener.")},
    )

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        _employees(self.fields["workers"], self.members)

    def chosen_workers(self) -> list:
        return _chosen(self.cleaned_data["workers"], self.members)


class TrajectoryStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nieuwe status"),
        # The service's own words for a status change it does not allow.
        error_messages={
            **_REQUIRED,
            "invalid_choice": _("Deze statuswijziging is niet mogelijk."),
        },
    )
    end_date = _date(
        _("Einddatum"),
        help_text=_("Verplicht bij afsluiten: niet vóór de startdatum en niet in de toekomst."),
    )

    def __init__(self, *args, allowed, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in Trajectory.Status if s in allowed
        ]


class GoalAddForm(forms.Form):
    description = forms.CharField(
        label=_("Nieuw doel"),
        max_length=300,
        help_text=_("Een concreet doel, bijvoorbeeld ‘vaste lasten op tijd betalen’."),
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={**_REQUIRED, "max_length": _("Maximaal 300 tekens.")},
    )


class GoalProgressForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("Voortgang"), choices=Goal.Progress.choices, error_messages=_REQUIRED
    )
    progress_note = _textarea(_("Toelichting"), required=False, rows=2)


# -- documents -------------------------------------------------------------------------------


class DocumentUploadForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld ‘Ondertekend plan van aanpak’. Leeg: de bestandsnaam."),
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={"max_length": _("Maximaal 200 tekens.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        # The same words as the upload check in core.uploads, which decides the rest.
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Kies een bestand."),
        },
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.doc"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "PDF, afbeelding (PNG, JPEG) of kantoordocument (DOCX, XLSX, ODT, ODS, DOC), "
            "maximaal %(mb)d MB. Het document wordt alleen als download aangeboden."
        ) % {"mb": limit}


# -- projects --------------------------------------------------------------------------------


class ProjectForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het project"),
        max_length=200,
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={**_REQUIRED, "max_length": _("Maximaal 200 tekens.")},
    )
    description = _textarea(
        _("Omschrijving"),
        help_text=_("Wat het project doet en voor wie. Geen gegevens over personen."),
    )
    start_date = _date(_("Startdatum"), required=True)
    end_date = _date(_("Einddatum"), help_text=_("Leeg laten als het project doorloopt."))
    coordinators = forms.MultipleChoiceField(
        label=_("Coördinatoren"),
        required=False,
        help_text=_("Collega's uit uw team die activiteiten plannen en deelnemers bijhouden."),
        widget=_CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        _employees(self.fields["coordinators"], self.members)

    def chosen_coordinators(self) -> list:
        return _chosen(self.cleaned_data["coordinators"], self.members)


class ProjectActivityForm(forms.Form):
    date = _date(_("Datum"), required=True)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
        error_messages={**_REQUIRED, "max_length": _("Maximaal 200 tekens.")},
    )
    description = _textarea(_("Omschrijving"), required=False, rows=3)


class _KnownChoiceField(forms.ChoiceField):
    """Offers some choices but accepts every known value, so the service judges the rest
    (e.g. a consent withdrawn after the page was shown gets the service's own message)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known: set[str] = set()

    def valid_value(self, value) -> bool:
        return str(value) in self.known


class ParticipationForm(forms.Form):
    consent = _KnownChoiceField(
        label=_("Toestemming voor deelname"),
        help_text=_("De deelname rust op deze toestemming; wordt die ingetrokken, dan stopt ze."),
        widget=_RadioSelect,
        error_messages={
            "required": _("Kies de toestemming waarop de deelname rust."),
            "invalid_choice": _("Deze toestemming hoort niet bij deze inwoner en dit doel."),
        },
    )
    may_contact = forms.BooleanField(
        label=_("De inwoner wil voor dit project benaderd worden (uitnodigingen en berichten)"),
        required=False,
    )
    joined_on = _date(_("Deelnemer sinds"), required=True)

    def __init__(self, *args, consents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consents = {str(c.pk): c for c in consents}
        field = self.fields["consent"]
        field.known = set(self.consents)
        field.choices = [
            (pk, consent_label(c)) for pk, c in self.consents.items() if c.withdrawn_at is None
        ]
        if len(field.choices) == 1:
            self.initial.setdefault("consent", field.choices[0][0])

    def chosen_consent(self):
        return self.consents[self.cleaned_data["consent"]]


def consent_label(consent) -> str:
    categories = ", ".join(c.name for c in consent.categories.all())
    label = _("Gegeven op %(date)s (%(method)s)") % {
        "date": timezone.localtime(consent.given_at).strftime("%d-%m-%Y"),
        "method": consent.get_method_display().lower(),
    }
    return f"{label}: {categories}" if categories else label
