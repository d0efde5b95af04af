"""Staff: teams, roles, assignments, declarations and emergency access (P09, P13, P14).

:class:`Employee` is the actor the processing gate knows for staff: it answers whether the
employee may process at all (active, current declaration) and which residents they may reach
for a purpose (their assignments, their team's, and for a team lead the whole team's; plus
the residents they opened with break-the-glass :class:`EmergencyAccess`, while it lasts).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgvuldig.vault.fields import EncryptedTextField


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Hulpverlener")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    ADMINISTRATOR = "administrator", _("Beheerder")


# Roles that do casework: they may register residents, be assigned to them and, in an
# emergency, open an unassigned resident's file (EmergencyAccess).
CASEWORK_ROLES = {Role.CASE_WORKER, Role.TEAM_LEAD}

# The reason for emergency access: long enough to say what is going on, short enough to review.
EMERGENCY_REASON_MIN_LENGTH = 20
EMERGENCY_REASON_MAX_LENGTH = 1000


class Team(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="employee",
        verbose_name=_("account"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.user.get_username()

    # -- the gate's actor protocol ---------------------------------------------------------

    @property
    def actor_ref(self) -> str:
        return f"employee:{self.pk}"

    @property
    def log_role(self) -> str:
        """The role recorded in the processing log (NEN 7513: in which capacity)."""
        return self.role

    @property
    def log_unit(self) -> str:
        """The team recorded in the processing log (a reference, never a person's name)."""
        return f"team:{self.team_id}" if self.team_id else ""

    def has_current_declaration(self) -> bool:
        cached = getattr(self, "_has_current_declaration", None)
        if cached is not None:
            return cached
        return self.declarations.current().exists()

    def gate_refusal(self, activity) -> str | None:
        if not self.user.is_active:
            return "actor_inactive"
        if not self.has_current_declaration():
            return "no_confidentiality_declaration"
        return None

    def assignment_scope(self, activity):
        """Resident ids reached through an assignment (own, team's, team lead's team)."""
        now = timezone.now()
        reach = Q(employee_id=self.pk)
        if self.team_id:
            reach |= Q(team_id=self.team_id)
            if self.role == Role.TEAM_LEAD:
                reach |= Q(employee__team_id=self.team_id)
        return (
            Assignment.objects.filter(reach, activity_id=activity.pk, valid_from__lte=now)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
            .values("resident_id")
        )

    def resident_scope(self, activity):
        """Resident ids this employee may process for ``activity`` (P13).

        Assignments plus active emergency access. A combined (``UNION``) queryset of
        ``resident_id`` rows: iterate it, count it, test ``exists()`` or use it in an ``__in``
        lookup; it cannot be filtered further (use :meth:`assignment_scope` for that).
        """
        assigned = self.assignment_scope(activity).order_by()
        granted = (
            EmergencyAccess.objects.active()
            .filter(employee_id=self.pk, activity_id=activity.pk)
            .values("resident_id")
            .order_by()
        )
        return assigned.union(granted)

    def may_have_emergency_access(self) -> bool:
        """False only when it is known (loaded with the employee) that no grant is active."""
        return getattr(self, "_has_emergency_access", None) is not False

    def emergency_resident_ids(self, activity) -> set[int]:
        """Residents reached *only* through active emergency access (their log says so, P14)."""
        if not self.may_have_emergency_access():
            return set()
        return set(
            EmergencyAccess.objects.active()
            .filter(employee_id=self.pk, activity_id=activity.pk)
            .exclude(resident_id__in=self.assignment_scope(activity))
            .values_list("resident_id", flat=True)
        )

    def resident_scope_sql(self, activity) -> tuple[str, list]:
        """The same scope as :meth:`resident_scope`, as one SQL subquery.

        Hand-written because the gate adds it to every query: building it through the ORM
        cost more than the query itself (measured in bench/gate_overhead.py). A test checks
        that both forms return the same residents. The emergency-access branch is left out
        when the employee was loaded knowing that none is active (``employee_for_user``).
        """
        now = timezone.now()
        table = Assignment._meta.db_table
        reach = ["a.employee_id = %s"]
        params: list = [activity.pk, now, now, self.pk]
        if self.team_id:
            reach.append("a.team_id = %s")
            params.append(self.team_id)
            if self.role == Role.TEAM_LEAD:
                reach.append(
                    f"a.employee_id IN (SELECT e.id FROM {Employee._meta.db_table} e "  # noqa: S608
                    "WHERE e.team_id = %s)"
                )
                params.append(self.team_id)
        sql = (
            f"SELECT a.resident_id FROM {table} a WHERE a.activity_id = %s "  # noqa: S608
            "AND a.valid_from <= %s AND (a.valid_until IS NULL OR a.valid_until > %s) "
            f"AND ({' OR '.join(reach)})"
        )
        if self.may_have_emergency_access():
            sql += (
                f" UNION ALL SELECT g.resident_id FROM {EmergencyAccess._meta.db_table} g "  # noqa: S608
                "WHERE g.employee_id = %s AND g.activity_id = %s AND g.started_at <= %s "
                "AND g.expires_at > %s AND g.ended_at IS NULL"
            )
            params.extend([self.pk, activity.pk, now, now])
        return sql, params

    def may_register_residents(self, activity) -> bool:
        return self.role in CASEWORK_ROLES


class DeclarationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(
            version=settings.CONFIDENTIALITY_DECLARATION_VERSION, revoked_at__isnull=True
        )


class ConfidentialityDeclaration(models.Model):
    """A signed confidentiality declaration (geheimhoudingsverklaring), P09."""

    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("medewerker"),
    )
    version = models.CharField(_("versie"), max_length=20)
    signed_at = models.DateTimeField(_("getekend op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "version"], name="declaration_once")
        ]
        verbose_name = _("geheimhoudingsverklaring")
        verbose_name_plural = _("geheimhoudingsverklaringen")

    def __str__(self) -> str:
        return f"{self.employee} {self.version}"


class Assignment(models.Model):
    """Who may process which resident for which purpose (need-to-know, P13).

    Exactly one of ``employee`` and ``team`` is set; a team assignment reaches every member.
    The row links a resident to a purpose, so it is read only by the gate and staff services.
    """

    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("inwoner"),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("verwerkingsactiviteit"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("medewerker"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("team"),
    )
    valid_from = models.DateTimeField(_("geldig vanaf"), default=timezone.now)
    valid_until = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    assigned_by = models.CharField(_("toegewezen door"), max_length=64)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(employee__isnull=False, team__isnull=True)
                    | Q(employee__isnull=True, team__isnull=False)
                ),
                name="assignment_employee_xor_team",
            )
        ]
        indexes = [
            models.Index(fields=["activity", "employee", "resident"], name="assign_emp"),
            models.Index(fields=["activity", "team", "resident"], name="assign_team"),
        ]
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")

    def __str__(self) -> str:
        return f"assignment {self.pk}"


