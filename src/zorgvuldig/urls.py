from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("backoffice/", include("zorgvuldig.backoffice.urls")),
    path("api/", include("zorgvuldig.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zorgvuldig.backoffice.public_urls")),
]
