from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident


def test_p13_smoke(support, worker, other_worker):
    res = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose="hulptrajecten"):
        assert list(Resident.objects.all()) == [res]
    with processing(actor=other_worker, purpose="hulptrajecten"):
        assert list(Resident.objects.all()) == []
    print(
        list(
            ProcessingLogRecord.objects.values_list("actor_ref", "action", "status", "object_type")
        )
    )
