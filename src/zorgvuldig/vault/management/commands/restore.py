"""``zorgvuldig restore DIR [--yes]``: put a backup back and re-apply every known erasure.

Stop the server and the worker first. The restore checks every file against the manifest and
refuses, changing nothing, on any difference; then it overwrites the database and media and
destroys again the data keys of residents erased since the backup was taken
(docs/security-operations.md).

Exit codes: 0 done, 1 the backup is not intact (nothing restored), 2 a problem the user can
fix (another engine, a KEK that is not configured, no confirmation).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from zorgvuldig.vault import backup

EXIT_REFUSED = 1
EXIT_USAGE = 2
CONFIRMATION = "herstel"


class Command(BaseCommand):
    help = "Een back-up terugzetten en alle bekende wissingen opnieuw toepassen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", metavar="MAP", help="map met de back-up")
        parser.add_argument(
            "--yes", action="store_true", help="niet om bevestiging vragen (voor scripts)"
        )

    def handle(self, *args, folder: str, yes: bool, **options) -> None:
        try:
            code = self._restore(folder, yes)
        except backup.BackupRefused as exc:
            self.stderr.write(str(exc))
            code = EXIT_REFUSED
        except backup.BackupProblem as exc:
            self.stderr.write(f"Er is niets teruggezet: {exc}")
            code = EXIT_USAGE
        if code:
            sys.exit(code)

    def _restore(self, folder: str, yes: bool) -> int:
        self.stdout.write(f"Back-up in {folder} controleren…")
        manifest = backup.verify(folder, progress=self.stdout.write)
        backup.check_restorable(manifest)
        self.stdout.write(
            f"De back-up is intact: {len(manifest['files'])} bestand(en), gemaakt op "
            f"{manifest['created_at']} ({manifest['engine']})."
        )
        if not yes and not self._confirmed():
            return EXIT_USAGE
        report = backup.restore(folder, progress=self.stdout.write, manifest=manifest)
        self.stdout.write(f"{report.media_files} document(en) en bewijsstuk(ken) teruggezet.")
        if report.from_database is None:
            self.stdout.write(
                "De database van vóór het terugzetten was niet leesbaar; de wissingen komen uit "
                "het wissingenbestand en het manifest."
            )
        self.stdout.write(
            f"Wissingen opnieuw toegepast: {report.reapplied} "
            f"(bekend: {report.tombstones}; uit de database: {report.from_database or 0}, "
            f"uit het wissingenbestand: {report.from_file}, uit het manifest: "
            f"{report.from_manifest})."
        )
        if report.extra_media:
            self.stdout.write(
                f"{len(report.extra_media)} bestand(en) in de mediamap staan niet in de back-up "
                "(toegevoegd na de back-up). Ze worden niet meer gebruikt en zijn versleuteld; "
                "verwijder ze als je zeker bent van het terugzetten."
            )
        if report.kek_problem:
            self.stderr.write(
                f"Let op: de KEK opent de teruggezette sleutels niet: {report.kek_problem}."
            )
        if report.pending_migrations:
            self.stdout.write(
                f"De back-up is van een oudere versie: voer 'zorgvuldig manage migrate' uit "
                f"({report.pending_migrations} migratie(s)) voordat je de server start."
            )
        self.stdout.write(
            "Klaar. Het verwerkingslog staat nu op de stand van de back-up. Zijn er na de "
            "back-up nog logregels verzegeld, dan kent het getuigebestand "
            "(ZORGVULDIG_AUDIT_WITNESS_FILE) een latere stand en weigert de verzegeling door te "
            "gaan: controleer met 'zorgvuldig audit verify' en volg docs/security-operations.md "
            "('Na het terugzetten'). Start daarna server en worker weer."
        )
        return EXIT_USAGE if report.kek_problem else 0

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            self.stderr.write(
                "Terugzetten overschrijft de database en de mediamap. Bevestig met --yes."
            )
            return False
        self.stdout.write(
            f"Dit overschrijft de database '{connection.settings_dict['NAME']}' en de mediamap. "
            "Zijn server en worker gestopt?"
        )
        answer = input(f"Typ '{CONFIRMATION}' om door te gaan: ")
        if answer.strip().lower() != CONFIRMATION:
            self.stderr.write("Afgebroken; er is niets veranderd.")
            return False
        return True
