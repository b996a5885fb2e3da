import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.accounts.roles import INSTALLATION_WIDE_ROLES, Role, role_has


class User(AbstractUser):
    """A member of staff, bound to one area; everything they see lies inside it."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, default=Role.CHILD_DIRECTOR)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
        help_text=_("用户只能看到本区划及下级区划的数据。只有系统管理员和审计人员可以不设区划（即全部）。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        indexes = [models.Index(fields=["role", "area"], name="user_role_area")]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.get_role_display()}）"

    @property
    def display_name(self) -> str:
        """The name pages show: the full name, or the username. Templates use it on nullable
        foreign keys ({{ row.actor.display_name|default:"系统" }}): a missing user then renders the
        default, where `full_name|default:actor.username` raised (filter arguments are not silent)."""
        return self.full_name or self.username

    def get_short_name(self) -> str:
        """What the admin greets the user by (欢迎，系统管理员), rather than the login name."""
        return self.display_name

    def clean(self) -> None:
        super().clean()
        if self.area_id is None and self.role not in INSTALLATION_WIDE_ROLES and not self.is_superuser:
            raise ValidationError({"area": _("该角色必须绑定一个区划 / this role must be bound to an area")})

    def can(self, capability: str) -> bool:
        return self.is_active and role_has(self.role, capability)


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("前缀"), max_length=8)
    # A partner system's purpose (DESIGN.md, "API for partner systems"): an area inside the user's,
    # the resources (API routers) it may call, read-only unless `can_write`, at most so many calls a minute.
    area = models.ForeignKey("areas.Area", verbose_name=_("限定区划"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("留空表示令牌所属用户的全部区划"))
    resources = models.JSONField(_("可调用的接口"), default=list, blank=True, help_text=_("留空表示全部"))
    can_write = models.BooleanField(_("允许写入"), default=False)
    rate_per_minute = models.PositiveIntegerField(_("每分钟调用上限"), default=60)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class TwoFactorDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238): the shared secret, set up by scanning a QR code.

    The secret is stored as the app holds it (base32): a TOTP check needs it in the clear, like the
    password hash it sits beside it is only as safe as the database (docs/security.md). `last_step`
    keeps a code from being used twice; `failures` and `locked_until` are the second factor's own
    lockout, which a correct password does not reset (accounts/twofactor.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="two_factor_device")
    secret = models.CharField(_("密钥"), max_length=64)
    confirmed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    last_step = models.BigIntegerField(_("最近使用的时间步"), default=0)
    failures = models.PositiveSmallIntegerField(_("连续失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("两步验证设备")
        verbose_name_plural = _("两步验证设备")

    def __str__(self) -> str:
        return f"{self.user}：{_('已启用') if self.confirmed_at else _('未完成设置')}"


class RecoveryCode(models.Model):
    """A one-time code for signing in without the phone. Only its SHA-256 digest is kept (the codes
    are random, 50 bits each, so a plain digest cannot be reversed by trying); the codes are shown
    once when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="recovery_codes")
    digest = models.CharField(_("摘要"), max_length=64)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        indexes = [models.Index(fields=["user", "digest"], name="recovery_code_user_digest")]

    def __str__(self) -> str:
        return f"{self.user}：{_('已使用') if self.used_at else _('未使用')}"
