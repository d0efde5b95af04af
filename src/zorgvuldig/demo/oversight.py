"""The demo's oversight material: an emergency access and a neighbour's file (P14).

So that a team lead and the privacy officer find alerts to review in the demo: the main case
worker opens an unassigned resident's file through break-the-glass emergency access (with a
reason), and opens the file of a resident who lives at the worker's own home address. The
snooping rules then raise their alerts (``oversight.alerts.run_rules``). All data is invented.
"""

from __future__ import annotations

from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.models import EmployeeHomeAddress
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.people.models import Resident
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import Assignment, Employee

MAIN_WORKER = "hulpverlener"
EMERGENCY_REASON = (
    "Inwoner belt in paniek buiten werktijd van de eigen hulpverlener; woning dreigt vandaag "
    "ontruimd te worden en de afspraken in het trajectplan zijn nodig om de deurwaarder te bellen."
)


def oversight_load(*, actor) -> dict[str, int]:
    """Create the demo's emergency access and neighbour read; return what was made."""
    worker = Employee.objects.select_related("user").get(user__username=MAIN_WORKER)
    support = ProcessingActivity.objects.get(code="hulptrajecten")
    in_reach = {row["resident_id"] for row in worker.assignment_scope(support)}
    known = set(Assignment.objects.filter(activity=support).values_list("resident_id", flat=True))
    with processing(actor=actor, purpose=support):
        residents = [
            (r.pk, r.public_id, r.surname, r.birth_date, r.postcode, r.house_number)
            for r in Resident.objects.order_by("pk")
            if r.birth_date is not None
        ]
    stranger = next(r for r in residents if r[0] in known and r[0] not in in_reach)
    neighbour = next(r for r in residents if r[0] in in_reach and r[4] and r[5])
    emergency_access_open(
        employee=worker,
        purpose="hulptrajecten",
        reason=EMERGENCY_REASON,
        surname=stranger[2],
        birth_date=stranger[3],
    )
    EmployeeHomeAddress.objects.update_or_create(
        employee=worker, defaults={"postcode": neighbour[4], "house_number": neighbour[5]}
    )
    with processing(actor=worker, purpose="hulptrajecten"):
        resident_get(actor=worker, purpose="hulptrajecten", public_id=neighbour[1])
    return {"noodtoegang": 1, "buurdossier": 1}
