"""Cost of the processing gate: read N resident files through the gate (scoped queries plus
one processing-log record per resident) versus the same rows with plain ORM queries.

A "resident file" is what the back-office file page reads: the resident and the sources of
their data. Gated: one processing context per file, as one request would open, including the
log write. Raw: the same two queries on a plain queryset. Both measured in the same run,
interleaved in rounds, best-of-rounds taken to damp noise.

Run: uv run python bench/gate_overhead.py [N]    (DATABASE_URL=postgres://... for PostgreSQL)
"""

from __future__ import annotations

import sys
import time

from _setup import setup_django, teardown_django

ROUNDS = 5


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    label = setup_django()
    try:
        run(n, label)
    finally:
        teardown_django(label)


def _prepare(n: int):
    from django.contrib.auth import get_user_model
    from tests import factories

    from zorgvuldig.core.context import SystemActor
    from zorgvuldig.core.gate import processing
    from zorgvuldig.people.models import DataSource, Resident
    from zorgvuldig.staff.models import Assignment, Employee
    from zorgvuldig.staff.selectors import employee_for_user
    from zorgvuldig.staff.services import declaration_sign

    activity = factories.activity("hulptrajecten")
    user = get_user_model().objects.create_user(username="bench", password="x" * 16)
    employee = Employee.objects.create(user=user, role="case_worker")
    declaration_sign(employee=employee)
    system = SystemActor("benchmark")
    with processing(actor=system, purpose=activity):
        residents = [
            Resident(given_names=f"Voornaam{i}", surname=f"Achternaam{i}", city="Zwolle")
            for i in range(n)
        ]
        Resident.objects.bulk_create(residents)
        ids = list(Resident.objects.order_by("pk").values_list("pk", "public_id"))
        DataSource.objects.bulk_create(
            [
                DataSource(resident_id=pk, field_name=f, kind="resident", activity=activity)
                for pk, _ in ids
                for f in ("given_names", "surname", "city")
            ]
        )
    Assignment.objects.bulk_create(
        [
            Assignment(resident_id=pk, activity=activity, employee=employee, assigned_by="bench")
            for pk, _ in ids
        ]
    )
    # As the request middleware would: the employee with the declaration check pre-loaded.
    return employee_for_user(user), [pub for _, pub in ids]


def _raw_reads(public_ids) -> float:
    from django.db.models import QuerySet

    from zorgvuldig.core import models as gate_models
    from zorgvuldig.people.models import DataSource, Resident

    # Baseline only: plain querysets and the gate's internal flag, so from_db does not refuse.
    token = gate_models._internal.set(True)
    try:
        start = time.perf_counter()
        for public_id in public_ids:
            resident = QuerySet(model=Resident).get(public_id=public_id)
            list(
                QuerySet(model=DataSource)
                .filter(resident_id=resident.pk)
                .select_related("activity")
            )
        return time.perf_counter() - start
    finally:
        gate_models._internal.reset(token)


def _gated_reads(employee, public_ids) -> float:
    from zorgvuldig.core.gate import processing
    from zorgvuldig.people.selectors import resident_get, resident_sources

    start = time.perf_counter()
    for public_id in public_ids:
        with processing(actor=employee, purpose="hulptrajecten"):
            resident = resident_get(actor=employee, purpose="hulptrajecten", public_id=public_id)
            resident_sources(actor=employee, purpose="hulptrajecten", resident=resident)
    return time.perf_counter() - start


def _gated_batch(employee, public_ids) -> float:
    from zorgvuldig.core.gate import processing
    from zorgvuldig.people.selectors import resident_get, resident_sources

    start = time.perf_counter()
    with processing(actor=employee, purpose="hulptrajecten"):
        for public_id in public_ids:
            resident = resident_get(actor=employee, purpose="hulptrajecten", public_id=public_id)
            resident_sources(actor=employee, purpose="hulptrajecten", resident=resident)
    return time.perf_counter() - start


def run(n: int, label: str) -> None:
    from zorgvuldig.audit.models import ProcessingLogRecord

    employee, public_ids = _prepare(n)
    raw, gated, batch = [], [], []
    for _ in range(ROUNDS):
        raw.append(_raw_reads(public_ids))
        gated.append(_gated_reads(employee, public_ids))
        batch.append(_gated_batch(employee, public_ids))
    records = ProcessingLogRecord.objects.filter(actor_ref=employee.actor_ref).count()
    assert records >= 2 * ROUNDS * n * 2, "every gated read must have left its log records"
    per = 1e6 / n
    print(f"database: {label}, files: {n}, rounds: {ROUNDS}, log records written: {records}")
    print(f"raw ORM:            {min(raw) * per:8.1f} us/file")
    print(
        f"gated, batch ctx:   {min(batch) * per:8.1f} us/file  "
        f"(one context for all files, ratio {min(batch) / min(raw):.2f})"
    )
    print(f"gated, ctx per file:{min(gated) * per:8.1f} us/file  (one context per file)")
    print(f"gate_overhead: ratio {min(gated) / min(raw):.2f} (gated/raw)")


if __name__ == "__main__":
    main()
