"""Matching a run's rows to people by the ID number's keyed digest (never decrypting anyone), in
chunks against the unique digest index; recording the rows; raising the flags the rules propose,
unless the same flag (person, kind, facts) was raised before; and what changed since the last run."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from guanai.accounts.scoping import Scope, scoped
from guanai.benefits.models import Enrollment, EnrollmentStatus, OtherBenefit
from guanai.comparisons.models import ComparisonRow, ComparisonRun, Flag, FlagKind, RowStatus, Source
from guanai.comparisons.reading import ParsedRow
from guanai.comparisons.rules import NO_ENROLMENT_PROPOSAL, RULES, school_year_of
from guanai.people import idcipher, idnumbers
from guanai.people.facts import born_by
from guanai.people.models import CategorySpell, Person
from guanai.people.selectors import rule_params_for
from guanai.sheets.bulkrows import InsertColumns, lists_insert

CHUNK = 5000
PERSON_FACTS = ("pk", "area_id", "name", "died_on", "tekun", "dibao", "is_migrant_worker", "disability_grade",
                "disability_type")


@dataclass
class MatchOutcome:
    matched: int = 0
    unmatched: int = 0
    invalid: int = 0
    flags: int = 0


def fact_hash(facts: dict) -> str:
    return hashlib.blake2b(json.dumps(facts, sort_keys=True).encode(), digest_size=8).hexdigest()


def _identify(row: ParsedRow) -> tuple[str, str, str]:
    """(digest, mask, problem) of the row's ID number."""
    if row.error:
        return "", "", row.error
    number = idnumbers.matchable(row.id_text)
    if number is None:
        return "", "", (f"身份证号“{row.id_text[:20]}”不是有效的18位号码（位数、字符或校验位） / "
                        "not a valid 18-character ID number")[:200]
    return idcipher.digest(number), idnumbers.mask(number), ""


def _people(digests: list[str], scope: Scope) -> dict[str, dict]:
    """The people holding these digests, inside the scope. The lookup goes by the unique digest index
    alone and the scope is checked on each row found: with the area range in the query, SQLite scanned
    the area index for every chunk (379 s for 100,000 rows against 1,000,000 people, docs/performance.md)."""
    found = {}
    for start in range(0, len(digests), CHUNK):
        chunk = digests[start:start + CHUNK]
        for values in Person.objects.filter(id_number_digest__in=chunk).values("id_number_digest", *PERSON_FACTS):
            if scope.contains(values["area_id"]):
                found[values.pop("id_number_digest")] = values
    return found


def _topped_up(person_ids: list[int]) -> dict[int, int]:
    rows = Enrollment.objects.filter(person_id__in=person_ids, status=EnrollmentStatus.APPROVED,
                                     other_benefit=OtherBenefit.DIBAO).values_list("person_id", "other_benefit_fen")
    return dict(rows)


def rows_match(run: ComparisonRun, rows: list[ParsedRow], *, scope: Scope, on: datetime.date) -> MatchOutcome:
    outcome = MatchOutcome()
    identified = [(row, *_identify(row)) for row in rows]
    people = _people(sorted({d for _, d, _, _ in identified if d}), scope)
    if run.source == Source.DIBAO:
        topped = _topped_up([p["pk"] for p in people.values()])
        for person in people.values():
            person["topped_up"] = topped.get(person["pk"])
    columns = InsertColumns(ComparisonRow, with_pk=False)
    inserts, candidates = [], []
    for row, digest, mask, problem in identified:
        person = people.get(digest) if digest else None
        status = RowStatus.INVALID if problem else (RowStatus.MATCHED if person else RowStatus.UNMATCHED)
        setattr(outcome, str(status), getattr(outcome, str(status)) + 1)
        hashed = fact_hash(row.facts)
        message = problem or ("" if person is None or not row.name or row.name == person["name"]
                              else "姓名与登记不一致 / the name differs")
        inserts.append(columns.row({"run_id": run.pk, "row_number": row.number, "status": status,
                                    "id_number_digest": digest, "id_number_masked": mask, "name": row.name[:50],
                                    "fact_hash": hashed, "facts": row.facts, "message": message,
                                    "person_id": person["pk"] if person else None}))
        if person:
            candidates += [(person, kind, proposal, row.facts, hashed) for kind, proposal in
                           RULES[run.source](row.facts, person)]
    for start in range(0, len(inserts), CHUNK):
        lists_insert(ComparisonRow, columns.attnames, inserts[start:start + CHUNK])
    if run.source == Source.SCHOOL:
        candidates += _not_enrolled(scope, enrolled={p["pk"] for p in people.values()}, on=on)
    outcome.flags = _flags_raise(run, candidates)
    return outcome


def _not_enrolled(scope: Scope, *, enrolled: set[int], on: datetime.date) -> list[tuple]:
    """School-age children followed here (an open category) whom the school list does not hold."""
    params = rule_params_for(scope.prefix or "", on)
    youngest, oldest = born_by(on, params.school_min_age), born_by(on, params.school_max_age)
    followed = CategorySpell.objects.filter(ended_on__isnull=True).values("person_id")
    children = scoped(Person.objects.filter(birth_date__gt=oldest, birth_date__lte=youngest, died_on__isnull=True,
                                            moved_out_on__isnull=True, pk__in=followed), scope=scope
                      ).values(*PERSON_FACTS)
    facts = {"school_year": school_year_of(on)}
    return [(child, FlagKind.NO_ENROLMENT, NO_ENROLMENT_PROPOSAL, facts, fact_hash(facts))
            for child in children if child["pk"] not in enrolled]


def _flags_raise(run: ComparisonRun, candidates: list[tuple]) -> int:
    """A flag already raised for the same person, kind and facts (open or decided) is not raised again."""
    if not candidates:
        return 0
    ids = [c[0]["pk"] for c in candidates]
    seen = set()
    for start in range(0, len(ids), CHUNK):
        seen |= set(Flag.objects.filter(person_id__in=ids[start:start + CHUNK]).values_list(
            "person_id", "kind", "fact_hash"))
    new = [Flag(run=run, person_id=person["pk"], area_id=person["area_id"], kind=kind, facts=facts, fact_hash=hashed,
                proposal=proposal[:300])
           for person, kind, proposal, facts, hashed in candidates if (person["pk"], kind, hashed) not in seen]
    Flag.objects.bulk_create(new, batch_size=1000)
    return len(new)


def changes_since(run: ComparisonRun, previous: ComparisonRun | None) -> dict:
    """Rows new, gone and changed (same ID, different content) against the last run of the source."""
    if previous is None:
        return {}

    def keyed(of: ComparisonRun) -> dict[str, str]:
        rows = ComparisonRow.objects.filter(run=of).exclude(id_number_digest="")
        return dict(rows.values_list("id_number_digest", "fact_hash"))
    now, before = keyed(run), keyed(previous)
    return {"previous": previous.pk, "new": len(now.keys() - before.keys()), "gone": len(before.keys() - now.keys()),
            "changed": sum(1 for d in now.keys() & before.keys() if now[d] != before[d])}

