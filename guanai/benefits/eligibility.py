"""Who may be enrolled: the programme's rule, the exclusivity table and the evidence (RULES.md Money,
Children). Reads only; the services call these at application and at approval, and the roster build
re-checks the same table every month (month_facts.py, roster_build.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from guanai.benefits import rules
from guanai.benefits.models import OPEN_STATUSES, Assistance, Enrollment, ProgrammeCode, RelationEffect
from guanai.benefits.month_facts import CoverBook, RelationBook, Subject, held_in, page_facts
from guanai.benefits.months import add_months, month_start
from guanai.benefits.standards import StandardBook
from guanai.people.models import CategorySpell, LivingArrangement, Person
from guanai.people.selectors import rule_params_for
from guanai.people.spells import facts_load

EVIDENCE_FIELDS = ("death_evidence", "custody_evidence", "police_receipt_no", "disability_certificate_no",
                   "parents_unknown_evidence")


def applicant_for(*, person: Person, on: date) -> rules.Applicant:
    """The facts the rules read: the person's own, the categories open on `on` and the outside
    benefits held that month (Assistance rows, the person's own or their household's)."""
    open_categories = CategorySpell.objects.filter(person=person, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)).values_list("category", flat=True)
    month = month_start(on)
    held = Assistance.objects.filter(Q(person=person) | Q(household_id=person.household_id, household__isnull=False),
                                     first_month__lte=month).filter(
        Q(last_month__isnull=True) | Q(last_month__gte=month)).values_list("kind", flat=True)
    return rules.Applicant(
        received=frozenset(held),
        age=rules.age_on(person.birth_date, on) if person.birth_date else None, died_on=person.died_on,
        open_categories=frozenset(open_categories),
        living_in_institution=person.living_arrangement == LivingArrangement.INSTITUTION,
        dibao=person.dibao, tekun=person.tekun, disability_grade=person.disability_grade,
        disability_type=person.disability_type)


def eligibility_check(*, person: Person, programme_code: str, on: date) -> rules.Decision:
    """Run the programme's rule (rules.py) for the person on the date."""
    a = applicant_for(person=person, on=on)
    code = ProgrammeCode(programme_code)
    if code == ProgrammeCode.LONGEVITY_ALLOWANCE:
        min_age = StandardBook(code, month_start(on)).lowest_min_age(person.area_id)
        return rules.longevity_allowance_eligible(
            a, on, min_age=min_age or rule_params_for(person.area_id, on).oldest_old_min_age)
    if code == ProgrammeCode.PRICE_SUBSIDY:
        index_month = add_months(month_start(on), -rules.PRICE_INDEX_LAG_MONTHS)
        return rules.price_subsidy_eligible(a, on, cover_groups=CoverBook(index_month).for_area(person.area_id))
    if code == ProgrammeCode.DISABILITY_SUBSIDIES:
        grades = tuple(rule_params_for(person.area_id, on).severe_disability_grades)
        return rules.disability_subsidies_eligible(a, on, severe_grades=grades)
    return {
        ProgrammeCode.ORPHAN_ALLOWANCE: rules.orphan_allowance_eligible,
        ProgrammeCode.DE_FACTO_ORPHAN_ALLOWANCE: rules.de_facto_orphan_allowance_eligible,
        ProgrammeCode.GUARDIAN_CARE_SUBSIDY: rules.guardian_care_subsidy_eligible,
        ProgrammeCode.TEMPORARY_ASSISTANCE: rules.temporary_assistance_eligible,
    }[code](a, on)


def exclusivity_check(*, person: Person, programme_code: str, on: date, declared_fen: int | None = None,
                      exclude_enrollment: int | None = None) -> str:
    """The exclusivity table applied on the day (RULES.md Money, no double payment): "" when the
    programme may be paid, else the named refusal. Another programme that excludes this one counts
    from its application on (a pending one too); a 补差 with no amount on file is refused until the
    amount is declared."""
    month = month_start(on)
    relations = RelationBook(programme_code, month)
    rows = relations.for_area(person.area_id)
    excluding = [r.other for r in rows if r.effect == RelationEffect.EXCLUDED and r.other in ProgrammeCode.values]
    pending = Enrollment.objects.filter(person=person, programme_id__in=excluding, status__in=OPEN_STATUSES)
    if exclude_enrollment:
        pending = pending.exclude(pk=exclude_enrollment)
    if other := pending.select_related("programme").first():
        source = next(r.source for r in rows if r.other == other.programme_id)
        return f"已申请或享受{other.programme.name}：{source}"
    subject = Subject(person.pk, person.household_id, person.tekun, person.dibao, person.parents_unknown,
                      person.area_id, person.birth_date, person.died_on, person.in_full_time_school)
    facts = page_facts([subject], month, relations=relations, needs_spells=True)
    # A flag set today counts at once here (the roster counts it from the month after).
    received = list(facts.received.get(person.pk, []))
    if person.tekun and not any(r.source == "tekun" for r in received):
        received.append(rules.Received("tekun", "特困供养", None, "登记为特困人员"))
    if declared_fen is not None:
        received = [r if r.share_fen is not None else rules.Received(r.source, r.label, declared_fen, "申请时申报")
                    for r in received]
    verdict = rules.relations_verdict(rows, received)
    return "" if verdict.paid else verdict.reason


def evidence_check(*, person: Person, programme_code: str, on: date) -> list[str]:
    """RULES.md Children: the documents missing before a paying category's programme can be approved."""
    needed = rules.PROGRAMME_CATEGORIES.get(programme_code, ())
    if programme_code == ProgrammeCode.PRICE_SUBSIDY or not needed:
        return []
    spells = [(c, s, e) for c, s, e in CategorySpell.objects.filter(person=person, category__in=needed)
              .values_list("category", "started_on", "ended_on")]
    held = held_in(spells, month_start(on))
    category = "orphan" if "orphan" in held else "de_facto_orphan"
    facts = facts_load([person.pk], on)[person.pk]
    ids = [person.pk] + [p.id for p in facts.parents]
    evidence = {row[0]: dict(zip(EVIDENCE_FIELDS, row[1:], strict=True))
                for row in Person.objects.filter(pk__in=ids).values_list("pk", *EVIDENCE_FIELDS)}
    return rules.evidence_missing(category, facts, facts.parents, evidence, rule_params_for(person.area_id, on), on)
