"""Pinyin search keys for names: full pinyin (shanxiaoming) and initials (sxm), every reading.

Clerks type a name the way they say it, and a surname such as 单 is said "shan" by the family but
read "dan" by everyone else; 曾 is zeng or ceng, 解 xie or jie. So a name gets one key per
combination of readings. Surnames keep all their readings (the table below plus pypinyin's
heteronyms); the given name's combinations are capped so that a name of rare characters does not
write hundreds of rows. Keys are lowercase ASCII letters only, so a prefix range scan on an index
finds them (selectors.person_search); one more key holds the given name's characters (given_key).
"""

import itertools
import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

# At most this many full-pinyin keys per name (each surname reading always keeps at least one).
MAX_FULL_KEYS = 16

# Compound surnames (复姓): read as one unit, syllable by syllable, the surname reading first.
COMPOUND_SURNAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "欧阳": (("ou", "yang"),), "司马": (("si", "ma"),), "诸葛": (("zhu", "ge"),),
    "上官": (("shang", "guan"),), "尉迟": (("yu", "chi"), ("wei", "chi")), "万俟": (("mo", "qi"), ("wan", "qi")),
    "单于": (("chan", "yu"), ("shan", "yu"), ("dan", "yu")), "长孙": (("zhang", "sun"), ("chang", "sun")),
    "令狐": (("ling", "hu"),), "慕容": (("mu", "rong"),), "皇甫": (("huang", "fu"),), "东方": (("dong", "fang"),),
    "夏侯": (("xia", "hou"),), "公孙": (("gong", "sun"),), "宇文": (("yu", "wen"),), "司徒": (("si", "tu"),),
    "澹台": (("tan", "tai"), ("dan", "tai")), "轩辕": (("xuan", "yuan"),), "呼延": (("hu", "yan"),),
    "端木": (("duan", "mu"),), "南宫": (("nan", "gong"),), "独孤": (("du", "gu"),), "西门": (("xi", "men"),),
    "申屠": (("shen", "tu"),), "公羊": (("gong", "yang"),), "赫连": (("he", "lian"),), "闻人": (("wen", "ren"),),
}

# Single surnames whose surname reading differs from the common one: the surname reading first,
# then the readings people also use. pypinyin's own heteronyms for the character are added after.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan", "dan"), "曾": ("zeng", "ceng"), "解": ("xie", "jie"), "仇": ("qiu", "chou"),
    "查": ("zha", "cha"), "朴": ("piao", "pu"), "区": ("ou", "qu"), "尉": ("yu", "wei"),
    "覃": ("qin", "tan"), "盖": ("ge", "gai"), "种": ("chong", "zhong"), "乐": ("yue", "le"),
    "缪": ("miao", "mou", "miu"), "员": ("yun", "yuan"), "召": ("shao", "zhao"), "费": ("fei", "bi"),
    "秘": ("bi", "mi"), "翟": ("zhai", "di"), "繁": ("po", "fan"), "句": ("gou", "ju"),
    "黑": ("he", "hei"), "万": ("wan", "mo"), "长": ("chang", "zhang"), "沈": ("shen", "chen"),
    "折": ("she", "zhe"), "隗": ("wei", "kui"), "祭": ("zhai", "ji"), "能": ("nai", "neng"),
    "宓": ("mi", "fu"), "牟": ("mou", "mu"), "谌": ("chen", "shen"), "柏": ("bai", "bo"),
    "重": ("chong", "zhong"), "朝": ("chao", "zhao"), "蕃": ("pi", "fan"), "适": ("kuo", "shi"),
    "洗": ("xian", "xi"), "粘": ("nian", "zhan"), "石": ("shi", "dan"), "薄": ("bo", "bao"),
    "车": ("che", "ju"), "贾": ("jia", "gu"), "藏": ("zang", "cang"), "隽": ("juan", "jun"),
    "华": ("hua",), "任": ("ren",), "纪": ("ji",), "过": ("guo",), "便": ("pian", "bian"),
    "那": ("na", "nuo"), "阿": ("a", "e"), "哈": ("ha",), "都": ("du", "dou"), "莘": ("shen", "xin"),
}

# NameKey.key's max_length: longer keys are cut (a prefix search still finds them).
MAX_KEY_LENGTH = 80

