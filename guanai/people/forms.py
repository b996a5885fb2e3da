"""Web forms of the registry.

The forms mirror the one schema per entity (schemas.PersonIn, HouseholdIn): a form gives each field its
widget, its Chinese label and Django's per-field message ("这个字段是必填项。"); the schema holds the rules
(ID number, dates, combinations), and `SchemaForm.to_schema` puts each of its errors back on the field
it names. Labels come from the model fields, so a page and the admin never call one fact two names.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from guanai.accounts.scoping import NOTHING, Scope
from guanai.areas.models import LEVEL_CODE_LENGTH, Area
from guanai.areas.selectors import AreaNotFound, area_descendants, area_get
from guanai.core.bilingual import reader_text
from guanai.core.forms import DateInput
from guanai.people.models import Category, Person, RelationshipKind, Sex
from guanai.people.schemas import HouseholdIn, PersonIn, field_errors

# The facts of a person, grouped as the person page and the form show them.
PERSON_FIELD_GROUPS: list[tuple[str, list[str]]] = [
    (_("身份"), ["name", "id_number", "sex", "birth_date", "phone", "hukou_type"]),
    (_("居住"), ["area_code", "address", "living_arrangement"]),
    (_("外出务工"), ["is_migrant_worker", "away_scope", "away_place", "away_since"]),
    (_("健康与残疾"), ["disability_type", "disability_grade", "disability_certificate_no", "care_need",
                      "severe_illness"]),
    (_("限制人身自由/失联"), ["custody_type", "custody_since", "custody_term_months", "custody_evidence",
                             "out_of_contact_since", "police_receipt_no", "guardianship_revoked_on",
                             "deported_on"]),
    (_("死亡/宣告失踪"), ["died_on", "declared_missing_on", "death_evidence", "parents_unknown",
                          "parents_unknown_evidence"]),
    (_("救助"), ["dibao", "tekun", "bereaved_one_child_family", "in_full_time_school"]),
    (_("留守儿童照护"), ["written_notice_given", "weekly_contact", "carer_excluded_reason"]),
    (_("备注"), ["notes", "unrecognised"]),
]

# Age bands offered by the list filter: a way to slice a list, not a rule threshold (rules read theirs
# from RuleParameter). (key, label, min_age, max_age) with max_age inclusive; None = open.
AGE_BANDS: list[tuple[str, str, int | None, int | None]] = [
    ("0-5", _("0–5岁"), 0, 5),
    ("6-15", _("6–15岁"), 6, 15),
    ("16-17", _("16–17岁"), 16, 17),
    ("18-59", _("18–59岁"), 18, 59),
    ("60-79", _("60–79岁"), 60, 79),
    ("80-", _("80岁及以上"), 80, None),
]

RISK_LEVELS = [("high", _("高")), ("medium", _("中")), ("low", _("低"))]

SEARCH_ATTRS = {"type": "search", "autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}


def _own_area(scope: Scope) -> Area | None:
    if scope.prefix == NOTHING or scope.is_everything:
        return None
    try:
        return area_get(code=scope.prefix)
    except AreaNotFound:
        return None


def area_choices(scope: Scope, *, levels: tuple[str, ...]) -> list[tuple[str, str]]:
    """The scope's own area and the active areas of `levels` below it, indented by depth."""
    own = _own_area(scope)
    if own is None:
        return []
    depth = {length: i for i, length in enumerate(LEVEL_CODE_LENGTH.values())}
    choices = [(own.code, own.short_name)] if own.level in levels else []
    for code, short_name in area_descendants(area=own).filter(level__in=levels).order_by("code").values_list(
            "code", "short_name"):  # pairs, not Area rows: the list page builds this on every request
        choices.append((code, "\u3000" * (depth[len(code)] - depth[len(own.code)] - 1) + short_name))
    return choices


def village_choices(scope: Scope) -> list:
    """Villages in the scope; grouped by township when the scope holds more than one township."""
    own = _own_area(scope)
    if own is None:
        return []
    if own.level == "village":
        return [(own.code, own.short_name)]
    below = list(area_descendants(area=own).filter(level__in=("township", "village")).order_by("code"))
    if own.level == "township":
        return [(a.code, a.short_name) for a in below if a.level == "village"]
    townships = {a.code: a.short_name for a in below if a.level == "township"}
    groups: dict[str, list] = {}
    for area in below:
        if area.level == "village":
            groups.setdefault(townships.get(area.code[:9], area.code[:9]), []).append((area.code, area.short_name))
    return list(groups.items())


def _model_formfield(name: str) -> forms.Field:
    field = Person._meta.get_field(name).formfield()
    if isinstance(field, forms.ChoiceField) and field.choices and field.choices[0] == ("", "---------"):
        field.choices = [("", _("（未填）")), *field.choices[1:]]
    if isinstance(field, forms.DateField):
        field.widget = DateInput()
    elif isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
        field.widget.attrs.setdefault("autocomplete", "off")
    elif isinstance(field, forms.CharField):
        field.widget.attrs["rows"] = 3
    return field


