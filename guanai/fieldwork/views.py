"""The offline visit app's pages. The app itself (`app`) is a shell with no personal data in it, so
that the service worker may keep it for opening without a network; everything personal comes from
the encrypted store on the phone. The supervisor's pages (devices, flagged visits) are ordinary
server pages."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.forms import error_text
from guanai.fieldwork import selectors, services

# What the service worker keeps for opening the app with no network (static paths).
SHELL_STATIC = ("web/guanai.css", "web/logo.svg", "fieldwork/field.css", "fieldwork/field.js",
                "fieldwork/vault.js", "fieldwork/icon-192.png", "fieldwork/icon-512.png", "vendor/idb/index.js")


@lru_cache(maxsize=1)
def shell_version() -> str:
    """A hash of everything the service worker caches: a new release means a new cache."""
    digest = hashlib.sha256(render_to_string("fieldwork/app.html").encode())
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


@ensure_csrf_cookie
def app(request: HttpRequest) -> HttpResponse:
    """The installable app. Signed-out visitors are sent to sign in; a role that does not visit is told
    so. The page is the same for every user (the service worker keeps it)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    if not request.user.can(Capability.VISITS_OFFLINE):
        raise PermissionDenied
    return render(request, "fieldwork/app.html", {"text": ui_text(), "urls": _urls()})


def _urls() -> dict:
    return {"app": reverse("fieldwork:app"), "sw": reverse("fieldwork:service_worker"),
            "prepare": reverse("api:field_prepare"), "sync": reverse("api:field_visit_sync"), "login": reverse("login")}


def ui_text() -> dict[str, str]:
    """The app's words, translated here ({n}-style placeholders are filled on the phone)."""
    return {
        "waiting": _("待同步 {n}"), "waiting_one": _("待同步"), "rejected": _("退回修改"),
        "prepare_title": _("准备外出"),
        "prepare_help": _("有网络时下载您的应访名单、对象信息和探访表，没有信号也能查看和记录。"
                          "请设一个 6 位数字的离线密码（PIN）：离线数据只用它加密，忘记后只能清除重来。"),
        "pin_new": _("设置离线密码（6 位数字）"), "pin_again": _("再输入一次"), "pin": _("离线密码"),
        "pin_six": _("离线密码须为 6 位数字"), "pin_mismatch": _("两次输入的离线密码不一致"),
        "prepare_button": _("下载名单，准备外出"), "preparing": _("正在下载名单……"),
        "prepared": _("已准备好 {n} 名对象，可以离线使用"),
        "need_network": _("现在没有网络：请到有信号的地方再试"),
        "sign_in": _("登录"), "signed_out": _("登录已过期，请重新登录后再同步（离线数据仍保留）。"),
        "server_error": _("服务器暂时无法处理（{n}），请稍后再试"),
        "revoked": _("这部手机已被停用，离线数据已清除。如有疑问请联系督导员。"),
        "unlock_title": _("输入离线密码"), "unlock_button": _("解锁"),
        "remove_data": _("清除本机离线数据"),
        "remove_confirm": _("还有 {n} 条探访没有同步，清除后将丢失。确定清除吗？"),
        "pin_wrong": _("离线密码不对，还可以再试 {n} 次；再错将清除本机离线数据"),
        "wiped_tries": _("离线密码错误次数过多，本机离线数据已清除。请联网后重新准备。"),
        "expired": _("已超过 {n} 天没有同步，离线名单已清除；没同步的探访仍保留，请联网同步。"),
        "no_list": _("本机没有离线名单：联网后点“同步”重新下载。"),
        "due_today": _("今日应访"), "everyone": _("全部对象"), "search": _("按姓名或村查找"),
        "list_head": _("{n} 人 · 共 {total} 人 · 名单下载于 {at}"), "nobody": _("没有应访对象"),
        "recorded_waiting": _("已记录，待同步"), "due_on": _("应访日期"),
        "sex_age": _("性别年龄"), "age": _("{n} 岁"), "id_number": _("身份证号"), "village": _("村(社区)"),
        "address": _("住址"), "group": _("对象分组"), "last_visit": _("最近探访"), "call": _("拨打"),
        "open_needs": _("未解决的需求"), "urgent": _("紧急"), "record": _("记录探访"), "back": _("返回"),
        "photos": _("照片"), "add_photo": _("拍照或选照片"), "photo_n": _("照片 {n}"), "remove": _("删除"),
        "photo_limit": _("每次探访最多 {n} 张照片"), "save": _("保存（离线也可以）"),
        "save_help": _("保存在本机，联网后自动同步；同步后不能修改，如有错误请在在线版提交更正。"),
        "saved": _("已保存 {name} 的探访，等待同步"), "queue_title": _("待同步的探访"),
        "queue_empty": _("没有待同步的探访"), "sync_button": _("立即同步"), "syncing": _("正在同步……"),
        "offline_now": _("网络中断，未同步的探访仍保留，稍后再试"),
        "synced": _("同步完成：已上传 {sent} 条，退回修改 {rejected} 条，其中 {held} 条已提醒督导核对"),
        "not_found": _("找不到这个对象（可能不在您的辖区），请联系督导员"),
        "whole_visit": _("整条记录"),
        "sign_out_confirm": _("还有 {n} 条探访没有同步，退出会清除它们。确定退出吗？"),
    }


