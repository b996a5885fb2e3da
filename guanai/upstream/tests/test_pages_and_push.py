"""The pages with the personas (the outsider sees nothing), and an HTTPS-style push into the inbox
with a retry after a network fault."""

import datetime

import pytest
from django.urls import reverse

from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.upstream import sealing, services, transport
from guanai.upstream.models import Conflict, OutgoingStatus, ReceivedRecord
from guanai.upstream.tests.factories import installations_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def nodes(settings, tmp_path):
    made = installations_make()
    settings.GUANAI_NODE_CODE, settings.GUANAI_NODE_KEY_FILE = "6103", tmp_path / "key.json"
    sealing.keypair_save(made["6103"].pair, tmp_path / "key.json", node_code="6103")
    return made


def test_push_retries_then_the_receiver_applies_and_acks(nodes, client, tmp_path, settings, monkeypatch):
    PersonFactory(id_number=id_number_make(birth_date=datetime.date(2016, 1, 2)))
    settings.GUANAI_PUSH_ALLOW_HTTP = True
    fengxian = nodes["610330"]
    services.node_register(actor=None, code="6103", name="宝鸡市", parent_code="61", url="http://prefecture.test")
    package = services.package_pack(actor=None, local=fengxian.node, pair=fengxian.pair, to=nodes["6103"].node,
                                    path=tmp_path / "p.zip", full=True)
    calls = []

    def post(url, body):
        calls.append(url)
        if len(calls) == 1:
            raise OSError("connection reset")
        response = client.generic("POST", "/upstream/inbox/", body, content_type="application/zip")
        return response.status_code, response.content

    monkeypatch.setattr(transport, "_post", post)
    ack = transport.package_push(actor=None, package=package, path=tmp_path / "p.zip", sleep=lambda s: None)
    assert calls == ["http://prefecture.test/upstream/inbox/"] * 2
    assert ReceivedRecord.objects.filter(receiver=nodes["6103"].node, kind="person").count() == 1
    (tmp_path / "ack.zip").write_bytes(ack)
    services.package_apply(actor=None, local=fengxian.node, pair=fengxian.pair, path=tmp_path / "ack.zip")
    package.refresh_from_db()
    assert package.status == OutgoingStatus.ACKED and [a["status"] for a in package.attempts] == [0, 200]


def test_inbox_refuses_an_unsigned_body_with_422(nodes, client):
    response = client.generic("POST", "/upstream/inbox/", b"not a package", content_type="application/zip")
    assert response.status_code == 422 and "截断" in response.content.decode()


def test_pages_for_the_personas(nodes, client, analyst, outsider, auditor, django_user_model):
    from guanai.accounts.roles import Role
    from guanai.accounts.tests.factories import UserFactory

    officer = UserFactory(username="baoji", role=Role.COUNTY_OFFICER, area_id="6103")
    Conflict.objects.create(node=nodes["6103"].node, kind="two_areas", area_code="610330100007",
                            other_area_code="610331", id_number_masked="6103**********1234", local_source="610330",
                            local_key="1", local={"name": "冲突甲乙"}, incoming_source="610331", incoming_key="9",
                            incoming={"name": "冲突甲乙"})
    client.force_login(officer)
    assert client.get(reverse("upstream:index")).status_code == 200
    page = client.get(reverse("upstream:conflicts")).content.decode()
    assert "6103**********1234" in page
    detail = client.get(reverse("upstream:conflict_detail", args=[Conflict.objects.get().pk]))
    assert "冲突甲乙" in detail.content.decode()
    for stranger in (outsider, analyst):
        client.force_login(stranger)
        assert client.get(reverse("upstream:index")).status_code in (403, 404)
        assert "6103**********1234" not in client.get(reverse("upstream:conflicts")).content.decode()
        assert client.get(reverse("upstream:conflict_detail", args=[Conflict.objects.get().pk])).status_code == 404
