"""Logging in and out of the back-office (Django's own views, Dutch templates)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST; a GET shows a page with the button (used where no form fits)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "backoffice/logout.html")
