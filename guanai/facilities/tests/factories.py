"""Factories for facilities. Kinds exist already (data migration 0002); facilities stand in 新民街社区."""

import datetime

import factory

from guanai.facilities.models import (
    Facility,
    FacilityKind,
    RatingBand,
    RatingScheme,
    ScoreItem,
    StatusChange,
    SubsidyRate,
)

XINMINJIE = "610330100007"
LONGKOU = "610330101003"
FENGXIAN = "610330"


def kind(code: str) -> FacilityKind:
    return FacilityKind.objects.get(code=code)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: kind("happiness_home"))
    area_id = XINMINJIE
    name = factory.Sequence(lambda n: f"测试幸福院{n}")
    status = "open"
    opened_on = datetime.date(2020, 1, 1)
    bank_name = "凤县农商银行"
    bank_account = factory.Sequence(lambda n: f"62300000000000{n:05d}")

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """One opening StatusChange, as facility_create writes; pass history=[(date, status), ...] for more."""
        if not create:
            return
        changes = extracted if extracted is not None else [(self.opened_on, "open")]
        for on, status in changes:
            StatusChange.objects.create(facility=self, area_id=self.area_id, status=status, on=on)


def ningde_scheme(*, area: str = FENGXIAN, valid_years: int = 3) -> RatingScheme:
    """RULES.md's 宁德 example: under 60 not rated, 60-80 three stars, 80-90 four, 90+ five."""
    scheme = RatingScheme.objects.create(kind=kind("happiness_home"), area_id=area, name="幸福院星级评定办法",
                                         valid_years=valid_years, effective_from=datetime.date(2015, 1, 1))
    for order, (name, points) in enumerate((("设施设备", 30), ("服务开展", 40), ("管理制度", 30))):
        ScoreItem.objects.create(scheme=scheme, name=name, max_points=points, order=order)
    for min_points, stars in ((60, 3), (80, 4), (90, 5)):
        RatingBand.objects.create(scheme=scheme, min_points=min_points, stars=stars)
    return scheme


def rates(payout_kind: str, amounts: dict[int, int], *, area: str = FENGXIAN, min_days_open: int = 1) -> None:
    for stars, fen in amounts.items():
        SubsidyRate.objects.create(payout_kind=payout_kind, kind=kind("happiness_home"), area_id=area, stars=stars,
                                   annual_fen=fen, min_days_open=min_days_open,
                                   effective_from=datetime.date(2020, 1, 1))
