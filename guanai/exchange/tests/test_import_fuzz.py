"""A fuzz of the import: random bytes and broken sheets under every accepted name. Each file is
refused with a clear message (at the upload, or as a failed job with its reason), never a 500 and
never a job left running."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guanai.exchange.models import ImportJob, ImportStatus
from guanai.exchange.runs import import_job_run
from guanai.people.tests.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _broken_files() -> list[tuple[str, bytes]]:
    rng = random.Random(17)  # seeded: a failure names a file that can be made again
    good = xlsx([["姓名", "身份证号", "所属村"], ["王秀英", "610330195001020021", "新民街社区"]])
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='a' r:id='x'/></sheets>")
    files = [(f"random{i}{ext}", rng.randbytes(rng.choice([1, 17, 512, 4096])))
             for i, ext in enumerate([".xlsx", ".xls", ".csv"] * 4)]
    files += [
        ("empty.xlsx", b""), ("empty.csv", b""),
        ("truncated.xlsx", good[: len(good) // 2]),
        ("not-a-workbook.xlsx", zipped.getvalue()),
        ("pdf.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj"),
        ("header-only.xlsx", xlsx([["姓名", "身份证号", "所属村"]])),
        ("no-header.xlsx", xlsx([["", "", ""], [None, None, None]])),
        ("numbers.xlsx", xlsx([[1, 2, 3], [4, 5, 6]])),
        ("latin1.csv", "姓名,身份证号\n王,1\n".encode("gb18030")),
        ("nul.csv", b"\x00\x00\x00,\x00\n"),
        ("long-cell.csv", ("姓名,身份证号,所属村\n" + "王" * 100_000 + ",1,新民街社区\n").encode()),
        ("formula.csv", '姓名,身份证号,所属村\n=HYPERLINK("x"),610330195001020021,新民街社区\n'.encode()),
    ]
    return files


def test_every_broken_file_gets_a_clear_refusal(client, director):
    client.force_login(director)
    client.raise_request_exception = False
    outcomes = []
    for name, data in _broken_files():
        response = client.post(reverse("exchange:import_start"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 200:  # refused at the upload, with the reason on the form
            assert response.context["form"].errors.get("file"), name
            outcomes.append("refused")
            continue
        job = ImportJob.objects.latest("pk")
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status != ImportStatus.RUNNING, name
        if job.status == ImportStatus.FAILED:
            assert job.failure.strip(), name
        page = client.get(reverse("exchange:import_detail", args=[job.pk]))
        assert page.status_code == 200, name
        outcomes.append(job.status)
    assert "refused" in outcomes or ImportStatus.FAILED in outcomes
