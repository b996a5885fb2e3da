import pytest

from guanai.accounts.models import User
from guanai.accounts.scoping import Scope
from guanai.accounts.selectors import staff_coverage
from guanai.areas.selectors import area_get
from guanai.demo.staff import DEMO_LOGINS, demo_staff_ensure

pytestmark = pytest.mark.django_db


def test_demo_staff_covers_every_village_and_town_of_fengxian():
    demo_staff_ensure()
    area = area_get(code="610330")
    coverage = staff_coverage(scope=Scope("610330"), area=area)
    # 66 villages + 4 communities (the 2 virtual living areas have none); the 9 towns (not the forestry units)
    assert (coverage.villages.total, coverage.villages.covered) == (70, 70)
    assert (coverage.townships.total, coverage.townships.covered) == (9, 9)
    honghe = staff_coverage(scope=Scope("5325"), area=area_get(code="5325"))
    assert honghe.villages.covered == honghe.villages.total > 1300


def test_demo_staff_is_idempotent_and_keeps_changed_passwords():
    demo_staff_ensure()
    count = User.objects.count()
    user = User.objects.get(username=DEMO_LOGINS[0].username)
    user.set_password("Changed-pass-2026")
    user.save()
    demo_staff_ensure()
    assert User.objects.count() == count
    assert User.objects.get(pk=user.pk).check_password("Changed-pass-2026")
