"""Logging in and out of the back-office: the password step (P12).

The password is checked by Django's ``LoginView`` (through django-axes, which refuses a locked
username + address first). A correct password logs the session in, but not *verified*: it goes
on to the second factor (``views.mfa``) and reaches no personal data until that is done.
"""

from __future__ import annotations

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from zorgvuldig.backoffice.views.mfa import next_url, with_next
from zorgvuldig.staff.mfa import is_verified


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if is_verified(request.user):
                return redirect(next_url(request))
            return redirect(with_next("backoffice:verify", next_url(request)))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        auth_login(self.request, form.get_user())
        return redirect(with_next("backoffice:verify", next_url(self.request)))


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST; a GET shows a page with the button (used where no form fits)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "backoffice/logout.html")
