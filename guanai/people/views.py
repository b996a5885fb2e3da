"""The registry's web pages. Each view parses the request, calls one selector or service, renders
(STYLE.md, 4). Reads go through selectors with the request's scope, writes through services; a person
outside the scope is a 404, never a 403, so a URL does not tell whether someone exists elsewhere."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction, AccessPurpose
from guanai.audit.services import access_log_write, client_ip
from guanai.core.forms import error_text, form_add_errors
from guanai.people import selectors, services
from guanai.people.actions import person_actions_for
from guanai.people.facts import age_on
from guanai.people.forms import (
    PERSON_FIELD_GROUPS,
    CategoryAddForm,
    EndForm,
    HouseholdForm,
    MemberAddForm,
    PersonFilterForm,
    PersonForm,
    RelationshipForm,
    RelativeSearchForm,
    person_initial,
)
from guanai.people.models import Category, Person, RelationshipKind, SpellSource, TransferStatus
from guanai.people.schemas import PersonFilter, PersonIn

PAGE_SIZE = 25
RELATIVE_CANDIDATES = 20

# How a relationship reads from the relative's side ("X is the parent of me" -> "my child").
REVERSE_KIND_LABELS = {
    RelationshipKind.PARENT: gettext_lazy("子女"),
    RelationshipKind.GUARDIAN: gettext_lazy("被监护人"),
    RelationshipKind.ENTRUSTED_CARER: gettext_lazy("受托照护的儿童"),
    RelationshipKind.SUPPORTER: gettext_lazy("赡养/扶养对象"),
}


def _person(scope: Scope, pk: int) -> Person:
    try:
        return selectors.person_get(scope=scope, pk=pk)
    except selectors.PersonNotFound:
        raise Http404 from None


def person_view_log(request: HttpRequest, person: Person) -> None:
    """DESIGN.md, Privacy: every view of a person's record is written to the access log."""
    access_log_write(user=request.user, action=AccessAction.VIEW, object_type="person", object_id=str(person.pk),
                     area_code=person.area_id, ip_address=client_ip(request))


def _optional_url(name: str, query: dict | None = None) -> str | None:
    """The URL of a page another app provides (export, import), or None while it does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    form = PersonFilterForm(request.GET or None, scope=scope)
    values = form.filter_values()
    people = selectors.person_page(scope=scope, filters=PersonFilter(**values))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for person in page.object_list:
        person.age = age_on(person.birth_date, today) if person.birth_date else None
    counts, capped = selectors.category_chip_counts(scope=scope)
    chips = [{"key": key, "label": label, "count": f"{counts[key]:,}{'+' if key in capped else ''}",
              "active": values.get("category") == key} for key, label in Category.choices if counts.get(key)]
    can_edit = request.user.can(Capability.PEOPLE_EDIT)
    return render(request, "people/person_list.html", {
        "filter_form": form, "page_obj": page, "category_chips": chips, "active_category": values.get("category"),
        "chip_query": _query_without(request, "category", "page"), "page_query": _query_without(request, "page"),
        "searching": bool(values.get("q")), "search_text": values.get("q", ""), "can_edit": can_edit,
        "count_label": f"{people.count():,}{'+' if people.more else ''}", "count_more": people.more,
        "export_url": _optional_url("exchange:people_export", values)
        if request.user.can(Capability.PEOPLE_EXPORT) else None,
        "export_masked_url": _optional_url("exchange:people_export", {**values, "unmasked": "0"})
        if request.user.can(Capability.PEOPLE_EXPORT) and request.user.can(Capability.ID_NUMBER_VIEW) else None,
        "export_filters": {k: v for k, v in values.items() if v not in (None, "")}, "purposes": AccessPurpose.choices,
        "import_url": _optional_url("exchange:import_start") if request.user.can(Capability.PEOPLE_IMPORT) else None,
        "pending_transfers": selectors.transfers_to_answer_count(scope=scope) if can_edit else 0,
    })


@dataclass(frozen=True)
class RelationRow:
    pk: int
    label: str
    other: Person
    started_on: object
    ended_on: object
    editable: bool  # the relationship hangs on this person (the other side ends it from their page)
    visible: bool  # the other person lies in the scope (else: name only, no link)


def _relations(person: Person, scope: Scope) -> list[RelationRow]:
    """Both directions: the person's relatives, and the people this person is a relative of."""
    rows = [RelationRow(r.pk, r.get_kind_display(), r.relative, r.started_on, r.ended_on, True,
                        scope.contains(r.relative.area_id))
            for r in person.relationships.select_related("relative")]
    rows += [RelationRow(r.pk, str(REVERSE_KIND_LABELS.get(r.kind, r.kind)), r.person, r.started_on, r.ended_on,
                         False, scope.contains(r.person.area_id))
             for r in person.relative_of.select_related("person")]
    return sorted(rows, key=lambda row: (row.ended_on is not None, row.label))


