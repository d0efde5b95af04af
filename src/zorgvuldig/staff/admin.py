"""Django admin for staff (P09, P13).

Residents are never shown here: they can only be read through the processing gate. An
assignment therefore shows the resident's internal number only, and assignments are made in
the back-office (the team lead's screen), where the gate decides whom the lead may assign.
Declarations are signed by employees themselves; the admin can only revoke them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zorgvuldig.staff.models import Assignment, ConfidentialityDeclaration, Employee, Team
from zorgvuldig.staff.selectors import employee_for_user
from zorgvuldig.staff.services import assignment_end, declaration_revoke


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "role", "team")
    list_filter = ("role", "team")
    list_select_related = ("user", "team")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(ConfidentialityDeclaration)
class ConfidentialityDeclarationAdmin(admin.ModelAdmin):
    list_display = ("employee", "version", "signed_at", "revoked_at")
    list_filter = ("version",)
    list_select_related = ("employee__user",)
    readonly_fields = ("employee", "version", "signed_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # Signing is the employee's own, explicit act in the back-office.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Geselecteerde verklaringen intrekken"))
    def revoke(self, request, queryset):
        employees = {d.employee for d in queryset.select_related("employee")}
        count = sum(declaration_revoke(employee=e) for e in employees)
        message = ngettext(
            "%(count)d verklaring ingetrokken.", "%(count)d verklaringen ingetrokken.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only; an assignment is ended (kept as history), never edited or deleted here."""

    list_display = (
        "pk",
        "resident_number",
        "activity",
        "employee",
        "team",
        "valid_from",
        "valid_until",
    )
    list_filter = ("activity", "team")
    list_select_related = ("activity", "employee__user", "team")
    fields = ("resident_number", "activity", "employee", "team", "valid_from", "valid_until")
    readonly_fields = fields
    actions = ["end"]

    @admin.display(description=_("inwoner (intern nummer)"))
    def resident_number(self, obj: Assignment):
        return obj.resident_id

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Geselecteerde toewijzingen beëindigen"))
    def end(self, request, queryset):
        actor = employee_for_user(request.user)
        ongoing = list(queryset.filter(valid_until__isnull=True))
        for assignment in ongoing:
            assignment_end(ended_by=actor, assignment=assignment)
        message = ngettext(
            "%(count)d toewijzing beëindigd.", "%(count)d toewijzingen beëindigd.", len(ongoing)
        )
        self.message_user(request, message % {"count": len(ongoing)}, messages.SUCCESS)
