"""A package apply killed (SIGKILL) half-way through its records: the apply is one transaction, so
nothing of it is left and no log row says it was applied; applying the same file again takes it whole."""

import datetime

import pytest

from guanai.people.models import CategorySpell
from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.tests.killing import kill_when_paused, needs_second_process
from guanai.upstream import sealing, services
from guanai.upstream.models import IncomingPackage, ReceivedRecord
from guanai.upstream.tests.factories import installations_make
from guanai.visits.tests.factories import VisitRecordFactory
from guanai.web.tests.conftest import areas_present  # noqa: F401 - the tree, emptied by transactional tests

pytestmark = [needs_second_process, pytest.mark.django_db(transaction=True)]


def test_a_killed_package_apply_leaves_nothing_and_applies_again(areas_present, tmp_path):  # noqa: F811
    nodes = installations_make()
    for day in range(3):
        person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2015, 3, 4 + day)))
        CategorySpell.objects.create(person=person, category="left_behind_child",
                                     started_on=datetime.date(2024, 1, 1), reason="父母均外出务工")
        VisitRecordFactory(person=person)
    package = tmp_path / "up.zip"
    services.package_pack(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair,
                          to=nodes["6103"].node, path=package, full=True)
    keys = tmp_path / "keys" / "6103.json"
    sealing.keypair_save(nodes["6103"].pair, keys, node_code="6103")
    # Killed after the first batch of records is written inside the apply's transaction.
    kill_when_paused(pause_after="guanai.upstream.receiving:_apply_batch", nth=1,
                     code="from guanai.upstream import receiving, sealing, services\n"
                          "from guanai.upstream.models import Node\n"
                          "receiving.BATCH = 1\n"
                          f"services.package_apply(actor=None, local=Node.objects.get(code='6103'), "
                          f"pair=sealing.keypair_load({str(keys)!r}), path={str(package)!r})")
    assert not ReceivedRecord.objects.exists()
    assert not IncomingPackage.objects.exists()
    result = services.package_apply(actor=None, local=nodes["6103"].node, pair=nodes["6103"].pair, path=package)
    assert result.status == "applied", result.reason
    assert result.counts["person"]["new"] == 3
    assert ReceivedRecord.objects.filter(kind="person").count() == 3
