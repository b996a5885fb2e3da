"""What an indicator's filters may say: one check per filter key, so an edited definition that names
a category, programme or facility kind that does not exist is refused with the key named, instead of
counting zero without a word. Measures list the keys they understand (measures.Measure.filter_keys)."""

from collections.abc import Callable

from guanai.areas.models import LEVEL_CODE_LENGTH
from guanai.benefits.models import Programme
from guanai.facilities.models import FacilityKind, PayoutKind
from guanai.people.choices import Category
from guanai.reports.measures import MEASURES
from guanai.reports.population_measures import POPULATION_FIELDS
from guanai.visits.models import Method, TargetGroup
from guanai.workforce.models import POST_LEVEL


def _one_of(values) -> Callable[[object], bool]:
    return lambda value: value in set(values)


def _int_between(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


FILTER_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "category": (_one_of(Category.values), "人员类别代码，如 left_behind_child"),
    "target_group": (_one_of(TargetGroup.values), "探访对象分组：" + "、".join(TargetGroup.values)),
    "method": (_one_of(Method.values), "探访方式：" + "、".join(Method.values)),
    "programme": (lambda v: isinstance(v, str) and Programme.objects.filter(pk=v).exists(), "已有的补贴项目代码"),
    "kind": (lambda v: isinstance(v, str) and FacilityKind.objects.filter(pk=v).exists(), "已有的设施类型代码"),
    "payout_kind": (_one_of(PayoutKind.values), "补助类别：" + "、".join(PayoutKind.values)),
    "care_institution": (lambda v: v is True, "true"),
    "stars": (_int_between(1, 5), "1 到 5 的整数"),
    "min_age": (_int_between(0, 120), "0 到 120 的整数"),
    "level": (_one_of(LEVEL_CODE_LENGTH), "区划层级：" + "、".join(LEVEL_CODE_LENGTH)),
    "post_kind": (_one_of(POST_LEVEL), "岗位：" + "、".join(POST_LEVEL)),
    "field": (_one_of(POPULATION_FIELDS), "人口数字段：" + "、".join(POPULATION_FIELDS)),
}


def filters_problems(measure_code: str, filters: object) -> list[str]:
    """Bilingual messages for filters the measure cannot count with; empty when they are fine."""
    if not isinstance(filters, dict):
        return ["筛选条件应为 JSON 对象，如 {\"category\": \"orphan\"} / filters must be a JSON object"]
    measure = MEASURES[measure_code]
    problems = [f"“{measure.label}”不能按 {key} 筛选(可用：{'、'.join(measure.filter_keys) or '无'}) / "
                f"{measure_code} has no filter {key}" for key in filters if key not in measure.filter_keys]
    problems += [f"“{measure.label}”须填写 {key} / {measure_code} needs {key}"
                 for key in measure.filter_required if key not in filters]
    for key, value in filters.items():
        check = FILTER_CHECKS.get(key)
        if key in measure.filter_keys and check and not check[0](value):
            problems.append(f"{key} 的值 {value!r} 无效，应为{check[1]} / {key}: {value!r} is not valid")
    return problems
