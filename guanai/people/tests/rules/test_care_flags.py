"""care_flags: the Minor Protection Law Art. 21-23 checks on a left-behind child's care."""

from guanai.people.parameters import default_params
from guanai.people.rules import care_flags

from .builders import ON, child, father, mother

P = default_params()


def _carer(**facts):
    return father(**{"id": 301, "name": "张爷爷", "birth_date": ON.replace(year=1955), **facts})


def test_only_left_behind_children_are_checked():
    assert care_flags(child(parents=[father(), mother()]), P, ON) == []


def test_all_in_order():
    kid = child(entrusted_carers=[_carer()], written_notice_given=True, weekly_contact=True)
    assert care_flags(kid, P, ON) == []


def test_living_alone_has_no_carer():
    kid = child(living_arrangement="alone", entrusted_carers=[_carer()], written_notice_given=True,
                weekly_contact=True)
    assert care_flags(kid, P, ON) == ["no_carer"]


def test_no_carer_on_file_and_no_living_arrangement():
    assert "no_carer" in care_flags(child(living_arrangement=""), P, ON)
    assert "no_carer" not in care_flags(child(living_arrangement="with_grandparents"), P, ON)


def test_excluded_or_incapable_or_minor_carer():
    for carer in (_carer(carer_excluded_reason="有吸毒恶习"), _carer(severe_illness="尿毒症"),
                  _carer(birth_date=ON.replace(year=2010))):
        assert "excluded_carer" in care_flags(child(entrusted_carers=[carer]), P, ON)


def test_no_written_notice_and_no_weekly_contact():
    flags = care_flags(child(entrusted_carers=[_carer()]), P, ON)
    assert flags == ["no_written_notice", "no_weekly_contact"]
