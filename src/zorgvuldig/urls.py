from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("backoffice/", include("zorgvuldig.backoffice.urls")),
    # Passkeys (WebAuthn) as the second factor: registration and verification ceremonies.
    path(
        "backoffice/passkeys/",
        include("django_otp_webauthn.urls", namespace="otp_webauthn"),
    ),
    path("api/", include("zorgvuldig.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zorgvuldig.backoffice.public_urls")),
]
