"""Facilities, workforce and funds data planted in 新民街社区 for the leak walk (web/tests/test_scope_leaks.py)."""

import datetime

from guanai.facilities.models import (
    ActivityLog,
    Capacity,
    FacilityFile,
    Rating,
    SubsidyPayment,
    SubsidyRoster,
)
from guanai.facilities.tests.factories import XINMINJIE, FacilityFactory, ningde_scheme
from guanai.funds.models import AllocationPlan, AllocationShare, Project
from guanai.workforce.models import Post, Tenure


def plant_facilities(director, markers: list[str]) -> list[str]:
    """A facility named, addressed and phoned with the markers, with a rating, capacity, an activity, a
    file and a subsidy roster line; returns their keys."""
    facility = FacilityFactory(name=markers[0], address=markers[2], phone=markers[3], operator_name=markers[1],
                               bank_account_name=markers[1])
    capacity = Capacity.objects.create(facility=facility, area_id=XINMINJIE, effective_from=datetime.date(2020, 1, 1),
                                       beds=7)
    scheme = ningde_scheme(area=XINMINJIE)
    rating = Rating.objects.create(facility=facility, area_id=XINMINJIE, scheme=scheme, year=2022, points=70, stars=3,
                                   rated_on=datetime.date(2022, 3, 1), rated_by=director, raters=markers[1])
    activity = ActivityLog.objects.create(facility=facility, area_id=XINMINJIE, kind="meals",
                                          on=datetime.date(2024, 1, 5), participants=3, title=markers[0],
                                          recorded_by=director)
    file = FacilityFile.objects.create(facility=facility, area_id=XINMINJIE, kind="document", title=markers[0],
                                       file="facilities/leak.txt", uploaded_by=director)  # a name only: nothing stored
    roster = SubsidyRoster.objects.create(payout_kind="operating_subsidy", kind_id="happiness_home",
                                          area_id=XINMINJIE, year=2022, computed_by=director,
                                          computed_at=rating.created_at, line_count=1, total_fen=100)
    line = SubsidyPayment.objects.create(roster=roster, facility=facility, area_id=XINMINJIE, stars=3, months_open=12,
                                         annual_fen=100, amount_fen=100, payee_name=markers[1])
    post = Post.objects.create(kind="child_director", area_id=XINMINJIE, title=markers[1],
                               established_on=datetime.date(2020, 1, 1))
    tenure = Tenure.objects.create(post=post, area_id=XINMINJIE, name=markers[0], phone=markers[3],
                                   started_on=datetime.date(2020, 1, 1), certificate_no=markers[2])
    vacant = Post.objects.create(kind="social_worker", area_id=XINMINJIE[:9], title=markers[1],
                                 established_on=datetime.date(2020, 1, 1))
    project = Project.objects.create(area_id=XINMINJIE, name=markers[0], year=2022, budget_fen=100, source="county")
    plan = AllocationPlan.objects.create(area_id=XINMINJIE, name=markers[0], year=2022, total_fen=100,
                                         data_on=datetime.date(2022, 1, 1), created_by=director)
    share = AllocationShare.objects.create(plan=plan, area_id=XINMINJIE, values={"x": 1}, amount_fen=100)
    return [str(o.pk) for o in (facility, capacity, rating, activity, file, roster, line, post, tenure, vacant,
                                project, plan, share)]
