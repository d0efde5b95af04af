"""Back-office URLs for trajectories, projects and documents.

Included into the ``backoffice`` namespace by ``backoffice/urls.py`` (no ``app_name`` here).
Trajectories and documents are personal data: their URLs carry the purpose, like the residents'.
Projects describe a group effort, not a person, and have no purpose in the URL; their
participants are read under the ``projecten`` purpose.
"""

from django.urls import path

from zorgvuldig.backoffice.views import documents, projects, trajectories

_purpose = "doel/<slug:activity_code>/"
_resident = f"{_purpose}inwoners/<uuid:public_id>/"
_trajectory = f"{_purpose}trajecten/<int:pk>/"

urlpatterns = [
    path(f"{_purpose}trajecten/", trajectories.trajectory_list_view, name="trajectory_list"),
    path(_trajectory, trajectories.trajectory_detail_view, name="trajectory_detail"),
    path(f"{_resident}traject/nieuw/", trajectories.trajectory_open_view, name="trajectory_open"),
    path(f"{_trajectory}status/", trajectories.trajectory_status_view, name="trajectory_status"),
    path(f"{_trajectory}doelen/nieuw/", trajectories.goal_add_view, name="goal_add"),
    path(f"{_trajectory}doelen/<int:goal_pk>/", trajectories.goal_update_view, name="goal_update"),
    path(f"{_resident}documenten/nieuw/", documents.document_upload_view, name="document_upload"),
    path(
        f"{_purpose}documenten/<int:pk>/download/",
        documents.document_download_view,
        name="document_download",
    ),
    path("projecten/", projects.project_list_view, name="project_list"),
    path("projecten/nieuw/", projects.project_create_view, name="project_create"),
    path("projecten/<int:pk>/", projects.project_detail_view, name="project_detail"),
    path(
        "projecten/<int:pk>/activiteiten/nieuw/",
        projects.project_activity_add_view,
        name="project_activity_add",
    ),
    path(
        "projecten/<int:pk>/deelnemers/nieuw/",
        projects.participation_add_view,
        name="participation_add",
    ),
]
