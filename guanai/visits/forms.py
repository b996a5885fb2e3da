"""Forms of the visit pages. Each turns its cleaned data into the app's schema (schemas.py), which
the services take; forms never save models."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import DateInput
from guanai.visits.models import (
    EventKind,
    Level3,
    Method,
    NeedKind,
    Received,
    ReferralStatus,
    SafetyCheck,
    SupportersCare,
)
from guanai.visits.schemas import NeedIn, VisitCorrectIn, VisitIn

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


def _radio(choices, initial, label):
    return forms.ChoiceField(label=label, choices=choices, initial=initial, widget=forms.RadioSelect)


class VisitForm(forms.Form):
    method = _radio(Method.choices, Method.HOME, _("探访方式"))
    visited_at = forms.DateTimeField(label=_("探访时间"), widget=LocalDateTimeInput(),
                                     input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    health = _radio(Level3.choices, Level3.GOOD, _("身体状况"))
    mental_state = _radio(Level3.choices, Level3.GOOD, _("精神状态"))
    health_note = forms.CharField(label=_("身心状况说明"), max_length=300, required=False)
    gas_safety = _radio(SafetyCheck.choices, SafetyCheck.OK, _("用气安全"))
    power_safety = _radio(SafetyCheck.choices, SafetyCheck.OK, _("用电安全"))
    fire_safety = _radio(SafetyCheck.choices, SafetyCheck.OK, _("消防安全"))
    fall_safety = _radio(SafetyCheck.choices, SafetyCheck.OK, _("防跌倒"))
    money_received = _radio(Received.choices, Received.NOT_APPLICABLE, _("补贴/救助到位"))
    supporters_care = _radio(SupportersCare.choices, SupportersCare.NOT_APPLICABLE, _("赡养人/监护人履责"))
    needs_summary = forms.CharField(label=_("服务需求"), max_length=300, required=False)
    notes = forms.CharField(label=_("探访情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    need_kind = forms.ChoiceField(label=_("发现的需求"), choices=[("", _("无"))] + NeedKind.choices, required=False)
    need_description = forms.CharField(label=_("需求描述"), max_length=300, required=False)
    need_urgent = forms.BooleanField(label=_("紧急"), required=False)

    CHECKLIST_GROUPS = (
        (_("身心状况"), ("health", "mental_state", "health_note")),
        (_("居家安全"), ("gas_safety", "power_safety", "fire_safety", "fall_safety")),
        (_("生活保障"), ("money_received", "supporters_care")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "visited_at" not in self.initial:
            self.initial["visited_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        data = super().clean()
        if data.get("need_kind") and not (data.get("need_description") or "").strip():
            self.add_error("need_description", _("请描述需求 / describe the need"))
        return data

    def checklist_groups(self):
        return [(label, [self[name] for name in names]) for label, names in self.CHECKLIST_GROUPS]

    def _payload(self) -> dict:
        data = dict(self.cleaned_data)
        visited_at = data["visited_at"]
        if timezone.is_naive(visited_at):
            visited_at = timezone.make_aware(visited_at)
        needs = []
        if data.get("need_kind"):
            needs.append(NeedIn(kind=data["need_kind"], description=data["need_description"],
                                urgent=data.get("need_urgent", False)))
        for name in ("need_kind", "need_description", "need_urgent"):
            data.pop(name, None)
        data.update(visited_at=visited_at, needs=needs)
        return data

    def to_schema(self) -> VisitIn:
        return VisitIn(**self._payload())


class VisitCorrectForm(VisitForm):
    reason = forms.CharField(label=_("更正理由"), max_length=300, min_length=2)

    def to_schema(self) -> VisitCorrectIn:
        return VisitCorrectIn(**self._payload(), reason=self.cleaned_data["reason"])

    @classmethod
    def initial_from(cls, visit) -> dict:
        names = [n for n in VisitForm.base_fields if not n.startswith("need_")]
        initial = {name: getattr(visit, name) for name in names}
        initial["visited_at"] = timezone.localtime(visit.visited_at)
        return initial


class ReferralForm(forms.Form):
    to_department = forms.CharField(label=_("转介至（部门或机构）"), max_length=100)
    deadline = forms.DateField(label=_("办理时限"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=7)


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[c for c in ReferralStatus.choices if c[0] != "sent"])
    result = forms.CharField(label=_("办理结果"), max_length=300, required=False)


class NeedCloseForm(forms.Form):
    reason = forms.CharField(label=_("关闭说明"), max_length=300)


class AlertAnswerForm(forms.Form):
    method = forms.ChoiceField(label=_("响应方式"), choices=Method.choices, initial=Method.PHONE,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("响应情况"), max_length=300)


class MajorEventForm(forms.Form):
    area_code = forms.ChoiceField(label=_("影响区域"))
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=100)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [(a.code, a.name) for a in areas]
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["starts_at"].initial = now
        self.fields["ends_at"].initial = now + datetime.timedelta(days=3)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("结束时间早于开始时间 / ends before it starts"))
        return data


class AssignForm(forms.Form):
    person_ids = forms.TypedMultipleChoiceField(label=_("对象"), coerce=int)
    worker = forms.TypedChoiceField(label=_("探访人"), coerce=int)
    contract = forms.TypedChoiceField(label=_("购买服务合同"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, followups=(), workers=(), contracts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_ids"].choices = [(f.person_id, f.person.name) for f in followups]
        self.fields["worker"].choices = [(w.pk, f"{w.display_name}（{w.get_role_display()}）")
                                         for w in workers]
        self.fields["contract"].choices = [("", _("不通过合同（本辖区工作人员）"))] + [
            (c.pk, str(c)) for c in contracts]
