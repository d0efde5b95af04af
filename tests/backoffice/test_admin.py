"""Django admin for the register and staff: versioning on save, residents never exposed."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.registry.models import ActivityVersion, ProcessingActivity
from zorgvuldig.staff.models import Assignment


@pytest.fixture
def admin_client_(client, admin_user):
    mfa_login(client, admin_user)
    return client


def change_url(activity: ProcessingActivity) -> str:
    return reverse("admin:registry_processingactivity_change", args=[activity.pk])


def form_data(activity: ProcessingActivity, **overrides) -> dict:
    data = {
        name: getattr(activity, name)
        for name in (
            "code",
            "name",
            "purpose",
            "lawful_ground",
            "lawful_ground_detail",
            "art9_exemption",
            "art9_detail",
            "bsn_legal_basis",
            "subject_categories",
            "retention_policy",
            "retention_period",
            "security_measures",
            "controller_contact",
            "dpo_contact",
        )
    }
    data["is_active"] = "on" if activity.is_active else ""
    data["data_categories"] = [c.pk for c in activity.data_categories.all()]
    data["recipients"] = [r.pk for r in activity.recipients.all()]
    data.update(overrides)
    return data


def versions(activity) -> int:
    return ActivityVersion.objects.filter(activity=activity).count()


def test_admin_save_without_change_makes_no_new_version(admin_client_, support):
    before = versions(support)
    response = admin_client_.post(change_url(support), form_data(support))
    assert response.status_code == 302
    assert versions(support) == before


def test_admin_save_with_change_makes_a_new_version(admin_client_, support):
    before = versions(support)
    response = admin_client_.post(
        change_url(support), form_data(support, retention_period="20 jaar na afsluiting")
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert versions(support) == before + 1
    assert support.current_version.snapshot["retention_period"] == "20 jaar na afsluiting"
    assert support.current_version.created_by.startswith("user:")


def test_admin_m2m_change_is_in_the_new_version(admin_client_, support):
    extra = factories.category("contactgegevens")
    categories = [c.pk for c in support.data_categories.all()] + [extra.pk]
    admin_client_.post(change_url(support), form_data(support, data_categories=categories))
    support.refresh_from_db()
    assert "contactgegevens" in support.current_version.snapshot["data_categories"]


def test_admin_shows_service_validation_as_field_errors(admin_client_, support):
    health = factories.category("gezondheid", special_kind="health")
    before = versions(support)
    response = admin_client_.post(
        change_url(support),
        form_data(support, data_categories=[health.pk], art9_exemption=""),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "art9_exemption" in errors
    assert versions(support) == before


def test_admin_adds_an_activity_with_its_first_version(admin_client_, support):
    data = form_data(support, code="nieuw-doel", name="Nieuw doel")
    response = admin_client_.post(reverse("admin:registry_processingactivity_add"), data)
    assert response.status_code == 302
    created = ProcessingActivity.objects.get(code="nieuw-doel")
    assert created.current_version.number == 1


def test_activity_versions_are_read_only_and_activities_not_deletable(admin_client_, support):
    version = support.current_version
    url = reverse("admin:registry_activityversion_change", args=[version.pk])
    assert admin_client_.get(url).status_code == 200
    admin_client_.post(url, {"number": 99})
    version.refresh_from_db()
    assert version.number == 1
    delete = reverse("admin:registry_processingactivity_delete", args=[support.pk])
    assert admin_client_.get(delete).status_code == 403


def test_residents_are_never_in_the_admin():
    assert Resident not in admin.site._registry
    assert DataSource not in admin.site._registry


def test_admin_pages_for_staff_work_without_opening_the_gate(admin_client_, support, worker):
    factories.resident(assign_to=worker)
    assignment = Assignment.objects.get(employee=worker)
    for name in ("team", "employee", "confidentialitydeclaration", "assignment"):
        assert admin_client_.get(reverse(f"admin:staff_{name}_changelist")).status_code == 200
    url = reverse("admin:staff_assignment_change", args=[assignment.pk])
    assert admin_client_.get(url).status_code == 200
    for name in ("processingactivity", "activityversion", "datacategory", "recipient"):
        assert admin_client_.get(reverse(f"admin:registry_{name}_changelist")).status_code == 200
    change = admin_client_.get(change_url(support))
    assert change.status_code == 200
    assert "<div>v1 – " in change.content.decode()  # the version history


def test_admin_ends_assignments_through_the_service(admin_client_, support, worker):
    factories.resident(assign_to=worker)
    assignment = Assignment.objects.get(employee=worker)
    admin_client_.post(
        reverse("admin:staff_assignment_changelist"),
        {"action": "end", "_selected_action": [assignment.pk]},
    )
    assignment.refresh_from_db()
    assert assignment.valid_until is not None


def test_admin_revokes_declarations(admin_client_, worker):
    declaration = worker.declarations.get()
    admin_client_.post(
        reverse("admin:staff_confidentialitydeclaration_changelist"),
        {"action": "revoke", "_selected_action": [declaration.pk]},
    )
    declaration.refresh_from_db()
    assert declaration.revoked_at is not None
