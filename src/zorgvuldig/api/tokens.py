"""API tokens for employees: ``POST /api/token/`` with username, password and a TOTP code (P12).

A token stands for both factors, so it is issued only after the password *and* a current code
from the employee's authenticator app (``otp_token``; set one up in the back-office first):

- no code at all: 401 ``mfa_required``, before the password is even looked at, so the answer
  never tells whether the password was right;
- a wrong password, a wrong or reused code, an inactive account, a login without an employee or
  without an authenticator app: one and the same 401 ``authentication_failed``;
- too many failures (wrong password or code) for one username from one address: 429
  ``locked_out`` for the cool-off time. django-axes counts them: the password goes through
  ``authenticate(request=...)``, and a wrong code is reported as a failed login too.

Next to that lockout the DRF throttle stays: ten requests a minute per client address, whatever
the username (against trying many usernames from one address). The token is DRF's ``authtoken``
(one per user, sent as ``Authorization: Token <key>``); it ends when the account is disabled or
its password changes (``staff.sessions``). A passkey cannot be used here: scripts have no
browser to hold one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from zorgvuldig.api.access import AUTHENTICATION_CLASSES
from zorgvuldig.api.errors import LockedOut, MfaRequired, error_description, error_responses
from zorgvuldig.staff.mfa import normalise_code, totp_verify
from zorgvuldig.staff.selectors import employee_for_user

_TOKEN_CODES = (
    "validation_failed",
    "mfa_required",
    "authentication_failed",
    "throttled",
    "locked_out",
)
_FAILED = _("Gebruikersnaam, wachtwoord of code onjuist, of dit account heeft geen toegang.")


def _refuse(request, username: str):
    """Count a failed login for the lockout and answer: locked out, or the one failure."""
    user_login_failed.send(__name__, credentials={"username": username}, request=request)
    if getattr(request, "axes_locked_out", False):
        return LockedOut(wait_seconds=settings.AXES_COOLOFF_MINUTES * 60)
    return exceptions.AuthenticationFailed(_FAILED)


def token_issue(*, request, username: str, password: str, otp_token: str = "") -> Token:
    """Return the API token of an active employee with these credentials and a current code."""
    if not normalise_code(otp_token):
        raise MfaRequired()
    # authenticate() reports a wrong password to django-axes itself (user_login_failed).
    user = authenticate(request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(wait_seconds=settings.AXES_COOLOFF_MINUTES * 60)
        raise exceptions.AuthenticationFailed(_FAILED)
    if not user.is_active or employee_for_user(user) is None:
        raise _refuse(request, username)
    if totp_verify(user=user, code=otp_token) is None:
        raise _refuse(request, username)
    token, _created = Token.objects.get_or_create(user=user)
    return token


class TokenThrottle(AnonRateThrottle):
    """Ten attempts a minute per client address (any username); django-axes does the rest."""

    scope = "api-token"
    rate = "10/min"


class TokenObtainApi(APIView):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [AllowAny]  # public: this is how a client authenticates
    throttle_classes = [TokenThrottle]

    @extend_schema_serializer(component_name="TokenRequest")
    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(
            max_length=4096, trim_whitespace=False, style={"input_type": "password"}
        )
        otp_token = serializers.CharField(
            max_length=16,
            required=False,
            allow_blank=True,
            help_text=(
                "The current six-digit code from the employee's authenticator app (TOTP). "
                "Required: without it the answer is `mfa_required`. Each code works once."
            ),
        )

    @extend_schema_serializer(component_name="Token")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")

    @extend_schema(
        operation_id="token_create",
        tags=["auth"],
        summary="Get an API token with username, password and a TOTP code",
        description=(
            "For active employees with an authenticator app (set up in the back-office). "
            "Both factors are required: the password and the current code (`otp_token`). "
            "A wrong password and a wrong code get the same answer. Too many failures for one "
            "username from one address lock that combination out for a while; besides, "
            "requests are throttled to 10 a minute per client address.\n\n"
            + error_description(*_TOKEN_CODES)
        ),
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(*_TOKEN_CODES)},
        auth=[],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_issue(request=request._request, **serializer.validated_data)
        return Response(self.OutputSerializer({"token": token.key}).data)
