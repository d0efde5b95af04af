"""Routes of the REST API under ``/api/``; see docs/api.md.

Every route needs an authenticated employee except those in :data:`PUBLIC_ROUTES`; a test walks
this URLconf and fails for any other route an anonymous client can reach.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from zorgvuldig.api.register import (
    ActivityDetailApi,
    ActivityListApi,
    RegisterExportCsvApi,
    RegisterExportJsonApi,
)
from zorgvuldig.api.residents import ResidentCollectionApi, ResidentDetailApi
from zorgvuldig.api.tokens import TokenObtainApi

app_name = "api"

# Reachable without logging in: how to log in, and the description of the API itself.
PUBLIC_ROUTES = frozenset({"api:token", "api:schema"})

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
    path(
        "purposes/<str:activity_code>/residents/",
        ResidentCollectionApi.as_view(),
        name="resident-list",
    ),
    path(
        "purposes/<str:activity_code>/residents/<str:public_id>/",
        ResidentDetailApi.as_view(),
        name="resident-detail",
    ),
]
