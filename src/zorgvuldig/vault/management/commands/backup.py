"""``zorgvuldig backup --out DIR``: a consistent copy of the database and media, with a manifest.

The backup holds the database (encrypted personal data and wrapped keys), the encrypted media
files and ``manifest.json`` (SHA-256 of every file, tombstones, KEK ids). It never holds the
key-encryption key: keep that elsewhere (docs/security-operations.md).

Exit codes: 0 done, 2 a problem the user can fix (a non-empty folder, pg_dump missing).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser

from zorgvuldig.vault import backup

EXIT_USAGE = 2


class Command(BaseCommand):
    help = "Een back-up maken: database, documenten (media) en een manifest met controlegetallen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, metavar="MAP", help="nieuwe of lege map voor de back-up"
        )

    def handle(self, *args, out: str, **options) -> None:
        try:
            manifest = backup.create(out, progress=self.stdout.write)
        except backup.BackupProblem as exc:
            self.stderr.write(f"Geen back-up gemaakt: {exc}")
            sys.exit(EXIT_USAGE)
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Back-up klaar in {out}: {len(manifest['files'])} bestand(en), "
            f"{size / 1_000_000:.1f} MB, {len(manifest['tombstones'])} gewiste inwoner(s), "
            f"KEK-id {', '.join(manifest['kek_ids']) or '(nog geen sleutels)'}."
        )
        self.stdout.write(
            "De KEK zit er niet in. Bewaar hem apart van de back-up: wie beide heeft, kan alles "
            "lezen; zonder de KEK is de back-up onleesbaar."
        )
