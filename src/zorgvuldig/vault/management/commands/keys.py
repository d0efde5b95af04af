"""``zorgvuldig keys ...``: make a KEK, show which KEK wraps the keys, rotate the KEK.

- ``generate --out PATH``: a new random KEK in a file readable by its owner only.
- ``status``: data keys per KEK id, erased residents, whether the configured KEK opens them.
- ``rotate [--new-kek-file PATH | --new-kek-env VAR]``: rewrap every key under the new KEK
  (default: the configured current KEK), in batches; resumable (docs/security-operations.md).

Exit codes: 0 done, 1 the rotation was interrupted (run it again to finish), 2 a problem the
user can fix (no or the wrong KEK, an existing file). Output is Dutch; it never shows a key,
only KEK ids (a hash of the key).
"""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandParser

from zorgvuldig.vault import kek, rotation
from zorgvuldig.vault.crypto import KekUnavailable

EXIT_INCOMPLETE = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = "Sleutelversleutelsleutel (KEK) maken, de sleutels bekijken en de KEK roteren."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="een nieuwe KEK in een bestand schrijven")
        gen.add_argument("--out", required=True, metavar="PAD", help="nieuw sleutelbestand")
        sub.add_parser("status", help="sleutels per KEK-id en of de KEK ze opent")
        rot = sub.add_parser("rotate", help="alle sleutels opnieuw verpakken met een nieuwe KEK")
        source = rot.add_mutually_exclusive_group()
        source.add_argument("--new-kek-file", metavar="PAD", help="bestand met de nieuwe KEK")
        source.add_argument(
            "--new-kek-env", metavar="VARIABELE", help="omgevingsvariabele met de nieuwe KEK"
        )
        rot.add_argument(
            "--batch",
            type=int,
            default=rotation.DEFAULT_BATCH,
            help=f"sleutels per transactie (standaard {rotation.DEFAULT_BATCH})",
        )

    def handle(self, *args, action: str, **options) -> None:
        try:
            code = getattr(self, f"_{action}")(**options)
        except KekUnavailable as exc:
            self.stderr.write(f"Sleutelversleutelsleutel (KEK) niet bruikbaar: {exc}.")
            self.stderr.write("Er is niets veranderd. Zie docs/security-operations.md.")
            code = EXIT_USAGE
        if code:
            sys.exit(code)

    # -- generate ---------------------------------------------------------------------------

    def _generate(self, out: str, **_) -> int:
        try:
            new = kek.write_new(out)
        except FileExistsError:
            self.stderr.write(f"{out} bestaat al; een bestaande sleutel wordt nooit overschreven.")
            return EXIT_USAGE
        except OSError as exc:
            self.stderr.write(f"Kan {out} niet schrijven: {exc.strerror}.")
            return EXIT_USAGE
        self.stdout.write(f"Nieuwe KEK geschreven naar {out} (alleen leesbaar voor de eigenaar).")
        self.stdout.write(f"KEK-id: {new.id}")
        self.stdout.write(
            "Bewaar dit bestand buiten de database en buiten de back-ups, met een reservekopie "
            "op een andere veilige plek: zonder deze sleutel is geen enkele back-up leesbaar."
        )
        return 0

    # -- status -----------------------------------------------------------------------------

    def _status(self, **_) -> int:
        found = rotation.status()
        labels = {found.current_id: "huidige KEK", found.previous_id: "vorige KEK"}
        self.stdout.write(
            "Ingestelde KEK: "
            + (f"id {found.current_id}" if found.current_id else "geen")
            + (f"; vorige KEK: id {found.previous_id}" if found.previous_id else "")
        )
        self.stdout.write(f"Gegevenssleutels van inwoners: {found.live}")
        for kek_id, count in sorted(found.data_keys.items()):
            label = labels.get(kek_id, "NIET ingesteld")
            self.stdout.write(f"  verpakt met KEK-id {kek_id} ({label}): {count}")
        for kek_id, count in sorted(found.system_keys.items()):
            label = labels.get(kek_id, "NIET ingesteld")
            self.stdout.write(f"Systeemsleutels verpakt met KEK-id {kek_id} ({label}): {count}")
        self.stdout.write(f"Gewiste inwoners (vernietigde sleutels): {found.shredded}")
        if found.problem:
            self.stderr.write(f"Probleem met de sleutelversleutelsleutel (KEK): {found.problem}.")
            return EXIT_USAGE
        behind = {k for k in (*found.data_keys, *found.system_keys) if k != found.current_id}
        if behind:
            self.stdout.write(
                "Niet alle sleutels zijn verpakt met de huidige KEK: maak de rotatie af met "
                "'zorgvuldig keys rotate'."
            )
        else:
            self.stdout.write("De ingestelde KEK opent alle sleutels.")
        return 0

    # -- rotate -----------------------------------------------------------------------------

    def _new_kek(self, new_kek_file: str | None, new_kek_env: str | None) -> kek.Kek:
        if new_kek_file:
            return kek.read_file(new_kek_file, where="--new-kek-file")
        if new_kek_env:
            value = os.environ.get(new_kek_env)
            if not value:
                raise KekUnavailable(f"de omgevingsvariabele {new_kek_env} is niet gezet")
            return kek.parse(value, where=new_kek_env)
        return kek.current()

    def _progress(self, report: rotation.RotationReport) -> None:
        total = max(report.total, report.done)
        percent = 100 if not total else report.done * 100 // total
        line = f"Sleutels herverpakt: {report.done}/{total} ({percent}%)"
        if self._tty:
            width = 30
            filled = width * percent // 100
            bar = "#" * filled + "-" * (width - filled)
            self.stderr.write(f"\r[{bar}] {line}", ending="")
            self.stderr.flush()
        elif percent >= self._next_percent or report.done == total:
            self.stderr.write(line)
            self._next_percent = percent - percent % 10 + 10

    def _rotate(self, new_kek_file=None, new_kek_env=None, batch=500, **_) -> int:
        if batch < 1:
            self.stderr.write("--batch moet minstens 1 zijn.")
            return EXIT_USAGE
        new = self._new_kek(new_kek_file, new_kek_env)
        current = kek.current()
        ring = kek.keyring()
        self.stdout.write(f"Nieuwe KEK: id {new.id}; huidige KEK: id {current.id}.")
        if new.id not in ring:
            self.stderr.write(
                "Let op: de nieuwe KEK staat nog niet in de instellingen. Een server of worker "
                "die nu draait, kan herverpakte sleutels pas lezen als hij de nieuwe KEK kent. "
                "Stop ze tijdens het roteren, of zet eerst de nieuwe KEK als "
                "ZORGVULDIG_VAULT_KEK(_FILE) en de oude als ZORGVULDIG_VAULT_KEK_PREVIOUS(_FILE), "
                "herstart ze en draai dan 'zorgvuldig keys rotate' zonder --new-kek-file."
            )
        self._tty = self.stderr.isatty()
        self._next_percent = 0
        try:
            report = rotation.rotate(new, batch=batch, progress=self._progress)
        except KeyboardInterrupt:
            if self._tty:
                self.stderr.write("")
            self._interrupted(new, current)
            return EXIT_INCOMPLETE
        if self._tty:
            self.stderr.write("")
        if not report.finished:
            self._interrupted(new, current)
            return EXIT_INCOMPLETE
        self.stdout.write(
            f"Klaar: {report.total} gegevenssleutel(s) verpakt met KEK-id {new.id} "
            f"({report.rewrapped} in deze ronde herverpakt, {report.already} waren al klaar; "
            f"{report.system_keys} systeemsleutel(s) herverpakt). Er is geen gegeven opnieuw "
            "versleuteld."
        )
        self._instructions(new, current)
        return 0

    def _interrupted(self, new: kek.Kek, current: kek.Kek) -> None:
        self.stderr.write(
            "De rotatie is niet afgemaakt. Er is niets onleesbaar: elke sleutel is verpakt met "
            "de oude of met de nieuwe KEK. Houd beide ingesteld (de ene als "
            "ZORGVULDIG_VAULT_KEK(_FILE), de andere als ZORGVULDIG_VAULT_KEK_PREVIOUS(_FILE)) "
            "en draai 'zorgvuldig keys rotate' opnieuw met dezelfde nieuwe KEK: wat al klaar "
            "is, wordt overgeslagen."
        )

    def _instructions(self, new: kek.Kek, current: kek.Kek) -> None:
        self.stdout.write("")
        self.stdout.write("Volgende stappen:")
        if new.id != current.id:
            self.stdout.write(
                "  1. Zet ZORGVULDIG_VAULT_KEK_FILE op het nieuwe sleutelbestand (of "
                "ZORGVULDIG_VAULT_KEK op de nieuwe sleutel)."
            )
            self.stdout.write(
                "  2. Zet de oude sleutel in ZORGVULDIG_VAULT_KEK_PREVIOUS_FILE (of "
                "ZORGVULDIG_VAULT_KEK_PREVIOUS) en herstart server en worker."
            )
            step = 3
        else:
            step = 1
        self.stdout.write(
            f"  {step}. Controleer met 'zorgvuldig keys status' dat alle sleutels de KEK-id "
            f"{new.id} hebben."
        )
        self.stdout.write(
            f"  {step + 1}. Verwijder dan ZORGVULDIG_VAULT_KEK_PREVIOUS(_FILE) uit de "
            "instellingen en herstart server en worker."
        )
        self.stdout.write(
            f"  {step + 2}. Back-ups van vóór de rotatie zijn alleen met de oude KEK te openen. "
            "Bewaar de oude KEK apart (niet bij de back-ups) zolang je die back-ups bewaart, "
            "of vernietig hem bewust: dan zijn die back-ups voorgoed onleesbaar."
        )
