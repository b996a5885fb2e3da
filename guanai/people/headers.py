"""Which sheet header means which field: the Chinese column names bureaus use, as data.

Keys are PersonIn field names (guanai/people/schemas.py), plus two that name a place rather than a
field: `village` (a village by name or 12-digit code, resolved within the importer's scope) and
`township` (a township name that tells apart villages of the same name). Headers are compared after
`guanai.sheets.reading.normalise_header` (NFKC, no spaces, no '*', lower case), so 村（社区） and 村(社区) are one.
A header under a merged group header (残疾情况 / 类别) is also tried as group + header (残疾情况类别).
Add a synonym here when a bureau's sheet uses a new one; never in the importer's code.
"""

from guanai.sheets.reading import normalise_header

IGNORE = "-"  # mapping value meaning "leave this column out"

PERSON_HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号码", "证件号",
                  "身份证", "身份证件号码", "居民身份证号码", "身份证号(18位)", "id_number"),
    "name": ("姓名", "名字", "对象姓名", "儿童姓名", "老人姓名", "服务对象姓名", "name"),
    "sex": ("性别", "sex"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "birth_date"),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "电话号码", "联系方式", "本人电话", "phone"),
    "hukou_type": ("户籍类型", "户口性质", "户口类型", "户籍性质", "户籍类别", "hukou_type"),
    "village": ("所属村", "村(社区)", "村居", "村(居)", "所在村", "所在村(社区)", "村名", "村", "社区", "村委会",
                "村(居)委会", "所属村(社区)", "village"),
    "area_code": ("区划代码", "村代码", "村(社区)代码", "统计用区划代码", "area_code"),
    "township": ("乡镇", "乡镇(街道)", "所属乡镇", "所属乡镇(街道)", "乡(镇)", "镇(乡)", "街道", "township"),
    "address": ("住址", "家庭住址", "现住址", "居住地址", "详细地址", "户籍地址", "家庭地址", "address"),
    "living_arrangement": ("居住情况", "居住状况", "居住方式", "生活状况", "living_arrangement"),
    "is_migrant_worker": ("是否外出务工", "外出务工", "是否外出", "外出务工情况", "is_migrant_worker"),
    "away_scope": ("外出范围", "务工范围", "外出区域", "away_scope"),
    "away_place": ("外出地点", "务工地点", "外出务工地点", "务工地", "外出地址", "away_place"),
    "away_since": ("外出时间", "外出务工时间", "外出日期", "离家时间", "away_since"),
    "disability_type": ("残疾类别", "残疾类型", "残疾情况类别", "残疾种类", "disability_type"),
    "disability_grade": ("残疾等级", "残疾级别", "残疾情况等级", "disability_grade"),
    "disability_certificate_no": ("残疾人证号", "残疾证号", "残疾证号码", "disability_certificate_no"),
    "care_need": ("失能情况", "自理能力", "是否失能", "失能等级", "生活自理能力", "care_need"),
    "severe_illness": ("重病", "重病(病名)", "重大疾病", "患病情况", "疾病名称", "severe_illness"),
    "custody_type": ("限制人身自由情况", "服刑在押情况", "服刑/羁押情况", "custody_type"),
    "custody_since": ("服刑起始日期", "羁押起始日期", "限制人身自由起始日期", "custody_since"),
    "custody_term_months": ("刑期(月)", "刑期/措施期限(月)", "刑期月数", "custody_term_months"),
    "custody_evidence": ("判决书/决定书编号", "判决书编号", "custody_evidence"),
    "out_of_contact_since": ("失联报案受理日期", "失联日期", "失联时间", "out_of_contact_since"),
    "police_receipt_no": ("报案回执单号", "回执单号", "police_receipt_no"),
    "died_on": ("死亡日期", "死亡时间", "died_on"),
    "declared_missing_on": ("法院宣告失踪日期", "宣告失踪日期", "declared_missing_on"),
    "death_evidence": ("死亡/宣告证明", "死亡证明", "death_evidence"),
    "parents_unknown": ("查找不到生父母", "是否查找不到生父母", "parents_unknown"),
    "guardianship_revoked_on": ("监护资格被撤销日期", "guardianship_revoked_on"),
    "deported_on": ("被遣送(驱逐)出境日期", "deported_on"),
    "dibao": ("是否低保", "低保", "低保对象", "是否低保对象", "dibao"),
    "tekun": ("是否特困", "特困", "特困供养", "是否特困供养", "特困人员", "tekun"),
    "bereaved_one_child_family": ("计划生育特殊家庭", "是否计划生育特殊家庭", "计生特殊家庭", "失独家庭",
                                  "bereaved_one_child_family"),
    "in_full_time_school": ("全日制在校", "是否在校", "是否全日制在校", "就学情况", "in_full_time_school"),
    "written_notice_given": ("父母已书面告知村(居)委会", "是否书面告知", "written_notice_given"),
    "weekly_contact": ("父母每周联系", "是否每周联系", "weekly_contact"),
    "carer_excluded_reason": ("不宜担任委托照护人的情形", "carer_excluded_reason"),
    "notes": ("备注", "说明", "notes"),
    # Not a PersonIn field: the key an export writes so that a masked sheet imports back (people/recordkeys.py)
    "record_key": ("记录编号", "记录编号(请勿修改)", "record_key"),
}

# Columns that are read but not imported: row numbers, derived values (age and categories come from
# the ID number and the rules), and the two columns an error report adds.
IGNORED_HEADERS: tuple[str, ...] = ("序号", "编号", "年龄", "周岁", "对象类别", "类别", "人员类别", "风险等级",
                                    "错误原因", "原行号")

HEADER_FIELDS: dict[str, str] = {
    normalise_header(synonym): field_name for field_name, synonyms in PERSON_HEADERS.items() for synonym in synonyms
}
IGNORED: frozenset[str] = frozenset(normalise_header(h) for h in IGNORED_HEADERS)

# The header the template and the exports write for each field (the first synonym).
CANONICAL_HEADER: dict[str, str] = {field_name: synonyms[0] for field_name, synonyms in PERSON_HEADERS.items()}


def is_known_header(text: str) -> bool:
    """For `sheets.find_header_row`: a normalised header that names a field or an ignored column."""
    return text in HEADER_FIELDS or text in IGNORED


def field_for_header(header: str, group: str = "", mapping: dict[str, str] | None = None) -> str | None:
    """The field a column holds: the user's mapping first, then the synonyms (group + header, then header).
    IGNORE for a column to leave out; None when the header is unknown (the user must map it)."""
    mapping = {normalise_header(k): v for k, v in (mapping or {}).items()}
    joined = group + header if group and group != header else ""
    for text in (header, joined):
        if text and text in mapping:
            return mapping[text]
    for text in (joined, header):  # the more specific reading first: 残疾情况 + 类别
        if text and text in HEADER_FIELDS:
            return HEADER_FIELDS[text]
    return IGNORE if header in IGNORED else None
