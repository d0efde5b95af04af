"""API tokens for employees: ``POST /api/token/`` with username and password (P12).

A token is issued only to an active login that belongs to an employee; a wrong password, an
inactive account and a login without an employee all get the same answer. The token is DRF's
``authtoken`` (one per user, sent as ``Authorization: Token <key>``). Multi-factor
authentication, token expiry and revocation come in a later issue; until then attempts are
throttled per client address.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from zorgvuldig.api.access import AUTHENTICATION_CLASSES
from zorgvuldig.api.errors import error_description, error_responses
from zorgvuldig.staff.selectors import employee_for_user

_TOKEN_CODES = ("validation_failed", "authentication_failed", "throttled")


def token_issue(*, request, username: str, password: str) -> Token:
    """Return the API token of an active employee with these credentials."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active or employee_for_user(user) is None:
        raise exceptions.AuthenticationFailed(
            _("Gebruikersnaam of wachtwoord onjuist, of dit account heeft geen toegang.")
        )
    token, _created = Token.objects.get_or_create(user=user)
    return token


class TokenThrottle(AnonRateThrottle):
    """Ten attempts a minute per client address, until django-axes arrives."""

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

    @extend_schema_serializer(component_name="Token")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")

    @extend_schema(
        operation_id="token_create",
        tags=["auth"],
        summary="Get an API token with username and password",
        description=(
            "For active employees. Multi-factor authentication is not required yet (a later "
            "issue). Throttled to 10 attempts a minute per client address.\n\n"
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
