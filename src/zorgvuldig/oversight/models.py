"""Snooping alerts over the processing log (P14), and what the rules need to raise them.

An :class:`Alert` says that an employee's processing looks like more than their work needs:
emergency access not yet reviewed, repeated failed attempts at emergency access, many residents
in a short time, access outside working hours, access to a resident who shares the employee's
surname or home address, or to a colleague's own file. Alerts hold references only -- the
employee, the pseudonymous resident reference (``subject_ref``), log record ids and the
emergency-access grant -- never a name or text from the log. A team lead or the privacy officer
reviews each one once: justified, or not justified with a note (relation alerts: the privacy
officer only).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


class AlertKind(models.TextChoices):
    EMERGENCY_ACCESS = "emergency_access", _("Noodtoegang")
    BULK_ACCESS = "bulk_access", _("Veel inwoners in korte tijd")
    OUTSIDE_HOURS = "outside_hours", _("Buiten werktijd")
    SHARED_SURNAME = "shared_surname", _("Zelfde achternaam als de medewerker")
    SHARED_ADDRESS = "shared_address", _("Zelfde adres als de medewerker")
    COLLEAGUE_FILE = "colleague_file", _("Dossier van een collega")
    FAILED_EMERGENCY_LOOKUPS = "failed_emergency_lookups", _("Herhaald mislukte noodtoegang")


# Alerts that say something about the employee's own family, housemates or colleagues (and,
# through the purpose, about what help they get): only the privacy officer reviews them (P13).
RELATION_KINDS = frozenset(
    {AlertKind.SHARED_SURNAME, AlertKind.SHARED_ADDRESS, AlertKind.COLLEAGUE_FILE}
)


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    JUSTIFIED = "justified", _("Gerechtvaardigd")
    NOT_JUSTIFIED = "not_justified", _("Niet gerechtvaardigd")


class Alert(models.Model):
    """One suspicion about one employee's processing, open until reviewed (P14).

    ``key`` groups the records one alert stands for: the resident reference (family,
    housemate, colleague), the local date (outside working hours, failed emergency lookups) or
    the log record (emergency access); bulk alerts cover a time window instead. ``fingerprint``
    is unique, so running the rules twice over the same records raises nothing new.
    """

    kind = models.CharField(_("soort"), max_length=32, choices=AlertKind.choices)
    fingerprint = models.CharField(max_length=200, unique=True)
    key = models.CharField(max_length=80, blank=True)
    actor_ref = models.CharField(_("medewerker (logverwijzing)"), max_length=64)
    employee = models.ForeignKey(
        "staff.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("medewerker"),
    )
    # The employee's team when the records were made (the log's actor_unit).
    team = models.ForeignKey(
        "staff.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    # The purpose of the first record: a reviewer allowed to process this resident for it may
    # see the resident's name on the review page (through the gate).
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doel"),
    )
    subject_ref = models.CharField(_("inwoner (gepseudonimiseerd)"), max_length=64, blank=True)
    # The grant an emergency-access alert is about, matched by the rule on employee, resident
    # reference and time (no personal data read). Its reason is shown to a reviewer who may see
    # the resident; a "not justified" review ends it. Erasing the resident removes the grant.
    emergency_access = models.ForeignKey(
        "staff.EmergencyAccess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("noodtoegang"),
    )
    first_record_id = models.BigIntegerField(_("eerste logregel"))
    last_record_id = models.BigIntegerField(_("laatste logregel"))
    window_start = models.DateTimeField(_("vanaf"))
    window_end = models.DateTimeField(_("tot en met"))
    count = models.PositiveIntegerField(
        _("aantal"),
        default=1,
        help_text=_("Bij veel inwoners in korte tijd: het aantal inwoners; anders logregels."),
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(
        _("beoordeling"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    reviewed_by = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="alert_status"),
            models.Index(fields=["kind", "actor_ref", "key"], name="alert_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=AlertStatus.OPEN, reviewed_at__isnull=True, reviewed_by__isnull=True)
                    | (
                        ~Q(status=AlertStatus.OPEN)
                        & Q(reviewed_at__isnull=False, reviewed_by__isnull=False)
                    )
                ),
                name="alert_reviewed_when_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status=AlertStatus.NOT_JUSTIFIED, review_note=""),
                name="alert_not_justified_has_note",
            ),
        ]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return f"alert {self.pk} {self.kind} {self.actor_ref}"

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN

    @property
    def suggests_breach_report(self) -> bool:
        """Not justified: possibly a data breach, to be reported in the breach register."""
        return self.status == AlertStatus.NOT_JUSTIFIED


class AlertCursor(models.Model):
    """How far a group of rules has read the processing log.

    ``pending`` lists record ids below ``last_record_id`` that were missing when the cursor
    passed them, with the time they were first missed: on PostgreSQL a record can commit after
    one with a higher id. They are looked for again until ``AUDIT_SEAL_GRACE_SECONDS`` passed.
    """

    name = models.CharField(max_length=40, unique=True)
    last_record_id = models.BigIntegerField(default=0)
    pending = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_record_id}"


class EmployeeHomeAddress(models.Model):
    """An employee's home address, entered by HR or the privacy officer (optional).

    Used only to notice access to a resident living at the same address, or to a colleague's
    own file (P14). An employee without one is simply not checked on address.
    """

    employee = models.OneToOneField(
        "staff.Employee",
        on_delete=models.CASCADE,
        related_name="home_address",
        verbose_name=_("medewerker"),
    )
    postcode = models.CharField(_("postcode"), max_length=7)
    house_number = models.CharField(
        _("huisnummer"), max_length=20, help_text=_("Met toevoeging, bijvoorbeeld 12A of 12-2.")
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["employee"]
        verbose_name = _("woonadres medewerker")
        verbose_name_plural = _("woonadressen medewerkers")

    def __str__(self) -> str:
        return f"home address of employee {self.employee_id}"

    def clean(self) -> None:
        postcode = "".join((self.postcode or "").split()).upper()
        if not _POSTCODE.fullmatch(postcode):
            raise ValidationError(
                {"postcode": _("Geef een Nederlandse postcode op, zoals 1234 AB.")}
            )
        self.postcode = f"{postcode[:4]} {postcode[4:]}"
        self.house_number = "".join((self.house_number or "").split()).upper()
        if not self.house_number[:1].isdigit():
            raise ValidationError({"house_number": _("Begin het huisnummer met een cijfer.")})
