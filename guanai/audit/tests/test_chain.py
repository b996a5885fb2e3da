"""The audit trail's hash chain, its verification command, retention pruning and admin edit events."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.chain import GENESIS, chain_verify
from guanai.audit.models import AccessLog, Event
from guanai.audit.services import RetentionTooShort, access_log_write, audit_prune, event_record
from guanai.conftest import XINMINJIE

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[Event]:
    return [event_record(actor=None, verb="person_created", object_type="person", object_id=str(i),
                         area_code=XINMINJIE, data={"name": f"人{i}", "n": i}) for i in range(n)]


def test_each_row_carries_the_previous_rows_hash():
    first, second = _events(2)
    assert second.prev_hash == first.row_hash and len(second.row_hash) == 64
    assert chain_verify(Event) == (Event.objects.count(), None)


def test_verify_names_a_changed_row_and_exits_non_zero(capsys):
    rows = _events(3)
    call_command("audit", "verify")
    assert "rows intact" in capsys.readouterr().out
    Event.objects.filter(pk=rows[1].pk).update(data={"name": "改过"})  # bypasses the model, as an attacker would
    with pytest.raises(CommandError, match=f"audit_event row {rows[1].pk}"):
        call_command("audit", "verify")


def test_verify_finds_a_deleted_row():
    rows = _events(3)
    Event.objects.filter(pk=rows[1].pk).delete()
    checked, broken = chain_verify(Event)
    assert broken is not None and broken.row_id == rows[2].pk


def test_access_log_rows_are_chained_too(director):
    access_log_write(user=director, action="view", object_type="person", object_id="1", area_code=XINMINJIE)
    log = access_log_write(user=director, action="unmask", object_type="person", object_id="1", area_code=XINMINJIE)
    AccessLog.objects.filter(pk=log.pk).update(action="view")
    assert chain_verify(AccessLog)[1].row_id == log.pk


def test_prune_keeps_six_months_logs_itself_and_the_chain_still_holds():
    old = _events(3)
    Event.objects.filter(pk__in=[row.pk for row in old]).update(at=timezone.now() - datetime.timedelta(days=400))
    # The update above changed hashed content of rows about to go; re-chain them as if written then.
    from guanai.audit.chain import row_hash

    prev = Event.objects.filter(pk__lt=old[0].pk).order_by("-id").values_list("row_hash", flat=True).first() or GENESIS
    for row in Event.objects.filter(pk__gte=old[0].pk).order_by("id"):
        Event.objects.filter(pk=row.pk).update(prev_hash=prev, row_hash=row_hash(prev, row))
        prev = row_hash(prev, row)
    kept = _events(2)
    with pytest.raises(RetentionTooShort):
        audit_prune(retention_days=30)
    removed = audit_prune(retention_days=365)
    assert removed["audit_event"] >= 3
    assert not Event.objects.filter(pk__in=[row.pk for row in old]).exists()
    assert Event.objects.filter(pk__in=[row.pk for row in kept]).count() == 2
    pruned = Event.objects.get(verb="audit_pruned", object_type="audit_event")
    assert pruned.data["through_id"] == old[-1].pk
    assert chain_verify(Event)[1] is None
    with pytest.raises(CommandError, match="183"):
        call_command("audit", "prune", "--days", "100")


def test_admin_edits_of_rule_and_money_tables_are_events(client):
    from guanai.benefits.models import Standard
    from guanai.benefits.tests.factories import StandardFactory, programme

    admin_user = UserFactory(username="root", role=Role.ADMINISTRATOR, area=None, is_staff=True, is_superuser=True)
    standard = StandardFactory(programme=programme("orphan_allowance"), amount_fen=70_000,
                               effective_from=datetime.date(2024, 1, 1))
    client.force_login(admin_user)
    url = reverse("admin:benefits_standard_change", args=[standard.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["amount_fen"] = 75_000
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    event = Event.objects.get(verb="admin_changed", object_type="benefits.standard")
    assert event.actor == admin_user and event.data["changes"]["amount_fen"] == [70_000, 75_000]
    client.post(reverse("admin:benefits_standard_delete", args=[standard.pk]), {"post": "yes"})
    assert not Standard.objects.filter(pk=standard.pk).exists()
    assert Event.objects.filter(verb="admin_deleted", object_id=str(standard.pk)).exists()
