"""The registry: people, households, relationships, and categories held over periods (spells).

Facts are fields on Person, kept over time by django-simple-history; categories are derived from
facts by the rules in guanai/people/rules.py (parameters.py, conditions.py, facts.py below them) and
stored as CategorySpell rows with start, end, reason.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guanai.core.collation import CodePointOrder
from guanai.core.messages import message_text
from guanai.people.choices import (  # noqa: F401  (the model fields' choices; imported from here by the apps)
    CATEGORY_HINTS,
    PERSON_CHOICES,
    AwayScope,
    CareNeed,
    Category,
    CustodyType,
    DisabilityType,
    HukouType,
    LivingArrangement,
    RelationshipKind,
    Sex,
    SpellSource,
    TransferStatus,
)
from guanai.people.rules import parameter_validate


class Household(models.Model):
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT,
                             related_name="households")
    head = models.ForeignKey("Person", verbose_name=_("户主"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    address = models.CharField(_("住址"), max_length=200, blank=True)
    hukou_type = models.CharField(_("户口性质"), max_length=10, choices=HukouType.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")

    def __str__(self) -> str:
        return f"{self.address or _('家庭')} #{self.pk}"


class Person(models.Model):
    # No index of its own: the three (area, ...) indexes in Meta lead with it.
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT,
                             related_name="people", db_index=False)
    household = models.ForeignKey(Household, verbose_name=_("家庭"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="members", db_index=False)
    name = models.CharField(_("姓名"), max_length=50)
    # ID number: encrypted at rest, keyed digest for exact lookup, mask for display (idcipher.py).
    id_number_cipher = models.BinaryField(null=True, blank=True, editable=False)
    # NULL, not "", for no number: the unique constraint (Meta) allows many NULLs.
    id_number_digest = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    hukou_type = models.CharField(_("户口性质"), max_length=10, choices=HukouType.choices, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    living_arrangement = models.CharField(_("居住情况"), max_length=20, choices=LivingArrangement.choices,
                                          blank=True)
    # Working away (外出务工)
    is_migrant_worker = models.BooleanField(_("外出务工"), default=False)
    away_scope = models.CharField(_("外出范围"), max_length=20, choices=AwayScope.choices, blank=True)
    away_place = models.CharField(_("务工地点"), max_length=100, blank=True)
    away_since = models.DateField(_("外出时间"), null=True, blank=True)
    # Health and capacity
    disability_type = models.CharField(_("残疾类别"), max_length=15, choices=DisabilityType.choices, blank=True)
    disability_grade = models.PositiveSmallIntegerField(_("残疾等级"), null=True, blank=True)
    disability_certificate_no = models.CharField(_("残疾人证号"), max_length=30, blank=True)
    care_need = models.CharField(_("失能情况"), max_length=10, choices=CareNeed.choices, blank=True, default="")
    severe_illness = models.CharField(_("重病(病名)"), max_length=100, blank=True)
    # Restriction of liberty (de facto orphan set S; RULES.md: the term of the measure counts)
    custody_type = models.CharField(_("限制人身自由情况"), max_length=20, choices=CustodyType.choices, blank=True)
    custody_since = models.DateField(_("起始日期"), null=True, blank=True)
    custody_term_months = models.PositiveIntegerField(_("刑期/措施期限(月)"), null=True, blank=True)
    custody_evidence = models.CharField(_("判决书/决定书编号"), max_length=100, blank=True)
    out_of_contact_since = models.DateField(_("失联报案受理日期"), null=True, blank=True)
    police_receipt_no = models.CharField(_("报案回执单号"), max_length=60, blank=True)
    guardianship_revoked_on = models.DateField(_("监护资格被撤销日期"), null=True, blank=True)
    deported_on = models.DateField(_("被遣送(驱逐)出境日期"), null=True, blank=True)
    # Death and disappearance
    died_on = models.DateField(_("死亡日期"), null=True, blank=True)
    declared_missing_on = models.DateField(_("法院宣告失踪日期"), null=True, blank=True)
    death_evidence = models.CharField(_("死亡/宣告证明"), max_length=100, blank=True)
    # Household moved out of this installation's area (a comparison with public security's moves,
    # accepted): kept on file, every category ends from that day (rules._living_age). Database
    # defaults: the bulk loaders insert people with their own column lists.
    moved_out_on = models.DateField(_("户籍迁出日期"), null=True, blank=True)
    moved_out_to = models.CharField(_("迁入地区划代码"), max_length=12, blank=True, default="", db_default="")
    moved_out_place = models.CharField(_("迁入地"), max_length=100, blank=True, default="", db_default="")
    parents_unknown = models.BooleanField(_("查找不到生父母"), default=False)
    parents_unknown_evidence = models.CharField(_("公安机关出具的证明"), max_length=100, blank=True)
    # Assistance
    dibao = models.BooleanField(_("低保"), default=False)
    tekun = models.BooleanField(_("特困"), default=False)
    bereaved_one_child_family = models.BooleanField(_("计划生育特殊家庭"), default=False)
    in_full_time_school = models.BooleanField(_("全日制在校"), default=False)
    # Minor Protection Law Art. 22-23 checks on a left-behind child's care arrangement
    written_notice_given = models.BooleanField(_("父母已书面告知村(居)委会"), default=False)
    weekly_contact = models.BooleanField(_("父母每周联系"), default=False)
    carer_excluded_reason = models.CharField(_("不宜担任委托照护人的情形"), max_length=100, blank=True)
    # Derived by the rules (rules.py); never typed in.
    risk_level = models.CharField(_("风险等级"), max_length=6, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    # What an import could not read in a soft field, word for word ("居住情况：与孙子同住"), so nothing
    # a clerk wrote is lost while the field stays unknown (issue 16); cleared field by field on a later read.
    # db_default: the demo loader and bulk paths insert explicit column lists.
    unrecognised = models.TextField(_("未能识别的原文"), blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # History is read per person (its id) and by date; the live table's lookup indexes would only
    # slow down every write there (docs/performance.md, import).
    history = HistoricalRecords(excluded_fields=["id_number_cipher"],
                                no_db_index=["area", "household", "phone", "risk_level", "id_number_digest"])

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        # Every index here is paid for on each insert (a bulk import writes 100,000 rows; each
        # index costs PostgreSQL ~0.35 s per 100,000: docs/performance.md). So: indexes in Meta
        # rather than db_index/unique on CharFields, which on PostgreSQL add a second
        # varchar_pattern_ops index for LIKE that nothing here uses (prefix searches are ranges);
        # the household index only holds people who have one; risk level is read within an area.
        # (name, area, id) in code point order serves a search by the start of a name (search.name_prefix)
        # at any scope, without the pinyin keys of other surnames that read alike (华 hua, 黄 huang). The id
        # makes it the list's whole order: PostgreSQL then reads the first 1,001 entries in order instead
        # of sorting every 王 when it misjudges the range (its statistics are for the default collation).
        indexes = [
            models.Index(fields=["area", "name"], name="person_area_name"),
            models.Index(CodePointOrder("name"), "area", "id", name="person_name_area"),
            models.Index(fields=["area", "birth_date"], name="person_area_birth"),
            models.Index(fields=["area", "risk_level"], name="person_area_risk"),
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["household"], name="person_household", condition=Q(household__isnull=False)),
        ]
        constraints = [models.UniqueConstraint(fields=["id_number_digest"], name="person_id_number_digest_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked or _('无身份证号')}）"


class NameKey(models.Model):
    """Search keys for a person's name: full pinyin and initials, one row per heteronym reading
    (单 = dan/shan, 曾 = zeng/ceng), and one for the given name's characters behind pinyin.GIVEN_MARK
    (0小明), so that a prefix range scan on an index finds them."""

    # Derived rows, rewritten whenever the name or area changes (services.person_write_name_keys):
    # no timestamps and no database-level foreign keys (Django still cascades the deletes). The
    # unique (person, key) and the (area, key) index serve the lookups by person and by area, so
    # neither foreign key has an index of its own. Each import of 100,000 people writes ~470,000
    # of these rows, ~100,000 of them the given names' (docs/performance.md).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys", db_index=False,
                               db_constraint=False)
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+", db_index=False,
                             db_constraint=False)
    key = models.CharField(max_length=80)

    class Meta:
        # (key, area, person) covers the prefix scan: the area range and the person come from the index.
        # Keys compare code point by code point (search.starts_with), whatever the database's collation:
        # a given name's key holds characters (0小明), whose order a locale's collation would change.
        indexes = [models.Index(CodePointOrder("key"), "area", "person", name="namekey_key_area_person"),
                   models.Index("area", CodePointOrder("key"), name="namekey_area_key")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="namekey_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.person_id}"


class Relationship(models.Model):
    """`relative` is `kind` of `person`: (child, mother, parent) reads "the mother is the child's parent"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relative_of")
    kind = models.CharField(_("关系"), max_length=20, choices=RelationshipKind.choices)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("关系")
        verbose_name_plural = _("关系")
        indexes = [models.Index(fields=["person", "kind"], name="rel_person_kind"),
                   models.Index(fields=["relative", "kind"], name="rel_relative_kind")]
        constraints = [models.CheckConstraint(condition=~models.Q(person=models.F("relative")),
                                              name="rel_not_self")]

    def __str__(self) -> str:
        return f"{self.relative_id} {self.get_kind_display()} → {self.person_id}"


