"""Realistic Chinese names for the demo: surnames drawn by their real frequency, given names by sex
and by the decade of birth (a 1950s 桂英 and a 2015 梓涵 should not swap).

Surname shares (per mille) are rounded from the Ministry of Public Security's 2020 name report
(《二〇二〇年全国姓名报告》) and the fifth census surname tables; the tail is smoothed. 单 (Shàn/Dān)
and 曾 (Zēng/Céng) are kept at their real shares because the search must find every reading of them.
The 红河州 table adds weight to surnames common among its Hani and Yi people (普, 白, 陶, 龙, 马...).
"""

import random
from bisect import bisect

NATIONAL_SURNAMES: dict[str, float] = {
    "王": 71.2, "李": 70.0, "张": 66.8, "刘": 54.0, "陈": 46.1, "杨": 31.0, "黄": 22.2, "赵": 21.4,
    "吴": 20.0, "周": 19.2, "徐": 13.4, "孙": 13.1, "马": 12.5, "朱": 12.3, "胡": 11.6, "郭": 11.4,
    "何": 11.2, "林": 10.5, "高": 10.3, "罗": 9.6, "郑": 9.2, "梁": 8.5, "谢": 7.4, "宋": 6.4,
    "唐": 6.3, "许": 6.1, "韩": 5.9, "冯": 5.8, "邓": 5.8, "曹": 5.4, "彭": 5.3, "曾": 5.2,
    "肖": 5.1, "田": 5.0, "董": 4.9, "袁": 4.5, "潘": 4.5, "于": 4.4, "蒋": 4.3, "蔡": 4.2,
    "余": 4.1, "杜": 4.0, "叶": 3.9, "程": 3.9, "苏": 3.7, "魏": 3.6, "吕": 3.5, "丁": 3.4,
    "任": 3.4, "沈": 3.3, "姚": 3.2, "卢": 3.2, "姜": 3.1, "崔": 3.0, "钟": 3.0, "谭": 2.9,
    "陆": 2.8, "汪": 2.7, "范": 2.7, "金": 2.6, "石": 2.6, "廖": 2.5, "贾": 2.5, "夏": 2.4,
    "韦": 2.4, "付": 2.3, "方": 2.3, "白": 2.2, "邹": 2.2, "孟": 2.1, "熊": 2.1, "秦": 2.0,
    "邱": 2.0, "江": 2.0, "尹": 1.9, "薛": 1.9, "闫": 1.8, "段": 1.8, "雷": 1.8, "侯": 1.7,
    "龙": 1.7, "史": 1.6, "陶": 1.6, "黎": 1.5, "贺": 1.5, "顾": 1.4, "毛": 1.4, "郝": 1.4,
    "龚": 1.3, "邵": 1.3, "万": 1.2, "钱": 1.2, "严": 1.1, "覃": 1.1, "武": 1.1, "戴": 1.0,
    "莫": 1.0, "孔": 1.0, "向": 1.0, "汤": 0.9, "常": 0.9, "康": 0.8, "单": 0.6, "普": 0.3,
}

# 红河州: Hani and Yi families mostly carry Han surnames, with 李, 杨, 白, 普, 马, 陶, 龙, 罗 far above
# their national shares (red-river prefecture yearbook surname notes; rounded, demo only).
HONGHE_EXTRA: dict[str, float] = {
    "李": 40.0, "杨": 25.0, "白": 18.0, "普": 15.0, "马": 10.0, "陶": 10.0, "龙": 8.0, "罗": 8.0,
    "卢": 6.0, "朱": 4.0, "何": 4.0, "高": 3.0,
}

# Given-name characters by era of birth and sex. Older generations: 建国, 桂英; the 1970s-90s: 伟, 丽;
# children born after 2005: 梓涵, 浩宇, 一诺.
GIVEN: dict[tuple[str, str], str] = {
    ("old", "male"): "建国军民华明德福贵志富忠林生发荣文成才春山树海永兴学清正祥宝金昌",
    ("old", "female"): "桂英秀兰玉珍凤芝翠花淑琴素梅香芳菊莲兰霞华云巧荣彩娥",
    ("mid", "male"): "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波亮峰东海林健兵锋俊斌宏云龙",
    ("mid", "female"): "芳娜敏静丽艳娟霞燕玲红梅琳萍雪婷慧颖倩洁丹莉晶蓉琼",
    ("young", "male"): "浩宇轩子睿博泽然一豪铭晨阳俊凯瑞航奕辰宸佑皓煜嘉熙逸杰天",
    ("young", "female"): "梓涵萱欣怡雨诗可馨悦思彤佳琪语嫣若曦一诺紫沐瑶钰璐妍",
}


def era_of(birth_year: int) -> str:
    if birth_year < 1970:
        return "old"
    if birth_year < 2000:
        return "mid"
    return "young"


class NameMaker:
    """Draws names from a seeded random source, so a demo run is repeatable."""

    def __init__(self, rng: random.Random, *, region: str = "national"):
        weights = dict(NATIONAL_SURNAMES)
        if region == "honghe":
            for surname, extra in HONGHE_EXTRA.items():
                weights[surname] = weights.get(surname, 0) + extra
        self._rng = rng
        self._surnames = list(weights)
        self._cumulative = []
        total = 0.0
        for surname in self._surnames:
            total += weights[surname]
            self._cumulative.append(total)
        self._total = total

    def surname(self) -> str:
        return self._surnames[bisect(self._cumulative, self._rng.random() * self._total)]

    def given(self, sex: str, birth_year: int) -> str:
        pool = GIVEN[(era_of(birth_year), sex)]
        single = 0.25 if birth_year < 1970 else 0.12
        if self._rng.random() < single:
            return self._rng.choice(pool)
        first, second = self._rng.choice(pool), self._rng.choice(pool)
        while second == first:
            second = self._rng.choice(pool)
        return first + second

    def full(self, sex: str, birth_year: int, *, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(sex, birth_year)
