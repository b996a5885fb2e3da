"""orphan: both parents dead (death or court declaration of death) or declared missing by a court, or
birth parents who cannot be found; under 18, with the optional full-time-school extension."""

from guanai.people.parameters import default_params
from guanai.people.rules import orphan, why_not

from .builders import ON, away, born, child, father, months_ago, mother

P = default_params()
DEAD, MISSING = {"died_on": months_ago(20)}, {"declared_missing_on": months_ago(3)}


def test_both_parents_dead():
    reason = orphan(child(parents=[father(**DEAD), mother(**DEAD)]), P, ON)
    assert str(reason) == "未满18周岁，父亲张三死亡，母亲李梅死亡"


def test_both_parents_declared_missing_by_a_court():
    assert orphan(child(parents=[father(**MISSING), mother(**MISSING)]), P, ON) is not None


def test_one_dead_and_one_declared_missing():
    assert orphan(child(parents=[father(**DEAD), mother(**MISSING)]), P, ON) is not None


def test_one_dead_and_the_other_merely_absent_is_not_an_orphan():
    """Away, or out of contact without a court declaration, is not missing."""
    kid = child(parents=[father(**DEAD), mother(**away(out_of_contact_since=months_ago(24)))])
    assert orphan(kid, P, ON) is None
    assert str(why_not("orphan", kid, P, ON)) == "不再符合：母亲李梅在世（未死亡或经法院宣告失踪）"


def test_a_death_after_the_date_does_not_count():
    kid = child(parents=[father(**DEAD), mother(died_on=months_ago(-1))])
    assert orphan(kid, P, ON) is None


def test_birth_parents_not_found():
    assert str(orphan(child(parents=[], parents_unknown=True), P, ON)) == "未满18周岁，查找不到生父母"


def test_one_parent_on_file_is_not_enough():
    assert orphan(child(parents=[father(**DEAD)]), P, ON) is None


def test_age_bound_18_is_excluded():
    parents = [father(**DEAD), mother(**DEAD)]
    assert orphan(child(parents=parents, birth_date=born(18, days=1)), P, ON) is not None
    kid = child(parents=parents, birth_date=born(18))
    assert orphan(kid, P, ON) is None
    assert str(why_not("orphan", kid, P, ON)) == "不再符合：已满18周岁"


def test_full_time_school_extension_is_configurable():
    kid = child(parents=[father(**DEAD), mother(**DEAD)], birth_date=born(19), in_full_time_school=True)
    assert orphan(kid, P, ON) is None
    assert "仍在全日制学校就读" in str(orphan(kid, default_params(school_extension=True), ON))
    assert orphan(kid, default_params(school_extension=True, school_extension_max_age=19), ON) is None
    kid.in_full_time_school = False
    assert orphan(kid, default_params(school_extension=True), ON) is None
