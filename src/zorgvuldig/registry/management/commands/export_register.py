"""Export the Art. 30 register (P15) as JSON or CSV, to a file or standard output."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgvuldig.registry.selectors import register_export_csv, register_export_json


class Command(BaseCommand):
    help = "Export the register of processing activities (Art. 30 AVG) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        text = register_export_json() if options["format"] == "json" else register_export_csv()
        if not options["output"]:
            self.stdout.write(text)
            return
        target = Path(options["output"])
        if not target.parent.is_dir():
            raise CommandError(f"folder does not exist: {target.parent}")
        target.write_text(text, encoding="utf-8")
        self.stderr.write(f"register written to {target}")
