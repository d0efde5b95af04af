"""Cost of the vault (P12): writing and reading N resident files encrypted versus in plain text.

A "resident file" here is a resident with eleven personal fields and three contact notes.
Both sides go through the same processing gate -- the same scoped querysets, the same
``save()`` checks, the same processing-log records -- so the ratio is the vault's own cost:

- encrypted: the real ``people.Resident`` and ``casework.Note`` models. Writing seals every
  field with the resident's data key (created, wrapped and bound on the first save) and keeps
  the blind indexes up to date; reading warms the key cache with one query per result and
  opens every field on access.
- plain: twin models made at run time in a throw-away app (``benchplain``), also
  ``PersonalDataModel`` subclasses with the same gate settings, the same columns as
  ``CharField``/``TextField``/``DateField`` and the same unique indexes; the vault's one
  model-independent gate hook (hiding erased residents) is switched off while they run.

Writes: one processing context and transaction per file, as one request or import step would.
Reads: one context per file (the resident by public id, its notes, every field touched), with a
cold key cache (evicted before each round: every file costs a key lookup) and, as extra
information, warm. The sides alternate file by file (so both see the same machine load);
best of the rounds per side. Last line: (write + cold read), encrypted over plain.

Run: uv run python bench/vault.py [--n 300] [--rounds 5]   (DATABASE_URL=postgres://... for PG)
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import secrets
import time
import uuid
from contextlib import contextmanager

from _setup import setup_django, teardown_django

NOTES_PER_FILE = 3
NOTE_TEXT = (
    "Huisbezoek afgelegd. Mevrouw vertelt dat de administratie haar boven het hoofd groeit en "
    "dat er aanmaningen liggen van de energieleverancier. Afgesproken dat we volgende week "
    "samen de post doornemen en een overzicht van vaste lasten maken. "
)
RESIDENT_FIELDS = (
    "given_names",
    "surname_prefix",
    "surname",
    "birth_date",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
    "email",
    "bsn",
)
NOTE_FIELDS = ("occurred_on", "kind", "text", "special_kind")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="resident files per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    # The vault needs a key-encryption key; a throw-away one, for this run only.
    os.environ["ZORGVULDIG_VAULT_KEK"] = base64.b64encode(secrets.token_bytes(32)).decode()
    label = setup_django()
    try:
        run(args.n, args.rounds, label)
    finally:
        teardown_django(label)


def _plain_twins():
    """Plain-text twins of Resident and Note, gated the same way, with their tables made."""
    from django.db import connection, models

    from zorgvuldig.core.models import PersonalDataModel

    class PlainResident(PersonalDataModel):
        gate_resident_path = "pk"
        gate_basis_bound = False

        public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
        given_names = models.CharField(max_length=120)
        surname_prefix = models.CharField(max_length=20, blank=True)
        surname = models.CharField(max_length=120)
        birth_date = models.DateField(null=True, blank=True)
        street = models.CharField(max_length=120, blank=True)
        house_number = models.CharField(max_length=20, blank=True)
        postcode = models.CharField(max_length=7, blank=True)
        city = models.CharField(max_length=80, blank=True)
        phone = models.CharField(max_length=30, blank=True)
        email = models.EmailField(blank=True)
        bsn = models.CharField(max_length=9, blank=True)
        created_at = models.DateTimeField(auto_now_add=True)
        updated_at = models.DateTimeField(auto_now=True)

        class Meta(PersonalDataModel.Meta):
            app_label = "benchplain"
            ordering = ["id"]

    class PlainNote(PersonalDataModel):
        gate_purpose_path = "activity"
        gate_special_field = "special_kind"

        resident = models.ForeignKey(PlainResident, on_delete=models.CASCADE, related_name="notes")
        activity = models.ForeignKey(
            "registry.ProcessingActivity", on_delete=models.PROTECT, related_name="+"
        )
        trajectory = models.ForeignKey(
            "casework.Trajectory", on_delete=models.CASCADE, null=True, related_name="+"
        )
        occurred_on = models.DateField()
        kind = models.CharField(max_length=20)
        text = models.TextField()
        special_kind = models.CharField(max_length=20, blank=True)
        author = models.ForeignKey(
            "staff.Employee", on_delete=models.PROTECT, null=True, related_name="+"
        )
        created_at = models.DateTimeField(auto_now_add=True)

        class Meta(PersonalDataModel.Meta):
            app_label = "benchplain"
            ordering = ["-occurred_on", "-id"]

    with connection.schema_editor() as editor:
        editor.create_model(PlainResident)
        editor.create_model(PlainNote)
    return PlainResident, PlainNote


@contextmanager
def _without_vault_hooks():
    """The plain side runs the gate without the vault's hook that hides erased residents."""
    from zorgvuldig.core import hooks

    saved = list(hooks._hidden_filters)
    hooks._hidden_filters.clear()
    try:
        yield
    finally:
        hooks._hidden_filters[:] = saved


