"""Every write of facilities: register and change facilities, ratings, activity logs, and the yearly
subsidy rosters (compute, approve, lock, mark paid). Each service is keyword-only, checks the actor's
capability and scope, runs in one transaction and records its event there (events.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope, scoped
from guanai.areas.models import Area
from guanai.core.errors import Conflict
from guanai.facilities import events, rules, selectors
from guanai.facilities.models import (
    ActivityLog,
    Capacity,
    Facility,
    FacilityFile,
    FacilityKind,
    FacilityStatus,
    PayoutKind,
    Rating,
    RatingScore,
    StatusChange,
    SubsidyPayment,
    SubsidyRoster,
    SubsidyRosterLocked,
    SubsidyStatus,
)
from guanai.facilities.schemas import FacilityIn


class WrongStep(Conflict):
    """A step taken out of order (lock before approval, pay before lock, ...)."""


def _kind(value: str) -> FacilityKind:
    kind = FacilityKind.objects.filter(code=value).first() or FacilityKind.objects.filter(name=value).first()
    if kind is None:
        raise ValidationError({"kind": f"未知的设施类型“{value}” / unknown facility kind {value!r}"})
    return kind


def _area(scope: Scope, code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None or not scope.contains(code):
        raise ValidationError({"area_code": f"区划代码“{code}”不存在或不在您的管辖范围内 / "
                                            f"area {code!r} does not exist or is outside your area"})
    return area


_FACILITY_FIELDS = ("name", "address", "operator", "operator_name", "status", "opened_on", "closed_on", "phone",
                    "bank_name", "bank_account_name", "bank_account")


def _capacity_write(facility: Facility, data: FacilityIn, on: datetime.date) -> bool:
    """A new capacity row when the figures differ from the ones in force on `on`."""
    figures = {k: getattr(data, k) for k in ("beds", "nursing_beds", "rooms", "seats")}
    current = selectors.capacity_on(facility=facility, on=on)
    if current is not None and all(getattr(current, k) == v for k, v in figures.items()):
        return False
    if current is None and not any(figures.values()):
        return False
    Capacity.objects.update_or_create(facility=facility, effective_from=on,
                                      defaults={"area_id": facility.area_id, **figures})
    return True


@transaction.atomic
def facility_create(*, actor, scope: Scope, data: FacilityIn, on: datetime.date | None = None) -> Facility:
    require_capability(actor, Capability.FACILITIES_EDIT)
    facility = Facility(kind=_kind(data.kind), area=_area(scope, data.area_code),
                        **{k: getattr(data, k) for k in _FACILITY_FIELDS})
    facility.full_clean()
    facility.save()
    StatusChange.objects.create(facility=facility, area_id=facility.area_id, status=facility.status,
                                on=data.opened_on or on or timezone.localdate(), created_by=actor)
    _capacity_write(facility, data, data.opened_on or on or timezone.localdate())
    events.facility_event(actor=actor, facility=facility, verb="facility_created")
    return facility


@transaction.atomic
def facility_update(*, actor, scope: Scope, facility: Facility, data: FacilityIn,
                    on: datetime.date | None = None) -> Facility:
    """Change the facility's record; a changed status is a StatusChange from `on`, changed figures a
    new Capacity row from `on` (today by default), so the history stays."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=facility.area_id)
    on = on or timezone.localdate()
    old_status = facility.status
    facility.kind = _kind(data.kind)
    facility.area = _area(scope, data.area_code)
    changed = [k for k in _FACILITY_FIELDS if getattr(facility, k) != getattr(data, k)]
    for k in _FACILITY_FIELDS:
        setattr(facility, k, getattr(data, k))
    facility.full_clean()
    facility.save()
    if facility.status != old_status:
        StatusChange.objects.create(facility=facility, area_id=facility.area_id, status=facility.status, on=on,
                                    created_by=actor)
    if _capacity_write(facility, data, on):
        changed.append("capacity")
    events.facility_event(actor=actor, facility=facility, verb="facility_updated", fields=changed)
    return facility


