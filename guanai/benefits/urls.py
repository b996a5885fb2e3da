from django.urls import path

from guanai.benefits import views

app_name = "benefits"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrollments/", views.enrollment_list, name="enrollment_list"),
    path("enrollments/apply/", views.enrollment_apply, name="enrollment_apply"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/<slug:step>/", views.enrollment_step, name="enrollment_step"),
    path("stops/", views.stop_list, name="stop_list"),
    path("stops/<int:pk>/decide/", views.stop_decide, name="stop_decide"),
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/progress/", views.roster_progress, name="roster_progress"),
    path("rosters/<int:pk>/lock/", views.roster_lock, name="roster_lock"),
    path("rosters/<int:pk>/return/", views.roster_return, name="roster_return"),
    path("rosters/<int:pk>/export.<slug:fmt>", views.roster_export, name="roster_export"),
    path("failed/", views.failed_list, name="failed_list"),
    path("totals/", views.totals, name="totals"),
    path("assistance/", views.assistance_list, name="assistance_list"),
    path("assistance/new/", views.assistance_new, name="assistance_new"),
    path("assistance/import/", views.assistance_import, name="assistance_import"),
    path("assistance/<int:pk>/end/", views.assistance_end, name="assistance_end"),
    path("audit/", views.payments_audit, name="payments_audit"),
    path("audit/export.csv", views.payments_audit_export, name="payments_audit_export"),
]
