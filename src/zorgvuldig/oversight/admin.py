"""Django admin for oversight: employees' home addresses, entered by HR or the privacy officer.

Alerts are not in the admin: who may see which alert is decided by
:mod:`zorgvuldig.oversight.alerts.review`, on the back-office pages and the API.
"""

from __future__ import annotations

from django.contrib import admin

from zorgvuldig.oversight.models import EmployeeHomeAddress


@admin.register(EmployeeHomeAddress)
class EmployeeHomeAddressAdmin(admin.ModelAdmin):
    list_display = ("employee", "updated_at")
    list_select_related = ("employee__user",)
    search_fields = ("employee__user__username", "employee__user__last_name")
    autocomplete_fields = ("employee",)
