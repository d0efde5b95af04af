"""Who may call the API: authentication order, the employee behind a login, role checks (P09).

Every API view derives from :class:`EmployeeApi` (or states its own, public, access rules), so
an anonymous call answers 401 ``not_authenticated`` and a login without an employee 403
``permission_denied``. Token authentication comes first in the list because DRF takes the
``WWW-Authenticate`` header -- and with it the choice between 401 and 403 -- from the first
authenticator; session authentication has no such header.

A ``search`` query parameter is refused on every such view (400 ``search_in_url_not_allowed``):
search terms go in the body of the ``POST .../search/`` operations.

Multi-factor authentication (P12): a session-authenticated call must come from a session that
passed its second factor (code or passkey) in the back-office, else 401 ``mfa_required``. A
token is only issued after a TOTP code (``api.tokens``), so a valid token already stands for
both factors. Any other way of authenticating is refused the same way.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.views import APIView

from zorgvuldig.api.errors import MfaRequired, reject_search_in_url
from zorgvuldig.staff.mfa import is_verified
from zorgvuldig.staff.models import Employee, Role
from zorgvuldig.staff.selectors import employee_for_user

AUTHENTICATION_CLASSES = [TokenAuthentication, SessionAuthentication]


class IsMfaVerified(BasePermission):
    """Both factors: a token (issued only after a code) or a session that passed its code."""

    def has_permission(self, request, view) -> bool:
        authenticator = request.successful_authenticator
        if isinstance(authenticator, TokenAuthentication):
            return True
        if isinstance(authenticator, SessionAuthentication) and is_verified(request.user):
            return True
        raise MfaRequired()


class IsEmployee(BasePermission):
    """The login belongs to an employee; the employee is kept on ``request.employee``."""

    message = _("Dit account hoort niet bij een medewerker.")

    def has_permission(self, request, view) -> bool:
        employee = getattr(request, "employee", None)
        if employee is None:
            employee = employee_for_user(request.user)
            request.employee = employee
        return employee is not None


class HasRole(BasePermission):
    """The employee has one of the view's ``allowed_roles``."""

    message = _("Uw rol geeft geen toegang tot deze functie.")

    def has_permission(self, request, view) -> bool:
        employee = getattr(request, "employee", None)
        return employee is not None and employee.role in view.allowed_roles


class EmployeeApi(APIView):
    """Base for API views used by employees: authenticated, and an employee."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated, IsMfaVerified, IsEmployee]

    def initial(self, request, *args, **kwargs):
        # After authentication and permissions (an anonymous call stays 401), before any
        # handler: a search term in the URL is refused, whatever the operation, so clients
        # learn to use the POST .../search/ operations (the term is already in the access log,
        # but not in any answer, link or processing log of ours).
        super().initial(request, *args, **kwargs)
        reject_search_in_url(request)

    @property
    def employee(self) -> Employee:
        return self.request.employee


class RoleRestrictedApi(EmployeeApi):
    """An employee API limited to some roles; answers 403 ``permission_denied`` to the rest."""

    permission_classes = [IsAuthenticated, IsMfaVerified, IsEmployee, HasRole]
    allowed_roles: frozenset[str] = frozenset()


REGISTER_EXPORT_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.ADMINISTRATOR})
