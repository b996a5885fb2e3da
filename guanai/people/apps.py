from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeopleConfig(AppConfig):
    name = "guanai.people"
    label = "people"
    verbose_name = _("服务对象")

    def ready(self) -> None:
        from guanai.people.idkeys import rekey_register
        from guanai.people.models import Person

        # ID key rotation (idkeys.py): the history keeps each version's digest, not its number.
        rekey_register(label="people.Person", model=Person, cipher="id_number_cipher", digest="id_number_digest")
        rekey_register(label="people.HistoricalPerson", model=Person.history.model, digest="id_number_digest")
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "person_created": pgettext_lazy("audit event", "新增服务对象"),
            "id_key_rotated": pgettext_lazy("audit event", "完成身份证号密钥轮换"),
            "person_updated": pgettext_lazy("audit event", "修改服务对象"),
            "people_imported": pgettext_lazy("audit event", "表格导入服务对象"),
            "categories_recomputed": pgettext_lazy("audit event", "按规则认定类别"),
            "category_manual_added": pgettext_lazy("audit event", "人工添加类别"),
            "category_manual_ended": pgettext_lazy("audit event", "人工结束类别"),
            "relationship_added": pgettext_lazy("audit event", "添加亲属关系"),
            "relationship_ended": pgettext_lazy("audit event", "结束亲属关系"),
            "household_created": pgettext_lazy("audit event", "新建家庭"),
            "household_updated": pgettext_lazy("audit event", "修改家庭"),
            "person_transfer_requested": pgettext_lazy("audit event", "发起迁移申请"),
            "person_transfer_accepted": pgettext_lazy("audit event", "接收迁入"),
            "person_transfer_refused": pgettext_lazy("audit event", "拒绝迁入"),
            "rule_parameter_saved": pgettext_lazy("audit event", "保存规则参数"),
            "choice_words_remembered": pgettext_lazy("audit event", "记住表格用词"),
            "choice_word_saved": pgettext_lazy("audit event", "保存表格用词"),
        })
