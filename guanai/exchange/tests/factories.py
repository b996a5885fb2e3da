"""Import jobs in any state, without running an import (tests of pages, selectors and scope)."""

import factory
from django.core.files.base import ContentFile

from guanai.conftest import XINMINJIE
from guanai.exchange.models import ImportJob, ImportKind, ImportStatus


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A job of `created_by` in their area; pass status/counters to place it anywhere on its way."""

    class Meta:
        model = ImportJob

    kind = ImportKind.PEOPLE
    file = factory.LazyFunction(lambda: ContentFile(b"name\n", name="import.csv"))
    original_name = factory.Sequence(lambda n: f"名单{n}.xlsx")
    status = ImportStatus.PENDING
    created_by = None
    area_code = factory.LazyAttribute(lambda job: job.created_by.area_id if job.created_by else XINMINJIE)
