from django.urls import path

from guanai.cases import boards, views
from guanai.cases.rules import Step

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("report/", views.report_new, name="report"),
    path("notifications/", views.notifications, name="notifications"),
    path("meetings/", boards.meetings, name="meetings"),
    path("meetings/new/", boards.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", boards.meeting_detail, name="meeting"),
    path("figures/", boards.figures, name="figures"),
    path("figures.xlsx", boards.figures_xlsx, name="figures_xlsx"),
    path("access/", boards.access_log, name="access"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
    path("<int:pk>/link/", views.case_link, name="link"),
    path("<int:pk>/reports/<int:report_pk>/police/", views.report_police, name="report_police"),
    *[path(f"<int:pk>/{step.replace('_', '-')}/", views.step_view(step), name=f"step_{step}") for step in Step.values],
]
