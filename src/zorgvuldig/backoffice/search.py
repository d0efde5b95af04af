"""Search terms stay on the server: never in a URL, a redirect or a log line.

A search term is often personal data (a name, a postcode). The search form therefore POSTs it
(CSRF-protected); :func:`search_post` keeps it in the session, keyed per list and purpose, and
redirects to the list URL without it (post/redirect/get). The list reads it back with
:func:`saved_search`, and its pagination links carry only ``?page=N``. "Zoekopdracht wissen" is a
POST as well (a ``wissen`` field). The session lives in the database and is flushed at logout.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import redirect

from zorgvuldig.core.gate import processing

MAX_TERM_LENGTH = 100
SESSION_KEY = "backoffice_searches"
CLEAR_FIELD = "wissen"
TERM_FIELD = "q"


@dataclass(frozen=True)
class SavedSearch:
    """The search of one list under one purpose: the term and the list's own switches."""

    term: str = ""
    flags: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.term or self.flags)


def _key(list_name: str, activity_code: str) -> str:
    return f"{list_name}:{activity_code}"


def saved_search(request, list_name: str, activity_code: str) -> SavedSearch:
    """The search kept for this list and purpose in the session (empty when there is none)."""
    stored = request.session.get(SESSION_KEY, {}).get(_key(list_name, activity_code))
    if not isinstance(stored, dict):
        return SavedSearch()
    term = str(stored.get("term", ""))[:MAX_TERM_LENGTH]
    return SavedSearch(term=term, flags=frozenset(stored.get("flags", ())))


def search_post(
    request,
    *,
    list_name: str,
    activity_code: str,
    url_name: str,
    flags: dict[str, tuple[str, str]] | None = None,
):
    """Keep (or, with ``wissen``, forget) the posted search, then redirect to the bare list.

    ``flags`` maps a switch name to the form field and value that turn it on, e.g.
    ``{"open": ("status", "open")}``. The gate is opened (no data is read) so a purpose the
    employee may not process is refused exactly as the list itself would be, and nothing is
    kept for it.
    """
    employee = request.employee
    with processing(actor=employee, purpose=activity_code):
        pass
    key = _key(list_name, activity_code)
    searches = dict(request.session.get(SESSION_KEY, {}))
    searches.pop(key, None)
    if CLEAR_FIELD not in request.POST:
        term = " ".join(request.POST.get(TERM_FIELD, "").split())[:MAX_TERM_LENGTH]
        on = sorted(
            name
            for name, (field, value) in (flags or {}).items()
            if request.POST.get(field) == value
        )
        if term or on:
            searches[key] = {"term": term, "flags": on}
    request.session[SESSION_KEY] = searches
    return redirect(url_name, activity_code=activity_code)
