"""The second step of logging in: a code or a passkey, and setting one up (P12).

After the password (``views.auth.LoginView``) the session is logged in but not *verified*;
every page with personal data sends it here (``backoffice.access``). An employee with a
confirmed device types the code from their authenticator app or uses their passkey; one
without a device sets up an authenticator app first (QR code and secret, confirmed with a first
code) or registers a passkey. Both end with django-otp marking the session verified and a new
session key.

Wrong codes are failed logins for the username + address lockout (django-axes): after
``AXES_FAILURE_LIMIT`` of them the session is logged out and the lockout page shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from zorgvuldig.backoffice.access import verified_required
from zorgvuldig.backoffice.forms_mfa import CodeForm
from zorgvuldig.backoffice.lockout import lockout_response
from zorgvuldig.staff.mfa import (
    has_second_factor,
    is_verified,
    totp_enrolment_confirm,
    totp_enrolment_device,
    totp_secret,
    totp_throttled,
    totp_verify,
)


def next_url(request) -> str:
    """Where to go after logging in: the ``next`` asked for when safe, else the start page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, target: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def _credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new key for the session that now reaches personal data


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def verify_view(request):
    """Ask a verified device for proof: a code from the app, or the passkey."""
    user, target = request.user, next_url(request)
    if is_verified(user):
        return redirect(target)
    if not has_second_factor(user):
        return redirect(with_next("backoffice:enrol", target))
    if not AxesProxyHandler.is_allowed(request, _credentials(user)):
        logout(request)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = totp_throttled(user=user)  # django-otp refuses every code for a while
        device = totp_verify(user=user, code=form.cleaned_data["otp_token"])
        if device is not None:
            _verified(request, device)
            return redirect(target)
        # A wrong code is a failed login: it counts towards the lockout (django-axes).
        user_login_failed.send(__name__, credentials=_credentials(user), request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout_response(request)
        if waiting:
            form.add_error(
                "otp_token",
                _("Te veel onjuiste codes na elkaar. Wacht even en probeer het dan opnieuw."),
            )
        else:
            form.add_error(
                "otp_token",
                _("Deze code klopt niet of is al gebruikt. Probeer de volgende code."),
            )
    context = {
        "form": form,
        "next": target,
        "has_totp": TOTPDevice.objects.devices_for_user(user, confirmed=True).exists(),
        "has_passkey": WebAuthnCredential.objects.devices_for_user(user, confirmed=True).exists(),
    }
    return render(request, "backoffice/mfa/verify.html", context)


def qr_code_svg(text: str, *, title: str) -> str:
    """``text`` as an inline SVG QR code (no script, no style: fits the strict CSP)."""
    svg = segno.make(text, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's own SVG)


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def enrol_view(request):
    """Set up an authenticator app (or a passkey) for an account that has no second factor."""
    user, target = request.user, next_url(request)
    if has_second_factor(user):
        return redirect(with_next("backoffice:verify", target))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_enrolment_confirm(user=user, code=form.cleaned_data["otp_token"])
        if device is not None:
            _verified(request, device)
            messages.success(request, _("Uw authenticator-app is ingesteld."))
            return redirect(target)
        form.add_error(
            "otp_token",
            _("Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat."),
        )
    device = totp_enrolment_device(user=user)
    context = {
        "form": form,
        "next": target,
        "qr_code": qr_code_svg(device.config_url, title=_("QR-code voor uw authenticator-app")),
        "secret": totp_secret(device),
        "continue_url": with_next("backoffice:verify", target),
    }
    return render(request, "backoffice/mfa/enrol.html", context)


@never_cache
@verified_required
def login_methods_view(request):
    """The employee's own second factors; a passkey can be added here."""
    user = request.user
    context = {
        "apps": TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk"),
        "passkeys": WebAuthnCredential.objects.devices_for_user(user, confirmed=True).order_by(
            "pk"
        ),
    }
    return render(request, "backoffice/mfa/methods.html", context)
