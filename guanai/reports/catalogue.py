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
    # resident population (reference data a bureau enters from the census or yearbook, population_measures.py)
    ("resident_population", "常住人口",
     "统计部门公布的常住人口(人口普查、统计年鉴)，按年度填报，月度和季度沿用当年数。区划填报了本级数的，以本级数为准；"
     "未填报的，其全部下级区划都有数时取下级之和，有任一下级缺数时不计(不以部分下级之和充作全域数)。",
     "resident_population", {"field": "total"}, "", {}, "people", "elderly", 17),
    ("resident_aged_60_plus", "常住60周岁及以上人口",
     "统计部门公布的常住人口中60周岁及以上的人数，按年度填报，汇总规则同“常住人口”。",
     "resident_population", {"field": "aged_60_plus"}, "", {}, "people", "elderly", 18),
    ("resident_aging_share", "60周岁及以上人口占常住人口比重",
     "常住60周岁及以上人口 ÷ 常住人口(人口老龄化程度)，汇总规则同“常住人口”；区划无常住人口数时无值。",
     "resident_population", {"field": "aged_60_plus"}, "resident_population", {"field": "total"},
     "ratio", "elderly", 19),
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
    # facilities (issue 13's records)
    ("happiness_homes", "农村幸福院数", "期末运营中的农村幸福院数。",
     "facilities_open", {"kind": "happiness_home"}, "", {}, "count", "facilities", 60),
    ("three_star_homes", "三星级农村幸福院数", "期末星级评定(在有效期内、未撤销)为三星级的农村幸福院数。",
     "rated_facilities", {"kind": "happiness_home", "stars": 3}, "", {}, "count", "facilities", 61),
    ("operating_subsidy_fen", "设施运行补助金额", "期内拨付(已锁定或已拨付名册)的设施运行补助金额，按拨付月份计。",
     "facility_payouts_fen", {"payout_kind": "operating_subsidy"}, "", {}, "fen", "facilities", 62),
    ("performance_award_fen", "以奖代补资金金额", "期内拨付的以奖代补资金金额，按拨付月份计。",
     "facility_payouts_fen", {"payout_kind": "performance_award"}, "", {}, "fen", "facilities", 63),
    ("day_care_centres", "日间照料中心数", "期末运营中的日间照料中心数。",
     "facilities_open", {"kind": "day_care_centre"}, "", {}, "count", "facilities", 64),
    ("elder_canteens", "老年食堂数", "期末运营中的老年食堂数。",
     "facilities_open", {"kind": "elder_canteen"}, "", {}, "count", "facilities", 65),
    ("care_institutions", "养老服务机构数", "期末运营中的保障型养老服务机构数(设施类型标为“计入养老服务机构”的)。",
     "facilities_open", {"care_institution": True}, "", {}, "count", "facilities", 66),
    ("urban_public_care_homes", "城市公办养老机构数", "期末运营中的城市公办养老机构数。",
     "facilities_open", {"kind": "urban_public_care_home"}, "", {}, "count", "facilities", 69),
    ("care_homes", "敬老院数", "期末运营中的敬老院(特困供养服务机构)数。",
     "facilities_open", {"kind": "care_home"}, "", {}, "count", "facilities", 69),
    ("private_care_homes", "社会力量兴办养老机构数", "期末运营中的社会力量兴办养老机构数。",
     "facilities_open", {"kind": "private_care_home"}, "", {}, "count", "facilities", 69),
    ("home_care_stations", "居家养老服务中心(站)数", "期末运营中的居家养老服务中心(站)数。",
     "facilities_open", {"kind": "home_care_station"}, "", {}, "count", "facilities", 69),
    ("care_beds", "养老床位数", "期末运营中的养老服务机构的床位数(各机构最近一次登记的床位)。",
     "facility_beds", {"care_institution": True}, "", {}, "count", "facilities", 67),
    ("elder_activity_rooms", "老年活动室数", "期末运营中的老年活动室数。",
     "facilities_open", {"kind": "elder_activity_room"}, "", {}, "count", "facilities", 68),
    ("children_homes", "儿童之家数", "期末运营中的儿童之家数。",
     "facilities_open", {"kind": "children_home"}, "", {}, "count", "facilities", 70),
    # Version 1 of the two coverage rates; reports migration 0009 makes version 2 current (the units
    # that existed on the period's day, administrative ones only).
    ("children_home_town_coverage", "儿童之家乡镇覆盖率", "有运营中儿童之家的乡镇(街道) ÷ 乡镇(街道)总数。",
     "areas_covered", {"kind": "children_home", "level": "township"}, "areas_total", {"level": "township"},
     "ratio", "facilities", 71),
    ("children_home_village_coverage", "儿童之家村(社区)覆盖率", "有运营中儿童之家的村(社区) ÷ 村(社区)总数。",
     "areas_covered", {"kind": "children_home", "level": "village"}, "areas_total", {"level": "village"},
     "ratio", "facilities", 72),
    ("minor_protection_stations", "未成年人保护工作站数", "期末运营中的未成年人保护工作站数。",
     "facilities_open", {"kind": "minor_protection_station"}, "", {}, "count", "facilities", 73),
    # child protection
    ("mandatory_reports", "强制报告数", "期内接报的强制报告条数。",
     "mandatory_reports", {}, "", {}, "count", "protection", 50),
    ("cases_opened", "新受理个案数", "期内受理的儿童保护个案数。",
     "cases_opened", {}, "", {}, "count", "protection", 51),
    # workforce (issue 13's posts and holders; 民发〔2019〕34号)
    ("child_directors", "儿童主任人数", "期末在岗的儿童主任人数(岗位有人任职)。",
     "post_holders", {"post_kind": "child_director"}, "", {}, "people", "workforce", 80),
    ("child_director_coverage", "儿童主任配备率",
     "期末有在岗儿童主任的村(社区) ÷ 村(社区)总数(不含林场等“其他单位”)。",
     "areas_staffed", {"post_kind": "child_director"}, "areas_to_staff", {"post_kind": "child_director"},
     "ratio", "workforce", 81),
    ("child_supervisors", "儿童督导员人数", "期末在岗的儿童督导员人数。",
     "post_holders", {"post_kind": "child_supervisor"}, "", {}, "people", "workforce", 82),
    ("child_supervisor_coverage", "儿童督导员配备率",
     "期末有在岗儿童督导员的乡镇(街道) ÷ 乡镇(街道)总数(不含“其他单位”)。",
     "areas_staffed", {"post_kind": "child_supervisor"}, "areas_to_staff", {"post_kind": "child_supervisor"},
     "ratio", "workforce", 83),
    ("social_workers", "乡镇社工站社工人数", "期末在岗的乡镇(街道)社工站社工人数。",
     "post_holders", {"post_kind": "social_worker"}, "", {}, "people", "workforce", 84),
]


