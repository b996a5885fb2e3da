from django.urls import path

from guanai.visits import supervision, views

app_name = "visits"

urlpatterns = [
    path("", views.due, name="due"),
    path("person/<int:person_id>/", views.person_visits, name="person"),
    path("person/<int:person_id>/new/", views.visit_new, name="record"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/correct/", views.visit_correct, name="correct"),
    path("<int:pk>/pdf/", views.visit_pdf, name="pdf"),
    path("needs/", views.needs, name="needs"),
    path("needs/<int:pk>/refer/", views.need_refer, name="need_refer"),
    path("referrals/<int:pk>/", views.referral_update, name="referral"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/answer/", views.alert_answer, name="alert_answer"),
    path("events/", supervision.events, name="events"),
    path("assign/", supervision.assign, name="assign"),
    path("figures/", supervision.figures, name="figures"),
    path("figures.xlsx", supervision.figures_xlsx, name="figures_xlsx"),
]
