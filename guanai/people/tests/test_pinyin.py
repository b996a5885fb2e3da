import pytest

from guanai.people.pinyin import GIVEN_MARK, MAX_FULL_KEYS, given_key, name_keys


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


def test_keys_are_lowercase_ascii_letters_but_a_given_names():
    for name in ("吕律", "李 四", "John Smith", "阿卜杜·艾力", "女娲"):
        for key in name_keys(name):
            if not key.startswith(GIVEN_MARK):
                assert key.isascii() and key.isalpha() and key == key.lower(), (name, key)
    assert "lvlv" in name_keys("吕律")
    assert set(name_keys("John Smith")) == {"johnsmith", "js", GIVEN_MARK + "Smith"}


@pytest.mark.parametrize(("name", "given"), [
    ("张小明", ["0小明"]),
    ("单小明", ["0小明"]),  # one key whatever the surname's readings
    ("欧阳娜娜", ["0娜娜"]),  # after a compound surname
    ("李乐", ["0乐"]),
    ("阿卜杜·艾力", ["0卜杜艾力"]),  # the dot between the parts is not kept
    ("王", []),  # a name of one character has no given name
])
def test_a_name_has_one_key_for_its_given_name_in_characters(name, given):
    assert [key for key in name_keys(name) if key.startswith(GIVEN_MARK)] == given


def test_a_given_name_typed_is_keyed_as_a_stored_one():
    for name in ("李乐", "曾乐乐", "张小明", "欧阳娜娜"):
        stored = [key for key in name_keys(name) if key.startswith(GIVEN_MARK)]
        assert stored == [given_key(name[2:] if name.startswith("欧阳") else name[1:])], name
    assert given_key("小 明") == given_key("小明") == "0小明"
    assert given_key("") == given_key("·") == ""


def test_no_pinyin_range_reaches_a_given_names_key():
    key = name_keys("张明")[-1]
    assert key == GIVEN_MARK + "明"
    assert key < "a"  # below every pinyin prefix range (search.starts_with, in code point order): a digit


def test_combinations_are_capped_but_surname_readings_complete():
    keys = name_keys("单重重重重重")  # every given-name character has several readings
    full = [k for k in keys if len(k) > 6]
    assert len(full) <= MAX_FULL_KEYS
    assert {k[:4] for k in full if k.startswith("shan")} and any(k.startswith("dan") for k in full)
    assert any(k.startswith("chan") for k in full)


def test_empty_and_unreadable_names():
    assert name_keys("") == []
    assert name_keys("１２3·") == []