class EmergencyAccessQuerySet(models.QuerySet):
    def active(self, at=None):
        """Grants in force at ``at`` (default now): started, not expired, not ended early."""
        at = at or timezone.now()
        return self.filter(started_at__lte=at, expires_at__gt=at, ended_at__isnull=True)


class EmergencyAccess(models.Model):
    """Break-the-glass access to one resident's file, for one purpose, for a limited time (P13).

    A case worker opens it with a stated reason when a resident who is not assigned to them
    needs help now (``people.emergency.emergency_access_open``). While active, the resident is
    in the worker's scope for that purpose; every opening leaves an ``emergency_access`` record
    in the processing log and every processing under it is marked ``emergency`` (P14), which is
    what the access alerts key on. The reason is free text and is never copied into the log;
    it is for the reviewers (team lead, privacy officer). Like an assignment, the row links an
    employee to a resident id; it is not a personal-data model (the gate's own scope reads it),
    and it is never shown together with the resident's data.
    """

    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("medewerker"),
    )
    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.CASCADE,
        related_name="emergency_accesses",
        verbose_name=_("inwoner"),
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("verwerkingsactiviteit"),
    )
    # Free text that may name the resident or their situation: sealed with the resident's data
    # key, so it is erased with them (docs/security.md). ``row_uid`` names the row in its
    # associated data.
    reason = EncryptedTextField(_("reden"), max_length=EMERGENCY_REASON_MAX_LENGTH)
    row_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")),
                name="emergency_access_expires_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["employee", "activity", "expires_at"], name="emergency_emp"),
        ]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")

    def __str__(self) -> str:
        return f"emergency access {self.pk}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.ended_at is None and self.started_at <= at < self.expires_at

    def gate_resident_id(self):
        """The resident whose data key seals the reason."""
        return self.resident_id


class StaffSession(AbstractBaseSession):
    """A database session that records whose it is (P12).

    Django's own session table cannot be searched by account without decoding every row; this
    one keeps the account's id next to the data (``staff.sessions.SessionStore`` fills it on
    every save), so all sessions of an account end at once when it is disabled or its password
    changes.
    """

    account = models.CharField(_("account"), max_length=64, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    @classmethod
    def get_session_store_class(cls):
        from zorgvuldig.staff.sessions import SessionStore

        return SessionStore