def service_worker(request: HttpRequest) -> HttpResponse:
    urls = [reverse("fieldwork:app"), reverse("fieldwork:manifest")] + [staticfiles_storage.url(p)
                                                                         for p in SHELL_STATIC]
    body = render_to_string("fieldwork/sw.js", {"version": shell_version(), "urls": json.dumps(urls),
                                                "shell": reverse("fieldwork:app")})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser must always ask for a new worker; the worker itself decides what is cached.
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    shell = reverse("fieldwork:app")
    body = {"name": _("关爱 · 离线探访"), "short_name": _("离线探访"), "lang": "zh-CN",
            "start_url": shell, "scope": shell, "display": "standalone", "orientation": "portrait",
            "background_color": "#f6f4ef", "theme_color": "#b4412f",
            "icons": [{"src": staticfiles_storage.url(f"fieldwork/icon-{n}.png"), "sizes": f"{n}x{n}",
                       "type": "image/png", "purpose": "any"} for n in (192, 512)]}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@login_required
def devices(request: HttpRequest) -> HttpResponse:
    """A supervisor's phones of their area; a worker their own phones (to revoke a lost one)."""
    manage = request.user.can(Capability.VISITS_MANAGE)
    scope = current_scope(request, capability=None if manage else Capability.VISITS_OFFLINE)
    rows = selectors.device_list(scope=scope)
    if not manage:
        rows = rows.filter(user=request.user)
    return render(request, "fieldwork/devices.html", {
        "devices": list(rows[:200]), "manage": manage, "expiry_days": settings.FIELD_EXPIRY_DAYS,
        "flagged": selectors.flagged_list(scope=scope).count() if manage else 0})


@login_required
@require_POST
def device_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=None)
    device = selectors.device_get(scope=scope, pk=pk)
    if device.user_id != request.user.pk and not request.user.can(Capability.VISITS_MANAGE):
        raise Http404
    try:
        services.device_revoke(actor=request.user, scope=scope, device=device)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("已停用该设备：它下次联网时会清除离线数据"))
    return redirect("fieldwork:devices")


@login_required
def flags(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_MANAGE)
    return render(request, "fieldwork/flags.html", {
        "rows": list(selectors.flagged_list(scope=scope)[:200]),
        "done": list(selectors.flagged_list(scope=scope, open_only=False).filter(
            reviewed_at__isnull=False).order_by("-reviewed_at")[:30])})


@login_required
@require_POST
def flag_review(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_MANAGE)
    submission = selectors.flagged_get(scope=scope, pk=pk)
    try:
        services.submission_review(actor=request.user, scope=scope, submission=submission,
                                   note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("已核对"))
    return redirect("fieldwork:flags")


@login_required
def photo(request: HttpRequest, pk: int, index: int) -> FileResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    submission = selectors.photo_submission(scope=scope, pk=pk)
    photos = list(submission.photos.order_by("pk"))
    if not 0 <= index < len(photos):
        raise Http404
    access_log_write(user=request.user, action=AccessAction.VIEW, object_type="field_photo",
                     object_id=photos[index].pk, area_code=submission.area_id, ip_address=client_ip(request))
    return FileResponse(photos[index].image.open("rb"), content_type="image/jpeg")