# A given name's key is its characters behind this mark (张小明 -> 0小明): a search typed in characters
# that starts nobody's name (小明) finds the given names that start with it as a range of keys
# (search.given_name_prefix) instead of reading every name in scope. A digit sorts before every letter,
# so no pinyin range (a-z) ever reaches these keys.
GIVEN_MARK = "0"

# A name's tokens: one Han character, or a run of ASCII letters (a name written in Latin letters).
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=8192)
def _char_readings(char: str) -> tuple[str, ...]:
    """Every NORMAL-style reading of one token, most common first; ASCII words lowercased."""
    if not _HAN.match(char):
        return (char.lower(),)
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(_ascii(r) for r in readings[0] if _ascii(r)) if readings else ()


def _ascii(reading: str) -> str:
    """pypinyin writes ü as v in NORMAL style; keep letters only so keys stay in a-z."""
    return "".join(c for c in reading.lower().replace("ü", "v") if "a" <= c <= "z")


def _ordered(*groups) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for reading in group:
            if reading:
                seen.setdefault(reading, None)
    return tuple(seen)


def _split_surname(tokens: list[str]) -> tuple[tuple[tuple[str, ...], ...], list[str]]:
    """(every reading of the surname as a tuple of syllables, the tokens of the given name)."""
    if "".join(tokens[:2]) in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES["".join(tokens[:2])], tokens[2:]
    first = tokens[0]
    return tuple((r,) for r in _ordered(SURNAME_READINGS.get(first, ()), _char_readings(first))), tokens[1:]


@lru_cache(maxsize=65536)
def _given_readings(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Per token of the given name: the phrase-aware default reading first, then heteronyms.
    (Cached: given names repeat, and pypinyin's phrase segmentation is the slow part.)"""
    per_token = [_char_readings(t) for t in tokens if _char_readings(t)]
    tokens = tuple(t for t in tokens if _char_readings(t))
    if len(tokens) < 2 or all(len(r) == 1 for r in per_token) or not all(_HAN.match(t) for t in tokens):
        return tuple(per_token)
    defaults = lazy_pinyin("".join(tokens), style=Style.NORMAL, errors="ignore")
    if len(defaults) != len(tokens):
        return tuple(per_token)
    return tuple(_ordered([_ascii(d)], readings) for readings, d in zip(per_token, defaults, strict=True))


def name_keys(name: str) -> list[str]:
    """Full-pinyin and initials keys of a name, then its given name's key (given_key):
    单小明 -> shanxiaoming, danxiaoming, ..., sxm, dxm, 0小明.

    Every surname reading is kept; the given name's combinations are capped so that no name has
    more than MAX_FULL_KEYS full keys (combinations of the most common readings come first). A name
    of one token has no given name.
    """
    return list(_name_keys(name or ""))


@lru_cache(maxsize=131072)  # full names repeat a great deal; the import computes keys for every row
def _name_keys(name: str) -> tuple[str, ...]:
    tokens = _TOKEN.findall(name)
    if not tokens:
        return ()
    surnames, given = _split_surname(tokens)
    if not surnames:
        surnames = ((),)
    per_surname = max(1, MAX_FULL_KEYS // len(surnames))
    given_combos = list(itertools.islice(itertools.product(*_given_readings(tuple(given))), per_surname))
    full: dict[str, None] = {}
    initials: dict[str, None] = {}
    for surname in surnames:
        for combo in given_combos:
            syllables = surname + combo
            full.setdefault("".join(syllables), None)
            initials.setdefault("".join(s[:1] for s in syllables), None)
    keys = (k[:MAX_KEY_LENGTH] for k in itertools.chain(full, initials, [given_key("".join(given))]) if k)
    return tuple(dict.fromkeys(keys))


def given_key(given: str) -> str:
    """The key of a given name, or of the start of one typed in a search: GIVEN_MARK and its tokens
    (Han characters, Latin words) as written, without the spaces and dots between them (小明 -> 0小明);
    "" when it has none. Characters, not pinyin: a given name is looked for by what is typed, so its
    key range holds exactly the given names that start so, with nothing left to check."""
    tokens = "".join(_TOKEN.findall(given or ""))
    return (GIVEN_MARK + tokens)[:MAX_KEY_LENGTH] if tokens else ""
