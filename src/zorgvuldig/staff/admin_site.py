"""The Django admin behind the same login and second factor as the back-office (P12).

:class:`MfaAdminSite` is django-otp's ``OTPAdminSite``: staff users who did not verify a second
factor in this session are treated as having no admin access. It has no login form of its own:
logging in (password, then code or passkey, with the lockout) happens in the back-office, which
sends the employee back to the admin page afterwards. ``staff.admin_apps.MfaAdminConfig``
installs it as the default admin site, so ``admin.site`` and every ``@admin.register`` use it.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from zorgvuldig.staff.mfa import is_verified


class MfaAdminSite(OTPAdminSite):
    name = "admin"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if is_verified(request.user):
            if self.has_permission(request):
                return redirect(reverse("admin:index", current_app=self.name))
            # Fully logged in, but not admin staff: no second login form to try again with.
            raise PermissionDenied
        return redirect_to_login(target)
