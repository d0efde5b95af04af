"""Run the snooping rules over the new part of the processing log once (P14; cron-friendly).

``zorgvuldig manage audit_alerts`` does what the background loop does on every round: it
looks at the log records not seen before and raises alerts for team leads and the privacy
officer. Running it twice raises nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.models import AlertKind


class Command(BaseCommand):
    help = "Run the snooping-alert rules over the processing log records not checked before."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="log records per transaction (default 5000)",
        )

    def handle(self, *args, **options):
        with translation.override("nl"):
            self.stdout.write(_("Verwerkingslog nakijken op opvallende toegang..."))
            made = run_rules(batch_size=options["batch_size"], report=self.stdout.write)
            for kind in AlertKind:
                self.stdout.write(f"  {kind.label}: {made[kind.value]}")
            total = sum(made.values())
            self.stdout.write(
                _("Klaar: %(count)s nieuwe meldingen.") % {"count": total}
                if total != 1
                else _("Klaar: 1 nieuwe melding.")
            )