class CategorySpell(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spells")
    # The person's village, copied so that the category reads of a scope (the list page's category
    # filter and its count, the chips, the home card) stay on the spell's own index instead of joining
    # every open spell of a category to its person (issue 16). Always the person's current area: set
    # from the person when a spell is written (save() below, spells._spells_insert) and moved with the
    # person (services.spells_area_follow, wherever the person's area changes). No index or database
    # foreign key of its own: the partial index in Meta leads with the category.
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", db_index=False,
                             db_constraint=False)
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    # A rule spell's reasons are messages (guanai.core.messages: a key with parameters) shown in the
    # reader's language; `reason`/`end_reason` hold them in Chinese for searching and exports, and what
    # a person typed for a manual spell (kept as written, no message).
    reason = models.CharField(_("认定理由"), max_length=300)
    reason_message = models.JSONField(_("认定理由（消息）"), default=dict, blank=True)
    end_reason = models.CharField(_("结束理由"), max_length=300, blank=True)
    end_reason_message = models.JSONField(_("结束理由（消息）"), default=dict, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=SpellSource.choices, default=SpellSource.RULE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("对象类别")
        verbose_name_plural = _("对象类别")
        indexes = [models.Index(fields=["person", "category", "ended_on"], name="spell_person_cat"),
                   models.Index(fields=["category", "ended_on"], name="spell_cat_open"),
                   # Who holds a category now in an area: a range of the index, the person from it.
                   models.Index(fields=["category", "area", "person"], condition=Q(ended_on__isnull=True),
                                name="spell_open_cat_area")]
        constraints = [models.CheckConstraint(
            condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
            name="spell_end_after_start")]

    def __str__(self) -> str:
        end = self.ended_on or _("至今")
        return f"{self.get_category_display()} {self.started_on}–{end}"

    def save(self, *args, **kwargs) -> None:
        if self.area_id is None and self.person_id is not None:  # a spell lies in its person's area
            self.area_id = self.person.area_id
        super().save(*args, **kwargs)

    @property
    def reason_text(self) -> str:
        """Why the person holds the category, in the reader's language."""
        return message_text(self.reason_message, self.reason)

    @property
    def end_reason_text(self) -> str:
        return message_text(self.end_reason_message, self.end_reason)


class TransferRequest(models.Model):
    """Asked when someone registers an ID number that another area already holds (one ID, one person)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfer_requests")
    from_area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    to_area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("理由"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("迁移申请")
        verbose_name_plural = _("迁移申请")
        indexes = [models.Index(fields=["from_area", "status"], name="transfer_from_status"),
                   models.Index(fields=["to_area", "status"], name="transfer_to_status")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_area_id} → {self.to_area_id} ({self.get_status_display()})"


class RuleParameter(models.Model):
    """One threshold or list used by a rule in rules.py, as data (RULES.md: "every threshold here is a
    configurable default"). `area` null is the national default; a row for an area applies to every
    code under it, and the longest matching code wins. Defaults when no row exists: rules.DEFAULTS."""

    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("留空表示全国默认值"))
    key = models.CharField(_("参数"), max_length=60)
    value = models.JSONField(_("取值"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True,
                                    help_text=_("当天仍有效；留空表示长期有效"))
    source = models.TextField(_("政策依据"), help_text=_("文件名称与文号，如 民发〔2019〕62号"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("认定规则参数")
        verbose_name_plural = _("认定规则参数")
        indexes = [models.Index(fields=["key", "area", "effective_from"], name="ruleparam_key_area")]
        constraints = [models.CheckConstraint(
            condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
            name="ruleparam_to_after_from")]

    def __str__(self) -> str:
        where = self.area_id or _("全国")
        return f"{self.key} = {self.value}（{where}，{self.effective_from} 起）"

    def clean(self) -> None:
        parameter_validate(self.key, self.value)


class ChoiceWord(models.Model):
    """A word a bureau's sheets use for a choice field (issue 16: "the bureau's words are data"): it
    means a value (与老伴同住 -> with_spouse), or it is a claim about a category that the rules must
    confirm (留守 in a living-situation column), recorded as a hint and never as the field's value.
    The schema's own labels and synonyms (choices.py, schemas.CHOICE_SYNONYMS) need no row; a row
    here adds to them and wins over them. Read by the import (importrows.BureauWords)."""

    field = models.CharField(_("字段"), max_length=40, choices=[
        ("living_arrangement", _("居住情况")), ("hukou_type", _("户口性质")), ("away_scope", _("外出范围")),
        ("disability_type", _("残疾类别")), ("care_need", _("失能情况")), ("custody_type", _("限制人身自由情况")),
        ("sex", _("性别"))])
    word = models.CharField(_("表格中的写法"), max_length=40)
    value = models.CharField(_("对应的取值"), max_length=30, blank=True,
                             help_text=_("字段的取值代码；只作类别线索时留空"))
    hint = models.CharField(_("类别线索"), max_length=30, blank=True,
                            help_text=_("这个词暗示的对象类别，由认定规则核实，不直接认定"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("添加人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("表格用词")
        verbose_name_plural = _("表格用词")
        constraints = [
            models.UniqueConstraint(fields=["field", "word"], name="choiceword_field_word"),
            models.CheckConstraint(condition=~models.Q(value="", hint=""), name="choiceword_value_or_hint"),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}：{self.word} → {self.value or self.hint}"

    def clean(self) -> None:
        choices = PERSON_CHOICES.get(self.field)
        if self.value and choices is not None and self.value not in choices.values:
            raise ValidationError({"value": _("不是该字段的取值：%(value)s") % {"value": self.value}})
        if self.hint and self.hint not in CATEGORY_HINTS:
            raise ValidationError({"hint": _("可填：%(hints)s") % {"hints": "、".join(CATEGORY_HINTS)}})


class IdKeyRotation(models.Model):
    """One rotation of the ID key (people/idkeys.py): which key it moves to, how far each table has
    got (the last primary key done, committed with that batch, so a killed run resumes there), and
    when it finished. The key itself is never stored, only its public id."""

    key_id = models.CharField(_("新密钥编号"), max_length=16, unique=True)
    progress = models.JSONField(_("进度"), default=dict)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("身份证号密钥轮换")
        verbose_name_plural = _("身份证号密钥轮换")

    def __str__(self) -> str:
        return f"{self.key_id}：{_('已完成') if self.finished_at else _('进行中')}"
