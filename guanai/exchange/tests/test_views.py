"""The import pages and downloads, as the director, the supervisor and the outsider."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guanai.audit.models import AccessLog
from guanai.exchange import runs
from guanai.exchange.models import ImportJob
from guanai.people.tests.imports.workbooks import xlsx
from guanai.sheets.reading import read_sheet


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_upload(client, rows, **data):
    return client.post(reverse("exchange:import_start"), {"file": SimpleUploadedFile("名单.xlsx", xlsx(rows)), **data})


def test_upload_progress_and_report_download(client, director, ids):
    client.force_login(director)
    assert client.get(reverse("exchange:import_start")).status_code == 200
    response = post_upload(client, [["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"],
                                    ["坏", "1", "新民街社区"]])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exchange:import_detail", args=[job.pk])
    page = client.get(response.url)
    assert 'hx-trigger="every 1s"' in page.content.decode()  # polls while the job waits for the worker
    runs.import_job_run(job_id=job.pk)
    partial = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "下载错误报告" in partial and "<html" not in partial
    report = client.get(reverse("exchange:import_report", args=[job.pk]))
    rows = read_sheet(io.BytesIO(b"".join(report.streaming_content)), filename="r.xlsx").rows
    assert rows[0][-2:] == ["错误原因", "原行号"] and rows[1][0] == "坏"
    assert AccessLog.objects.filter(action="download", object_id=str(job.pk)).exists()


def test_mapping_step(client, director, ids):
    client.force_login(director)
    post_upload(client, [["姓名", "身份号", "所属村"], ["王秀英", ids(1), "新民街社区"]])
    job = ImportJob.objects.get()
    runs.import_job_run(job_id=job.pk)
    url = reverse("exchange:import_mapping", args=[job.pk])
    assert "B列“身份号”" in client.get(url).content.decode()
    assert client.post(url, {"h0": "id_number"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "pending" and job.mapping == {"身份号": "id_number"}


def test_outsider_gets_404_on_every_job_page(client, director, outsider, ids):
    client.force_login(director)
    post_upload(client, [["姓名", "身份证号", "所属村"], ["坏", "1", "新民街社区"]])
    job = ImportJob.objects.get()
    runs.import_job_run(job_id=job.pk)
    client.force_login(outsider)
    for name in ("import_detail", "import_mapping", "import_report"):
        assert client.get(reverse(f"exchange:{name}", args=[job.pk])).status_code == 404, name
    assert "名单.xlsx" not in client.get(reverse("exchange:import_start")).content.decode()


def test_template_and_export_downloads(client, director, analyst):
    client.force_login(director)
    template = client.get(reverse("exchange:people_template"))
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")
    export = client.get(reverse("exchange:people_export"), {"format": "csv"})
    assert export.content.decode("utf-8").startswith("\ufeff姓名,身份证号")
    assert AccessLog.objects.filter(action="export", user=director).exists()
    client.force_login(analyst)
    assert client.get(reverse("exchange:people_export"), {"unmasked": "1"}).status_code == 403
    assert client.get(reverse("exchange:people_template")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("exchange:import_start")).status_code == 302
