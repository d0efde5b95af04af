"""Residents (data subjects) and the source of each of their data (P03, P07).

Both models hold personal data and therefore subclass PersonalDataModel: they can only be
queried inside a processing context, scoped to the actor's need-to-know.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.core.uploads import evidence_path
from zorgvuldig.vault import blind, keys
from zorgvuldig.vault.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedFileField,
    EncryptedTextField,
)

# Fields of Resident that are personal data with a source (the others are bookkeeping).
PERSONAL_FIELDS = [
    "given_names",
    "surname_prefix",
    "surname",
    "birth_date",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
    "email",
    "bsn",
]


class Resident(PersonalDataModel):
    gate_resident_path = "pk"
    # Identity and bookkeeping records stay reachable (for the assigned worker) when a consent
    # basis is missing or withdrawn: they are needed to ask for consent, record a withdrawal
    # and hand the data to retention. The work data under that purpose is what stops.
    gate_basis_bound = False

    # The data key is found by the public id before the first insert (docs/security.md).
    vault_subject_field = "public_id"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_names = EncryptedCharField(_("voornamen"), max_length=120)
    surname_prefix = EncryptedCharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = EncryptedCharField(_("achternaam"), max_length=120)
    birth_date = EncryptedDateField(_("geboortedatum"), null=True, blank=True)
    street = EncryptedCharField(_("straat"), max_length=120, blank=True)
    house_number = EncryptedCharField(_("huisnummer"), max_length=20, blank=True)
    postcode = EncryptedCharField(_("postcode"), max_length=7, blank=True)
    city = EncryptedCharField(_("woonplaats"), max_length=80, blank=True)
    phone = EncryptedCharField(_("telefoon"), max_length=30, blank=True)
    email = EncryptedEmailField(_("e-mail"), blank=True)
    bsn = EncryptedCharField(_("BSN"), max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(PersonalDataModel.Meta):
        # Names are encrypted, so the database cannot sort by them: selectors sort in memory.
        ordering = ["id"]
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")

    def gate_after_write(self) -> None:
        new_key = (getattr(self, "_write_scratch", None) or {}).get("vault_new_data_key")
        keys.bind(self.public_id, self.pk, data_key=new_key)
        blind.reindex(self.public_id, blind_values(self), new_data_key=new_key)

    @property
    def sort_key(self) -> tuple:
        return (self.surname.casefold(), self.given_names.casefold(), self.pk or 0)

    def __str__(self) -> str:
        # Never used in logs or error messages; only in pages the actor may see.
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.given_names, self.surname_prefix, self.surname]
        return " ".join(p for p in parts if p)

    @property
    def address(self) -> str:
        line = " ".join(p for p in [self.street, self.house_number] if p)
        place = " ".join(p for p in [self.postcode, self.city] if p)
        return ", ".join(p for p in [line, place] if p)


def normalise_surname(prefix: str, surname: str) -> str:
    """``van der berg`` for prefix "van der" and surname "Berg" (or "van der Berg" typed whole)."""
    return " ".join(f"{prefix} {surname}".casefold().split())


def surname_birth_key(surname: str, birth_date) -> str:
    """The blind-index value for a surname (as typed or stored) with a birth date."""
    name = normalise_surname("", surname)
    return f"{name}|{birth_date.isoformat()}" if name and birth_date else ""


def blind_values(resident: Resident) -> dict[str, set[str]]:
    """What the blind indexes hold for a resident (never a low-entropy value on its own).

    The surname is indexed with and without its prefix ("van der Berg" and "Berg"), always
    together with the birth date.
    """
    birth = resident.birth_date
    names = {f"{resident.surname_prefix} {resident.surname}", resident.surname}
    return {
        "bsn": {"".join(ch for ch in resident.bsn if ch.isdigit())},
        "email": {resident.email.strip().casefold()},
        "surname_birth": {surname_birth_key(name, birth) for name in names},
    }


class SourceKind(models.TextChoices):
    RESIDENT = "resident", _("De inwoner zelf")
    THIRD_PARTY = "third_party", _("Een derde (bijvoorbeeld buurman of familielid)")
    REFERRER = "referrer", _("Een verwijzende organisatie")


class DataSource(PersonalDataModel):
    """Where one datum of a resident came from (P03, P07 / Art. 14)."""

    gate_basis_bound = False  # bookkeeping, see Resident

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="sources")
    field_name = models.CharField(_("gegeven"), max_length=40)
    kind = models.CharField(_("bron"), max_length=20, choices=SourceKind.choices)
    source_name = EncryptedCharField(
        _("naam bron"),
        max_length=200,
        blank=True,
        help_text=_("Organisatie of omschrijving van de derde (bijvoorbeeld 'huisarts')."),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["field_name", "-recorded_at"]
        verbose_name = _("bron van gegeven")
        verbose_name_plural = _("bronnen van gegevens")

    def __str__(self) -> str:
        return f"{self.field_name}: {self.get_kind_display()}"


class ConsentRecord(PersonalDataModel):
    """A consent given by a resident, in the spirit of ISO/IEC TS 27560 (P04, P06).

    Withdrawing sets ``withdrawn_at``; the gate then stops processing that depends on it at
    once. The record establishes a basis, so it stays reachable when the basis is gone.
    """

    gate_purpose_path = "activity"

    class Method(models.TextChoices):
        WRITTEN = "written", _("Schriftelijk (getekend formulier)")
        DIGITAL = "digital", _("Digitaal (portaal of e-mail)")
        VERBAL = "verbal", _("Mondeling, vastgelegd door medewerker")

    gate_basis_bound = False

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    categories = models.ManyToManyField(
        "registry.DataCategory", related_name="+", verbose_name=_("gegevens")
    )
    recipients = models.ManyToManyField(
        "registry.Recipient", related_name="+", blank=True, verbose_name=_("ontvangers")
    )
    explicit = models.BooleanField(
        _("uitdrukkelijke toestemming"),
        default=False,
        help_text=_("Vereist voor bijzondere persoonsgegevens (art. 9 lid 2 sub a)."),
    )
    method = models.CharField(_("hoe verkregen"), max_length=20, choices=Method.choices)
    notice_version = models.CharField(_("versie informatietekst"), max_length=40)
    given_at = models.DateTimeField(_("gegeven op"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    evidence = EncryptedFileField(_("bewijs"), upload_to=evidence_path, blank=True)
    recorded_by = models.CharField(max_length=64)

    class Meta(PersonalDataModel.Meta):
        ordering = ["-given_at"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"consent {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class InformingTask(PersonalDataModel):
    """The duty to tell a resident about processing (Art. 13/14, P06, P07), with its deadline."""

    gate_purpose_path = "activity"

    gate_basis_bound = False  # bookkeeping, see Resident

    class Reason(models.TextChoices):
        SOURCE = "source", _("Gegevens niet van de inwoner zelf (art. 14)")
        INTEREST = "interest", _("Verwerking op grond van een belang (art. 13)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        INFORMED = "informed", _("Geïnformeerd")
        EXEMPTED = "exempted", _("Uitzondering vastgelegd")

    class Method(models.TextChoices):
        CONVERSATION = "conversation", _("In een gesprek")
        LETTER = "letter", _("Per brief")
        EMAIL = "email", _("Per e-mail")
        PORTAL = "portal", _("Via het portaal")

    class Exemption(models.TextChoices):
        """Art. 14(5) AVG."""

        ALREADY_KNOWS = "a", _("a. De inwoner beschikt al over de informatie")
        IMPOSSIBLE = "b", _("b. Onmogelijk of onevenredige inspanning")
        BY_LAW = "c", _("c. Verkrijging of verstrekking bij wet voorgeschreven")
        SECRECY = "d", _("d. Beroepsgeheim of wettelijke geheimhoudingsplicht")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="informing")
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("doel"),
    )
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    source_description = EncryptedCharField(_("bron"), max_length=200, blank=True)
    obtained_at = models.DateTimeField(_("gegevens verkregen op"))
    first_contact_at = models.DateTimeField(_("eerste contact"), null=True, blank=True)
    first_disclosure_at = models.DateTimeField(_("eerste verstrekking"), null=True, blank=True)
    deadline = models.DateTimeField(_("uiterlijk informeren op"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    informed_at = models.DateTimeField(_("geïnformeerd op"), null=True, blank=True)
    method = models.CharField(
        _("hoe geïnformeerd"), max_length=20, choices=Method.choices, blank=True
    )
    exemption = models.CharField(
        _("uitzondering"), max_length=1, choices=Exemption.choices, blank=True
    )
    exemption_reason = EncryptedTextField(_("motivering uitzondering"), blank=True)
    completed_by = models.CharField(max_length=64, blank=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["deadline"]
        indexes = [models.Index(fields=["status", "deadline"], name="informing_due")]
        verbose_name = _("informatieplicht")
        verbose_name_plural = _("informatieplichten")

    def __str__(self) -> str:
        return f"informing task {self.pk}"
