"""Public pages: the landing page and the privacy statement, built from the register (P05)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from zorgvuldig.registry.selectors import activity_list


@require_GET
def home_view(request):
    return render(request, "public/home.html")


@require_GET
def privacy_statement_view(request):
    """What Kwartier processes, why and on which ground: every active activity of the register."""
    return render(request, "public/privacy.html", {"activities": activity_list(active_only=True)})
