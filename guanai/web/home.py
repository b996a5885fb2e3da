"""The home page (工作台) is a list of cards, each from a provider in HOME_CARD_PROVIDERS.

A provider is a plain function `provider(*, user, scope, area) -> dict | None`:
- `user` the signed-in user, `scope` the request's Scope (after the area picker), `area` the Area the
  scope stands for (None for the whole installation);
- it returns None when the card does not apply to this user, or a dict with `title` (str), `template`
  (a template path, rendered with the dict's `context` as `c`), and optionally `order` (int, lower
  first, default 100) and `wide` (bool, spans the whole row).

Web is the top layer: an app below it (people, visits, cases, benefits, ...) never imports web. To add a
card it writes a provider in its own module (e.g. `guanai/people/home_cards.py`) that calls its own
selectors with `scope` and returns a dict; then one import and one list entry are added here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from guanai.accounts.roles import Role
from guanai.accounts.scoping import Scope
from guanai.areas.models import Area
from guanai.benefits import home_cards as benefit_cards
from guanai.cases import home_cards as case_cards
from guanai.facilities import home_cards as facility_cards
from guanai.people import home_cards as people_cards
from guanai.reports import home_cards as report_cards
from guanai.visits import home_cards as visit_cards
from guanai.web import cards

CardProvider = Callable[..., dict | None]


@dataclass(frozen=True)
class HomeCard:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    wide: bool = False


HOME_CARD_PROVIDERS: list[CardProvider] = [
    report_cards.figures_card,
    people_cards.registry_card,
    visit_cards.my_visits_card, visit_cards.visit_rate_card, visit_cards.supervision_card,
    benefit_cards.benefits_work_card,
    facility_cards.facilities_card,
    case_cards.case_notifications_card, case_cards.case_work_card, case_cards.case_figures_card,
    case_cards.break_glass_card,
    cards.place_card,
    cards.staff_coverage_card,
    cards.subareas_card,
    cards.staff_card,
    cards.user_counts_card,
    cards.admin_links_card,
    cards.access_log_card,
    cards.event_log_card,
    cards.capabilities_card,
]


# Cards that count raw records on every load. Where the analytics store's figures card stands in for
# them (the prefecture analyst's home: the most records in scope), they are left out. The staff
# coverage card (login accounts per village, ~1,500 areas read and matched per load: half the page's
# time at a prefecture) gives way to the store's 儿童主任配备率 and 儿童督导员配备率 from the workforce posts.
COUNTED_CARDS = {people_cards.registry_card, visit_cards.visit_rate_card, cards.staff_coverage_card}
STORE_HOME_ROLES = {Role.PREFECTURE_ANALYST}


def home_cards(*, user, scope: Scope, area: Area | None) -> list[HomeCard]:
    found = []
    for provider in HOME_CARD_PROVIDERS:
        if user.role in STORE_HOME_ROLES and provider in COUNTED_CARDS:
            continue
        card = provider(user=user, scope=scope, area=area)
        if card is not None:
            found.append(HomeCard(**card))
    return sorted(found, key=lambda c: c.order)
