import pytest

from guanai.accounts.models import User
from guanai.accounts.scoping import NOTHING, scope_for, scoped
from guanai.conftest import LONGKOU, SHUANGSHIPU, XINMINJIE

pytestmark = pytest.mark.django_db


def test_user_scope_is_their_area_prefix(director, supervisor, auditor):
    assert scope_for(director).prefix == XINMINJIE
    assert scope_for(supervisor).prefix == SHUANGSHIPU
    assert scope_for(auditor).is_everything


def test_picker_narrows_but_never_widens(supervisor):
    assert scope_for(supervisor, narrow_to=XINMINJIE).prefix == XINMINJIE
    assert scope_for(supervisor, narrow_to=LONGKOU).prefix == SHUANGSHIPU
    assert scope_for(supervisor, narrow_to="61").prefix == SHUANGSHIPU


def test_inactive_or_unbound_user_sees_nothing(director):
    director.is_active = False
    assert scope_for(director).prefix == NOTHING
    unbound = User(username="x", role="child_director")
    assert scope_for(unbound).prefix == NOTHING


def test_scoped_filters_on_area_prefix(director, outsider, supervisor):
    users = User.objects.all()
    assert set(scoped(users, scope=scope_for(supervisor))) == {director, supervisor}
    assert set(scoped(users, scope=scope_for(outsider))) == {outsider}
