"""de_facto_orphan (民发〔2019〕62号, 民发〔2020〕125号): both parents in S, or one dead or missing and the
other in S; the custody term (not time served) and out of contact counted from police acceptance."""

from guanai.people.parameters import default_params
from guanai.people.rules import de_facto_orphan, why_not

from .builders import ON, away, born, child, father, months_ago, mother

P = default_params()
DEAD = {"died_on": months_ago(20)}


def _with_father(**facts):
    return child(parents=[father(**facts), mother(**DEAD)])


def test_both_parents_in_s():
    kid = child(parents=[father(custody_type="imprisoned", custody_since=months_ago(2), custody_term_months=36),
                         mother(severe_illness="白血病")])
    assert str(de_facto_orphan(kid, P, ON)) == "未满18周岁，父亲张三服刑在押（期限36个月），母亲李梅重病（白血病）"


def test_two_year_sentence_qualifies_at_once():
    kid = _with_father(custody_type="imprisoned", custody_since=ON, custody_term_months=24)
    assert de_facto_orphan(kid, P, ON) is not None


def test_three_month_detention_does_not_qualify():
    kid = _with_father(custody_type="detained", custody_since=months_ago(2), custody_term_months=3)
    assert de_facto_orphan(kid, P, ON) is None


def test_a_served_sentence_no_longer_counts():
    kid = _with_father(custody_type="imprisoned", custody_since=months_ago(12), custody_term_months=12)
    assert de_facto_orphan(kid, P, ON) is None
    assert str(why_not("de_facto_orphan", kid, P, ON)) == "不再符合：父亲张三不属于无法履行抚养责任的情形"


def test_unknown_custody_term_does_not_qualify():
    assert de_facto_orphan(_with_father(custody_type="imprisoned", custody_since=months_ago(1)), P, ON) is None


def test_drug_rehabilitation_counts_by_its_term():
    assert de_facto_orphan(_with_father(custody_type="drug_rehab", custody_since=months_ago(1),
                                        custody_term_months=24), P, ON) is not None


def test_out_of_contact_five_months_is_not_enough():
    assert de_facto_orphan(_with_father(out_of_contact_since=months_ago(5)), P, ON) is None


def test_out_of_contact_six_months_from_police_acceptance():
    reason = str(de_facto_orphan(_with_father(out_of_contact_since=months_ago(6)), P, ON))
    assert "失联" in reason and "公安机关受理报案" in reason


def test_declared_missing_and_deported():
    kid = child(parents=[father(deported_on=months_ago(1)), mother(declared_missing_on=months_ago(2))])
    assert "被遣送（驱逐）出境" in str(de_facto_orphan(kid, P, ON))


def test_guardianship_revoked():
    assert "被撤销监护资格" in str(de_facto_orphan(_with_father(guardianship_revoked_on=months_ago(1)), P, ON))


def test_severe_disability_grades():
    assert de_facto_orphan(_with_father(disability_type="physical", disability_grade=2), P, ON) is not None
    assert de_facto_orphan(_with_father(disability_type="mental", disability_grade=3), P, ON) is not None
    assert de_facto_orphan(_with_father(disability_type="intellectual", disability_grade=4), P, ON) is not None
    assert de_facto_orphan(_with_father(disability_type="physical", disability_grade=3), P, ON) is None


def test_local_list_of_severe_illnesses():
    params = default_params(severe_illnesses=["白血病", "尿毒症"])
    assert de_facto_orphan(_with_father(severe_illness="急性白血病"), params, ON) is not None
    assert de_facto_orphan(_with_father(severe_illness="高血压"), params, ON) is None


def test_one_dead_and_the_other_merely_away_is_not_de_facto():
    assert de_facto_orphan(_with_father(**away()), P, ON) is None


def test_both_dead_is_an_orphan_not_de_facto():
    kid = child(parents=[father(**DEAD), mother(**DEAD)])
    assert de_facto_orphan(kid, P, ON) is None
    assert str(why_not("de_facto_orphan", kid, P, ON)) == "不再符合：父母均已死亡或失踪（属孤儿）"


def test_age_bound_18_and_school_extension():
    facts = {"parents": [father(deported_on=months_ago(1)), mother(**DEAD)]}
    assert de_facto_orphan(child(birth_date=born(18, days=1), **facts), P, ON) is not None
    assert de_facto_orphan(child(birth_date=born(18), **facts), P, ON) is None
    at_school = child(birth_date=born(18), in_full_time_school=True, **facts)
    assert de_facto_orphan(at_school, default_params(school_extension=True), ON) is not None


def test_conditions_list_is_data():
    params = default_params(de_facto_conditions=["custody", "out_of_contact", "severe_disability", "severe_illness"])
    assert de_facto_orphan(_with_father(deported_on=months_ago(1)), params, ON) is None
