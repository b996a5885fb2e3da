"""The division tree. An area's primary key is its NBS code, so scoping is a prefix match on a key."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Code length of each level (RULES.md, "ID numbers and codes").
LEVEL_CODE_LENGTH = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}


def in_force(started_on: datetime.date | None, ended_on: datetime.date | None, day: datetime.date) -> bool:
    """Did an area exist on `day`: started by then (or there before the records begin) and not ended?
    The same rule as a query: areas.selectors.in_force_q."""
    return (started_on is None or started_on <= day) and (ended_on is None or ended_on > day)


class Level(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("地(州、市)")
    COUNTY = "county", _("县(区、市)")
    TOWNSHIP = "township", _("乡镇(街道)")
    VILLAGE = "village", _("村(社区)")


class Kind(models.TextChoices):
    """What sort of body a township- or village-level area is (read from its name, then its code)."""

    SUBDISTRICT = "subdistrict", _("街道")
    TOWN = "town", _("镇")
    RURAL_TOWNSHIP = "rural_township", _("乡")
    VILLAGE_COMMITTEE = "village_committee", _("村民委员会")
    RESIDENTS_COMMITTEE = "residents_committee", _("社区居委会")
    OTHER_UNIT = "other_unit", _("其他单位")
    ADMINISTRATIVE = "administrative", _("行政区")


class Area(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=100)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATIVE)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    edition = models.CharField(_("区划版本"), max_length=20, blank=True)
    # The first day the area is known to exist; blank: it existed before the records begin. A division
    # edition lists what stood on its own day, so an area new in a later edition says when it started
    # (the directory's started.csv, areas.divisions.read_started), and a period before that day does
    # not count it (areas.selectors.in_force_q).
    started_on = models.DateField(_("设立日期"), null=True, blank=True)
    ended_on = models.DateField(_("停用日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="area_level_code")]

    def __str__(self) -> str:
        return f"{self.short_name}（{self.code}）"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def in_force_on(self, day: datetime.date) -> bool:
        return in_force(self.started_on, self.ended_on, day)

    @property
    def is_rural(self) -> bool:
        return self.kind == Kind.VILLAGE_COMMITTEE

    def contains(self, code: str) -> bool:
        return code.startswith(self.code)
