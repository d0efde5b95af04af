"""The back-office's answers when it cannot show a page: 404, 403 with a reason, 503 (P09, P13).

A missing resident and one the employee may not know about get the *same* 404 page, byte for
byte (P13): the page shows nothing that depends on the request, and it carries no CSRF token
(a masked token differs per render). Refusals name a reason by its code, never personal data.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# Why a page is refused, by the gate's refusal code or the back-office's own role checks.
REFUSAL_REASONS = {
    "no_confidentiality_declaration": _(
        "U hebt de geldende geheimhoudingsverklaring (versie %(version)s) nog niet getekend. "
        "Zolang u die niet hebt getekend, kunt u geen persoonsgegevens van inwoners inzien of "
        "vastleggen. U kunt de verklaring lezen en tekenen op uw startpagina."
    ),
    "actor_inactive": _("Uw account is niet actief. Neem contact op met de beheerder."),
    "unknown_purpose": _(
        "Dit doel staat niet (of niet meer) als actieve verwerking in het register van "
        "verwerkingen. Voor een doel dat niet in het register staat, mogen geen "
        "persoonsgegevens worden verwerkt."
    ),
    "no_lawful_ground": _(
        "Voor dit doel is in het register geen grondslag vastgelegd. Zonder grondslag mogen geen "
        "persoonsgegevens worden verwerkt; neem contact op met de privacyfunctionaris."
    ),
    "no_art9_ground": _(
        "Dit doel gebruikt bijzondere persoonsgegevens, maar in het register is geen uitzondering "
        "van artikel 9 lid 2 AVG vastgelegd. Neem contact op met de privacyfunctionaris."
    ),
    "no_consent": _(
        "De inwoner heeft de toestemming voor dit doel ingetrokken of niet gegeven; verwerking "
        "is gestopt. Leg eerst (opnieuw) toestemming vast als de inwoner die geeft."
    ),
    "wrong_purpose": _(
        "Deze gegevens zijn onder een ander doel vastgelegd en zijn onder dit doel niet in te "
        "zien (doelbinding)."
    ),
    "role_not_allowed": _("Uw rol geeft geen toegang tot deze handeling."),
    "need_to_know": _("Deze gegevens zijn niet aan u of uw team toegewezen."),
    "no_employee": _(
        "Uw account is niet gekoppeld aan een medewerker. Neem contact op met de beheerder."
    ),
    "not_team_lead": _("Alleen teamleiders van een team kunnen toewijzingen beheren."),
    "export_not_allowed": _(
        "Alleen de privacyfunctionaris en beheerders kunnen het register exporteren."
    ),
}
GENERIC_REFUSAL = _("U hebt geen toegang tot deze pagina.")

# Why the gate refused a *write* the employee was making on a form (P04, P06). These are shown
# on the form itself, with the input kept, because the employee can act on them.
FORM_REFUSALS = {
    "no_art9_ground": _(
        "Bijzondere persoonsgegevens (%(kind)s) mogen alleen worden vastgelegd met "
        "uitdrukkelijke toestemming van de inwoner of een wettelijke uitzondering die bij dit "
        "doel in het register staat. Leg eerst de toestemming vast."
    ),
    "no_art9_ground:health": _(
        "Gezondheidsgegevens mogen alleen worden vastgelegd met uitdrukkelijke toestemming van "
        "de inwoner of een wettelijke uitzondering die bij dit doel in het register staat. Leg "
        "eerst de toestemming vast."
    ),
    "no_consent": _(
        "De inwoner heeft de toestemming voor dit doel ingetrokken of niet gegeven; verwerking "
        "is gestopt. Er is niets opgeslagen."
    ),
}

logger = logging.getLogger("zorgvuldig.vault")


def refusal_reason(code: str) -> str:
    """Return the Dutch explanation for a refusal code (a generic one for unknown codes)."""
    reason = REFUSAL_REASONS.get(code, GENERIC_REFUSAL)
    return str(reason) % {"version": settings.CONFIDENTIALITY_DECLARATION_VERSION}


def form_refusal(code: str, *, special_kind: str = "", kind_label: str = "") -> str | None:
    """Return the on-form explanation for a refused write, or None when it has none."""
    reason = FORM_REFUSALS.get(f"{code}:{special_kind}") or FORM_REFUSALS.get(code)
    if reason is None:
        return None
    return str(reason) % {"kind": kind_label.lower()}


def not_found(request):
    """The one 404 page: identical for a missing and an unreachable resident (P13)."""
    return render(request, "404.html", status=404)


def forbidden(request, code: str):
    """A 403 page that explains the refusal by its code."""
    context = {"reason": refusal_reason(code), "reason_code": code}
    return render(request, "403.html", context, status=403)


def log_unavailable(request):
    """A 503 page: the processing log could not be written, so no data is shown (fail closed)."""
    return render(request, "503.html", status=503)


def vault_failure(request, exc):
    """A 500 page: a stored value failed its integrity check (or its key cannot be opened).

    Nothing of the damaged data is shown. The event is logged by its code only, without the
    page address (it holds a resident's public id) or any data.
    """
    logger.error("vault failure: %s", exc.code)
    return render(request, "vault-error.html", {"code": exc.code}, status=500)
