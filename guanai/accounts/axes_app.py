"""django-axes (sign-in lockout) under a Chinese name in the admin, with Chinese for its model and
field names: axes ships no zh_Hans catalogue, so the admin showed "AXES / Access attempts".

The strings below are axes's own msgids; naming them here keeps them in our catalogue
(guanai/locale), where zh_Hans gives the Chinese and en the English."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# zh_Hans msgstr of each is in guanai/locale/zh_Hans/LC_MESSAGES/django.po.
AXES_MSGIDS = [
    gettext_noop("access attempt"), gettext_noop("access attempts"), gettext_noop("access failure"),
    gettext_noop("access failures"), gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"), gettext_noop("Access lock out"), gettext_noop("Attempt Time"),
    gettext_noop("Expires At"), gettext_noop("Failed Logins"), gettext_noop("Form Data"), gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"), gettext_noop("IP Address"), gettext_noop("Locked Out"), gettext_noop("Logout Time"),
    gettext_noop("Meta Data"), gettext_noop("POST Data"), gettext_noop("Path"), gettext_noop("User Agent"),
    gettext_noop("Username"), gettext_noop("Session key hash (sha256)"), gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"), gettext_noop("Not set"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
]
AXES_ZH = {
    "access attempt": "登录尝试", "access attempts": "登录尝试", "access failure": "登录失败",
    "access failures": "登录失败", "access log": "登录记录", "access logs": "登录记录",
    "access attempt expiration": "登录尝试有效期", "access attempt expirations": "登录尝试有效期",
    "Access Attempt": "登录尝试", "Access lock out": "登录锁定", "Attempt Time": "尝试时间", "Expires At": "失效时间",
    "Failed Logins": "失败次数", "Form Data": "表单数据", "GET Data": "GET 数据", "HTTP Accept": "HTTP Accept 头",
    "IP Address": "IP 地址", "Locked Out": "已锁定", "Logout Time": "退出时间", "Meta Data": "请求头",
    "POST Data": "POST 数据", "Path": "路径", "User Agent": "浏览器标识", "Username": "用户名",
    "Session key hash (sha256)": "会话密钥摘要(sha256)", "Attempt Remaining": "剩余尝试次数",
    "Clean up expired attempts": "清理过期的尝试", "Not set": "未设置",
    "The time when access attempt expires and is no longer valid.": "该登录尝试失效的时间。",
}


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("登录保护")
