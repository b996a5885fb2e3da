"""Workforce (GLOSSARY.md, Work: child_supervisor, child_director, social_worker): posts in areas and
the people who hold them over time, apart from logins but linked to a user where there is one.

A post stands in the area it serves (a township for a supervisor or a 社工站 worker, a village for a
director, the facility's area for facility staff), so the scoping rule reads it like any other row.
How long a post may stay empty before the county must act is data (VacancyRule), not a literal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    CHILD_SUPERVISOR = "child_supervisor", _("儿童督导员")
    CHILD_DIRECTOR = "child_director", _("儿童主任")
    SOCIAL_WORKER = "social_worker", _("社工站社工")
    FACILITY_STAFF = "facility_staff", _("设施工作人员")


# The area level each kind of post serves (民发〔2019〕34号: a supervisor per township, a director per village).
POST_LEVEL = {PostKind.CHILD_SUPERVISOR: "township", PostKind.CHILD_DIRECTOR: "village",
              PostKind.SOCIAL_WORKER: "township"}


class Post(models.Model):
    kind = models.CharField(_("岗位"), max_length=20, choices=PostKind.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("服务区划"), on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey("facilities.Facility", verbose_name=_("所在设施"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("岗位名称"), max_length=60, blank=True)
    established_on = models.DateField(_("设岗日期"))
    abolished_on = models.DateField(_("撤岗日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["area_id", "kind", "pk"]
        indexes = [models.Index(fields=["area", "kind"], name="post_area_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}".strip()


class Background(models.TextChoices):
    """Who may be a child director (民发〔2019〕34号): a village committee member, a graduate village
    official, a social worker, or another person the committee names."""

    COMMITTEE_MEMBER = "committee_member", _("村(居)委会委员")
    GRADUATE_OFFICIAL = "graduate_official", _("大学生村官")
    SOCIAL_WORKER = "social_worker", _("社会工作者")
    CIVIL_AFFAIRS = "civil_affairs", _("乡镇民政工作人员")
    OTHER = "other", _("其他")


class Tenure(models.Model):
    """One person holding a post from `started_on` to `ended_on` (inclusive; None: holds it now)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="tenures")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系统账号"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="tenures")
    background = models.CharField(_("人员身份"), max_length=20, choices=Background.choices, blank=True)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    trained_on = models.DateField(_("最近培训日期"), null=True, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    certificate_on = models.DateField(_("发证日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["post", "-started_on"]
        indexes = [models.Index(fields=["area", "ended_on"], name="tenure_area_ended"),
                   models.Index(fields=["post", "started_on"], name="tenure_post_started")]
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=models.Q(ended_on__isnull=True),
                                    name="tenure_one_holder_per_post"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")), name="tenure_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.started_on}–{self.ended_on or ''}"


class VacancyRule(models.Model):
    """A post empty for more than `max_vacant_days` is on the county's list (issue 13; a local
    setting). A row for an area applies to every code under it; the longest matching code wins."""

    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全部地区"))
    max_vacant_days = models.PositiveSmallIntegerField(_("空岗超过天数需督办"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.TextField(_("依据"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("空岗督办规则")
        verbose_name_plural = _("空岗督办规则")
        constraints = [models.CheckConstraint(
            condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
            name="vacancyrule_to_after_from")]

    def __str__(self) -> str:
        return f"{self.area_id or '全部'} 空岗>{self.max_vacant_days}天"
