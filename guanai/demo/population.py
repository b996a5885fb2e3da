"""The demo's resident population figures (常住人口), entered as a bureau would through
reports.services.resident_population_save, for the 红河州 2021 reply (seed 001): "红河州总人口447.84万人,
其中:60周岁以上老年人68.5万人,占全州人口总数的15.29%,高于全省的14.91%".

Where the figures come from:
- 云南 (53): the 7th national census (2020), 云南省第七次全国人口普查公报: 47,209,277 residents, 7,037,875
  aged 60 and over (14.91%, the reply's "全省的14.91%").
- 红河州 (5325): the reply's 447.84万 written out (4,478,400); the aged 60+ figure 684,960 is chosen to
  read as the reply does, 68.5万 and 15.29%: the seed gives no exact count, and the prefecture's census
  bulletin is not among the seeds. A bureau enters the bulletin's own figures.
- 2021 repeats the 2020 census figures: the reply of September 2021 states the census (no 2021 yearbook
  figure is in the seeds), so the 2021 report, which reads its year's figure, states the same sentence.
- 凤县: the 凤县 seed (000) states no population figure, so none is entered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from guanai.accounts.models import User
from guanai.accounts.scoping import scope_for
from guanai.demo.figures import HONGHE
from guanai.reports.models import ResidentPopulation
from guanai.reports.services import PopulationIn, resident_population_save

YUNNAN = "53"
CENSUS = "第七次全国人口普查"
# area -> (total, aged 60+), see the module's text.
POPULATION: dict[str, tuple[int, int]] = {
    YUNNAN: (47_209_277, 7_037_875),
    HONGHE: (4_478_400, 684_960),
}
YEARS = (2020, 2021)


def demo_population_load(*, say: Callable[[str], None] = lambda text: None) -> int:
    """Enter the figures not yet entered (as the demo administrator: 云南's figure is above every bureau's
    area). Returns the rows written."""
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        say("没有演示管理员账号，跳过常住人口 / no demo administrator, population skipped")
        return 0
    written = 0
    with transaction.atomic():
        for code, (total, aged) in POPULATION.items():
            for year in YEARS:
                if ResidentPopulation.objects.filter(area_id=code, year=year).exists():
                    continue
                resident_population_save(actor=admin, scope=scope_for(admin), data=PopulationIn(
                    area_code=code, year=year, total=total, aged_60_plus=aged, source=CENSUS))
                written += 1
    say(f"  常住人口 / resident population: {written} 行 / rows")
    return written
