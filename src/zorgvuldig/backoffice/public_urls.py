"""Public pages at the site root (no login)."""

from django.urls import path

from zorgvuldig.backoffice.views import public

app_name = "public"

urlpatterns = [
    path("", public.home_view, name="home"),
    path("privacyverklaring/", public.privacy_statement_view, name="privacy"),
]
