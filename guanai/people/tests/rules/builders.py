"""PersonFacts builders for the pure rule tests (no database): a child, their parents, an elder."""

from datetime import date, timedelta

from guanai.people.facts import PersonFacts

ON = date(2026, 11, 23)


def born(years: int, days: int = 0) -> date:
    """The birth date of someone who turns `years` on ON, shifted by `days` (+1: a day younger)."""
    return date(ON.year - years, ON.month, ON.day) + timedelta(days=days)


def months_ago(months: int, days: int = 0) -> date:
    index = ON.year * 12 + ON.month - 1 - months
    return date(index // 12, index % 12 + 1, ON.day) + timedelta(days=days)


def father(**facts) -> PersonFacts:
    return PersonFacts(**{"id": 101, "name": "张三", "sex": "male", "birth_date": date(1988, 3, 1), **facts})


def mother(**facts) -> PersonFacts:
    return PersonFacts(**{"id": 102, "name": "李梅", "sex": "female", "birth_date": date(1990, 5, 9), **facts})


def away(**facts) -> dict:
    return {"is_migrant_worker": True, "away_scope": "out_of_province", "away_since": date(2024, 2, 20), **facts}


def child(age: int = 10, *, parents=None, **facts) -> PersonFacts:
    """A rural child of `age` living with grandparents, both parents away working unless told."""
    if parents is None:
        parents = [father(**away()), mother(**away())]
    return PersonFacts(**{"id": 1, "name": "张小明", "sex": "male", "birth_date": born(age), "hukou_type": "rural",
                          "living_arrangement": "with_grandparents", "parents": parents, **facts})


def elder(age: int = 70, **facts) -> PersonFacts:
    return PersonFacts(**{"id": 2, "name": "王桂兰", "sex": "female", "birth_date": born(age), "hukou_type": "rural",
                          "living_arrangement": "with_spouse", **facts})


def adult_child(**facts) -> PersonFacts:
    return PersonFacts(**{"id": 201, "name": "王建国", "sex": "male", "birth_date": date(1975, 1, 1), **facts})
