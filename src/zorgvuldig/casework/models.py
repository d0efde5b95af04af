"""The welfare work itself (P01): signals, support trajectories, projects, notes, documents.

Everything that concerns a resident subclasses PersonalDataModel and is reachable only through
the processing gate. Projects, their activities and neighbourhood signals describe groups or
places, not persons, and are plain models.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.core.uploads import document_path
from zorgvuldig.registry.models import SpecialKind
from zorgvuldig.vault.fields import EncryptedCharField, EncryptedFileField, EncryptedTextField


class ReporterKind(models.TextChoices):
    RESIDENT = "resident", _("De inwoner zelf")
    NEIGHBOUR = "neighbour", _("Buurtbewoner")
    GP = "gp", _("Huisarts")
    MUNICIPALITY = "municipality", _("Gemeente")
    HOUSING = "housing", _("Woningcorporatie")
    COLLEAGUE = "colleague", _("Collega")
    OTHER = "other", _("Andere organisatie of persoon")


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Bezoek of gesprek")
    LETTER = "letter", _("Brief")
    PORTAL = "portal", _("Portaal")


class Urgency(models.TextChoices):
    LOW = "low", _("Laag")
    NORMAL = "normal", _("Normaal")
    HIGH = "high", _("Hoog")
    CRISIS = "crisis", _("Crisis")


class SignalKind(models.TextChoices):
    PROBLEM = "problem", _("Probleem")
    OPPORTUNITY = "opportunity", _("Kans")


class Outcome(models.TextChoices):
    OPEN = "open", _("Nog niet beoordeeld")
    NOTHING = "nothing", _("Geen vervolg")
    TRAJECTORY = "trajectory", _("Hulptraject")
    PROJECT = "project", _("Project")


class Project(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    team = models.ForeignKey(
        "staff.Team", on_delete=models.PROTECT, related_name="projects", verbose_name=_("team")
    )
    coordinators = models.ManyToManyField(
        "staff.Employee", related_name="coordinated_projects", verbose_name=_("coördinatoren")
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projecten")

    def __str__(self) -> str:
        return self.name


class ProjectActivity(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("projectactiviteit")
        verbose_name_plural = _("projectactiviteiten")

    def __str__(self) -> str:
        return self.title


class NeighbourhoodSignal(models.Model):
    """A problem or opportunity in a neighbourhood, not about one person (no personal data)."""

    kind = models.CharField(_("soort"), max_length=20, choices=SignalKind.choices)
    neighbourhood = models.CharField(_("buurt of wijk"), max_length=120)
    description = models.TextField(_("omschrijving"))
    reporter_kind = models.CharField(_("gemeld door"), max_length=20, choices=ReporterKind.choices)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("ontvangen op"))
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, blank=True)
    team = models.ForeignKey(
        "staff.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    outcome = models.CharField(
        _("vervolg"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    recorded_by = models.CharField(max_length=64)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("buurtsignaal")
        verbose_name_plural = _("buurtsignalen")

    def __str__(self) -> str:
        return f"neighbourhood signal {self.pk}"


class Trajectory(PersonalDataModel):
    """A support trajectory (hulptraject). ``end_date`` triggers retention later."""

    gate_purpose_path = "activity"

    class Status(models.TextChoices):
        REGISTERED = "aangemeld", _("Aangemeld")
        INTAKE = "intake", _("Intake")
        ONGOING = "lopend", _("Lopend")
        CLOSED = "afgesloten", _("Afgesloten")

    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="trajectories",
        verbose_name=_("inwoner"),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    question = EncryptedTextField(_("hulpvraag"))
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    workers = models.ManyToManyField(
        "staff.Employee", related_name="+", verbose_name=_("hulpverleners")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="trajectory_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="afgesloten") | models.Q(end_date__isnull=False),
                name="trajectory_closed_has_end",
            ),
        ]
        verbose_name = _("hulptraject")
        verbose_name_plural = _("hulptrajecten")

    def __str__(self) -> str:
        return f"trajectory {self.pk}"


class Goal(PersonalDataModel):
    gate_purpose_path = "trajectory__activity"

    class Progress(models.TextChoices):
        OPEN = "open", _("Nog niet gestart")
        WORKING = "working", _("Mee bezig")
        ACHIEVED = "achieved", _("Bereikt")
        DROPPED = "dropped", _("Vervallen")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="+")
    description = EncryptedCharField(_("doel"), max_length=300)
    progress = models.CharField(
        _("voortgang"), max_length=20, choices=Progress.choices, default=Progress.OPEN
    )
    progress_note = EncryptedTextField(_("toelichting voortgang"), blank=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["id"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self) -> str:
        return f"goal {self.pk}"


class Signal(PersonalDataModel):
    """A signal about one resident; the reporter and channel are its source (P03, P07)."""

    gate_purpose_path = "activity"

    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("inwoner"),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=SignalKind.choices)
    description = EncryptedTextField(_("omschrijving"))
    reporter_kind = models.CharField(_("gemeld door"), max_length=20, choices=ReporterKind.choices)
    reporter_detail = EncryptedCharField(
        _("melder (organisatie of omschrijving)"), max_length=200, blank=True
    )
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("ontvangen op"))
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, blank=True)
    team = models.ForeignKey(
        "staff.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    triaged_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    outcome = models.CharField(
        _("vervolg"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("hulptraject"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    recorded_by = models.CharField(max_length=64)

    class Meta(PersonalDataModel.Meta):
        ordering = ["-received_at"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self) -> str:
        return f"signal {self.pk}"


class Participation(PersonalDataModel):
    """A resident taking part in a project, on the basis of their consent (P04)."""

    gate_purpose_path = "consent__activity"

    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("inwoner"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="participations", verbose_name=_("project")
    )
    joined_on = models.DateField(_("deelnemer sinds"))
    may_contact = models.BooleanField(_("mag benaderd worden"), default=False)
    consent = models.ForeignKey(
        "people.ConsentRecord",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toestemming"),
    )

    class Meta(PersonalDataModel.Meta):
        ordering = ["joined_on"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "project"], name="participation_once")
        ]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")

    def __str__(self) -> str:
        return f"participation {self.pk}"


class Note(PersonalDataModel):
    """A contact moment. Each note belongs to one processing activity; health and other
    special-category notes are classified and guarded by the Art. 9 rule (P04)."""

    gate_purpose_path = "activity"

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Huisbezoek")
        PHONE = "phone", _("Telefoongesprek")
        MEETING = "meeting", _("Gesprek op kantoor of overleg")
        EMAIL = "email", _("E-mail of bericht")
        OTHER = "other", _("Anders")

    gate_special_field = "special_kind"

    resident = models.ForeignKey(
        "people.Resident", on_delete=models.CASCADE, related_name="notes", verbose_name=_("inwoner")
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("hulptraject"),
    )
    occurred_on = models.DateField(_("datum"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=Kind.choices)
    text = EncryptedTextField(_("verslag"))
    special_kind = models.CharField(
        _("bijzonder persoonsgegeven"), max_length=20, choices=SpecialKind.choices, blank=True
    )
    author = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")

    def __str__(self) -> str:
        return f"note {self.pk}"


class Document(PersonalDataModel):
    gate_purpose_path = "activity"
    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("inwoner"),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("hulptraject"),
    )
    file = EncryptedFileField(upload_to=document_path)
    original_name = EncryptedCharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    title = EncryptedCharField(_("titel"), max_length=200)
    uploaded_by = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return f"document {self.pk}"
