"""Forms of the case pages. Each turns its cleaned data into the app's schema (schemas.py), which the
services take; forms never save models."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.audit.models import AccessPurpose
from guanai.cases.models import AssignmentRole, InterventionKind
from guanai.cases.rules import (
    Channel,
    ClosureReason,
    Concern,
    LongTermGround,
    PlacementType,
    ReporterType,
    Situation,
    TemporaryGround,
)
from guanai.cases.schemas import (
    AssessmentIn,
    ClosureIn,
    DecisionIn,
    EmergencyIn,
    InterventionIn,
    MeetingIn,
    PlanIn,
    ReopenIn,
    ReportIn,
    ReviewIn,
)
from guanai.core.forms import DateInput
from guanai.people.models import Sex
from guanai.people.schemas import PersonIn

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
PLAN_ROWS = 4
MEETING_ROWS = 4


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


def _when(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=LocalDateTimeInput(),
                               input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])


def _day(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput())


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _now_minute() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class SchemaForm(forms.Form):
    schema: type = None  # the schema cleaned_data becomes

    def payload(self) -> dict:
        return dict(self.cleaned_data)

    def to_schema(self):
        return self.schema(**self.payload())


class ReportForm(SchemaForm):
    schema = ReportIn
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    child_name = forms.CharField(label=_("儿童姓名"), max_length=50, required=False)
    child_sex = forms.ChoiceField(label=_("性别"), choices=[("", "—")] + Sex.choices, required=False)
    child_birth_date = _day(_("出生日期"), required=False)
    child_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    child_area_code = forms.ChoiceField(label=_("所在村(社区)"), choices=(), required=False)
    received_at = _when(_("接报时间"))
    channel = forms.ChoiceField(label=_("报告方式"), choices=Channel.choices, initial=Channel.OWN)
    reporter_type = forms.ChoiceField(label=_("报告人类型"), choices=ReporterType.choices,
                                      initial=ReporterType.VILLAGE_COMMITTEE)
    reporter_name = forms.CharField(label=_("报告人"), max_length=50, required=False)
    reporter_unit = forms.CharField(label=_("报告单位"), max_length=100, required=False)
    reporter_phone = forms.CharField(label=_("报告人电话"), max_length=20, required=False)
    situation = forms.ChoiceField(label=_("情形(九类)"), choices=Situation.choices, widget=forms.RadioSelect)
    happened_at = _when(_("发生时间"), required=False)
    place = forms.CharField(label=_("发生地点"), max_length=200, required=False)
    description = forms.CharField(label=_("发生了什么"), widget=forms.Textarea(attrs={"rows": 4}))
    urgent = forms.BooleanField(label=_("紧急（立即通知乡镇督导员和县民政局）"), required=False)
    police_told = forms.BooleanField(label=_("已报告公安机关"), required=False)
    police_told_at = _when(_("报警时间"), required=False)
    police_station = forms.CharField(label=_("受理的公安机关"), max_length=100, required=False)
    police_receipt_no = forms.CharField(label=_("报案回执单号"), max_length=60, required=False)

    def __init__(self, *args, villages: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_area_code"].choices = list(villages)
        if not self.is_bound:
            self.initial.setdefault("received_at", _now_minute())

    def clean(self):
        data = super().clean()
        if not data.get("person_id") and not (data.get("child_name") or "").strip():
            self.add_error("child_name", _("请选择已登记的儿童，或填写新儿童的姓名 / choose a child or name a new one"))
        return data

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        child = None
        if not data.get("person_id"):
            child = PersonIn(area_code=data["child_area_code"], name=data["child_name"],
                             id_number=data["child_id_number"] or None, sex=data["child_sex"] or "",
                             birth_date=data["child_birth_date"])
        values = {k: v for k, v in data.items() if not k.startswith("child_")}
        values.update(child=child, person_id=data.get("person_id") or None)
        for name in ("received_at", "happened_at", "police_told_at"):
            values[name] = _aware(values[name])
        return values


class EmergencyForm(SchemaForm):
    schema = EmergencyIn
    contacted_at = _when(_("首次接触时间"))
    child_safe = forms.BooleanField(label=_("儿童目前安全"), required=False)
    actions = forms.CharField(label=_("采取的措施"), widget=forms.Textarea(attrs={"rows": 3}))
    placement_type = forms.ChoiceField(label=_("安置方式"), choices=PlacementType.choices, initial=PlacementType.HOME)
    placement_place = forms.CharField(label=_("安置地点"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("contacted_at", _now_minute())

    def payload(self) -> dict:
        return {**self.cleaned_data, "contacted_at": _aware(self.cleaned_data["contacted_at"])}


def _concern(label):
    return forms.TypedChoiceField(label=label, choices=Concern.choices, coerce=int, initial=0, widget=forms.RadioSelect)


class AssessmentForm(SchemaForm):
    schema = AssessmentIn
    assessed_on = _day(_("评估日期"))
    safety = _concern(_("安全"))
    safety_note = forms.CharField(label=_("安全情况"), max_length=500, required=False)
    guardianship = _concern(_("监护"))
    guardianship_note = forms.CharField(label=_("监护情况"), max_length=500, required=False)
    health = _concern(_("健康"))
    health_note = forms.CharField(label=_("健康情况"), max_length=500, required=False)
    schooling = _concern(_("就学"))
    schooling_note = forms.CharField(label=_("就学情况"), max_length=500, required=False)
    needs = _concern(_("需求"))
    needs_note = forms.CharField(label=_("主要需求"), max_length=500, required=False)
    intervention_needed = forms.BooleanField(label=_("需要监护干预"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())


class PlanForm(SchemaForm):
    schema = PlanIn
    goals = forms.CharField(label=_("帮扶目标"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, PLAN_ROWS + 1):
            self.fields[f"service_{i}"] = forms.CharField(label=_("服务内容"), max_length=200, required=i == 1)
            self.fields[f"owner_{i}"] = forms.CharField(label=_("责任人/责任单位"), max_length=100, required=i == 1)
            self.fields[f"due_{i}"] = _day(_("完成时限"), required=i == 1)

    def service_rows(self):
        return [(self[f"service_{i}"], self[f"owner_{i}"], self[f"due_{i}"]) for i in range(1, PLAN_ROWS + 1)]

    def payload(self) -> dict:
        data = self.cleaned_data
        services = [{"service": data[f"service_{i}"], "owner_name": data[f"owner_{i}"], "due_on": data[f"due_{i}"]}
                    for i in range(1, PLAN_ROWS + 1) if data.get(f"service_{i}")]
        return {"goals": data["goals"], "services": services}


class DecisionForm(SchemaForm):
    schema = DecisionIn
    approve = forms.TypedChoiceField(label=_("审批意见"), choices=[("1", _("批准")), ("0", _("退回"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class InterventionForm(SchemaForm):
    schema = InterventionIn
    kind = forms.ChoiceField(label=_("干预方式"), choices=InterventionKind.choices, widget=forms.RadioSelect)
    temporary_ground = forms.ChoiceField(label=_("临时监护情形(第92条)"), choices=[("", "—")] + TemporaryGround.choices,
                                         required=False)
    long_term_ground = forms.ChoiceField(label=_("长期监护情形(第94条)"), choices=[("", "—")] + LongTermGround.choices,
                                         required=False)
    placement_type = forms.ChoiceField(label=_("安置方式(第93条)"), choices=PlacementType.choices)
    placement_place = forms.CharField(label=_("安置地点"), max_length=200)
    started_on = _day(_("开始日期"))
    carer_name = forms.CharField(label=_("委托照护人"), max_length=50, required=False)
    carer_agreement_signed_on = _day(_("委托照护协议签订日期"), required=False)
    carer_agreement_note = forms.CharField(label=_("协议要点"), max_length=500, required=False)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data["temporary_ground"] = data["temporary_ground"] or None
        data["long_term_ground"] = data["long_term_ground"] or None
        return data


class ReviewForm(SchemaForm):
    schema = ReviewIn
    reviewed_on = _day(_("回访日期"))
    findings = forms.CharField(label=_("回访情况"), widget=forms.Textarea(attrs={"rows": 3}))
    risk_score = forms.IntegerField(label=_("当前风险评分(0-33)"), min_value=0, max_value=33, required=False)
    recommend_closure = forms.BooleanField(label=_("建议结案"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())


class ClosureForm(SchemaForm):
    schema = ClosureIn
    reason = forms.ChoiceField(label=_("结案原因"), choices=ClosureReason.choices)
    note = forms.CharField(label=_("结案说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(SchemaForm):
    schema = ReopenIn
    reason = forms.CharField(label=_("重新开启的理由"), max_length=500)


class BreakGlassForm(forms.Form):
    purpose = forms.ChoiceField(label=_("用途"), choices=[("", "—"), *AccessPurpose.choices])
    reason = forms.CharField(label=_("查阅理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("理由将记入访问日志，县民政局可见。"))


class AssignForm(forms.Form):
    user_id = forms.TypedChoiceField(label=_("工作人员"), coerce=int, choices=())
    role = forms.ChoiceField(label=_("职责"), choices=AssignmentRole.choices)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = [(u.pk, f"{u.display_name} · {u.get_role_display()}")
                                          for u in users]


class LinkForm(forms.Form):
    visit_id = forms.IntegerField(label=_("探访记录编号"), required=False)
    referral_id = forms.IntegerField(label=_("转介编号"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class MeetingForm(SchemaForm):
    schema = MeetingIn
    area_code = forms.ChoiceField(label=_("召集区划"), choices=())
    held_on = _day(_("会议日期"))
    title = forms.CharField(label=_("会议名称"), max_length=200)
    departments = forms.CharField(label=_("参会部门"), max_length=500, help_text=_("用顿号或逗号分隔"))
    summary = forms.CharField(label=_("会议纪要"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, areas=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = list(areas)
        case_choices = [("", "—")] + [(c.pk, c.number) for c in cases]
        for i in range(1, MEETING_ROWS + 1):
            self.fields[f"case_{i}"] = forms.TypedChoiceField(label=_("研究的个案"), choices=case_choices,
                                                              coerce=int, required=False, empty_value=None)
            self.fields[f"decision_{i}"] = forms.CharField(label=_("会议决定"), max_length=500, required=False)
            self.fields[f"owner_{i}"] = forms.CharField(label=_("跟进责任人/单位"), max_length=100, required=False)
            self.fields[f"due_{i}"] = _day(_("跟进时限"), required=False)
        self.initial.setdefault("held_on", timezone.localdate())

    def item_rows(self):
        return [(self[f"case_{i}"], self[f"decision_{i}"], self[f"owner_{i}"], self[f"due_{i}"])
                for i in range(1, MEETING_ROWS + 1)]

    def payload(self) -> dict:
        data = self.cleaned_data
        items = [{"case_id": data[f"case_{i}"], "decision": data[f"decision_{i}"],
                  "follow_up_owner": data[f"owner_{i}"], "follow_up_due": data[f"due_{i}"]}
                 for i in range(1, MEETING_ROWS + 1) if data.get(f"case_{i}")]
        return {name: data[name] for name in ("area_code", "held_on", "title", "departments", "summary")} | {
            "items": items}


class PoliceForm(forms.Form):
    """The police side of a report: when it went to the police (late is better than never) and the
    police's feedback on progress (date, outcome), owed within 3 days (RULES.md Mandatory reporting)."""

    police_told_at = _when(_("报警时间"), required=False)
    police_station = forms.CharField(label=_("受理的公安机关"), max_length=100, required=False)
    police_receipt_no = forms.CharField(label=_("报案回执单号"), max_length=60, required=False)
    police_feedback_on = forms.DateField(label=_("公安机关反馈日期"), required=False, widget=DateInput())
    police_feedback = forms.CharField(label=_("公安机关反馈结果"), max_length=200, required=False)
