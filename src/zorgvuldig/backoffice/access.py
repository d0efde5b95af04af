"""Who is asking: login, the employee behind it, and the answer when the gate says no.

Every back-office view is wrapped in :func:`employee_view`, the one place that requires a login
with a verified second factor (P12: a session that only passed the password is sent to the
code step), resolves the employee (the gate's actor) and turns domain errors into pages:
``NotFound`` into the single 404 page (P13), ``GateRefused`` into a 403 page with a reason
(P09), and ``GateLogFailure`` into a 503 page (the data is not shown when it cannot be logged).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from zorgvuldig.backoffice import refusals
from zorgvuldig.core.errors import GateLogFailure, GateRefused, NotFound
from zorgvuldig.staff.mfa import is_verified
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.selectors import employee_for_user
from zorgvuldig.vault.crypto import DataErased, VaultError


def verified_required(view: Callable) -> Callable:
    """Require a login that passed its second factor; others go to the code step (P12)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_verified(request.user):
            return redirect_to_login(request.get_full_path(), reverse("backoffice:verify"))
        return view(request, *args, **kwargs)

    return wrapper


def employee_view(view: Callable) -> Callable:
    """Require a verified employee (as ``request.employee``) and translate gate errors."""

    @verified_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        employee = employee_for_user(request.user)
        if employee is None:
            return refusals.forbidden(request, "no_employee")
        request.employee = employee
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            return refusals.not_found(request)
        except GateRefused as exc:
            return refusals.forbidden(request, exc.code)
        except GateLogFailure:
            return refusals.log_unavailable(request)
        except DataErased:
            return refusals.not_found(request)
        except VaultError as exc:
            return refusals.vault_failure(request, exc)

    return wrapper


def roles_required(*roles: Role, refusal: str) -> Callable:
    """Allow the view only to employees with one of ``roles``; use inside :func:`employee_view`."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.employee.role not in roles:
                return refusals.forbidden(request, refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
