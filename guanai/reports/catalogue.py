"""The indicators a bureau reports on (the figures of the two seed replies, plus the visit, case and
payment figures the apps show), as the first version of each definition. Loaded into Indicator rows by
migration 0002; after that the rows are the truth and are edited as new versions, never here.

(code, name, description, measure, filters, denominator measure, denominator filters, unit, section, order)
"""

CATEGORY = "category_holders"

CATALOGUE: list[tuple] = [
    # people (stock: held on the period's last day)
    ("left_behind_elder", "农村留守老年人数", "期末持有“农村留守老年人”类别的人数(按规则认定，民发〔2017〕193号)。",
     CATEGORY, {"category": "left_behind_elder"}, "", {}, "people", "elderly", 10),
    ("empty_nest_elder", "城市空巢老年人数", "期末持有“城市空巢老人”类别的人数。",
     CATEGORY, {"category": "empty_nest_elder"}, "", {}, "people", "elderly", 11),
    ("special_difficulty_elder", "特殊困难老年人数", "期末持有“特殊困难老年人”类别的人数(探访关爱对象，本地清单)。",
     CATEGORY, {"category": "special_difficulty_elder"}, "", {}, "people", "elderly", 12),
    ("living_alone", "独居老年人数", "期末持有“独居老人”类别的人数。",
     CATEGORY, {"category": "living_alone"}, "", {}, "people", "elderly", 13),
    ("oldest_old", "高龄老年人数", "期末持有“高龄老人”(80周岁以上)类别的人数。",
     CATEGORY, {"category": "oldest_old"}, "", {}, "people", "elderly", 14),
    ("disabled_care", "失能半失能老年人数", "期末持有“失能/半失能老人”类别的人数。",
     CATEGORY, {"category": "disabled_care"}, "", {}, "people", "elderly", 15),
    ("aged_60_plus", "登记60周岁以上老年人数",
     "期末在册、在世且年满60周岁的服务对象人数(仅统计系统登记的人员，不是户籍人口)。",
     "aged_people", {"min_age": 60}, "", {}, "people", "elderly", 16),
    ("left_behind_child", "农村留守儿童数", "期末持有“农村留守儿童”类别的人数(国发〔2016〕13号口径，按规则认定)。",
     CATEGORY, {"category": "left_behind_child"}, "", {}, "people", "children", 20),
    ("orphan", "孤儿数", "期末持有“孤儿”类别的人数。",
     CATEGORY, {"category": "orphan"}, "", {}, "people", "children", 21),
    ("de_facto_orphan", "事实无人抚养儿童数", "期末持有“事实无人抚养儿童”类别的人数(民发〔2019〕62号)。",
     CATEGORY, {"category": "de_facto_orphan"}, "", {}, "people", "children", 22),
    ("child_in_difficulty", "困境儿童数", "期末持有“困境儿童”类别的人数(国发〔2016〕36号)。",
     CATEGORY, {"category": "child_in_difficulty"}, "", {}, "people", "children", 23),
    # visits
    ("elder_visit_rate", "特殊困难老年人月探访率", "当月至少探访一次的特殊困难老年人 ÷ 当月应探访的特殊困难老年人；"
     "季度、年度为各月之和之比(人月)。", "visited_people", {"target_group": "elder"},
     "followed_targets", {"target_group": "elder"}, "ratio", "visits", 30),
    ("child_visit_rate", "关爱儿童月探访率",
     "当月至少探访一次的关爱儿童 ÷ 当月应探访的关爱儿童；季度、年度为各月之和之比(人月)。",
     "visited_people", {"target_group": "child"}, "followed_targets", {"target_group": "child"}, "ratio", "visits", 31),
    ("visits_total", "探访次数", "期内登记的探访记录(当前版本)条数，含上门、电话、视频和远程监测。",
     "visits", {}, "", {}, "count", "visits", 32),
    ("home_visits", "上门入户探访次数", "期内上门入户的探访记录条数。",
     "visits", {"method": "home"}, "", {}, "count", "visits", 33),
    ("overdue_followups", "逾期未访人数", "当前已过应访日期仍未探访的关爱对象人数(只有包含今天的周期有值)。",
     "overdue_followups", {}, "", {}, "people", "visits", 34),
    # money (paid lines of locked rosters, not returned by the bank)
    ("orphan_allowance_fen", "孤儿基本生活费发放金额", "期内已锁定花名册中孤儿基本生活费的发放金额(银行退回的除外)。",
     "payments_fen", {"programme": "orphan_allowance"}, "", {}, "fen", "money", 40),
    ("guardian_care_subsidy_fen", "孤儿监护人劳务补助发放金额", "期内监护人劳务补助的发放金额。",
     "payments_fen", {"programme": "guardian_care_subsidy"}, "", {}, "fen", "money", 41),
    ("orphan_price_subsidy_fen", "孤儿价格临时补贴发放金额", "期内发给孤儿的价格临时补贴金额。",
     "payments_fen", {"programme": "price_subsidy", "category": "orphan"}, "", {}, "fen", "money", 42),
    ("de_facto_orphan_allowance_fen", "事实无人抚养儿童生活补贴发放金额", "期内事实无人抚养儿童生活补贴的发放金额。",
     "payments_fen", {"programme": "de_facto_orphan_allowance"}, "", {}, "fen", "money", 43),
    ("de_facto_orphan_price_subsidy_fen", "事实无人抚养儿童价格临时补贴发放金额",
     "期内发给事实无人抚养儿童的价格临时补贴金额。",
     "payments_fen", {"programme": "price_subsidy", "category": "de_facto_orphan"}, "", {}, "fen", "money", 44),
    ("orphan_allowance_recipients", "孤儿基本生活费领取人数", "期内领取过孤儿基本生活费的人数。",
     "payment_recipients", {"programme": "orphan_allowance"}, "", {}, "people", "money", 45),
    ("longevity_allowance_fen", "高龄津贴发放金额", "期内高龄津贴的发放金额。",
     "payments_fen", {"programme": "longevity_allowance"}, "", {}, "fen", "money", 46),
    ("longevity_recipients", "高龄津贴领取人数", "期内领取过高龄津贴的人数。",
     "payment_recipients", {"programme": "longevity_allowance"}, "", {}, "people", "money", 47),
    # child protection
    ("mandatory_reports", "强制报告数", "期内接报的强制报告条数。",
     "mandatory_reports", {}, "", {}, "count", "protection", 50),
    ("cases_opened", "新受理个案数", "期内受理的儿童保护个案数。",
     "cases_opened", {}, "", {}, "count", "protection", 51),
]