@transaction.atomic
def facility_status_change(*, actor, scope: Scope, facility: Facility, status: str, on: datetime.date,
                           reason: str = "") -> Facility:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=facility.area_id)
    if status not in FacilityStatus.values:
        raise ValidationError({"status": f"未知的状态“{status}” / unknown status"})
    StatusChange.objects.create(facility=facility, area_id=facility.area_id, status=status, on=on, reason=reason,
                                created_by=actor)
    latest = facility.status_changes.order_by("-on", "-pk").first()
    facility.status = latest.status
    if status == FacilityStatus.CLOSED and latest.status == FacilityStatus.CLOSED:
        facility.closed_on = on
    if status == FacilityStatus.OPEN and facility.opened_on is None:
        facility.opened_on = on
    facility.full_clean()
    facility.save()
    events.facility_event(actor=actor, facility=facility, verb="facility_status_changed", status=status,
                          on=on.isoformat())
    return facility


@transaction.atomic
def facility_file_add(*, actor, scope: Scope, facility: Facility, kind: str, title: str,
                      upload: UploadedFile) -> FacilityFile:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=facility.area_id)
    item = FacilityFile(facility=facility, area_id=facility.area_id, kind=kind, title=title.strip(), file=upload,
                        uploaded_by=actor)
    item.full_clean()
    item.save()
    events.facility_event(actor=actor, facility=facility, verb="facility_file_added", file=item.pk)
    return item


# --- ratings --------------------------------------------------------------------------------------

@transaction.atomic
def rating_record(*, actor, scope: Scope, facility: Facility, year: int, rated_on: datetime.date,
                  scores: dict[int, int], raters: str = "") -> Rating:
    """Rate a facility for a year from its score sheet: the scheme in force on `rated_on` gives the
    items, and its bands turn the total into stars (rules.stars_for_points). Re-rating a year replaces
    that year's sheet."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=facility.area_id)
    scheme = selectors.scheme_for(kind=facility.kind_id, area_code=facility.area_id, on=rated_on)
    if scheme is None:
        raise ValidationError(f"{facility.kind.name}没有适用的星级评定办法 / no rating scheme for this kind here")
    items = {item.pk: item for item in scheme.items.all()}
    errors = {}
    for item in items.values():
        points = scores.get(item.pk)
        if points is None:
            errors[f"item_{item.pk}"] = f"“{item.name}”未评分 / not scored"
        elif not 0 <= points <= item.max_points:
            errors[f"item_{item.pk}"] = f"“{item.name}”得分应在0-{item.max_points}之间 / out of range"
    unknown = set(scores) - set(items)
    if unknown:
        errors["scores"] = f"评分项目不属于该评定办法：{sorted(unknown)} / items not in the scheme"
    if errors:
        raise ValidationError(errors)
    total = sum(scores[pk] for pk in items)
    stars = rules.stars_for_points(total, [rules.Band(b.min_points, b.stars) for b in scheme.bands.all()])
    rating, _ = Rating.objects.update_or_create(
        facility=facility, year=year,
        defaults={"area_id": facility.area_id, "scheme": scheme, "points": total, "stars": stars,
                  "rated_on": rated_on, "rated_by": actor, "raters": raters, "revoked_on": None, "revoke_reason": ""})
    rating.scores.all().delete()
    RatingScore.objects.bulk_create([RatingScore(rating=rating, item_id=pk, points=scores[pk]) for pk in items])
    events.facility_event(actor=actor, facility=facility, verb="facility_rated", year=year, points=total, stars=stars)
    return rating


@transaction.atomic
def rating_revoke(*, actor, scope: Scope, rating: Rating, on: datetime.date, reason: str) -> Rating:
    """RULES.md: a star rating is revoked after a fire, casualty or other liability accident."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=rating.area_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因 / a reason is required"})
    rating.revoked_on, rating.revoke_reason = on, reason.strip()
    rating.save(update_fields=["revoked_on", "revoke_reason", "updated_at"])
    events.facility_event(actor=actor, facility=rating.facility, verb="facility_rating_revoked", year=rating.year)
    return rating


# --- activity logs --------------------------------------------------------------------------------

@transaction.atomic
def activity_log(*, actor, scope: Scope, facility: Facility, kind: str, on: datetime.date, participants: int,
                 title: str, days: int = 1) -> ActivityLog:
    require_capability(actor, Capability.FACILITIES_LOG)
    require_in_scope(scope=scope, area_code=facility.area_id)
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天 / the date cannot be in the future"})
    log = ActivityLog(facility=facility, area_id=facility.area_id, kind=kind, on=on, days=days,
                      participants=participants, title=title.strip(), recorded_by=actor)
    log.full_clean()
    log.save()
    events.facility_event(actor=actor, facility=facility, verb="facility_activity_logged", activity=log.pk,
                          participants=participants)
    return log


