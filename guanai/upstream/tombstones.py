"""The deletions a package carries up (docs/upstream.md, "Deletions"): every reported record deleted
here, by a service, the admin or a cascade, leaves a `Tombstone`. The lower apps know nothing of
this: upstream listens to their models' post_delete (connected in apps.ready), in the transaction of
the delete itself, so a rolled-back delete leaves no tombstone."""

from django.apps import apps
from django.db.models.signals import post_delete
from django.utils import timezone

from guanai.upstream.models import RecordKind, Tombstone

# model -> the record kind it is reported as
RECORDS = {"people.Person": RecordKind.PERSON, "visits.VisitRecord": RecordKind.VISIT, "cases.Case": RecordKind.CASE,
           "benefits.Enrollment": RecordKind.ENROLLMENT, "benefits.Payment": RecordKind.PAYMENT,
           "facilities.Facility": RecordKind.FACILITY, "workforce.Post": RecordKind.POST}
# model -> (the kind of the record it is part of, the part's name, the field naming that record)
PARTS = {"people.CategorySpell": (RecordKind.PERSON, "spell", "person_id"),
         "workforce.Tenure": (RecordKind.POST, "tenure", "post_id")}


def _record_deleted(sender, instance, **kwargs) -> None:
    Tombstone.objects.create(kind=RECORDS[sender._meta.label], key=str(instance.pk),
                             area_code=instance.area_id or "", deleted_at=timezone.now())


def _part_deleted(sender, instance, **kwargs) -> None:
    kind, part, field = PARTS[sender._meta.label]
    Tombstone.objects.create(kind=kind, key=str(getattr(instance, field)), part=part,
                             area_code=getattr(instance, "area_id", "") or "", deleted_at=timezone.now())


def tombstones_connect() -> None:
    for label in RECORDS:
        post_delete.connect(_record_deleted, sender=apps.get_model(label), dispatch_uid=f"tombstone:{label}")
    for label in PARTS:
        post_delete.connect(_part_deleted, sender=apps.get_model(label), dispatch_uid=f"tombstone:{label}")