def catalogue_add(apps, codes: tuple[str, ...] | None = None) -> None:
    """For the migrations that bring the catalogue's entries in (all of them, or `codes`): the first
    version of each code not yet present. Rows already there are the truth, a bureau's edits included."""
    indicator = apps.get_model("reports", "Indicator")
    present = set(indicator.objects.values_list("code", flat=True))
    indicator.objects.bulk_create([
        indicator(code=code, version=1, is_current=True, name=name, description=description, measure=measure,
                  filters=filters, denominator_measure=den, denominator_filters=den_filters, unit=unit,
                  section=section, order=order)
        for code, name, description, measure, filters, den, den_filters, unit, section, order in CATALOGUE
        if (codes is None or code in codes) and code not in present])


VERSIONED_FIELDS = ("name", "description", "measure", "filters", "denominator_measure", "denominator_filters", "unit",
                    "period_types", "rollup", "section", "order")


def catalogue_administrative_version(apps, descriptions: dict[str, str], version: int = 2) -> None:
    """For the migrations that move catalogue entries to counting administrative units that existed on
    the period's day (filter "administrative" on numerator and denominator): each code in
    `descriptions` at version `version` - 1, and not edited past it by a bureau, gets `version` with
    the new description, the old one kept, no longer current (as services.indicator_version_create keeps
    an edited one). Where the store holds figures (a full refresh has run), an `indicator_versioned`
    event per code, chained like any audit row, makes the next incremental refresh recount it."""
    import datetime

    from guanai.audit.chain import chain_link

    indicator, event_model = apps.get_model("reports", "Indicator"), apps.get_model("audit", "Event")
    store_holds = apps.get_model("reports", "StoreRefresh").objects.filter(kind="full",
                                                                           finished_at__isnull=False).exists()
    for code, description in descriptions.items():
        current = indicator.objects.filter(code=code, is_current=True).first()
        if current is None or current.version != version - 1:
            continue
        fields = {name: getattr(current, name) for name in VERSIONED_FIELDS}
        fields["description"] = description
        fields["filters"] = {**current.filters, "administrative": True}
        fields["denominator_filters"] = {**current.denominator_filters, "administrative": True}
        indicator.objects.filter(pk=current.pk).update(is_current=False)
        indicator.objects.create(code=code, version=version, is_current=True, **fields)
        if not store_holds:
            continue
        event = event_model(at=datetime.datetime.now(datetime.UTC), verb="indicator_versioned",
                            object_type="indicator", object_id=code, data={"version": version, "name": current.name})
        chain_link(event)
        event.save()


def catalogue_administrative_version_undo(apps, codes, version: int = 2) -> None:
    """The reverse: the migration's version removed (unless a bureau wrote it), the one before current again."""
    indicator = apps.get_model("reports", "Indicator")
    for code in codes:
        if indicator.objects.filter(code=code, version=version, created_by__isnull=True).exists():
            indicator.objects.filter(code=code, version=version).delete()
            indicator.objects.filter(code=code, version=version - 1).update(is_current=True)