# --- subsidy rosters ------------------------------------------------------------------------------

@dataclass
class SubsidyLine:
    facility: Facility
    rating: Rating | None
    stars: int
    months: int
    annual_fen: int
    amount_fen: int


@dataclass
class SubsidyComputation:
    lines: list[SubsidyLine] = field(default_factory=list)
    skipped: list[tuple[Facility, str]] = field(default_factory=list)  # facility, why nothing is due


def _rating_in_force(facility: Facility, year: int) -> Rating | None:
    """The latest rating up to `year` that still holds in it (rules.rating_in_force)."""
    for rating in sorted(facility.ratings.all(), key=lambda r: -r.year):
        if rating.year <= year:
            if rules.rating_in_force(rated_year=rating.year, valid_years=rating.scheme.valid_years, year=year,
                                     revoked_on=rating.revoked_on):
                return rating
            return None
    return None


def subsidy_compute(*, payout_kind: str, kind: str, area_code: str, year: int,
                    facilities) -> SubsidyComputation:
    """Each facility's amount for the year by the county formula (rules.py), from the rates in force on
    31 December of the year."""
    year_end = datetime.date(year, 12, 31)
    rates = selectors.rates_for(payout_kind=payout_kind, kind=kind, area_code=area_code, on=year_end)
    result = SubsidyComputation()
    for facility in facilities:
        rating = _rating_in_force(facility, year)
        stars = rating.stars if rating else 0
        rate = rates.get(stars)
        if rate is None:
            result.skipped.append((facility, f"{stars}星没有补助标准 / no rate for {stars} stars"))
            continue
        if payout_kind == PayoutKind.OPERATING_SUBSIDY:
            spells = rules.open_spells(((c.on, c.status) for c in facility.status_changes.all()),
                                       open_status=FacilityStatus.OPEN)
            months = rules.months_open(spells, year=year, min_days_open=rate.min_days_open)
            amount = rules.operating_subsidy_fen(annual_fen=rate.annual_fen, months=months)
        else:
            months = 12 if rating else 0
            amount = rules.performance_award_fen(annual_fen=rate.annual_fen, in_force=rating is not None)
        if amount == 0:
            result.skipped.append((facility, "本年度无运营月份或未达星级 / nothing due this year"))
            continue
        result.lines.append(SubsidyLine(facility, rating, stars, months, rate.annual_fen, amount))
    return result


@transaction.atomic
def subsidy_roster_compute(*, actor, scope: Scope, payout_kind: str, kind: str, area_code: str,
                           year: int) -> SubsidyRoster:
    """Compute (or recompute, while not yet locked) the year's roster for a kind in an area."""
    require_capability(actor, Capability.FACILITIES_PAY)
    require_in_scope(scope=scope, area_code=area_code)
    if payout_kind not in PayoutKind.values:
        raise ValidationError({"payout_kind": "未知的补助类别 / unknown payout kind"})
    roster = SubsidyRoster.objects.filter(payout_kind=payout_kind, kind_id=kind, area_id=area_code, year=year).first()
    if roster is not None and roster.status in (SubsidyStatus.LOCKED, SubsidyStatus.PAID):
        raise SubsidyRosterLocked(roster.pk)
    facilities = (scoped(Facility.objects.filter(kind_id=kind), scope=Scope(area_code))
                  .prefetch_related("status_changes", "ratings__scheme").order_by("area_id", "pk"))
    result = subsidy_compute(payout_kind=payout_kind, kind=_kind(kind).code, area_code=area_code, year=year,
                             facilities=facilities)
    now = timezone.now()
    if roster is None:
        roster = SubsidyRoster(payout_kind=payout_kind, kind_id=kind, area_id=area_code, year=year)
    else:
        roster.payments.all().delete()
    roster.status, roster.computed_by, roster.computed_at = SubsidyStatus.DRAFT, actor, now
    roster.approved_by = roster.approved_at = None
    roster.line_count = len(result.lines)
    roster.total_fen = sum(line.amount_fen for line in result.lines)
    roster.save()
    SubsidyPayment.objects.bulk_create([
        SubsidyPayment(roster=roster, facility=line.facility, area_id=line.facility.area_id, rating=line.rating,
                       stars=line.stars, months_open=line.months, annual_fen=line.annual_fen,
                       amount_fen=line.amount_fen,
                       payee_name=line.facility.bank_account_name or line.facility.operator_name or line.facility.name,
                       bank_name=line.facility.bank_name, bank_account=line.facility.bank_account)
        for line in result.lines])
    events.subsidy_roster_event(actor=actor, roster=roster, verb="subsidy_roster_computed")
    return roster


