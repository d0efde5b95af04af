"""Django admin for the register (P05, P15): every change goes through the versioning.

The change form validates with :func:`registry.services.activity_validate` (errors appear on
the fields), and after the many-to-many fields are saved
:func:`registry.services.activity_record_version` stores a new version when -- and only when --
the snapshot changed. Versions are read-only; activities are deactivated, never deleted (the
processing log points at their versions).
"""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin
from django.forms.models import construct_instance
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.registry.models import ActivityVersion, DataCategory, ProcessingActivity, Recipient
from zorgvuldig.registry.services import activity_record_version, activity_validate


class ProcessingActivityForm(forms.ModelForm):
    class Meta:
        model = ProcessingActivity
        fields = [
            "code",
            "name",
            "purpose",
            "lawful_ground",
            "lawful_ground_detail",
            "art9_exemption",
            "art9_detail",
            "bsn_legal_basis",
            "data_categories",
            "subject_categories",
            "recipients",
            "retention_policy",
            "retention_period",
            "security_measures",
            "controller_contact",
            "dpo_contact",
            "is_active",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = construct_instance(self, copy.copy(self.instance))
        try:
            activity_validate(activity=candidate, categories=cleaned.get("data_categories", []))
        except ValidationFailed as exc:
            for field, messages in exc.fields.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    form = ProcessingActivityForm
    list_display = ("name", "code", "lawful_ground", "is_active", "version_number")
    list_filter = ("is_active", "lawful_ground")
    search_fields = ("name", "code", "purpose")
    filter_horizontal = ("data_categories", "recipients")
    readonly_fields = ("version_number", "version_history")
    list_select_related = ("current_version",)

    @admin.display(description=_("versie"))
    def version_number(self, obj: ProcessingActivity):
        return obj.current_version.number if obj.current_version else "–"

    @admin.display(description=_("versiegeschiedenis"))
    def version_history(self, obj: ProcessingActivity):
        versions = obj.versions.order_by("-number") if obj.pk else []
        return format_html_join(
            "",
            "<div>v{} – {} – {}</div>",
            (
                (v.number, date_format(localtime(v.created_at), "j F Y H:i"), v.created_by)
                for v in versions
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the m2m fields are saved, so categories and recipients are in the snapshot.
        form.instance.current_version = activity_record_version(
            activity=form.instance, changed_by=f"user:{request.user.pk}"
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActivityVersion)
class ActivityVersionAdmin(admin.ModelAdmin):
    list_display = ("activity", "number", "created_at", "created_by")
    list_filter = ("activity",)
    readonly_fields = ("activity", "number", "snapshot", "created_at", "created_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DataCategory)
class DataCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "special_kind", "is_bsn")
    list_filter = ("special_kind", "is_bsn")
    search_fields = ("name", "code")


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "agreement_reference")
    list_filter = ("kind",)
    search_fields = ("name",)
