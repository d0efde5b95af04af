"""The Art. 30 register of processing activities (P03, P05, P06, P08, P15).

A processing activity is the *purpose* every processing context names. Each saved change makes
a new immutable :class:`ActivityVersion` (a snapshot), and processing-log records point at the
version they were made under, so the log keeps saying what the rules were at the time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LawfulGround(models.TextChoices):
    """The six lawful grounds of Art. 6(1) AVG."""

    CONSENT = "consent", _("Toestemming (art. 6 lid 1 sub a)")
    CONTRACT = "contract", _("Uitvoering overeenkomst (art. 6 lid 1 sub b)")
    LEGAL_OBLIGATION = "legal_obligation", _("Wettelijke verplichting (art. 6 lid 1 sub c)")
    VITAL_INTEREST = "vital_interest", _("Vitaal belang (art. 6 lid 1 sub d)")
    PUBLIC_TASK = "public_task", _("Taak van algemeen belang (art. 6 lid 1 sub e)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Gerechtvaardigd belang (art. 6 lid 1 sub f)")


# Grounds on which the people concerned must be told about the processing (P06).
GROUNDS_REQUIRING_INFORMING = {
    LawfulGround.VITAL_INTEREST,
    LawfulGround.PUBLIC_TASK,
    LawfulGround.LEGITIMATE_INTEREST,
}


class Art9Exemption(models.TextChoices):
    """The exemptions of Art. 9(2) AVG for special categories of personal data."""

    NONE = "", _("Geen (geen bijzondere persoonsgegevens)")
    A = "a", _("a. Uitdrukkelijke toestemming")
    B = "b", _("b. Arbeidsrecht en sociale zekerheid")
    C = "c", _("c. Vitaal belang, betrokkene kan geen toestemming geven")
    D = "d", _("d. Stichting of vereniging zonder winstoogmerk")
    E = "e", _("e. Kennelijk door betrokkene openbaar gemaakt")
    F = "f", _("f. Rechtsvordering")
    G = "g", _("g. Zwaarwegend algemeen belang")
    H = "h", _("h. Gezondheidszorg en sociale diensten (UAVG art. 30)")
    I = "i", _("i. Volksgezondheid")  # noqa: E741
    J = "j", _("j. Archivering, onderzoek, statistiek")


class SpecialKind(models.TextChoices):
    """Special categories (Art. 9) and criminal data (Art. 10)."""

    NONE = "", _("Geen bijzonder persoonsgegeven")
    HEALTH = "health", _("Gezondheid")
    RELIGION = "religion", _("Religie of levensovertuiging")
    ETHNICITY = "ethnicity", _("Ras of etnische afkomst")
    SEXUAL_LIFE = "sexual_life", _("Seksueel gedrag of gerichtheid")
    POLITICAL = "political", _("Politieke opvattingen")
    TRADE_UNION = "trade_union", _("Lidmaatschap vakbond")
    GENETIC = "genetic", _("Genetische gegevens")
    BIOMETRIC = "biometric", _("Biometrische gegevens")
    CRIMINAL = "criminal", _("Strafrechtelijke gegevens")


class DataCategory(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    special_kind = models.CharField(
        _("bijzonder persoonsgegeven"), max_length=20, choices=SpecialKind.choices, blank=True
    )
    is_bsn = models.BooleanField(
        _("BSN"),
        default=False,
        help_text=_(
            "Alleen toegestaan bij een verwerking met een wettelijke grondslag voor het "
            "BSN (UAVG art. 46); toestemming is nooit genoeg."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gegevenscategorie")
        verbose_name_plural = _("gegevenscategorieën")

    def __str__(self) -> str:
        return self.name

    @property
    def is_special(self) -> bool:
        return bool(self.special_kind)


class Recipient(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Intern")
        PROCESSOR = "processor", _("Verwerker")
        THIRD_PARTY = "third_party", _("Derde")
        AUTHORITY = "authority", _("Overheidsinstantie")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("land"), max_length=80, default="Nederland")
    agreement_reference = models.CharField(
        _("verwerkersovereenkomst / afspraak"), max_length=200, blank=True
    )
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")

    def __str__(self) -> str:
        return self.name


class ProcessingActivity(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    purpose = models.TextField(_("doel"))
    lawful_ground = models.CharField(_("grondslag"), max_length=30, choices=LawfulGround.choices)
    lawful_ground_detail = models.TextField(
        _("toelichting grondslag"),
        blank=True,
        help_text=_("Bijvoorbeeld de wet en het artikel, of de belangenafweging."),
    )
    art9_exemption = models.CharField(
        _("uitzondering art. 9 lid 2"), max_length=1, choices=Art9Exemption.choices, blank=True
    )
    art9_detail = models.TextField(_("toelichting uitzondering art. 9"), blank=True)
    bsn_legal_basis = models.TextField(
        _("wettelijke grondslag BSN"),
        blank=True,
        help_text=_("Verplicht als deze verwerking het BSN gebruikt."),
    )
    data_categories = models.ManyToManyField(
        DataCategory, verbose_name=_("gegevenscategorieën"), related_name="activities"
    )
    subject_categories = models.TextField(
        _("categorieën betrokkenen"), help_text=_("Eén per regel.")
    )
    recipients = models.ManyToManyField(
        Recipient, verbose_name=_("ontvangers"), related_name="activities", blank=True
    )
    retention_policy = models.CharField(_("bewaarbeleid (referentie)"), max_length=100)
    retention_period = models.CharField(_("bewaartermijn"), max_length=300)
    security_measures = models.TextField(_("beveiligingsmaatregelen"))
    controller_contact = models.CharField(_("verwerkingsverantwoordelijke"), max_length=300)
    dpo_contact = models.CharField(_("functionaris gegevensbescherming"), max_length=300)
    is_active = models.BooleanField(_("actief"), default=True)
    current_version = models.OneToOneField(
        "ActivityVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsactiviteiten")

    def __str__(self) -> str:
        return self.name

    def needs_art9_exemption(self) -> bool:
        """Whether the current version names special categories (read from the snapshot)."""
        version = self.current_version
        return bool(version and version.snapshot.get("special_categories"))

    def uses_bsn(self) -> bool:
        version = self.current_version
        return bool(version and version.snapshot.get("uses_bsn"))

    @property
    def requires_informing(self) -> bool:
        return self.lawful_ground in GROUNDS_REQUIRING_INFORMING


class ActivityVersion(models.Model):
    """An immutable snapshot of a processing activity as it was at one point in time."""

    activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("verwerkingsactiviteit"),
    )
    number = models.PositiveIntegerField(_("versie"))
    snapshot = models.JSONField(_("inhoud"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    created_by = models.CharField(_("vastgelegd door"), max_length=64)

    class Meta:
        ordering = ["activity", "number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="activity_version_unique")
        ]
        verbose_name = _("versie van verwerkingsactiviteit")
        verbose_name_plural = _("versies van verwerkingsactiviteiten")

    def __str__(self) -> str:
        return f"{self.activity.code} v{self.number}"