def _display(person: Person, name: str) -> str:
    value = getattr(person, name, None)
    if hasattr(person, f"get_{name}_display"):
        value = getattr(person, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if name == "disability_grade" and value:
        return _("%(grade)s级") % {"grade": value}
    return "" if value is None else str(value)


def _fact_groups(person: Person) -> list[dict]:
    """The person's facts by group, leaving out empty values (a child has no custody facts)."""
    groups = []
    for label, names in PERSON_FIELD_GROUPS:
        facts = []
        for name in names:
            if name in ("name", "id_number", "area_code"):
                continue
            value = _display(person, name)
            if value and value != _("否"):
                facts.append((Person._meta.get_field(name).verbose_name, value))
        if label == PERSON_FIELD_GROUPS[1][0]:
            facts.insert(0, (_("村(社区)"), person.area.name))
        if facts:
            groups.append({"label": label, "facts": facts})
    return groups


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    person = _person(scope, pk)
    person_view_log(request, person)
    today = timezone.localdate()
    return render(request, "people/person_detail.html", {
        "person": person, "age": age_on(person.birth_date, today) if person.birth_date else None,
        "fact_groups": _fact_groups(person), "relations": _relations(person, scope),
        "spells": sorted(person.spells.all(), key=lambda s: (s.ended_on is not None, -s.started_on.toordinal())),
        "timeline": selectors.person_timeline(scope=scope, person=person),
        "can_edit": request.user.can(Capability.PEOPLE_EDIT),
        "can_reveal": request.user.can(Capability.ID_NUMBER_VIEW), "purposes": AccessPurpose.choices,
        "actions": person_actions_for(user=request.user, person_id=person.pk),
    })


@login_required
@require_POST
def person_id_number_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.ID_NUMBER_VIEW)
    person = _person(scope, pk)
    template = "people/id_number.html" if request.headers.get("HX-Request") else "people/id_number_page.html"
    try:
        number = services.id_number_reveal(actor=request.user, scope=scope, person=person,
                                           purpose=request.POST.get("purpose", ""),
                                           purpose_text=request.POST.get("purpose_text", ""),
                                           ip_address=client_ip(request))
    except ValidationError as error:  # no purpose given: ask again, nothing revealed, nothing logged
        response = render(request, template, {"person": person, "error": error_text(error),
                                              "purposes": AccessPurpose.choices, "can_reveal": True},
                          status=200 if request.headers.get("HX-Request") else 400)
        response["Cache-Control"] = "no-store"
        return response
    response = render(request, template, {"person": person, "number": number})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    form = PersonForm(request.POST or None, scope=scope)
    context = {"form": form}
    if request.method == "POST" and (data := form.to_schema()) is not None:
        try:
            person = services.person_create(actor=request.user, scope=scope, data=data)
        except ValidationError as error:
            form_add_errors(form, error)
        except services.PersonExistsElsewhere as exists:
            context["transfer"] = exists.transfer
        except services.PersonExists as exists:
            context["existing"] = exists.person
        else:
            messages.success(request, _("已登记 %(name)s。") % {"name": person.name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", context)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    form = PersonForm(request.POST or None, scope=scope, editing=True, initial=person_initial(person))
    context = {"form": form, "person": person}
    if request.method == "POST" and (data := form.to_schema()) is not None:
        try:
            services.person_update(actor=request.user, scope=scope, person=person, data=data)
        except ValidationError as error:
            form_add_errors(form, error)
        except services.PersonExistsElsewhere as exists:
            context["transfer"] = exists.transfer
        except services.PersonExists as exists:
            context["existing"] = exists.person
        else:
            messages.success(request, _("已保存。"))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", context)


def _attempt(form, call, *, aliases: dict | None = None):
    """Run a service call; its ValidationError goes onto the form's fields and None is returned."""
    try:
        return call()
    except ValidationError as error:
        form_add_errors(form, error, aliases=aliases)
        return None


@login_required
def relationship_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    search_form = RelativeSearchForm(request.GET or None)
    form = RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        relative = _person(scope, form.cleaned_data["relative"])
        added = _attempt(form, lambda: services.relationship_add(
            actor=request.user, scope=scope, person=person, relative=relative, kind=form.cleaned_data["kind"],
            started_on=form.cleaned_data["started_on"]), aliases={"relative_id": "relative"})
        if added is not None:
            messages.success(request, _("已添加关系。"))
            return redirect("people:detail", pk=person.pk)
    candidates = []
    if search_form.is_valid():
        candidates = [c for c in selectors.person_search(scope=scope, q=search_form.cleaned_data["q"],
                                                         limit=RELATIVE_CANDIDATES) if c.pk != person.pk]
    return render(request, "people/relationship_add.html", {
        "person": person, "search_form": search_form, "form": form, "candidates": candidates,
        "searched": search_form.is_bound, "kinds": RelationshipKind.choices, "person_name": person.name,
    })


@login_required
def relationship_end(request: HttpRequest, pk: int, relationship_pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    relationship = next((r for r in person.relationships.select_related("relative", "person")
                         if r.pk == relationship_pk and not r.ended_on), None)
    if relationship is None:
        raise Http404
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    del form.fields["reason"]
    if request.method == "POST" and form.is_valid() and _attempt(form, lambda: services.relationship_end(
            actor=request.user, scope=scope, relationship=relationship, ended_on=form.cleaned_data["ended_on"])):
        messages.success(request, _("关系已结束。"))
        return redirect("people:detail", pk=person.pk)
    relative = relationship.relative.name if scope.contains(relationship.relative.area_id) else _("（辖区外人员）")
    return render(request, "people/simple_form.html", {
        "person": person, "form": form, "heading": _("结束关系"), "submit_label": _("结束关系"),
        "intro": _("%(relative)s 作为 %(person)s 的%(kind)s") % {
            "relative": relative, "person": person.name, "kind": relationship.get_kind_display()},
        "cancel_url": reverse("people:detail", args=[person.pk]),
    })


@login_required
def category_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    form = CategoryAddForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _attempt(form, lambda: services.category_manual_add(
            actor=request.user, scope=scope, person=person, **form.cleaned_data)):
        messages.success(request, _("已添加类别。"))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/simple_form.html", {
        "person": person, "form": form, "heading": _("人工认定类别"),
        "intro": _("按规则认定的类别由系统根据信息自动维持；此处用于规则之外、经核实的情形，须写明理由。"),
        "cancel_url": reverse("people:detail", args=[person.pk]),
    })


@login_required
def category_end(request: HttpRequest, pk: int, spell_pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    spell = next((s for s in person.spells.select_related("person")
                  if s.pk == spell_pk and not s.ended_on and s.source == SpellSource.MANUAL), None)
    if spell is None:
        raise Http404
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    form.fields["reason"].required = True
    if request.method == "POST" and form.is_valid() and _attempt(form, lambda: services.category_manual_end(
            actor=request.user, scope=scope, spell=spell, **form.cleaned_data)):
        messages.success(request, _("类别已结束。"))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/simple_form.html", {
        "person": person, "form": form, "submit_label": _("结束"),
        "heading": _("结束类别：%(category)s") % {"category": spell.get_category_display()},
        "cancel_url": reverse("people:detail", args=[person.pk]),
    })


