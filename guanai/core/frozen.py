"""Lines of a frozen parent: a locked roster's payment lines are the record of money and never change.

Benefits' monthly rosters and facilities' subsidy rosters both freeze their lines once locked. The
guard is one piece of code so that both refuse the same writes: a line's save and delete, and a
queryset's bulk `update()` and `delete()` that touch any line of a frozen parent. A subclass of
`FrozenParentLinesQuerySet` names the parent's foreign key, the statuses that freeze it and the
Conflict it raises; the line model inherits `FrozenParentLine` and uses the queryset as its manager.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from guanai.core.errors import Conflict


class FrozenParentLinesQuerySet(models.QuerySet):
    parent_field: ClassVar[str] = "roster"
    frozen_statuses: ClassVar[tuple[str, ...]] = ()
    # Called with the frozen parent's id; a Conflict subclass, so the API answers 409.
    frozen_error: ClassVar[type[Conflict]] = Conflict

    def _parents_frozen(self):
        return self.model._meta.get_field(self.parent_field).related_model._default_manager.filter(
            status__in=self.frozen_statuses)

    def refuse_if_frozen(self, parent_id: int | None) -> None:
        """Raise when the parent `parent_id` is frozen (a line about to be saved or deleted)."""
        if parent_id is not None and self._parents_frozen().filter(pk=parent_id).exists():
            raise self.frozen_error(parent_id)

    def _refuse_any_frozen(self) -> None:
        frozen = (self.filter(**{f"{self.parent_field}__status__in": self.frozen_statuses})
                  .values_list(f"{self.parent_field}_id", flat=True).first())
        if frozen is not None:
            raise self.frozen_error(frozen)

    def update(self, **kwargs):
        self._refuse_any_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_any_frozen()
        return super().delete()


class FrozenParentLine(models.Model):
    """A line whose save and delete are refused while its parent is frozen (the model's default
    manager must be a FrozenParentLinesQuerySet)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        lines = type(self)._default_manager.all()
        lines.refuse_if_frozen(getattr(self, f"{lines.parent_field}_id"))
