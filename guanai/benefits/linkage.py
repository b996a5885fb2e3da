"""The price-linkage thresholds' invariant (RULES.md price_subsidy: "Local governments may set lower
thresholds, never higher"), checked by PriceTrigger.clean. Pure, and below models.py (imports nothing
of benefits) so the model can call it without an import circle."""

from __future__ import annotations

from datetime import date


def local_trigger_errors(trigger, nationals: list) -> dict[str, str]:
    """RULES.md price_subsidy: a local threshold may be lower than the national one, never higher, in
    every index month both rows cover."""
    errors = {}
    for national in nationals:
        if not _periods_overlap(trigger.effective_from, trigger.effective_to, national.effective_from,
                                national.effective_to):
            continue
        for field, label in (("cpi_threshold", "CPI"), ("food_cpi_threshold", "食品CPI")):
            if getattr(trigger, field) is not None and getattr(trigger, field) > getattr(national, field):
                errors[field] = (f"地方{label}启动条件{getattr(trigger, field)}%高于全国{getattr(national, field)}%"
                                 f"（{national.effective_from:%Y-%m}起），地方只能调低 / a local threshold "
                                 "cannot be above the national one")
    return errors


def _periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)
