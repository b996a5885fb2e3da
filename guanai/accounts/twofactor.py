"""Two-factor sign-in (两步验证): a code from an authenticator app (TOTP, RFC 6238, through pyotp)
after the password, or one of ten one-time recovery codes. 等保 2.0 level 3 asks privileged users for
two factors; which roles must use it is a setting (TWO_FACTOR_REQUIRED_ROLES), anyone may turn it on.

A service module beside services.py (docs/architecture.md): writes are keyword-only, in a
transaction, with their audit event. A wrong code is not an exception but a verdict, so that the
failure count it writes is committed.

Lockout: the password step is django-axes's (per username and address, reset by a correct password).
The second step keeps its own count on the device, which a correct password does not reset, so that
knowing the password does not buy unlimited tries at the code: TWO_FACTOR_FAILURE_LIMIT wrong codes
in a row lock the second step for TWO_FACTOR_COOLOFF_MINUTES, even for a right code; an
administrator's reset clears it.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

import pyotp
import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import RecoveryCode, TwoFactorDevice, User
from guanai.accounts.roles import Capability, require_capability
from guanai.audit.services import event_record
from guanai.core.errors import Conflict

RECOVERY_CODE_COUNT = 10
# 31 symbols without 0/o, 1/l/i: ten of them are about 50 bits, read aloud over a phone without doubt.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10
# A code of the step before or after the current one is taken too (a phone's clock 30 s off).
TOTP_DRIFT_STEPS = 1

WRONG_CODE = "验证码不正确 / the code is not right"


class Verdict(StrEnum):
    TOTP = "totp"
    RECOVERY = "recovery"
    WRONG = "wrong"
    LOCKED = "locked"


def two_factor_required(user: User) -> bool:
    """Whether this user must sign in with a second factor (the roles are a setting)."""
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    return user.role in required or (user.is_superuser and "administrator" in required)


def two_factor_device(user: User) -> TwoFactorDevice | None:
    """The user's confirmed device, or None."""
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def provisioning_uri(device: TwoFactorDevice) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username,
                                                      issuer_name=settings.TWO_FACTOR_ISSUER)


def qr_svg(text: str) -> str:
    """The QR code as inline SVG, drawn here: no image service, no CDN (the intranet has neither)."""
    return segno.make(text, error="m").svg_inline(scale=5, border=4, omitsize=True, dark="#000", light="#fff")


def secret_grouped(device: TwoFactorDevice) -> str:
    """The secret in groups of four, for typing into an app that cannot scan."""
    return " ".join(device.secret[i:i + 4] for i in range(0, len(device.secret), 4))


@transaction.atomic
def two_factor_begin(*, user: User) -> TwoFactorDevice:
    """A device waiting to be confirmed (its QR code is shown); the same one again if one waits."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise Conflict("两步验证已启用 / two-factor sign-in is already on")
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=pyotp.random_base32(32))
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on with the first code the app shows; returns the recovery codes,
    which are shown once."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        raise Conflict("没有待确认的两步验证设置，请重新开始 / nothing to confirm: start again")
    step = _totp_step(device, code)
    if step is None:
        raise ValidationError({"code": WRONG_CODE})
    device.confirmed_at = timezone.now()
    device.last_step = step
    device.save(update_fields=["confirmed_at", "last_step", "updated_at"])
    codes = _recovery_codes_replace(user)
    _event(actor=user, user=user, verb="two_factor_enabled", username=user.username)
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> Verdict:
    """The second step of signing in: a code from the app, or an unused recovery code."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise Conflict("未启用两步验证 / two-factor sign-in is not on")
    now = timezone.now()
    if device.locked_until and device.locked_until > now:
        return Verdict.LOCKED
    verdict = Verdict.WRONG
    if (step := _totp_step(device, code)) is not None:
        device.last_step, verdict = step, Verdict.TOTP
    elif (recovery := _recovery_code_match(user, code)) is not None:
        recovery.used_at = now
        recovery.save(update_fields=["used_at", "updated_at"])
        verdict = Verdict.RECOVERY
    if verdict is Verdict.WRONG:
        return _failure_count(device, now=now)
    device.failures, device.locked_until = 0, None
    device.save(update_fields=["last_step", "failures", "locked_until", "updated_at"])
    if verdict is Verdict.RECOVERY:
        _event(actor=user, user=user, verb="two_factor_recovery_used", left=recovery_codes_left(user))
    return verdict


@transaction.atomic
def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a code from the app."""
    device = two_factor_device(user)
    if device is None:
        raise Conflict("未启用两步验证 / two-factor sign-in is not on")
    if two_factor_verify(user=user, code=code) is not Verdict.TOTP:
        raise ValidationError({"code": WRONG_CODE})
    codes = _recovery_codes_replace(user)
    _event(actor=user, user=user, verb="two_factor_codes_renewed")
    return codes


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turn it off oneself: only where the role does not require it, and after a code from the app."""
    if two_factor_required(user):
        raise PermissionDenied("您的角色必须使用两步验证 / your role must use two-factor sign-in")
    if two_factor_verify(user=user, code=code) is not Verdict.TOTP:
        raise ValidationError({"code": WRONG_CODE})
    _two_factor_remove(user)
    _event(actor=user, user=user, verb="two_factor_disabled")


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User) -> None:
    """An administrator's reset (a lost phone): the device, its lockout and the recovery codes go; the
    user sets it up again at the next sign-in. `actor` None is `guanai two_factor_reset` on the server."""
    require_capability(actor, Capability.USERS_MANAGE, allow_system=True)
    _two_factor_remove(user)
    _event(actor=actor, user=user, verb="two_factor_reset", username=user.username)


def _event(*, actor: User | None, user: User, verb: str, **data: object) -> None:
    """The audit event of a change to `user`'s second factor, written in the change's transaction."""
    event_record(actor=actor, verb=verb, object_type="user", object_id=str(user.pk), area_code=user.area_id or "",
                 data=data)


def _two_factor_remove(user: User) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def _failure_count(device: TwoFactorDevice, *, now: datetime) -> Verdict:
    device.failures += 1
    locked = device.failures >= settings.TWO_FACTOR_FAILURE_LIMIT
    if locked:
        device.failures = 0
        device.locked_until = now + timedelta(minutes=settings.TWO_FACTOR_COOLOFF_MINUTES)
    device.save(update_fields=["failures", "locked_until", "updated_at"])
    if locked:
        _event(actor=device.user, user=device.user, verb="two_factor_locked", until=device.locked_until.isoformat(),
               failures=settings.TWO_FACTOR_FAILURE_LIMIT)
    return Verdict.LOCKED if locked else Verdict.WRONG


def failures_left(user: User) -> int:
    device = two_factor_device(user)
    return settings.TWO_FACTOR_FAILURE_LIMIT - (device.failures if device else 0)


def _totp_step(device: TwoFactorDevice, code: str) -> int | None:
    """The time step whose code this is (within the drift), if newer than the last one used."""
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(device.secret)
    now_step = totp.timecode(timezone.now())
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if step > device.last_step and hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _recovery_digest(code: str) -> str:
    plain = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def _recovery_code_match(user: User, code: str) -> RecoveryCode | None:
    if len("".join(ch for ch in code if ch.isalnum())) != RECOVERY_LENGTH:
        return None
    return (RecoveryCode.objects.select_for_update()
            .filter(user=user, digest=_recovery_digest(code), used_at__isnull=True).first())


def _recovery_codes_replace(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        plain = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{plain[:5]}-{plain[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_recovery_digest(c)) for c in codes)
    return codes
