"""Snooping detection (P14): rules over the processing log that raise alerts for review.

Call :func:`run_rules` from the background loop (``zorgvuldig audit run``) or on demand
(``zorgvuldig manage audit_alerts``); reviewers use :mod:`.review`. See docs/audit.md.
"""

from zorgvuldig.oversight.alerts.runner import run_rules

__all__ = ["run_rules"]
