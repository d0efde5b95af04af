"""Residents (data subjects) and the source of each of their data (P03, P07).

Both models hold personal data and therefore subclass PersonalDataModel: they can only be
queried inside a processing context, scoped to the actor's need-to-know.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgvuldig.core.models import PersonalDataModel

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

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_names = models.CharField(_("voornamen"), max_length=120)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=80, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(PersonalDataModel.Meta):
        ordering = ["surname", "given_names", "id"]
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")

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


class SourceKind(models.TextChoices):
    RESIDENT = "resident", _("De inwoner zelf")
    THIRD_PARTY = "third_party", _("Een derde (bijvoorbeeld buurman of familielid)")
    REFERRER = "referrer", _("Een verwijzende organisatie")


class DataSource(PersonalDataModel):
    """Where one datum of a resident came from (P03, P07 / Art. 14)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="sources")
    field_name = models.CharField(_("gegeven"), max_length=40)
    kind = models.CharField(_("bron"), max_length=20, choices=SourceKind.choices)
    source_name = models.CharField(
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
