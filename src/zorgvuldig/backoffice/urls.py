"""Back-office URLs. Residents are addressed by purpose and public id, never by personal data."""

from django.urls import path

from zorgvuldig.backoffice.views import auth, dashboard, register, resident_forms, residents, team

app_name = "backoffice"

_resident = "doel/<slug:activity_code>/inwoners/"

urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("verklaring/tekenen/", dashboard.declaration_sign_view, name="declaration_sign"),
    path(_resident, residents.resident_list_view, name="resident_list"),
    path(f"{_resident}nieuw/", resident_forms.resident_create_view, name="resident_create"),
    path(f"{_resident}<uuid:public_id>/", residents.resident_detail_view, name="resident_detail"),
    path(
        f"{_resident}<uuid:public_id>/wijzigen/",
        resident_forms.resident_edit_view,
        name="resident_edit",
    ),
    path("register/", register.register_list_view, name="register_list"),
    path("register/export.json", register.register_export_json_view, name="register_export_json"),
    path("register/export.csv", register.register_export_csv_view, name="register_export_csv"),
    path("register/<slug:code>/", register.register_detail_view, name="register_detail"),
    path("team/toewijzingen/", team.team_assignments_view, name="team_assignments"),
    path(
        "team/toewijzingen/<int:pk>/beeindigen/",
        team.assignment_end_view,
        name="assignment_end",
    ),
]
