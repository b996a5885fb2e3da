import pytest

from guanai.people.pinyin import MAX_FULL_KEYS, name_keys


@pytest.mark.parametrize(("name", "expected"), [
    ("单小明", {"shanxiaoming", "danxiaoming", "sxm", "dxm"}),
    ("曾国藩", {"zengguofan", "cengguofan", "zgf", "cgf"}),
    ("解放", {"xiefang", "jiefang", "xf", "jf"}),
    ("仇英", {"qiuying", "chouying", "qy", "cy"}),
    ("查良镛", {"zhaliangyong", "chaliangyong", "zly", "cly"}),
    ("朴槿惠", {"piaojinhui", "pujinhui", "pjh"}),
    ("区志明", {"ouzhiming", "quzhiming", "ozm", "qzm"}),
    ("尉迟恭", {"yuchigong", "weichigong", "ycg", "wcg"}),
    ("欧阳娜娜", {"ouyangnana", "oynn"}),
    ("张三", {"zhangsan", "zs"}),
])
def test_heteronym_surnames_keep_every_reading(name, expected):
    assert expected <= set(name_keys(name))


def test_surname_reading_comes_first():
    assert name_keys("单小明")[0] == "shanxiaoming"


def test_keys_are_lowercase_ascii_letters():
    for name in ("吕律", "李 四", "John Smith", "阿卜杜·艾力", "女娲"):
        for key in name_keys(name):
            assert key.isascii() and key.isalpha() and key == key.lower(), (name, key)
    assert "lvlv" in name_keys("吕律")
    assert set(name_keys("John Smith")) == {"johnsmith", "js"}


def test_combinations_are_capped_but_surname_readings_complete():
    keys = name_keys("单重重重重重")  # every given-name character has several readings
    full = [k for k in keys if len(k) > 6]
    assert len(full) <= MAX_FULL_KEYS
    assert {k[:4] for k in full if k.startswith("shan")} and any(k.startswith("dan") for k in full)
    assert any(k.startswith("chan") for k in full)


def test_empty_and_unreadable_names():
    assert name_keys("") == []
    assert name_keys("１２3·") == []
