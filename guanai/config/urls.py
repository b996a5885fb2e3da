from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from guanai.accounts import views as accounts_views
from guanai.config.api import api
from guanai.web import views as web_views
from guanai.web.forms import LoginForm

admin.site.site_header = _("关爱 · 系统管理")
admin.site.site_title = _("关爱")
admin.site.index_title = _("用户、角色与区划")
# Django 5.2's zh_Hans catalogue lacks the admin index's table headings (read by screen readers, shown
# in capitals): naming them here keeps them in ours, where zh_Hans gives the Chinese.
ADMIN_MSGIDS = [gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link")]

urlpatterns = [
    path("", web_views.home, name="home"),
    path("area/", web_views.area_pick, name="area_pick"),
    path("help/", web_views.help_index, name="help_index"),
    path("help/<slug:name>/", web_views.help_page, name="help"),
    path("help/<slug:name>/screens/<slug:shot>.jpg", web_views.help_screen, name="help_screen"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                 authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", accounts_views.two_factor, name="two_factor"),
    path("account/two-factor/verify/", accounts_views.two_factor_verify, name="two_factor_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("guanai.audit.urls")),
    path("admin/", admin.site.urls),
    path("people/", include("guanai.people.urls")),
    path("benefits/", include("guanai.benefits.urls")),
    path("visits/", include("guanai.visits.urls")),
    path("cases/", include("guanai.cases.urls")),
    path("reports/", include("guanai.reports.urls")),
    path("exchange/", include("guanai.exchange.urls")),
    path("facilities/", include("guanai.facilities.urls")),
    path("workforce/", include("guanai.workforce.urls")),
    path("funds/", include("guanai.funds.urls")),
    path("field/", include("guanai.fieldwork.urls")),
    path("upstream/", include("guanai.upstream.urls")),
    path("comparisons/", include("guanai.comparisons.urls")),
    path("api/v1/", api.urls),
]
