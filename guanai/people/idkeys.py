"""Rotating the ID key: every value under an old key is re-encrypted, and every keyed digest recomputed,
under the new one, in batches that each commit with their progress, so a run stopped anywhere (even
by SIGKILL) resumes where it was (`guanai idkey rotate`; docs/operations.md, "Rotating the ID key").

The operator sets the new key as GUANAI_ID_KEY and the old one in GUANAI_ID_KEY_OLD; until the
rotation has finished, old values stay readable (idcipher.keyring) and single lookups match either
digest (idcipher.digests). The bulk matchers (the people import, a comparison run, a package apply)
match by the current digest only, so they refuse to start while a rotation is pending.

Apps above people that keep ID numbers or digests register their columns (`rekey_register`) in their
AppConfig.ready(). Columns with a digest and no cipher (a comparison row, a history row, a conflict)
hold no number to recompute from: they are re-keyed through the rows that have both (a person, a
received record) and still carry the old digest, so they go first. A digest that no such row holds
(a comparison row that matched nobody, a history row of a number since corrected) is left as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from guanai.audit.services import event_record
from guanai.core.errors import Conflict
from guanai.people import idcipher
from guanai.people.models import IdKeyRotation

DONE = "done"
PENDING_MESSAGE = ("身份证号密钥正在轮换，完成前不能批量匹配，请稍后再试（guanai idkey rotate） / "
                   "an ID key rotation is pending: run `guanai idkey rotate` first")


@dataclass(frozen=True)
class Column:
    label: str
    model: type[models.Model]
    cipher: str | None = None
    digest: str | None = None


_COLUMNS: list[Column] = []


def rekey_register(*, label: str, model: type[models.Model], cipher: str | None = None,
                   digest: str | None = None) -> None:
    if not any(column.label == label for column in _COLUMNS):
        _COLUMNS.append(Column(label=label, model=model, cipher=cipher, digest=digest))


def registered_columns() -> list[Column]:
    """Digest-only columns first: they are re-keyed through the rows that still hold old digests."""
    return sorted(_COLUMNS, key=lambda column: column.cipher is not None)


def current_key_id() -> str:
    return idcipher.key_id(settings.GUANAI_ID_KEY).hex()


def rotation_pending() -> bool:
    """Old keys are configured and the rotation to the current key has not finished."""
    if not settings.GUANAI_ID_KEY_OLD:
        return False
    return not IdKeyRotation.objects.filter(key_id=current_key_id(), finished_at__isnull=False).exists()


def rotation_refuse_if_pending() -> None:
    """For the bulk matchers: refuse (409) while rows may still carry old digests."""
    if rotation_pending():
        raise Conflict(PENDING_MESSAGE)


def idkey_rotate(*, batch_size: int = 1000, max_batches: int | None = None,
                 report: Callable[[str, int], None] | None = None) -> IdKeyRotation:
    """Re-key every registered column to the current key. `max_batches` stops early (the rest is
    done by the next call); `report(label, rows)` is told each committed batch."""
    if not settings.GUANAI_ID_KEY_OLD:
        raise Conflict("没有要轮换掉的旧密钥：请把旧密钥写入 GUANAI_ID_KEY_OLD / set GUANAI_ID_KEY_OLD to the old key")
    rotation, _ = IdKeyRotation.objects.get_or_create(key_id=current_key_id())
    batches = 0
    for column in registered_columns():
        while max_batches is None or batches < max_batches:
            rows = _batch(rotation_pk=rotation.pk, column=column, size=batch_size)
            if rows == 0:
                break
            batches += 1
            if report:
                report(column.label, rows)
    return _finish(rotation_pk=rotation.pk)


@transaction.atomic
def _finish(*, rotation_pk: int) -> IdKeyRotation:
    rotation = IdKeyRotation.objects.select_for_update().get(pk=rotation_pk)
    if rotation.finished_at is None and all(rotation.progress.get(c.label) == DONE for c in registered_columns()):
        rotation.finished_at = timezone.now()
        rotation.save(update_fields=["finished_at", "updated_at"])
        event_record(actor=None, verb="id_key_rotated", object_type="id_key", object_id=rotation.key_id,
                     data={"columns": sorted(rotation.progress)})
    return rotation


@transaction.atomic
def _batch(*, rotation_pk: int, column: Column, size: int) -> int:
    """Re-key the next `size` rows of one column and move its progress on, in one transaction."""
    rotation = IdKeyRotation.objects.select_for_update().get(pk=rotation_pk)
    last = rotation.progress.get(column.label, 0)
    if last == DONE:
        return 0
    pk_name = column.model._meta.pk.name
    fields = [f for f in (column.cipher, column.digest) if f]
    rows = list(column.model._default_manager.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:size])
    if not rows:
        rotation.progress[column.label] = DONE
    else:
        changed = _rekeyed(column, rows)
        if changed:
            column.model._default_manager.bulk_update(
                [column.model(**{pk_name: pk}, **values) for pk, values in changed.items()], fields)
        rotation.progress[column.label] = rows[-1][0]
    rotation.save(update_fields=["progress", "updated_at"])
    return len(rows)


def _rekeyed(column: Column, rows: list[tuple]) -> dict:
    """{pk: new values} for the rows not yet under the current key."""
    if column.cipher is None:
        mapping = _digest_map({digest for _pk, digest in rows if digest})
        return {pk: {column.digest: mapping[digest]} for pk, digest in rows if digest in mapping}
    changed = {}
    for pk, blob, *_digest in rows:
        if blob is None or idcipher.is_current(blob):
            continue
        plain = idcipher.decrypt(blob)
        values = {column.cipher: idcipher.encrypt(plain)}
        if column.digest:
            values[column.digest] = idcipher.digest(plain)
        changed[pk] = values
    return changed


def _digest_map(old_digests: set[str]) -> dict[str, str]:
    """Old digest -> new digest, through the rows that hold both a number and a digest."""
    mapping: dict[str, str] = {}
    for source in (c for c in _COLUMNS if c.cipher and c.digest):
        holders = source.model._default_manager.filter(**{f"{source.digest}__in": old_digests - mapping.keys()})
        for digest, blob in holders.values_list(source.digest, source.cipher):
            if blob is not None and not idcipher.is_current(blob):
                mapping[digest] = idcipher.digest(idcipher.decrypt(blob))
    return mapping


def rotation_status() -> dict:
    """What `guanai idkey status` prints."""
    rotation = IdKeyRotation.objects.filter(key_id=current_key_id()).first()
    return {"key_id": current_key_id(), "old_keys": len(settings.GUANAI_ID_KEY_OLD),
            "pending": rotation_pending(), "progress": rotation.progress if rotation else {},
            "finished_at": rotation.finished_at.isoformat() if rotation and rotation.finished_at else None,
            "columns": [c.label for c in registered_columns()]}
