"""``zorgvuldig audit ...``: seal, sign, export, verify and prove the processing log.

Exit codes: 0 done / intact, 1 the log is not intact, 2 a problem the user can fix (a missing
file, a malformed checkpoint, no signing key). Output is Dutch with the English kind in
brackets; it never contains personal data (the log holds none).
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from zorgvuldig.audit import proofs, sealing, signing
from zorgvuldig.audit.verify import verify

EXIT_TAMPERED = 1
EXIT_USAGE = 2
FINDINGS_SHOWN_PER_KIND = 20


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Command(BaseCommand):
    help = "Verwerkingslog verzegelen, ondertekenen, exporteren, controleren en bewijzen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        seal = sub.add_parser("seal", help="onverzegelde regels verzegelen")
        seal.add_argument("--batch", type=int, help="regels per checkpoint")
        cp = sub.add_parser("checkpoint", help="nu een checkpoint ondertekenen")
        cp.add_argument(
            "--export", metavar="PAD", help="checkpoint wegschrijven naar een bestand of map"
        )
        ver = sub.add_parser("verify", help="het hele log narekenen")
        ver.add_argument("--against", metavar="CHECKPOINT", help="eerder geëxporteerd checkpoint")
        ver.add_argument("--public-key", metavar="PEM", help="publieke sleutel (standaard: eigen)")
        prove = sub.add_parser("prove", help="inclusie- of consistentiebewijs")
        group = prove.add_mutually_exclusive_group(required=True)
        group.add_argument("--record", type=int, help="id van een logregel")
        group.add_argument("--from-size", type=int, help="oude boomgrootte")
        prove.add_argument("--size", type=int, help="grootte van een ondertekend checkpoint")
        sub.add_parser("public-key", help="de publieke sleutel (PEM) tonen")

    def handle(self, *args, action: str, **options) -> None:
        try:
            code = getattr(self, f"_{action.replace('-', '_')}")(**options)
        except signing.SigningKeyMissing as exc:
            self.stderr.write(f"Geen ondertekensleutel: {exc}")
            code = EXIT_USAGE
        except proofs.ProofUnavailable as exc:
            self.stderr.write(f"Geen bewijs mogelijk: {exc}")
            code = EXIT_USAGE
        except sealing.SealRefused as exc:
            self.stderr.write(f"Verzegelen geweigerd (seal refused): {exc}")
            code = EXIT_TAMPERED
        if code:
            sys.exit(code)

    def _seal(self, batch=None, **_) -> int:
        sealed = 0

        def progress(cp) -> None:
            nonlocal sealed
            sealed += 1
            if sealed % 10 == 0:
                self.stdout.write(f"  ... {cp.tree_size} regels verzegeld", ending="\n")

        made = sealing.seal(batch=batch, progress=progress)
        size = made[-1].tree_size if made else getattr(sealing.latest_checkpoint(), "tree_size", 0)
        self.stdout.write(
            f"{len(made)} checkpoint(s) ondertekend; de boom telt {size} verzegelde regels."
        )
        return 0

    def _checkpoint(self, export=None, **_) -> int:
        cp = sealing.checkpoint_now()
        self.stdout.write(
            f"Checkpoint ondertekend: {cp.tree_size} regels, root {_b64(bytes(cp.root_hash))}."
        )
        if export == "-":
            self.stdout.write(cp.text, ending="")
        elif export:
            target = Path(export)
            if target.is_dir():
                stamp = cp.signed_at.strftime("%Y%m%dT%H%M%SZ")
                target = target / f"checkpoint-{cp.tree_size}-{stamp}.txt"
                key_file = target.parent / "audit-public-key.pem"
                if not key_file.exists():
                    key_file.write_text(signing.public_key_pem())
            try:
                target.write_text(cp.text)
            except OSError as exc:
                self.stderr.write(f"Kan niet schrijven naar {target}: {exc.strerror}")
                return EXIT_USAGE
            self.stdout.write(f"Geëxporteerd naar {target}.")
        return 0

    def _verify(self, against=None, public_key=None, **_) -> int:
        try:
            key = signing.load_public_key_pem(Path(public_key).read_bytes()) if public_key else None
            against_text = Path(against).read_text() if against else None
        except (OSError, ValueError) as exc:
            self.stderr.write(f"Kan bestand niet lezen: {exc}")
            return EXIT_USAGE

        def progress(done: int) -> None:
            if done % 100_000 < 5000:
                self.stdout.write(f"  ... {done} regels nagerekend")

        report = verify(key=key, against=against_text, progress=progress)
        self.stdout.write(
            f"{report.records} logregels, {report.leaves} verzegeld, {report.unsealed} nog niet "
            f"verzegeld, {report.checkpoints} checkpoints."
        )
        if report.intact:
            self.stdout.write("Het verwerkingslog is intact (intact).")
            return 0
        self.stdout.write(
            f"Het verwerkingslog is NIET intact: {len(report.findings)} bevinding(en)."
        )
        shown: dict[str, int] = {}
        for finding in report.findings:
            shown[finding.kind] = shown.get(finding.kind, 0) + 1
            if shown[finding.kind] <= FINDINGS_SHOWN_PER_KIND:
                self.stdout.write(f"  - [{finding.kind}] {finding.message}")
        for kind, count in shown.items():
            if count > FINDINGS_SHOWN_PER_KIND:
                more = count - FINDINGS_SHOWN_PER_KIND
                self.stdout.write(f"  ... en nog {more} bevinding(en) van soort [{kind}]")
        return EXIT_TAMPERED

    def _prove(self, record=None, from_size=None, size=None, **_) -> int:
        if record is not None:
            proof = proofs.inclusion(record, size)
            data = {
                "kind": "inclusion",
                "record_id": proof.record_id,
                "leaf_index": proof.leaf_index,
                "tree_size": proof.tree_size,
                "leaf_hash": _b64(proof.leaf_hash),
                "root_hash": _b64(proof.root_hash),
                "path": [_b64(h) for h in proof.path],
            }
        else:
            proof = proofs.consistency(from_size, size)
            data = {
                "kind": "consistency",
                "old_size": proof.old_size,
                "new_size": proof.new_size,
                "old_root": _b64(proof.old_root),
                "new_root": _b64(proof.new_root),
                "path": [_b64(h) for h in proof.path],
            }
        data["valid"] = proof.verify()
        self.stdout.write(json.dumps(data, indent=2))
        return 0 if data["valid"] else EXIT_TAMPERED

    def _public_key(self, **_) -> int:
        self.stdout.write(signing.public_key_pem(), ending="")
        return 0
