from guanai.accounts.scoping import scope_for
from guanai.people.selectors import transfer_list
from guanai.people.tests.factories import PersonFactory, TransferRequestFactory


def test_incoming_and_outgoing_in_scope(director, outsider, analyst):
    out_of_xinminjie = TransferRequestFactory()  # 新民街 -> 龙口
    into_xinminjie = TransferRequestFactory(person=PersonFactory(area_id="610330100001"),
                                            to_area_id="610330100007")
    assert set(transfer_list(scope=scope_for(director))) == {out_of_xinminjie, into_xinminjie}
    assert set(transfer_list(scope=scope_for(outsider))) == {out_of_xinminjie}
    assert not transfer_list(scope=scope_for(analyst)).exists()
    assert not transfer_list(scope=scope_for(director), status="accepted").exists()
