import datetime

import pytest

from guanai.benefits.models import Variant
from guanai.benefits.tests.factories import StandardFactory, programme

D = datetime.date


@pytest.fixture
def standards(db):
    """凤县 standards: orphans 700 (H1 2022) and 750 (from July 2022); guardians 300; longevity bands;
    urban dibao 682 for the price subsidy."""
    orphan, de_facto = programme("orphan_allowance"), programme("de_facto_orphan_allowance")
    StandardFactory(programme=orphan, amount_fen=70_000, effective_from=D(2020, 1, 1), effective_to=D(2022, 6, 30))
    StandardFactory(programme=orphan, amount_fen=75_000, effective_from=D(2022, 7, 1))
    StandardFactory(programme=orphan, variant=Variant.INSTITUTIONAL, amount_fen=110_000, effective_from=D(2020, 1, 1))
    StandardFactory(programme=de_facto, amount_fen=70_000, effective_from=D(2020, 1, 1), effective_to=D(2022, 6, 30))
    StandardFactory(programme=de_facto, amount_fen=75_000, effective_from=D(2022, 7, 1))
    StandardFactory(programme=programme("guardian_care_subsidy"), variant="", amount_fen=30_000,
                    effective_from=D(2020, 1, 1))
    longevity = programme("longevity_allowance")
    StandardFactory(programme=longevity, variant=Variant.AGE_BAND, min_age=80, max_age=99, amount_fen=5_000)
    StandardFactory(programme=longevity, variant=Variant.AGE_BAND, min_age=100, amount_fen=30_000)
    price = programme("price_subsidy")
    StandardFactory(programme=price, variant=Variant.URBAN, amount_fen=68_200)
    StandardFactory(programme=price, variant=Variant.MINIMUM, amount_fen=1_000)
