"""Issue 16, "A soft field never costs a row": a township's real elderly roster, with the words clerks
write, imports every identifiable person; only the name, the ID number and the village refuse a row."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from guanai.conftest import LONGKOU
from guanai.exchange.models import ImportJob, ImportStatus
from guanai.exchange.runs import import_job_run
from guanai.people.importrows import BureauWords
from guanai.people.models import ChoiceWord, Person
from guanai.people.tests.imports.workbooks import xlsx

TITLE = ["双石铺镇2023年特殊困难老年人花名册"]
HEADER = ["序号", "姓名", "身份证号", "村(社区)", "出生日期", "联系电话", "居住情况", "是否低保", "外出时间", "备注"]
# 居住情况 as the township writes it, and what each must become: a value, a hint or a kept word.
WORDS = {
    "空巢": ("without_children", ""), "独居老人": ("alone", ""), "独居": ("alone", ""),
    "与老伴同住": ("with_spouse", ""), "留守": ("", "留守"), "子女外出务工": ("", "子女外出务工"),
    "和孙子住": ("", "和孙子住"),  # no such word yet: kept as written, with a warning
}
VILLAGES = ["新民街社区", "双石铺村", "西庄村", "桥头庄村"]


def roster(ids) -> tuple[bytes, dict[str, str]]:
    """40 elderly people; 4 rows that cannot be imported (why, by name) and 36 that must be."""
    rows, fates = [TITLE, HEADER], {}
    words = list(WORDS)
    for n in range(1, 37):
        name = f"老人{n:02d}"
        number = ids(n)
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=n)
        phone = "１３８００１３８０" + f"{n:02d}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        away = "2023年3月" if n % 9 == 0 else ("去年" if n % 12 == 0 else "")  # 去年: not a date, a soft cell
        rows.append([n, name, number, VILLAGES[n % 4], f"{birth.year}年{birth.month}月{birth.day}日", phone,
                     words[n % len(words)], "是" if n % 3 == 0 else "否", away, ""])
        fates[name] = "imported"
    bad = [("老人37", 6.10330195e17, "新民街社区"),  # Excel turned the ID into a number
           ("老人38", ids(38)[:-1] + ("0" if ids(38)[-1] != "0" else "1"), "新民街社区"),  # wrong check digit
           ("老人39", ids(39), "不存在村"),  # no such village
           ("", ids(40), "西庄村")]  # no name
    for n, (name, number, village) in enumerate(bad, start=37):
        rows.append([n, name, number, village, "", "", "空巢", "否", "", ""])
        fates[name or "(no name)"] = "refused"
    rows.append(["合计", "", "", "", "", "", "", "", "", "40人"])
    return xlsx(rows, merges=[("A1:J1", TITLE[0])]), fates


@pytest.fixture
def imported(run_import, ids, supervisor):
    data, _fates = roster(ids)
    result, _ = run_import(data, user=supervisor)
    return result


def test_every_identifiable_person_is_imported(imported):
    assert (imported.total, imported.created, imported.rejected) == (40, 36, 4), imported.reasons()
    assert Person.objects.count() == 36
    reasons = " ".join(imported.reasons().values())
    for why in ("数字", "校验位", "不存在村", "必填"):
        assert why in reasons, why


def test_the_bureau_words_become_values(imported):
    living = dict(Person.objects.values_list("name", "living_arrangement"))
    expected = {"空巢": "without_children", "独居老人": "alone", "独居": "alone", "与老伴同住": "with_spouse"}
    words = list(WORDS)
    for n in range(1, 37):
        word = words[n % len(words)]
        assert living[f"老人{n:02d}"] == expected.get(word, ""), (n, word)


def test_hints_and_unknown_words_are_kept_as_written_with_a_warning(imported):
    words = list(WORDS)
    for n in range(1, 37):
        word = words[n % len(words)]
        person = Person.objects.get(name=f"老人{n:02d}")
        if word in ("留守", "子女外出务工"):
            assert person.living_arrangement == "" and f"居住情况：{word}（类别线索" in person.unrecognised
        elif word == "和孙子住":
            assert person.living_arrangement == "" and "居住情况：和孙子住" in person.unrecognised
    hinted = {row for row, problems in imported.warnings.items() if any(p.code == "hint" for p in problems)}
    unknown = {row for row, problems in imported.warnings.items() if any(p.code == "choice" for p in problems)}
    assert len(hinted) == sum(1 for n in range(1, 37) if words[n % len(words)] in ("留守", "子女外出务工"))
    assert len(unknown) == sum(1 for n in range(1, 37) if words[n % len(words)] == "和孙子住")


def test_a_bad_date_in_a_soft_column_is_a_warning_not_a_refusal(imported):
    person = Person.objects.get(name="老人12")
    assert person.away_since is None and "外出时间：去年" in person.unrecognised
    assert Person.objects.get(name="老人09").away_since == datetime.date(2023, 3, 1)
    assert imported.warned == len(imported.warnings) and imported.warned >= 1


def test_full_width_phone_and_chinese_dates(imported):
    person = Person.objects.get(name="老人05")
    assert person.phone == "13800138005" and person.birth_date == datetime.date(1950, 1, 6)


def test_problem_groups_count_rows_per_kind(imported):
    groups = imported.problem_groups()
    warned = {(g["code"], g["header"]): g["count"] for g in groups["warned"]}
    assert warned[("hint", "居住情况")] == sum(1 for g in imported.warnings.values() if g[0].code == "hint")
    refused = {g["code"] for g in groups["refused"]}
    assert {"village", "id_number_checksum", "id_number_excel_number"} <= refused


def test_a_new_word_added_by_the_bureau_is_read_next_time(run_import, ids, supervisor, imported):
    ChoiceWord.objects.create(field="living_arrangement", word="和孙子住", value="with_relatives")
    data, _ = roster(ids)
    result, _ = run_import(data, user=supervisor)
    assert result.rejected == 4 and not any(p.code == "choice" for g in result.warnings.values() for p in g)
    assert Person.objects.filter(living_arrangement="with_relatives").count() == sum(
        1 for n in range(1, 37) if list(WORDS)[n % len(WORDS)] == "和孙子住")


def test_bureau_words_are_normalised_like_cells(db):
    words = BureauWords([("living_arrangement", "与 老伴 同住", "with_spouse", "")])
    assert words.by_field["living_arrangement"]["与老伴同住"] == ("with_spouse", "")


def test_an_ambiguous_short_village_name_names_both_candidates(run_import, ids, county):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "龙口"],
                                 ["李桂兰", ids(2), "龙口社区"]]), user=county)
    assert result.created == 1 and Person.objects.get().area_id == LONGKOU
    reason = result.reasons()[2]
    assert "龙口社区（610330101003）" in reason and "龙口村（610330101200）" in reason


def test_the_job_page_shows_groups_in_one_language(client, ids, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data, _ = roster(ids)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guanai.accounts.scoping import scope_for
    from guanai.exchange.services import import_job_create

    job = import_job_create(actor=supervisor, scope=scope_for(supervisor),
                            upload=SimpleUploadedFile("花名册.xlsx", data))
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 36, 4) and job.warned >= 1
    client.force_login(supervisor)
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert "已导入但有警告的行" in page and "对象类别线索" in page and "未导入的行" in page
    assert "a category hint" not in page and " / " not in page.split("未导入的行")[1].split("</section>")[0]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert "a category hint" in page and "对象类别线索" not in page
    assert "Rows imported with warnings" in page


def test_the_command_prints_warnings(ids, supervisor, tmp_path):
    path = tmp_path / "花名册.xlsx"
    data, _ = roster(ids)
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import", "people", str(path), "--user", "supervisor", stdout=out)
    assert "有警告" in out.getvalue() and "已导入，有警告" in out.getvalue()


def test_the_page_offers_to_remember_a_new_word_and_reimports(client, ids, supervisor, settings, tmp_path, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guanai.accounts.scoping import scope_for
    from guanai.exchange.services import import_job_create

    settings.MEDIA_ROOT = tmp_path
    data, _ = roster(ids)
    job = import_job_create(actor=supervisor, scope=scope_for(supervisor),
                            upload=SimpleUploadedFile("花名册.xlsx", data))
    import_job_run(job_id=job.pk)
    client.force_login(supervisor)
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert "记住这些写法" in page and "和孙子住" in page
    job.refresh_from_db()
    words = next(g for g in job.problem_groups["warned"] if g["code"] == "choice")["words"]
    assert words == ["和孙子住"]
    # The outsider cannot teach words through somebody else's job.
    client.force_login(outsider)
    assert client.post(reverse("exchange:import_words", args=[job.pk]), {"w0": "value:with_relatives"}
                       ).status_code == 404
    assert not ChoiceWord.objects.filter(word="和孙子住").exists()
    client.force_login(supervisor)
    response = client.post(reverse("exchange:import_words", args=[job.pk]),
                           {"w0": "value:with_relatives", "rerun": "1"})
    assert ChoiceWord.objects.get(word="和孙子住").value == "with_relatives"
    rerun = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("exchange:import_detail", args=[rerun.pk]) and rerun.mapping == job.mapping
    import_job_run(job_id=rerun.pk)
    rerun.refresh_from_db()
    assert (rerun.created, rerun.rejected) == (0, 4)
    relatives = Person.objects.filter(living_arrangement="with_relatives")
    assert relatives.count() == sum(1 for n in range(1, 37) if list(WORDS)[n % len(WORDS)] == "和孙子住")
    # What was kept word for word is cleared once the field is read.
    assert not relatives.filter(unrecognised__contains="居住情况").exists()


def test_a_word_that_is_not_a_value_of_its_field_is_refused(supervisor):
    from django.core.exceptions import ValidationError

    from guanai.people.services import choice_words_remember

    with pytest.raises(ValidationError):
        choice_words_remember(actor=supervisor, words=[("living_arrangement", "随便", "rural", "")])
    assert not ChoiceWord.objects.filter(word="随便").exists()


def test_the_same_roster_as_a_gb18030_csv(run_import, ids, supervisor):
    import csv

    from guanai.sheets.reading import read_sheet

    sheet = read_sheet(io.BytesIO(roster(ids)[0]), filename="x.xlsx")
    text = io.StringIO()
    writer = csv.writer(text)
    for row in sheet.rows:
        writer.writerow(["6.10330E+17" if isinstance(c, float) and c > 1e15 else ("" if c is None else c)
                         for c in row])
    result, _ = run_import(text.getvalue().encode("gb18030"), user=supervisor, filename="花名册.csv")
    assert (result.created, result.rejected) == (36, 4), result.reasons()
    assert result.warned == len(result.warnings) > 0
    assert Person.objects.get(name="老人01").living_arrangement == "alone"


def test_kept_words_are_replaced_field_by_field():
    from guanai.people.importrows import unrecognised_merged

    stored = "居住情况：和孙子住；外出时间：去年"
    assert unrecognised_merged(stored, read={"living_arrangement"}, new="") == "外出时间：去年"
    assert unrecognised_merged(stored, read=set(), new="外出时间：前年") == "居住情况：和孙子住；外出时间：前年"
    assert unrecognised_merged("", read={"phone"}, new="") == ""