class SchemaForm(forms.Form):
    """A form whose cleaned data is validated once more by its pydantic schema (`schema`)."""

    schema: type[BaseModel]

    def to_schema(self) -> BaseModel | None:
        """The schema object, or None with the errors on the form's fields. The schema also checks a
        form that already has errors, so a clerk sees every problem at once, not one per attempt."""
        valid = self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k in self.schema.model_fields}
        try:
            made = self.schema(**data)
        except ValidationError as error:
            for item in field_errors(error):
                if item.field not in self.errors and (valid or item.code not in ("missing", "required")):
                    self.add_error(item.field if item.field in self.fields else None, reader_text(item.message))
            return None
        return made if valid else None


class PersonForm(SchemaForm):
    """Create and edit a person; fields in PERSON_FIELD_GROUPS order."""

    schema = PersonIn

    def __init__(self, *args, scope: Scope, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for _label, names in PERSON_FIELD_GROUPS:
            for name in names:
                if name == "id_number":
                    self.fields[name] = forms.CharField(
                        label=_("身份证号"), required=False, max_length=40,
                        help_text=_("18位；出生日期和性别将按身份证号填写") if not editing else
                        _("留空则保持原号码不变"),
                        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                      "spellcheck": "false", "inputmode": "text"}))
                elif name == "area_code":
                    self.fields[name] = forms.ChoiceField(label=_("所属村(社区)"),
                                                          choices=village_choices(scope))
                elif name in self.schema.model_fields:
                    self.fields[name] = _model_formfield(name)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if "phone" in self.fields:
            self.fields["phone"].widget.attrs.update({"inputmode": "tel", "type": "tel"})
        if "disability_grade" in self.fields:
            self.fields["disability_grade"] = forms.TypedChoiceField(
                label=_("残疾等级"), required=False, coerce=int, empty_value=None,
                choices=[("", "---------")] + [(g, _("%(grade)s级") % {"grade": g}) for g in (1, 2, 3, 4)])

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[name] for name in names if name in self.fields])
                for label, names in PERSON_FIELD_GROUPS]


def person_initial(person: Person) -> dict:
    """The form's starting values from a stored person (the ID number is never put back in a page)."""
    initial = {}
    for _label, names in PERSON_FIELD_GROUPS:
        for name in names:
            if name == "area_code":
                initial[name] = person.area_id
            elif name != "id_number":
                initial[name] = getattr(person, name, None)
    return initial


class PersonFilterForm(forms.Form):
    """The list page's filters; every field is optional and an invalid value is simply ignored."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=40, widget=forms.TextInput(attrs={
        **SEARCH_ATTRS, "placeholder": _("姓名、拼音或首字母、身份证号、电话")}))
    area = forms.ChoiceField(label=_("区划"), required=False)
    category = forms.ChoiceField(label=_("类别"), required=False,
                                 choices=[("", _("全部类别")), *Category.choices])
    risk_level = forms.ChoiceField(label=_("风险等级"), required=False,
                                   choices=[("", _("全部风险等级")), *RISK_LEVELS])
    age = forms.ChoiceField(label=_("年龄段"), required=False,
                            choices=[("", _("全部年龄")), *[(k, label) for k, label, _lo, _hi in AGE_BANDS]])
    sex = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("全部性别")), *Sex.choices])

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("全部区划")), *area_choices(scope, levels=_levels_below(scope))]

    def filter_values(self) -> dict:
        """The valid filters as keyword arguments for selectors.PersonFilter."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        values = {"q": data["q"].strip(), "area_code": data["area"], "category": data["category"],
                  "risk_level": data["risk_level"], "sex": data["sex"]}
        for key, _label, low, high in AGE_BANDS:
            if data["age"] == key:
                values.update(min_age=low, max_age=high)
        return {k: v for k, v in values.items() if v not in ("", None)}


def _levels_below(scope: Scope) -> tuple[str, ...]:
    """The two levels under the scope's own level (a county lists its townships and villages)."""
    names = list(LEVEL_CODE_LENGTH)
    lengths = list(LEVEL_CODE_LENGTH.values())
    own = lengths.index(len(scope.prefix)) if len(scope.prefix) in lengths else -1
    return tuple(names[own:own + 3]) if own >= 0 else ("province", "prefecture")


class RelationshipForm(forms.Form):
    relative = forms.IntegerField(label=_("亲属"), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("关系"), choices=RelationshipKind.choices)
    started_on = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())


class RelativeSearchForm(forms.Form):
    q = forms.CharField(label=_("查找亲属"), required=True, max_length=40, widget=forms.TextInput(attrs={
        **SEARCH_ATTRS, "placeholder": _("姓名、拼音首字母或身份证号")}))


class EndForm(forms.Form):
    """End a relationship or a manual category: a date and (for categories) a reason."""

    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    reason = forms.CharField(label=_("结束理由"), max_length=300, required=False)


class CategoryAddForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    reason = forms.CharField(label=_("认定理由"), max_length=300)


class HouseholdForm(SchemaForm):
    """A household: its village, address, registration type and head (one of its members)."""

    schema = HouseholdIn

    def __init__(self, *args, scope: Scope, heads: list[Person] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"] = forms.ChoiceField(label=_("所属村(社区)"),
                                                     choices=village_choices(scope))
        self.fields["address"] = forms.CharField(label=_("住址"), max_length=200, required=False)
        self.fields["hukou_type"] = Person._meta.get_field("hukou_type").formfield()
        self.fields["head_id"] = forms.TypedChoiceField(
            label=_("户主"), required=False, coerce=int, empty_value=None,
            choices=[("", _("（暂不指定）")), *[(p.pk, p.name) for p in heads]])


class MemberAddForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
