"""Routes of the REST API under ``/api/``; see docs/api.md.

Every route needs an authenticated employee except those in :data:`PUBLIC_ROUTES`; a test walks
this URLconf and fails for any other route an anonymous client can reach. Routes that touch
personal data sit under ``purposes/<activity_code>/``: the purpose the employee works under.
Searches are ``POST .../search/`` routes (the term in the body, never in the URL).
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from zorgvuldig.api.alerts import AlertListApi, AlertReviewApi
from zorgvuldig.api.consent import ConsentCollectionApi, ConsentWithdrawApi
from zorgvuldig.api.documents import DocumentCollectionApi, DocumentDownloadApi
from zorgvuldig.api.emergency import EmergencyAccessCollectionApi, EmergencyAccessEndApi
from zorgvuldig.api.informing import (
    InformingCompleteApi,
    InformingContactApi,
    InformingExemptApi,
    InformingListApi,
    ResidentInformingApi,
)
from zorgvuldig.api.notes import NoteCollectionApi
from zorgvuldig.api.processing_history import ProcessingHistoryApi
from zorgvuldig.api.projects import ParticipantCollectionApi, ProjectDetailApi, ProjectListApi
from zorgvuldig.api.register import (
    ActivityDetailApi,
    ActivityListApi,
    RegisterExportCsvApi,
    RegisterExportJsonApi,
)
from zorgvuldig.api.residents import ResidentCollectionApi, ResidentDetailApi, ResidentSearchApi
from zorgvuldig.api.signals import (
    SignalCollectionApi,
    SignalDetailApi,
    SignalSearchApi,
    SignalTriageApi,
)
from zorgvuldig.api.tokens import TokenObtainApi
from zorgvuldig.api.trajectories import (
    GoalCollectionApi,
    GoalDetailApi,
    TrajectoryCollectionApi,
    TrajectoryDetailApi,
    TrajectoryStatusApi,
)

app_name = "api"

# Reachable without logging in: how to log in, and the description of the API itself.
PUBLIC_ROUTES = frozenset({"api:token", "api:schema"})

PURPOSE = "purposes/<str:activity_code>/"
RESIDENT = PURPOSE + "residents/<str:public_id>/"

urlpatterns = [
    path("token/", TokenObtainApi.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("register/activities/", ActivityListApi.as_view(), name="activity-list"),
    path(
        "register/activities/<str:code>/",
        ActivityDetailApi.as_view(),
        name="activity-detail",
    ),
    path("register/export.json", RegisterExportJsonApi.as_view(), name="register-export-json"),
    path("register/export.csv", RegisterExportCsvApi.as_view(), name="register-export-csv"),
    path("projects/", ProjectListApi.as_view(), name="project-list"),
    path("projects/<str:pk>/", ProjectDetailApi.as_view(), name="project-detail"),
    # -- residents and their file ----------------------------------------------------------
    path(PURPOSE + "residents/", ResidentCollectionApi.as_view(), name="resident-list"),
    # Before the resident's own routes: "search" would otherwise be read as a public_id.
    path(PURPOSE + "residents/search/", ResidentSearchApi.as_view(), name="resident-search"),
    path(RESIDENT, ResidentDetailApi.as_view(), name="resident-detail"),
    path(RESIDENT + "notes/", NoteCollectionApi.as_view(), name="note-list"),
    path(RESIDENT + "consents/", ConsentCollectionApi.as_view(), name="consent-list"),
    path(RESIDENT + "documents/", DocumentCollectionApi.as_view(), name="document-list"),
    path(
        RESIDENT + "informing-tasks/",
        ResidentInformingApi.as_view(),
        name="resident-informing-list",
    ),
    path(
        RESIDENT + "processing-history/",
        ProcessingHistoryApi.as_view(),
        name="resident-processing-history",
    ),
    # -- casework under a purpose ------------------------------------------------------------
    path(PURPOSE + "signals/", SignalCollectionApi.as_view(), name="signal-list"),
    path(PURPOSE + "signals/search/", SignalSearchApi.as_view(), name="signal-search"),
    path(PURPOSE + "signals/<str:pk>/", SignalDetailApi.as_view(), name="signal-detail"),
    path(PURPOSE + "signals/<str:pk>/triage/", SignalTriageApi.as_view(), name="signal-triage"),
    path(PURPOSE + "trajectories/", TrajectoryCollectionApi.as_view(), name="trajectory-list"),
    path(
        PURPOSE + "trajectories/<str:pk>/",
        TrajectoryDetailApi.as_view(),
        name="trajectory-detail",
    ),
    path(
        PURPOSE + "trajectories/<str:pk>/status/",
        TrajectoryStatusApi.as_view(),
        name="trajectory-status",
    ),
    path(
        PURPOSE + "trajectories/<str:pk>/goals/",
        GoalCollectionApi.as_view(),
        name="goal-list",
    ),
    path(
        PURPOSE + "trajectories/<str:pk>/goals/<str:goal_id>/",
        GoalDetailApi.as_view(),
        name="goal-detail",
    ),
    path(
        PURPOSE + "consents/<str:pk>/withdraw/",
        ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
    path(PURPOSE + "informing-tasks/", InformingListApi.as_view(), name="informing-list"),
    path(
        PURPOSE + "informing-tasks/<str:pk>/complete/",
        InformingCompleteApi.as_view(),
        name="informing-complete",
    ),
    path(
        PURPOSE + "informing-tasks/<str:pk>/exempt/",
        InformingExemptApi.as_view(),
        name="informing-exempt",
    ),
    path(
        PURPOSE + "informing-tasks/<str:pk>/contact/",
        InformingContactApi.as_view(),
        name="informing-contact",
    ),
    path(
        PURPOSE + "documents/<str:pk>/download/",
        DocumentDownloadApi.as_view(),
        name="document-download",
    ),
    path(
        PURPOSE + "projects/<str:pk>/participants/",
        ParticipantCollectionApi.as_view(),
        name="participant-list",
    ),
    # -- break-the-glass emergency access (P13) -----------------------------------------------
    path(
        PURPOSE + "emergency-access/",
        EmergencyAccessCollectionApi.as_view(),
        name="emergency-access-open",
    ),
    path(
        "emergency-access/<str:pk>/end/",
        EmergencyAccessEndApi.as_view(),
        name="emergency-access-end",
    ),
    # -- snooping alerts (P14) ---------------------------------------------------------------
    path("alerts/", AlertListApi.as_view(), name="alert-list"),
    path("alerts/<str:pk>/review/", AlertReviewApi.as_view(), name="alert-review"),
]
