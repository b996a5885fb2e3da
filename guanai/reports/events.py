"""Audit events of the reports app, written inside the caller's transaction."""

from guanai.audit.services import event_record

# Verbs of this app: the store's own refresh must not mark the store stale again (hooks.on_event).
# "indicator_versioned" is not one: a new definition makes the store recount that indicator.
OWN_VERBS = frozenset({"store_refreshed", "report_template_uploaded", "report_generated"})


def indicator_versioned_event(*, actor, indicator) -> None:
    event_record(actor=actor, verb="indicator_versioned", object_type="indicator", object_id=indicator.code,
                 data={"version": indicator.version, "name": indicator.name})


def store_refreshed_event(*, actor, refresh) -> None:
    event_record(actor=actor, verb="store_refreshed", object_type="analytics", object_id=refresh.pk,
                 area_code=refresh.area_code, data={"kind": refresh.kind, "periods": refresh.periods,
                                                    "values": refresh.values_written})


def report_template_uploaded_event(*, actor, template) -> None:
    event_record(actor=actor, verb="report_template_uploaded", object_type="report_template",
                 object_id=template.pk, area_code=template.area_id, data={"kind": template.kind, "name": template.name})


def report_generated_event(*, actor, kind: str, area_code: str, period: str) -> None:
    event_record(actor=actor, verb="report_generated", object_type="report", area_code=area_code,
                 data={"kind": kind, "period": period})


def _population_data(row) -> dict:
    return {"year": row.year, "total": row.total, "aged_60_plus": row.aged_60_plus,
            "aged_65_plus": row.aged_65_plus, "aged_0_17": row.aged_0_17, "source": row.source,
            # the months the store recounts (services._months_touched): those of the figure's year
            "figure_year": row.year}


def resident_population_saved_event(*, actor, row, before: dict | None) -> None:
    data = _population_data(row) | ({"before": before} if before else {})
    event_record(actor=actor, verb="resident_population_saved", object_type="resident_population",
                 object_id=row.pk, area_code=row.area_id, data=data)


def resident_population_deleted_event(*, actor, row) -> None:
    event_record(actor=actor, verb="resident_population_deleted", object_type="resident_population",
                 object_id=row.pk, area_code=row.area_id, data=_population_data(row))


def resident_population_imported_event(*, actor, area_code: str, rows: int, years: list[int]) -> None:
    event_record(actor=actor, verb="resident_population_imported", object_type="resident_population_import",
                 area_code=area_code, data={"rows": rows, "years": years})