def _household(scope: Scope, pk: int):
    try:
        return selectors.household_get(scope=scope, pk=pk)
    except selectors.HouseholdNotFound:
        raise Http404 from None


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    household = _household(scope, pk)
    search_form = RelativeSearchForm(request.GET or None)
    candidates = []
    if search_form.is_valid():
        candidates = [p for p in selectors.person_search(scope=scope, q=search_form.cleaned_data["q"],
                                                         limit=RELATIVE_CANDIDATES)
                      if p.household_id != household.pk and p.area_id == household.area_id]
    return render(request, "people/household_detail.html", {
        "household": household, "members": list(household.members.all()), "search_form": search_form,
        "candidates": candidates, "searched": search_form.is_bound,
        "can_edit": request.user.can(Capability.PEOPLE_EDIT)})


@login_required
@require_POST
def household_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a person of the household's village into it (services.person_update with household_id)."""
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    household = _household(scope, pk)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        raise Http404
    person = _person(scope, form.cleaned_data["person"])
    data = PersonIn(area_code=person.area_id, name=person.name, sex=person.sex, birth_date=person.birth_date,
                    household_id=household.pk)
    try:
        services.person_update(actor=request.user, scope=scope, person=person, data=data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已将 %(name)s 加入家庭。") % {"name": person.name})
    return redirect("people:household_detail", pk=household.pk)


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    head = _person(scope, int(request.GET["head"])) if request.GET.get("head", "").isdigit() else None
    initial = {"area_code": head.area_id, "address": head.address, "hukou_type": head.hukou_type,
               "head_id": head.pk} if head else {}
    form = HouseholdForm(request.POST or None, scope=scope, heads=[head] if head else [], initial=initial)
    if request.method == "POST" and (data := form.to_schema()) is not None and (household := _attempt(
            form, lambda: services.household_create(actor=request.user, scope=scope, data=data))):
        messages.success(request, _("已新建家庭。"))
        return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/simple_form.html", {
        "form": form, "heading": _("新建家庭"), "person": head,
        "cancel_url": reverse("people:detail", args=[head.pk]) if head else reverse("people:list")})


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    household = _household(scope, pk)
    initial = {"area_code": household.area_id, "address": household.address, "hukou_type": household.hukou_type,
               "head_id": household.head_id}
    form = HouseholdForm(request.POST or None, scope=scope, heads=list(household.members.all()), initial=initial)
    if request.method == "POST" and (data := form.to_schema()) is not None and _attempt(
            form, lambda: services.household_update(actor=request.user, scope=scope, household=household,
                                                    data=data)):
        messages.success(request, _("已保存。"))
        return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/simple_form.html", {
        "form": form, "heading": _("修改家庭"),
        "cancel_url": reverse("people:household_detail", args=[household.pk])})


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    transfers = list(selectors.transfer_list(scope=scope))
    for t in transfers:
        t.visible = scope.contains(t.person.area_id)
    incoming = [t for t in transfers if scope.contains(t.from_area_id)]
    outgoing = [t for t in transfers if scope.contains(t.to_area_id) and not scope.contains(t.from_area_id)]
    return render(request, "people/transfer_list.html", {"boxes": [
        {"key": "incoming", "title": _("待本辖区处理（其他区划申请转入本辖区的人员）"), "rows": incoming,
         "can_decide": request.user.can(Capability.PEOPLE_EDIT), "empty": _("没有需要处理的申请。")},
        {"key": "outgoing", "title": _("本辖区发出的申请"), "rows": outgoing, "can_decide": False,
         "empty": _("没有发出的申请。")},
    ]})


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    transfer = next((t for t in selectors.transfer_list(scope=scope, status=TransferStatus.PENDING)
                     if t.pk == pk and scope.contains(t.from_area_id)), None)
    if transfer is None:
        raise Http404
    accept = request.POST.get("accept") == "1"
    try:
        services.transfer_decide(actor=request.user, scope=scope, transfer=transfer, accept=accept)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已同意，此人已转出。") if accept else _("已拒绝申请。"))
    return redirect("people:transfer_list")