def _resident_values(i: int) -> dict:
    return {
        "given_names": f"Johanna Maria {i}",
        "surname_prefix": "van der" if i % 3 == 0 else "",
        "surname": f"Achternaam{i}",
        "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=37 * i % 25000),
        "street": "Dorpsstraat",
        "house_number": str(1 + i % 200),
        "postcode": "8011 AB",
        "city": "Zwolle",
        "phone": "06-12345678",
        "email": f"inwoner{i}@voorbeeld.example",
        "bsn": f"{100000000 + i:09d}",
    }


def _write_file(resident_model, note_model, activity, actor, i: int):
    """Write one file in one context and transaction; returns its public id."""
    from zorgvuldig.core.gate import processing_atomic

    today = dt.date.today()
    with processing_atomic(actor=actor, purpose=activity):
        resident = resident_model(**_resident_values(i))
        resident.save()
        for j in range(NOTES_PER_FILE):
            note_model(
                resident=resident,
                activity=activity,
                occurred_on=today - dt.timedelta(days=j),
                kind="home_visit",
                text=f"{j}: {NOTE_TEXT}",
            ).save()
    return resident.public_id


def _read_file(resident_model, activity, actor, public_id) -> int:
    """Read one file in one context, touching every field; returns the characters read."""
    from zorgvuldig.core.gate import processing

    with processing(actor=actor, purpose=activity):
        resident = resident_model.objects.get(public_id=public_id)
        seen = sum(len(str(getattr(resident, f))) for f in RESIDENT_FIELDS)
        for note in resident.notes.all():
            seen += sum(len(str(getattr(note, f))) for f in NOTE_FIELDS)
    return seen


class Sides:
    """The two sides, run file by file in alternating order so both see the same load."""

    def __init__(self, activity, actor, encrypted: tuple, plain: tuple) -> None:
        self.activity, self.actor = activity, actor
        self.models = {"encrypted": encrypted, "plain": plain}

    def _call(self, side: str, fn, *args):
        start = time.perf_counter()
        if side == "plain":
            with _without_vault_hooks():
                result = fn(*args)
        else:
            result = fn(*args)
        return time.perf_counter() - start, result

    def _order(self, i: int) -> tuple[str, str]:
        return ("encrypted", "plain") if i % 2 == 0 else ("plain", "encrypted")

    def write(self, first: int, n: int) -> tuple[dict, dict]:
        seconds, ids = {"encrypted": 0.0, "plain": 0.0}, {"encrypted": [], "plain": []}
        for i in range(first, first + n):
            for side in self._order(i):
                spent, public_id = self._call(
                    side, _write_file, *self.models[side], self.activity, self.actor, i
                )
                seconds[side] += spent
                ids[side].append(public_id)
        return seconds, ids

    def read(self, files: dict) -> dict:
        seconds, seen = {"encrypted": 0.0, "plain": 0.0}, {"encrypted": 0, "plain": 0}
        for i, pair in enumerate(zip(files["encrypted"], files["plain"], strict=True)):
            for side in self._order(i):
                public_id = pair[0] if side == "encrypted" else pair[1]
                spent, chars = self._call(
                    side, _read_file, self.models[side][0], self.activity, self.actor, public_id
                )
                seconds[side] += spent
                seen[side] += chars
        assert seen["encrypted"] == seen["plain"], "both sides must read the same data"
        return seconds


def run(n: int, rounds: int, label: str) -> None:
    from django.db import connection
    from tests import factories

    from zorgvuldig.casework.models import Note
    from zorgvuldig.core.context import SystemActor
    from zorgvuldig.people.models import Resident
    from zorgvuldig.vault import keys

    sides = Sides(
        factories.activity("hulptrajecten"),
        SystemActor("benchmark"),
        encrypted=(Resident, Note),
        plain=_plain_twins(),
    )
    _, files = sides.write(0, n)  # the files every round reads, written once beforehand
    times = {key: [] for key in ("write", "cold", "warm")}
    for r in range(rounds):
        times["write"].append(sides.write((r + 1) * n, n)[0])
        keys.evict()  # every file's key is looked up once: the first read of a file
        times["cold"].append(sides.read(files))
        times["warm"].append(sides.read(files))  # the keys are now in this process's cache

    with connection.cursor() as cursor:
        cursor.execute("SELECT surname FROM people_resident LIMIT 1")
        assert b"Achternaam" not in bytes(cursor.fetchone()[0]), "stored encrypted"
    best = {
        (kind, side): min(t[side] for t in times[kind]) for kind in times for side in sides.models
    }
    per = 1e6 / n
    print(
        f"database: {label}, files: {n} (resident + {NOTES_PER_FILE} notes), rounds: {rounds}, "
        "both sides through the gate, one context per file, best round"
    )
    for kind, what in (
        ("write", "write"),
        ("cold", "read, cold key cache"),
        ("warm", "read, warm key cache"),
    ):
        plain, encrypted = best[(kind, "plain")], best[(kind, "encrypted")]
        print(
            f"{what:21} plain {plain * per:8.1f} us/file   encrypted {encrypted * per:8.1f} "
            f"us/file   ratio {encrypted / plain:.2f}"
        )
    encrypted = best[("write", "encrypted")] + best[("cold", "encrypted")]
    plain = best[("write", "plain")] + best[("cold", "plain")]
    print(f"vault: ratio {encrypted / plain:.2f} (encrypted/plain)")


if __name__ == "__main__":
    main()
