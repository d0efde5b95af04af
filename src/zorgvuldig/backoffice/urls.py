"""Back-office URLs. Residents are addressed by purpose and public id, never by personal data."""

from django.urls import include, path

from zorgvuldig.backoffice.views import (
    auth,
    consent,
    dashboard,
    informing,
    mfa,
    neighbourhood,
    notes,
    register,
    resident_forms,
    residents,
    signals,
    team,
)
from zorgvuldig.backoffice.views.alerts import alert_detail_view, alert_list_view
from zorgvuldig.backoffice.views.emergency import (
    emergency_access_end_view,
    emergency_access_view,
)
from zorgvuldig.backoffice.views.processing_history import processing_history_view

app_name = "backoffice"

_resident = "doel/<slug:activity_code>/inwoners/"
_file = f"{_resident}<uuid:public_id>/"
_signals = "doel/<slug:activity_code>/signalen/"

urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("login/verificatie/", mfa.verify_view, name="verify"),
    path("login/instellen/", mfa.enrol_view, name="enrol"),
    path("inlogmethoden/", mfa.login_methods_view, name="login_methods"),
    path("verklaring/tekenen/", dashboard.declaration_sign_view, name="declaration_sign"),
    path(_resident, residents.resident_list_view, name="resident_list"),
    path(f"{_resident}nieuw/", resident_forms.resident_create_view, name="resident_create"),
    path(f"{_resident}<uuid:public_id>/", residents.resident_detail_view, name="resident_detail"),
    path(
        f"{_resident}<uuid:public_id>/wijzigen/",
        resident_forms.resident_edit_view,
        name="resident_edit",
    ),
    path(f"{_file}notities/nieuw/", notes.note_create_view, name="note_create"),
    path(f"{_file}toestemming/nieuw/", consent.consent_create_view, name="consent_create"),
    path(
        f"{_file}toestemming/<int:pk>/intrekken/",
        consent.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        f"{_file}toestemming/<int:pk>/bewijs/",
        consent.consent_evidence_view,
        name="consent_evidence",
    ),
    path(
        f"{_file}informatieplicht/<int:pk>/",
        informing.informing_task_view,
        name="informing_task",
    ),
    path(_signals, signals.signal_list_view, name="signal_list"),
    path(f"{_signals}nieuw/", signals.signal_create_view, name="signal_create"),
    path(
        f"{_signals}nieuw/nieuwe-inwoner/",
        signals.signal_create_new_resident_view,
        name="signal_create_new_resident",
    ),
    path(f"{_signals}<int:pk>/", signals.signal_detail_view, name="signal_detail"),
    path("buurtsignalen/", neighbourhood.neighbourhood_signals_view, name="neighbourhood_signals"),
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
    path("", include("zorgvuldig.backoffice.urls_casework")),
    path(
        f"{_file}verwerkingen/",
        processing_history_view,
        name="resident_processing_history",
    ),
    path("noodtoegang/", emergency_access_view, name="emergency_access"),
    path(
        "noodtoegang/<int:pk>/beeindigen/",
        emergency_access_end_view,
        name="emergency_access_end",
    ),
    path("meldingen/", alert_list_view, name="alert_list"),
    path("meldingen/<int:pk>/", alert_detail_view, name="alert_detail"),
]