def _step(roster: SubsidyRoster, *, expected: str, message: str) -> None:
    if roster.status != expected:
        raise WrongStep(message)


@transaction.atomic
def subsidy_roster_approve(*, actor, scope: Scope, roster: SubsidyRoster) -> SubsidyRoster:
    require_capability(actor, Capability.FACILITIES_PAY)
    require_in_scope(scope=scope, area_code=roster.area_id)
    _step(roster, expected=SubsidyStatus.DRAFT, message="只有待审批的名册可以审批 / only a draft can be approved")
    if roster.line_count == 0:
        raise WrongStep("名册没有明细，不能审批 / an empty roster cannot be approved")
    roster.status, roster.approved_by, roster.approved_at = SubsidyStatus.APPROVED, actor, timezone.now()
    roster.save()
    events.subsidy_roster_event(actor=actor, roster=roster, verb="subsidy_roster_approved")
    return roster


@transaction.atomic
def subsidy_roster_lock(*, actor, scope: Scope, roster: SubsidyRoster) -> SubsidyRoster:
    require_capability(actor, Capability.FACILITIES_PAY)
    require_in_scope(scope=scope, area_code=roster.area_id)
    _step(roster, expected=SubsidyStatus.APPROVED, message="名册需先审批再锁定 / approve the roster before locking it")
    roster.status, roster.locked_by, roster.locked_at = SubsidyStatus.LOCKED, actor, timezone.now()
    roster.save()
    events.subsidy_roster_event(actor=actor, roster=roster, verb="subsidy_roster_locked")
    return roster


@transaction.atomic
def subsidy_roster_mark_paid(*, actor, scope: Scope, roster: SubsidyRoster, paid_on: datetime.date) -> SubsidyRoster:
    require_capability(actor, Capability.FACILITIES_PAY)
    require_in_scope(scope=scope, area_code=roster.area_id)
    _step(roster, expected=SubsidyStatus.LOCKED,
          message="名册需先锁定再确认拨付 / lock the roster before marking it paid")
    roster.status, roster.paid_on = SubsidyStatus.PAID, paid_on
    roster.save()
    events.subsidy_roster_event(actor=actor, roster=roster, verb="subsidy_roster_paid")
    return roster


# --- import ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


FIELD_LABELS = {"kind": "设施类型", "area_code": "区划代码"}


def facility_rows_check(*, scope: Scope, rows: list[tuple[int, FacilityIn]]) -> list[str]:
    """What the schema cannot know: the kind exists and the area is inside the scope. One message per
    bad cell, naming the sheet row and the column."""
    errors = []
    for number, data in rows:
        for name, check in (("kind", lambda d: _kind(d.kind)), ("area_code", lambda d: _area(scope, d.area_code))):
            try:
                check(data)
            except ValidationError as error:
                errors.extend(f"第{number}行 {FIELD_LABELS[name]}：{m}" for m in error.message_dict[name])
    return errors


@transaction.atomic
def facilities_import(*, actor, scope: Scope, rows: list[tuple[int, FacilityIn]],
                      on: datetime.date | None = None) -> ImportResult:
    """Create or update facilities from a read sheet (imports.py): a facility is the same when kind,
    area and name match. Every row is checked first; any bad row raises a ValidationError naming its
    row and nothing is written."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    errors = facility_rows_check(scope=scope, rows=rows)
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for number, data in rows:
        data.kind = _kind(data.kind).code
        existing = Facility.objects.filter(kind_id=data.kind, area_id=data.area_code, name=data.name).first()
        try:
            if existing is None:
                facility_create(actor=actor, scope=scope, data=data, on=on)
                created += 1
            else:
                facility_update(actor=actor, scope=scope, facility=existing, data=data, on=on)
                updated += 1
        except ValidationError as error:
            raise ValidationError([f"第{number}行：{m}" for m in error.messages]) from None
    events.facilities_imported_event(actor=actor, area_code=scope.prefix, created=created, updated=updated)
    return ImportResult(created, updated)
