"""Rotating the key-encryption key (KEK): rewrap every stored key, re-encrypt no data (P12).

Only the wrapped keys change: each live data key and each system key is unwrapped with the
KEK that wrapped it (any KEK in :func:`kek.keyring`) and wrapped again under the new KEK. The
ciphertexts of residents' data, files and blind indexes stay byte for byte the same.

The work is done in batches, one transaction each. A batch either commits whole or not at
all, so an interruption (Ctrl+C, a crash, ``kill``) leaves every key wrapped by either the old
or the new KEK, never by neither. Running the rotation again skips the keys already wrapped by
the new KEK and finishes the rest. Until it has finished both KEKs must be configured
(``ZORGVULDIG_VAULT_KEK`` and ``ZORGVULDIG_VAULT_KEK_PREVIOUS``); see docs/security-operations.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count

from zorgvuldig.vault import checks, crypto, kek, keys
from zorgvuldig.vault.crypto import KekUnavailable
from zorgvuldig.vault.models import DataKey, SystemKey

DEFAULT_BATCH = 500


@dataclass
class KeyStatus:
    """Counts only: which KEK wraps how many keys. Never any key material."""

    data_keys: dict[str, int] = field(default_factory=dict)  # kek id -> live data keys
    system_keys: dict[str, int] = field(default_factory=dict)  # kek id -> system keys
    shredded: int = 0
    current_id: str | None = None
    previous_id: str | None = None
    problem: str | None = None

    @property
    def live(self) -> int:
        return sum(self.data_keys.values())


@dataclass
class RotationReport:
    new_kek_id: str
    total: int = 0  # live data keys when the run started
    already: int = 0  # of those, already wrapped by the new KEK (an earlier, interrupted run)
    rewrapped: int = 0  # data keys rewrapped in this run
    system_keys: int = 0  # system keys rewrapped in this run
    batches: int = 0
    finished: bool = False

    @property
    def done(self) -> int:
        return self.already + self.rewrapped


def _count_by_kek(queryset) -> dict[str, int]:
    rows = queryset.order_by().values("kek_id").annotate(n=Count("id"))
    return {row["kek_id"]: row["n"] for row in rows}


def status() -> KeyStatus:
    """How many keys each KEK wraps, and whether the configured KEK opens them."""
    result = KeyStatus()
    if "vault_datakey" not in connection.introspection.table_names():
        result.problem = "the database has no vault tables yet: run `zorgvuldig manage migrate`"
        return result
    result.data_keys = _count_by_kek(DataKey.objects.filter(wrapped__isnull=False))
    result.system_keys = _count_by_kek(SystemKey.objects.all())
    result.shredded = DataKey.objects.filter(wrapped__isnull=True).count()
    try:
        result.current_id = kek.current().id
        previous = kek.previous()
        result.previous_id = previous.id if previous else None
    except KekUnavailable as exc:
        result.problem = str(exc)
        return result
    result.problem = checks.database_problem()
    return result


def _unwrapping_ring(new_kek: kek.Kek) -> dict[str, kek.Kek]:
    """The KEKs that may unwrap a stored key; refuses when a stored key needs another one."""
    ring = dict(kek.keyring())  # raises KekUnavailable without a current KEK
    ring.setdefault(new_kek.id, new_kek)
    missing = checks.stored_kek_ids() - set(ring)
    if missing:
        raise KekUnavailable(
            "some stored keys are wrapped by a key-encryption key that is not configured (id "
            + ", ".join(sorted(missing))
            + "); configure it as ZORGVULDIG_VAULT_KEK or ZORGVULDIG_VAULT_KEK_PREVIOUS"
        )
    return ring


def _preflight(ring: dict[str, kek.Kek], new_kek: kek.Kek) -> None:
    """Unwrap one key of every KEK id before changing anything: a wrong KEK stops here."""
    for name, kek_id, wrapped in SystemKey.objects.values_list("name", "kek_id", "wrapped"):
        crypto.unwrap(_wrapping(ring, kek_id), bytes(wrapped), keys._system_context(name))
    ids = set(
        DataKey.objects.filter(wrapped__isnull=False)
        .exclude(kek_id=new_kek.id)
        .order_by()
        .values_list("kek_id", flat=True)
        .distinct()
    )
    for kek_id in ids:
        row = DataKey.objects.filter(wrapped__isnull=False, kek_id=kek_id).first()
        if row is not None:
            crypto.unwrap(
                _wrapping(ring, kek_id),
                bytes(row.wrapped),
                keys._dek_context(row.subject, row.version),
            )


def _wrapping(ring: dict[str, kek.Kek], kek_id: str) -> bytes:
    try:
        return ring[kek_id].key
    except KeyError:
        raise KekUnavailable(
            f"a key is wrapped by a key-encryption key that is not configured (id {kek_id})"
        ) from None


def _rewrap_system_keys(ring: dict[str, kek.Kek], new_kek: kek.Kek) -> int:
    with transaction.atomic():
        rows = list(SystemKey.objects.select_for_update().exclude(kek_id=new_kek.id))
        for row in rows:
            context = keys._system_context(row.name)
            raw = crypto.unwrap(_wrapping(ring, row.kek_id), bytes(row.wrapped), context)
            row.wrapped = crypto.wrap(new_kek.key, raw, context)
            row.kek_id = new_kek.id
        if rows:
            SystemKey.objects.bulk_update(rows, ["wrapped", "kek_id"])
    return len(rows)


def _rewrap_batch(ring: dict[str, kek.Kek], new_kek: kek.Kek, after: int, size: int) -> list:
    """Rewrap the next ``size`` live data keys with a primary key above ``after``."""
    with transaction.atomic():
        rows = list(
            DataKey.objects.select_for_update()
            .filter(pk__gt=after, wrapped__isnull=False)
            .exclude(kek_id=new_kek.id)
            .order_by("pk")[:size]
        )
        for row in rows:
            context = keys._dek_context(row.subject, row.version)
            raw = crypto.unwrap(_wrapping(ring, row.kek_id), bytes(row.wrapped), context)
            row.wrapped = crypto.wrap(new_kek.key, raw, context)
            row.kek_id = new_kek.id
        if rows:
            DataKey.objects.bulk_update(rows, ["wrapped", "kek_id"])
    return rows


def rotate(
    new_kek: kek.Kek,
    *,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[RotationReport], None] | None = None,
    stop_after: int | None = None,
) -> RotationReport:
    """Rewrap every live data key and every system key under ``new_kek``.

    Raises :class:`KekUnavailable` before changing anything when a stored key cannot be
    unwrapped with the configured KEKs. ``stop_after`` stops after that many data-key batches
    (to simulate an interruption); ``report.finished`` then stays False.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    ring = _unwrapping_ring(new_kek)
    _preflight(ring, new_kek)
    report = RotationReport(new_kek_id=new_kek.id)
    live = DataKey.objects.filter(wrapped__isnull=False)
    report.total = live.count()
    report.already = live.filter(kek_id=new_kek.id).count()
    report.system_keys = _rewrap_system_keys(ring, new_kek)
    if progress:
        progress(report)
    last_pk = 0
    while True:
        if stop_after is not None and report.batches >= stop_after:
            return report
        rows = _rewrap_batch(ring, new_kek, last_pk, batch)
        if not rows:
            break
        last_pk = rows[-1].pk
        report.rewrapped += len(rows)
        report.batches += 1
        if progress:
            progress(report)
    # Keys made meanwhile by a process that still wraps with an old KEK: one more look.
    report.finished = not checks.stored_kek_ids() - {new_kek.id}
    return report
