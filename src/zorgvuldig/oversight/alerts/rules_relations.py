"""Rules that compare residents with employees: family, housemates, colleagues (P14).

- **Shared address**: an employee processed a resident living at their own home address
  (postcode + house number; themselves, a housemate). Needs the employee's home address
  (:class:`~zorgvuldig.oversight.models.EmployeeHomeAddress`).
- **Shared surname**: an employee processed a resident with their own surname (family?).
- **Colleague's file**: an employee processed a resident whose surname *and* home address
  are those of another employee.

Residents' names and addresses are personal data, so they are read through the processing
gate, as the system actor ``snooping-monitor`` under the monitoring purpose, and only for the
residents the batch's employees actually processed. They are encrypted (the vault), so the
comparison happens in memory: every such resident is read, and each read leaves a ``read``
record of the monitor in the log. The log's references are turned back
into resident ids in memory (:func:`matching.resident_ids_for_refs`); nothing is stored but
the alerts themselves, which name the resident only by reference.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Max

from zorgvuldig.core.context import SystemActor
from zorgvuldig.oversight.alerts.matching import (
    normalise_address,
    normalise_surname,
    resident_ids_for_refs,
)
from zorgvuldig.oversight.alerts.raising import Links, raise_keyed, ref_pk
from zorgvuldig.oversight.models import AlertKind, EmployeeHomeAddress
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import Employee
from zorgvuldig.vault.fields import unsealed

MONITOR = SystemActor("snooping-monitor")
_CHUNK = 500


@dataclass(frozen=True)
class Identity:
    surname: str  # normalised, may be empty
    address: str  # normalised, may be empty


def _identities(actor_pks: set[int]) -> tuple[dict[int, Identity], dict[tuple[str, str], set]]:
    """The acting employees' identities, and every employee's by (surname, address)."""
    homes = {
        home.employee_id: normalise_address(home.postcode, home.house_number)
        for home in EmployeeHomeAddress.objects.all()
    }
    wanted = actor_pks | set(homes)
    names = dict(Employee.objects.filter(pk__in=wanted).values_list("pk", "user__last_name"))
    identities = {
        pk: Identity(normalise_surname(names.get(pk, "")), homes.get(pk, "")) for pk in wanted
    }
    owners: dict[tuple[str, str], set] = defaultdict(set)
    for pk, identity in identities.items():
        if identity.surname and identity.address:
            owners[(identity.surname, identity.address)].add(pk)
    return {pk: identities[pk] for pk in actor_pks if pk in identities}, owners


def _residents(ids: set[int], *, surnames: set[str], addresses: set[str]) -> dict[int, Identity]:
    """Surname and address of those of ``ids`` that match (read through the gate).

    Names and addresses are encrypted, so every processed resident is read and compared in
    memory; each read leaves a ``read`` record of the monitor in the log.
    """
    if not ids or not (surnames or addresses):
        return {}
    matches: dict[int, Identity] = {}
    ordered = sorted(ids)
    fields = ("id", "row_uid", "surname_prefix", "surname", "postcode", "house_number")
    for start in range(0, len(ordered), _CHUNK):
        for resident in Resident.objects.filter(pk__in=ordered[start : start + _CHUNK]).only(
            *fields
        ):
            if not unsealed(resident, *fields[2:]):
                continue  # a damaged row cannot be compared; the vault logged it
            person = Identity(
                normalise_surname(resident.surname_prefix, resident.surname),
                normalise_address(resident.postcode, resident.house_number),
            )
            if person.surname in surnames or person.address in addresses:
                matches[resident.pk] = person
    return matches


def relations_rule(records: list, links: Links) -> Counter[str]:
    """Raise shared-surname, shared-address and colleague-file alerts for a batch.

    Runs inside an open processing context of :data:`MONITOR` (see ``runner``).
    """
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for record in records:
        if ref_pk(record.actor_ref, "employee") and record.status == "ok" and record.subject_ref:
            pairs[(record.actor_ref, record.subject_ref)].append(record)
    if not pairs:
        return Counter()
    actors = {ref_pk(actor_ref, "employee") for actor_ref, _ref in pairs}
    identities, owners = _identities(actors)
    surnames = {i.surname for i in identities.values() if i.surname} | {s for s, _a in owners}
    addresses = {i.address for i in identities.values() if i.address} | {a for _s, a in owners}
    if not surnames and not addresses:
        return Counter()
    max_id = Resident.objects.aggregate(top=Max("pk"))["top"] or 0
    ids = resident_ids_for_refs({ref for _actor, ref in pairs}, max_id=max_id)
    residents = _residents(set(ids.values()), surnames=surnames, addresses=addresses)
    created: Counter[str] = Counter()
    for (actor_ref, ref), group in pairs.items():
        person = residents.get(ids.get(ref, 0))
        if person is None:
            continue
        actor = ref_pk(actor_ref, "employee")
        me = identities.get(actor, Identity("", ""))
        kind = None
        if me.address and person.address == me.address:
            kind = AlertKind.SHARED_ADDRESS
        elif me.surname and person.surname == me.surname:
            kind = AlertKind.SHARED_SURNAME
        if kind:
            created[kind] += raise_keyed(kind, key=ref, records=group, links=links, subject_ref=ref)
        if owners.get((person.surname, person.address), set()) - {actor}:
            created[AlertKind.COLLEAGUE_FILE] += raise_keyed(
                AlertKind.COLLEAGUE_FILE, key=ref, records=group, links=links, subject_ref=ref
            )
    return created
